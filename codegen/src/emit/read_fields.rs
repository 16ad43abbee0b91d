//! `Deserialize` for a response struct through the runtime's visitor
//! (`alibabacloud_rpc_runtime::fields`): an impl that forwards to it, and a `ReadFields` impl that
//! matches each wire name to its field. Far less code for rustc to check than
//! `#[derive(serde::Deserialize)]`, which writes a field enum and two visitors per struct.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::ir::{Struct, TypeRef};

pub fn read_fields_impls(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let type_name = &s.name;
    let arms: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let wire = &f.wire_name;
            let field = ident(&f.rust_name);
            // An optional date-time is read leniently, as `rt::datetime::option` does.
            let value = if f.ty == TypeRef::DateTime {
                quote!(rt::fields::datetime(map)?)
            } else {
                quote!(map.next_value()?)
            };
            quote!(#wire => self.#field = #value,)
        })
        .collect();
    // A struct without fields skips every key (and names its parameter `_key`).
    let (key, body) = if arms.is_empty() {
        (quote!(_key), quote!(rt::fields::skip(map)))
    } else {
        let body = quote! {
            match key {
                #(#arms)*
                _ => rt::fields::skip(map)?,
            }
            Ok(())
        };
        (quote!(key), body)
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                rt::fields::deserialize(deserializer)
            }
        }
        impl rt::fields::ReadFields for #name {
            const NAME: &'static str = #type_name;
            fn read_field<'de, A: rt::fields::MapAccess<'de>>(
                &mut self,
                #key: &str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                #body
            }
        }
    }
}
