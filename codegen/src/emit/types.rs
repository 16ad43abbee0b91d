//! Structs and enums: the data types of requests and responses.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::read_fields::read_fields_impls;
use super::rust::{evolvable, ident, type_tokens};
use super::serde_use::{Derives, SerdeUse};
use crate::ir::{Enum, EnumValue, Field, Struct, TypeDef, TypeRef};

pub fn type_def(def: &TypeDef, no_default: &[&str], serde: &SerdeUse) -> TokenStream {
    match def {
        TypeDef::Struct(s) => struct_def(s, no_default, serde),
        TypeDef::Enum(e) => enum_def(e),
    }
}

/// A response-side struct (or a nested one): every field optional unless the spec requires it,
/// arrays empty when absent, unknown fields ignored.
pub fn struct_def(s: &Struct, no_default: &[&str], serde: &SerdeUse) -> TokenStream {
    let name = ident(&s.name);
    let doc = docs::outer(&struct_doc_lines(s));
    let has_default = derives_default(s, no_default);
    let derives = serde.derives(s, has_default);
    let fields = s.fields.iter().map(|f| field_tokens(f, derives));
    let default = has_default.then(|| quote!(Default,));
    let deserialize = derives.reads_fields().then(|| read_fields_impls(s));
    let serde_derives = derives.listed();
    let serde_features = derives.gated();
    let accessors = json_accessors(s);
    let evolvable = evolvable();
    let what = format!("A `{}`", s.name);
    let methods = constructor_and_setters(s, &what);
    quote! {
        #doc
        #evolvable
        #[derive(Clone, Debug, #default PartialEq, #serde_derives)]
        #serde_features
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #methods
        }
        #deserialize
        #accessors
    }
}

/// `new` with the required fields as arguments (the others empty), and a chainable setter per optional
/// field: how users build requests, nested request values and test values of `#[non_exhaustive]`
/// structs. `what` starts the constructor's doc ("A request").
pub fn constructor_and_setters(s: &Struct, what: &str) -> TokenStream {
    let required: Vec<_> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.rust_name);
        match &f.ty {
            TypeRef::String => quote!(#n: impl Into<String>),
            other => {
                let ty = type_tokens(other);
                quote!(#n: #ty)
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        if f.required {
            if f.ty == TypeRef::String {
                quote!(#n: #n.into(),)
            } else {
                quote!(#n,)
            }
        } else if f.ty.is_array() {
            quote!(#n: Vec::new(),)
        } else {
            quote!(#n: None,)
        }
    });
    let constructor_doc = if required.is_empty() {
        format!(" {what} with no fields set.")
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.wire_name))
            .collect();
        format!(" {what} with its required fields: {}.", names.join(", "))
    };
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.rust_name);
        // One line: the field's own documentation says the rest. Rustdoc cannot link to a raw
        // identifier (`r#type`), so those fields are named without a link.
        let name = n.to_string();
        let field = match name.strip_prefix("r#") {
            Some(bare) => format!("`{bare}`"),
            None => format!("[`{name}`](Self::{name})"),
        };
        let doc = docs::outer(&[format!(
            "Sets {field} (wire name {}).",
            docs::code(&f.wire_name)
        )]);
        if let TypeRef::Array(item) = &f.ty {
            let item = type_tokens(item);
            quote! {
                #doc
                pub fn #n(mut self, values: impl IntoIterator<Item = #item>) -> Self {
                    self.#n = values.into_iter().collect();
                    self
                }
            }
        } else {
            let ty = type_tokens(&f.ty);
            quote! {
                #doc
                pub fn #n(mut self, value: impl Into<#ty>) -> Self {
                    self.#n = Some(value.into());
                    self
                }
            }
        }
    });
    quote! {
        #[doc = #constructor_doc]
        pub fn new(#(#params),*) -> Self {
            Self { #(#inits)* }
        }
        #(#setters)*
    }
}

fn struct_doc_lines(s: &Struct) -> Vec<String> {
    let mut lines = docs::lines(&s.docs);
    if lines.is_empty() {
        lines.push(format!("The `{}` object.", s.name));
    }
    lines
}

/// `Default` is derived unless a required field's type has none (see [`without_default`]).
pub fn derives_default(s: &Struct, no_default: &[&str]) -> bool {
    !s.fields.iter().any(|f| {
        f.required && matches!(&f.ty, TypeRef::Named(n) if no_default.contains(&n.as_str()))
    })
}

