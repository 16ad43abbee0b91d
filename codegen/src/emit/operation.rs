//! One operation's module: its request (constructor, setters, checks, wire form), its response types,
//! its documented error codes and, for list calls, how it pages.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::rust::{evolvable, ident, type_tokens};
use super::serde_use::Derives;
use super::types::{constructor_and_setters, derives_default, field_tokens};
use crate::ir::{HttpMethod, Operation, TypeRef};

/// The whole module body for one operation. `no_default` names (as the module does) the types it
/// uses that have no `Default`.
pub fn module(op: &Operation, product_title: &str, no_default: &[&str]) -> TokenStream {
    let mut lines = vec![format!("{}: {}", op.name, docs::escape(&op.summary))];
    if let Some(description) = &op.description {
        docs::paragraph(&mut lines, description);
    }
    docs::paragraph_raw(
        &mut lines,
        &format!("Part of {}.", docs::escape(product_title)),
    );
    if !op.page_defects.is_empty() {
        let items: Vec<String> = op
            .page_defects
            .iter()
            .map(|d| format!("- {}", docs::escape(d)))
            .collect();
        docs::paragraph_raw(
            &mut lines,
            &format!("Notes on the documentation page:\n{}", items.join("\n")),
        );
    }
    let module_doc = docs::inner(&lines);
    let reexports = reexports(op);
    let request = request(op, no_default);
    let operation_impl = operation_impl(op);
    let paged = paged_impl(op);
    let errors = super::error_codes::operation_alias(op);
    quote! {
        #module_doc
        use alibabacloud_rpc_runtime as rt;
        #reexports

        #request
        #operation_impl
        #paged
        #errors
    }
}

