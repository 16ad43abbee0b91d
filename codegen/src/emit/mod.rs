//! Turns the intermediate model into the generated crate's files, as formatted source text.

mod client;
mod docs;
mod operation;
mod rust;
mod types;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::CrateConfig;
use crate::format;
use crate::ir::{Crate, Product};

/// Every file of the generated crate, keyed by path relative to the crate root.
pub fn crate_files(
    model: &Crate,
    config: &CrateConfig,
) -> Result<BTreeMap<String, String>, String> {
    let mut files = BTreeMap::new();
    let sources: Vec<&str> = model.products.iter().map(|p| p.source.as_str()).collect();
    let all_sources = sources.join(", ");
    files.insert(
        "Cargo.toml".to_owned(),
        cargo_toml(model, config, &all_sources),
    );
    files.insert(
        "src/lib.rs".to_owned(),
        format::rust(&lib_rs(model, config), &all_sources, "src/lib.rs")?,
    );
    for product in &model.products {
        let dir = format!("src/{}", product.module);
        files.insert(
            format!("{dir}/mod.rs"),
            format::rust(
                &product_mod(product),
                &product.source,
                &format!("{dir}/mod.rs"),
            )?,
        );
        let client = client::client(product, &config.lib_name);
        let client = quote! {
            use alibabacloud_rpc_runtime as rt;
            use super::*;
            #client
        };
        files.insert(
            format!("{dir}/client.rs"),
            format::rust(&client, &product.source, &format!("{dir}/client.rs"))?,
        );
        for op in &product.operations {
            let path = format!("{dir}/{}.rs", op.module);
            files.insert(
                path.clone(),
                format::rust(
                    &operation::module(op, &product.title),
                    &product.source,
                    &path,
                )?,
            );
        }
    }
    Ok(files)
}

fn lib_rs(model: &Crate, config: &CrateConfig) -> TokenStream {
    let mut lines = vec![format!(
        "Typed Rust SDK for Alibaba Cloud media APIs, generated from the OpenAPI spec in `spec/`."
    )];
    let mut table = vec![
        "| module | product | API version | feature |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for p in &model.products {
        table.push(format!(
            "| [`{m}`] | {} | {} | `{m}` |",
            p.title,
            p.version,
            m = p.module
        ));
    }
    docs::paragraph_raw(&mut lines, &table.join("\n"));
    docs::paragraph_raw(
        &mut lines,
        "Each product module has a `Client` with one async method per operation, and one module per operation holding its request, response, enums and documented error codes. Signing, credentials, retries and errors come from the runtime crate, re-exported as [`runtime`].",
    );
    let _ = config;
    let doc = docs::inner(&lines);
    let modules = model.products.iter().map(|p| {
        let m = rust::ident(&p.module);
        let feature = &p.module;
        let text = format!(" {} (API version {}).", p.title, p.version);
        quote! {
            #[cfg(feature = #feature)]
            #[doc = #text]
            pub mod #m;
        }
    });
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        pub use alibabacloud_rpc_runtime as runtime;
        pub use alibabacloud_rpc_runtime::{Config, Error, Timestamp};

        #(#modules)*
    }
}

fn product_mod(product: &Product) -> TokenStream {
    let mut lines = vec![format!(
        "{} ({}), API version {}.",
        docs::escape(&product.title),
        product.code,
        product.version
    )];
    if let Some(d) = &product.description {
        docs::paragraph(&mut lines, d);
    }
    let doc = docs::inner(&lines);
    let mods = product.operations.iter().map(|op| {
        let m = rust::ident(&op.module);
        let request = rust::ident(&op.request.name);
        let response = rust::ident(&op.response);
        quote! {
            pub mod #m;
            pub use #m::{#request, #response};
        }
    });
    let code = &product.code;
    let version = &product.version;
    let pattern = &product.endpoint_pattern;
    let regions = product
        .regional_endpoints
        .iter()
        .map(|(r, h)| quote!((#r, #h)));
    let product_doc = format!(
        " Static facts about {} the runtime needs: product code, API version, endpoints.",
        product.code
    );
    quote! {
        #doc
        use alibabacloud_rpc_runtime as rt;

        mod client;
        pub use client::Client;

        #(#mods)*

        #[doc = #product_doc]
        pub static PRODUCT: rt::Product = rt::Product {
            code: #code,
            version: #version,
            endpoint_pattern: #pattern,
            regional_endpoints: &[#(#regions),*],
        };
    }
}

fn cargo_toml(model: &Crate, config: &CrateConfig, sources: &str) -> String {
    let features: Vec<String> = model
        .products
        .iter()
        .map(|p| format!("\"{}\"", p.module))
        .collect();
    let mut out = format!(
        "# @generated by `cargo xtask gen` from {sources}. Do not edit: change the spec or the generator.\n\
         [package]\n\
         name = \"{name}\"\n\
         version = \"{version}\"\n\
         edition = \"2024\"\n\
         rust-version = \"1.85\"\n\
         license = \"Apache-2.0\"\n\
         description = \"{description}\"\n\
         publish = false\n\
         \n\
         [lib]\n\
         name = \"{lib}\"\n\
         \n\
         [features]\n\
         default = [{features}]\n",
        name = config.package_name,
        version = config.version,
        description = config.description,
        lib = config.lib_name,
        features = features.join(", "),
    );
    for p in &model.products {
        out.push_str(&format!("{} = []\n", p.module));
    }
    out.push_str(&format!(
        "\n[dependencies]\n\
         alibabacloud-rpc-runtime = {{ path = \"{runtime}\", version = \"{runtime_version}\" }}\n\
         futures = \"0.3\"\n\
         serde = {{ version = \"1\", features = [\"derive\"] }}\n\
         serde_json = \"1\"\n\
         \n\
         [package.metadata.docs.rs]\n\
         all-features = true\n",
        runtime = config.runtime_path,
        runtime_version = config.runtime_version,
    ));
    out
}