/// The types of one module that cannot derive `Default`: every enum (no variant is a sensible
/// default), and every struct with a required field of such a type, transitively.
pub fn without_default(types: &[TypeDef]) -> Vec<&str> {
    let mut names: Vec<&str> = types
        .iter()
        .filter_map(|t| match t {
            TypeDef::Enum(e) => Some(e.name.as_str()),
            TypeDef::Struct(_) => None,
        })
        .collect();
    loop {
        let before = names.len();
        for t in types {
            if let TypeDef::Struct(s) = t {
                if !names.contains(&s.name.as_str()) && !derives_default(s, &names) {
                    names.push(s.name.as_str());
                }
            }
        }
        if names.len() == before {
            return names;
        }
    }
}

/// The Rust type of a field, with the `Option` an optional scalar gets.
pub fn field_type(field: &Field) -> TokenStream {
    let ty = type_tokens(&field.ty);
    if field.required || field.ty.is_array() {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

pub fn field_tokens(field: &Field, derives: Derives) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let doc = docs::outer(&field_doc_lines(field));
    let serde = derives.field_attr(field);
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

pub fn field_doc_lines(field: &Field) -> Vec<String> {
    let mut lines = docs::lines(&field.docs);
    if lines.is_empty() {
        lines.push(format!("{}.", docs::code(&field.wire_name)));
    }
    let mut wire = format!("Wire name: {}.", docs::code(&field.wire_name));
    if field.required {
        wire.push_str(" Required.");
    }
    if let Some(n) = named(&field.ty) {
        wire.push_str(&format!(" See [`{n}`]."));
    }
    docs::paragraph_raw(&mut lines, &wire);
    lines
}

pub fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Array(item) => named(item),
        _ => None,
    }
}

/// Accessors that parse a string field holding JSON into its documented inner shape.
fn json_accessors(s: &Struct) -> TokenStream {
    let methods: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| {
            let inner = f.json_inner.as_ref()?;
            let field = ident(&f.rust_name);
            let method = ident(&crate::naming::json_parser(&f.rust_name));
            let ty = type_tokens(inner);
            let doc = format!(
                " Parses `{}`, which carries JSON inside a string. `None` when the field is absent.",
                f.wire_name
            );
            Some(if f.required {
                quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> Option<Result<#ty, serde_json::Error>> {
                        Some(serde_json::from_str(&self.#field))
                    }
                }
            } else {
                quote! {
                    #[doc = #doc]
                    pub fn #method(&self) -> Option<Result<#ty, serde_json::Error>> {
                        self.#field.as_deref().map(serde_json::from_str)
                    }
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&s.name);
    quote! {
        impl #name {
            #(#methods)*
        }
    }
}

/// An open enum: documented values as variants, anything else kept in `Unknown`.
pub fn enum_def(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let mut lines = docs::lines(&e.docs);
    if lines.is_empty() {
        lines.push(format!("The values of `{}`.", e.name));
    }
    let table: Vec<String> = e
        .variants
        .iter()
        .map(|v| {
            let value = match &v.value {
                EnumValue::Str(s) => docs::code(s),
                EnumValue::Int(i) => docs::code(&i.to_string()),
            };
            if v.description.is_empty() {
                format!("- {value}: [`{name}::{}`]", v.name)
            } else {
                format!(
                    "- {value}: [`{name}::{}`]: {}",
                    v.name,
                    docs::escape(&v.description)
                )
            }
        })
        .collect();
    docs::paragraph_raw(
        &mut lines,
        &format!("Documented values:\n{}", table.join("\n")),
    );
    docs::paragraph_raw(
        &mut lines,
        "Values the documentation does not list are kept in `Unknown` and sent back unchanged.",
    );
    let doc = docs::outer(&lines);
    let evolvable = evolvable();
    let repr = if e.integer {
        quote!(i64)
    } else {
        quote!(String)
    };
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let line = variant_doc(v);
        let value = match &v.value {
            EnumValue::Int(i) if e.integer => Literal::i64_unsuffixed(*i),
            EnumValue::Int(i) => Literal::string(&i.to_string()),
            EnumValue::Str(s) if e.integer => Literal::i64_unsuffixed(s.parse().unwrap_or(0)),
            EnumValue::Str(s) => Literal::string(s),
        };
        quote!(#[doc = #line] #vname = #value,)
    });
    // The runtime's macro writes the `Unknown` variant and every impl (conversions, `Display`,
    // `FromStr`, serde, query encoding): see `alibabacloud_rpc_runtime::open_enum!`.
    quote! {
        rt::open_enum! {
            #doc
            #evolvable
            pub enum #name: #repr {
                #(#variants)*
            }
        }
    }
}

fn variant_doc(v: &crate::ir::Variant) -> String {
    let text = match &v.value {
        EnumValue::Str(s) => docs::code(s),
        EnumValue::Int(i) => docs::code(&i.to_string()),
    };
    if v.description.is_empty() {
        format!(" {text}")
    } else {
        format!(" {text}: {}", docs::escape(&v.description))
    }
}