/// The product types the operation uses, under the page's names: its response, nested types and
/// enums live once in the product's `types` module.
fn reexports(op: &Operation) -> TokenStream {
    if op.types.is_empty() {
        return TokenStream::new();
    }
    let mut uses: Vec<_> = op.types.iter().collect();
    uses.sort_by(|a, b| a.local.cmp(&b.local));
    let items = uses.iter().map(|u| {
        let shared = ident(&u.shared);
        if u.local == u.shared {
            quote!(#shared)
        } else {
            let local = ident(&u.local);
            quote!(#shared as #local)
        }
    });
    quote! {
        pub use super::types::{#(#items),*};
    }
}

fn request(op: &Operation, no_default: &[&str]) -> TokenStream {
    let s = &op.request;
    let name = ident(&s.name);
    let mut lines = vec![format!(
        "The request of {}: {}",
        op.name,
        docs::escape(&op.summary)
    )];
    docs::paragraph_raw(
        &mut lines,
        &format!("RAM action: {}.", docs::code(&op.ram.action)),
    );
    if let Some(t) = &op.time_range {
        docs::paragraph_raw(
            &mut lines,
            &format!(
                "`{}` must be after `{}` and at most {} days later; this is checked before the request is sent.",
                t.end_wire, t.start_wire, t.max_days
            ),
        );
    }
    let doc = docs::outer(&lines);
    // Sent by `write_query` / `write_body`, never through serde: serde impls only with the features.
    let derives = Derives::REQUEST;
    let fields = s.fields.iter().map(|f| field_tokens(f, derives));
    let serde_features = derives.gated();
    let default = derives_default(s, no_default) && s.fields.iter().all(|f| !f.required);
    let default_derive = default.then(|| quote!(Default,));

    let methods = constructor_and_setters(s, "A request");
    let evolvable = evolvable();
    quote! {
        #doc
        #evolvable
        #[derive(Clone, Debug, #default_derive PartialEq)]
        #serde_features
        pub struct #name {
            #(#fields)*
        }
        impl #name {
            #methods
        }
    }
}

fn operation_impl(op: &Operation) -> TokenStream {
    let name = ident(&op.request.name);
    let response = ident(&op.response);
    let action = &op.name;
    let method = match op.method {
        HttpMethod::Get => quote!(rt::HttpMethod::Get),
        HttpMethod::Post => quote!(rt::HttpMethod::Post),
    };
    let mut checks = Vec::new();
    for f in &op.request.fields {
        let n = ident(&f.rust_name);
        let wire = &f.wire_name;
        if f.required && f.ty == TypeRef::String {
            checks.push(quote!(rt::validate::required_non_empty(Self::ACTION, #wire, &self.#n)?;));
        }
        if let (Some(max), TypeRef::String) = (f.limits.max_length, &f.ty) {
            let max = Literal::u64_unsuffixed(max);
            if f.required {
                checks
                    .push(quote!(rt::validate::max_length(Self::ACTION, #wire, &self.#n, #max)?;));
            } else {
                checks.push(quote! {
                    if let Some(value) = &self.#n {
                        rt::validate::max_length(Self::ACTION, #wire, value, #max)?;
                    }
                });
            }
        }
        let widen = |value: TokenStream| match f.ty {
            TypeRef::I32 => quote!(i64::from(#value)),
            _ => value,
        };
        if matches!(f.ty, TypeRef::I32 | TypeRef::I64) {
            for (bound, check) in [
                (f.limits.maximum, quote!(at_most)),
                (f.limits.minimum, quote!(at_least)),
            ] {
                if let Some(bound) = bound.map(Literal::i64_unsuffixed) {
                    if f.required {
                        let value = widen(quote!(self.#n));
                        checks.push(
                            quote!(rt::validate::#check(Self::ACTION, #wire, #value, #bound)?;),
                        );
                    } else {
                        let value = widen(quote!(value));
                        checks.push(quote! {
                            if let Some(value) = self.#n {
                                rt::validate::#check(Self::ACTION, #wire, #value, #bound)?;
                            }
                        });
                    }
                }
            }
        }
    }
    if let Some(t) = &op.time_range {
        // A required bound is a plain `Timestamp`, an optional one an `Option<Timestamp>`.
        let bound = |field: &str| {
            let n = ident(field);
            let required = op
                .request
                .fields
                .iter()
                .any(|f| f.rust_name == field && f.required);
            if required {
                quote!(Some(&self.#n))
            } else {
                quote!(self.#n.as_ref())
            }
        };
        let (start, end) = (bound(&t.start_field), bound(&t.end_field));
        let (start_wire, end_wire) = (&t.start_wire, &t.end_wire);
        let days = Literal::u32_unsuffixed(t.max_days);
        checks.push(quote! {
            rt::validate::time_range(Self::ACTION, #start_wire, #start, #end_wire, #end, #days)?;
        });
    }
    let write = super::params::write_fns(op);
    quote! {
        impl rt::Operation for #name {
            type Output = #response;
            const ACTION: &'static str = #action;
            const METHOD: rt::HttpMethod = #method;
            #write
            fn validate(&self) -> Result<(), rt::ValidationError> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

fn paged_impl(op: &Operation) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let name = ident(&op.request.name);
    let item = type_tokens(&p.item_type);
    let page = ident(&p.page_number_field);
    let total = ident(&p.total_count_field);
    let items = ident(&p.items_field);
    // A required page number or size is a plain integer, an optional one an `Option`.
    let required = |field: &str| {
        op.request
            .fields
            .iter()
            .any(|f| f.rust_name == field && f.required)
    };
    let (get_page, set_page) = match (
        p.page_number_type == TypeRef::I32,
        required(&p.page_number_field),
    ) {
        (true, false) => (
            quote!(self.#page.map(i64::from)),
            quote!(self.#page = Some(i32::try_from(page).unwrap_or(i32::MAX));),
        ),
        (true, true) => (
            quote!(Some(i64::from(self.#page))),
            quote!(self.#page = i32::try_from(page).unwrap_or(i32::MAX);),
        ),
        (false, false) => (quote!(self.#page), quote!(self.#page = Some(page);)),
        (false, true) => (quote!(Some(self.#page)), quote!(self.#page = page;)),
    };
    let size = ident(&p.page_size_field);
    let get_size = match (
        p.page_size_type == TypeRef::I32,
        required(&p.page_size_field),
    ) {
        (true, false) => quote!(self.#size.map(i64::from)),
        (true, true) => quote!(Some(i64::from(self.#size))),
        (false, false) => quote!(self.#size),
        (false, true) => quote!(Some(self.#size)),
    };
    let get_total = match p.total_count_type {
        TypeRef::I32 => quote!(output.#total.map(i64::from)),
        _ => quote!(output.#total),
    };
    quote! {
        impl rt::PagedOperation for #name {
            type Item = #item;
            fn page_number(&self) -> Option<i64> {
                #get_page
            }
            fn set_page_number(&mut self, page: i64) {
                #set_page
            }
            fn page_size(&self) -> Option<i64> {
                #get_size
            }
            fn total_count(output: &Self::Output) -> Option<i64> {
                #get_total
            }
            fn item_count(output: &Self::Output) -> Option<usize> {
                Some(output.#items.len())
            }
            fn into_items(output: Self::Output) -> Vec<Self::Item> {
                output.#items
            }
        }
    }
}
