//! `src/test_util.rs` of the generated crate (the `test-util` feature): the runtime's mock server,
//! re-exported, and every operation's documented example response, so the server answers each
//! operation of the enabled products as its page documents without reading the spec at run time.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::rust::ident;
use crate::ir::{Crate, HttpMethod};

pub fn module(model: &Crate, crate_name: &str) -> TokenStream {
    let first_action = model
        .products
        .iter()
        .flat_map(|p| p.operations.first())
        .map(|op| op.name.as_str())
        .next()
        .unwrap_or("SomeAction");
    let mut lines = vec![
        "Offline testing: a local server that checks signatures as Alibaba Cloud does and answers every operation with its documented example response, unless a test sets other replies.".to_owned(),
    ];
    docs::paragraph_raw(
        &mut lines,
        &format!(
            "Point a client at [`MockServer::endpoint`] with [`MockServer::credentials`]; set replies and faults per action with [`MockServer::on`] and assert on [`MockServer::requests`]. The README's \"Testing your code offline\" section has a complete test.\n\n```no_run\nuse {crate_name}::test_util::{{self, Reply}};\nuse std::time::Duration;\n\nlet server = test_util::server()?;\nserver.on({first_action:?}).reply_once(Reply::throttled(Duration::from_millis(10)));\nlet config = {crate_name}::Config::builder()\n    .endpoint(server.endpoint())\n    .credentials(server.credentials())\n    .build()?;\nassert!(server.requests().is_empty());\n# let _ = config;\n# Ok::<(), Box<dyn std::error::Error>>(())\n```"
        ),
    );
    let doc = docs::inner(&lines);

    let mut tables = Vec::new();
    let mut names = Vec::new();
    for product in &model.products {
        let feature = &product.module;
        let name = ident(&format!("{}_EXAMPLES", product.module.to_uppercase()));
        let version = &product.version;
        let entries = product.operations.iter().map(|op| {
            let action = &op.name;
            let method = match op.method {
                HttpMethod::Get => quote!(Get),
                HttpMethod::Post => quote!(Post),
            };
            let body = match &op.response_example {
                Some(example) => {
                    let text = json_literal(example);
                    quote!(Some(#text))
                }
                None => quote!(None),
            };
            quote! {
                Example::new(#version, #action, rt::HttpMethod::#method, #body)
            }
        });
        let table_doc = format!(
            " The documented example response of every {} operation.",
            docs::escape(&product.title)
        );
        tables.push(quote! {
            #[doc = #table_doc]
            #[cfg(feature = #feature)]
            const #name: &[Example] = &[#(#entries),*];
        });
        names.push(quote! {
            #[cfg(feature = #feature)]
            #name
        });
    }
    quote! {
        #doc
        use alibabacloud_rpc_runtime as rt;

        pub use rt::test_util::*;

        /// Every operation's documented example response, for the products enabled by cargo features.
        pub fn examples() -> Vec<Example> {
            let products: &[&[Example]] = &[#(#names),*];
            products.concat()
        }

        /// Starts a [`MockServer`] that answers every operation of the enabled products with its
        /// documented example response.
        pub fn server() -> std::io::Result<MockServer> {
            MockServer::builder().examples(examples()).start()
        }

        #(#tables)*
    }
}

/// The example as indented JSON in a raw string literal, with enough `#`s to hold any text.
fn json_literal(example: &serde_json::Value) -> TokenStream {
    let text = serde_json::to_string_pretty(example).unwrap_or_else(|_| "{}".to_owned());
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let literal = format!("r{hashes}\"{text}\"{hashes}");
    match literal.parse::<Literal>() {
        Ok(literal) => quote!(#literal),
        Err(_) => {
            let plain = Literal::string(&text);
            quote!(#plain)
        }
    }
}
