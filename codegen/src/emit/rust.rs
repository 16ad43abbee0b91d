//! Small token helpers shared by the emitters: identifiers and type paths.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::TypeRef;

/// The attribute every generated public struct and enum carries, so that a field or variant a later
/// spec adds is not a breaking change for users: outside the crate a struct is built with its
/// constructor, setters or `Default` (then its public fields assigned), and a `match` needs a `_` arm.
/// Every type definition the emitters write puts this first; new kinds of types must too.
pub fn evolvable() -> TokenStream {
    quote!(#[non_exhaustive])
}

/// An identifier token. `r#` names become raw identifiers. Anything that is not a valid identifier is
/// sanitised first, so this never panics even if a name slipped past the checker.
pub fn ident(name: &str) -> Ident {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut clean: String = bare
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.starts_with(|c: char| c.is_ascii_digit()) || clean == "_" {
        clean.insert(0, 'x');
    }
    if raw {
        Ident::new_raw(&clean, Span::call_site())
    } else {
        Ident::new(&clean, Span::call_site())
    }
}

/// The Rust type of a value, without the `Option`/`Vec` wrapping a field adds.
pub fn type_tokens(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime => quote!(rt::Timestamp),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Array(item) => {
            let item = type_tokens(item);
            quote!(Vec<#item>)
        }
    }
}

/// `#[cfg(...)]` enabling an item when any of `features` is on; nothing when `features` is empty.
pub fn cfg_any(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The cargo feature of an operation group: `<product module>-<group>` (`ice-media`).
pub fn group_feature(product: &crate::ir::Product, group: &str) -> String {
    format!("{}-{group}", product.module)
}
