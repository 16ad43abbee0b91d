//! A product's `types` module: every response type, nested type and enum of its operations, once per
//! shape (see `lower::shapes`). Operation modules re-export them under the page's names.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use std::collections::BTreeMap;

use super::docs;
use super::group_cfg;
use super::rust::group_feature;
use super::serde_use::SerdeUse;
use super::types::{type_def, without_default};
use crate::ir::Product;

/// What a product's `types` module needs from its operations: which group features build each type,
/// and which types serde reads or writes. Taken before the operations are emitted and freed, so the
/// module (the largest file of a product) is formatted once they are gone.
pub struct TypesPlan {
    features: BTreeMap<String, Vec<String>>,
    serde: SerdeUse,
}

impl TypesPlan {
    pub fn of(product: &Product) -> Self {
        // Each type is built when any group whose operations use it (directly or inside another) is.
        let mut features: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for op in &product.operations {
            let feature = group_feature(product, &op.group);
            for u in &op.types {
                let list = features.entry(u.shared.clone()).or_default();
                if !list.contains(&feature) {
                    list.push(feature.clone());
                }
            }
        }
        TypesPlan {
            features,
            serde: SerdeUse::of(product),
        }
    }
}

pub fn types_module(product: &Product, plan: &TypesPlan) -> TokenStream {
    let mut lines = vec![format!(
        "The data types of {} ({}): responses, nested objects and value lists.",
        docs::escape(&product.title),
        product.code
    )];
    docs::paragraph_raw(
        &mut lines,
        "Each distinct shape is defined once here, and each operation's module re-exports the ones it uses under the names its page gives them. Where two different shapes share a name, the one more operations use keeps it and the others are prefixed with the first operation that uses them (spec/README.md).",
    );
    let doc = docs::inner(&lines);
    let no_default = without_default(&product.types);
    let TypesPlan { features, serde } = plan;
    let defs: TokenStream = product
        .types
        .iter()
        .map(|t| {
            let cfg = features
                .get(t.name())
                .map(|f| group_cfg(product, f))
                .unwrap_or_default();
            gated(&cfg, type_def(t, &no_default, serde))
        })
        .collect();
    // The runtime is imported only where a definition names it (dates, query values), so that a
    // product whose types need none of it gets no unused import.
    let runtime = mentions_rt(defs.clone()).then(|| {
        quote!(
            use alibabacloud_rpc_runtime as rt;
        )
    });
    quote! {
        #doc
        #runtime

        #defs
    }
}

fn mentions_rt(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "rt",
        TokenTree::Group(g) => mentions_rt(g.stream()),
        _ => false,
    })
}

/// Puts `cfg` on each item of a type's definition (the type and its `impl` blocks).
fn gated(cfg: &TokenStream, items: TokenStream) -> TokenStream {
    if cfg.is_empty() {
        return items;
    }
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => file
            .items
            .iter()
            .map(|item| quote! { #cfg #item })
            .collect(),
        // Not items: left as they are, for the formatter to report.
        Err(_) => items,
    }
}
