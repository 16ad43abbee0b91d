//! The per-product client: one async method per operation, plus page and item streams for list calls.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use super::rust::{ident, type_tokens};
use std::collections::BTreeSet;

use crate::ir::{Field, Operation, Product, TypeDef, TypeRef};

pub fn client(product: &Product, crate_name: &str) -> TokenStream {
    let mut lines = vec![format!(
        "The {} client ({} API {}).",
        docs::escape(&product.title),
        product.code,
        docs::escape(&product.version)
    )];
    docs::paragraph_raw(
        &mut lines,
        "Cheap to clone: clones share one connection pool, credentials provider and retry budget.",
    );
    let doc = docs::outer(&lines);
    let methods = product
        .operations
        .iter()
        .map(|op| method(product, op, crate_name));
    let product_code = &product.code;
    let new_doc = format!(
        " Builds the {product_code} client from a configuration (region or endpoint, credentials, retries, timeouts)."
    );
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: rt::Client,
        }
        impl Client {
            #[doc = #new_doc]
            pub fn new(config: rt::Config) -> Result<Self, rt::Error> {
                rt::Client::new(config, &super::PRODUCT).map(|inner| Self { inner })
            }
            /// A handle whose calls use `options` (per-call timeouts and retry policy) over this
            /// client's settings. It shares the connection pool, credentials and retry budget, so no
            /// new client is built. Fails when an override is out of range.
            pub fn with_options(&self, options: &rt::CallOptions) -> Result<Self, rt::Error> {
                self.inner.with_options(options).map(|inner| Self { inner })
            }
            #(#methods)*
        }
    }
}

fn method(product: &Product, op: &Operation, crate_name: &str) -> TokenStream {
    let name = ident(&op.module);
    let module = ident(&op.module);
    let request = ident(&op.request.name);
    let response = ident(&op.response);
    let doc = docs::outer(&method_doc(product, op, crate_name));
    let cfg = super::group_cfg(product, &[super::rust::group_feature(product, &op.group)]);
    let call = quote! {
        #doc
        #cfg
        pub async fn #name(&self, request: &#module::#request) -> Result<#module::#response, rt::Error> {
            self.inner.execute(request).await
        }
    };
    let Some(p) = &op.pagination else { return call };
    let pages = ident(&format!("{}_pages", op.module));
    let items = ident(&format!("{}_items", op.module));
    let item = match &p.item_type {
        TypeRef::Named(n) => {
            let n = ident(n);
            quote!(#module::#n)
        }
        other => type_tokens(other),
    };
    let pages_doc = format!(
        " Every page of `{}`, from the request's page number (1 if unset) to the last, as a stream. Ends after the page that completes `{}`; the first error ends it.",
        op.name, p.total_count_field
    );
    let items_doc = format!(
        " Every item of every page of `{}`, in order, as a stream.",
        op.name
    );
    quote! {
        #call
        #[doc = #pages_doc]
        #cfg
        pub fn #pages(&self, request: &#module::#request) -> impl rt::Stream<Item = Result<#module::#response, rt::Error>> + Send + 'static {
            self.inner.pages(request.clone())
        }
        #[doc = #items_doc]
        #cfg
        pub fn #items(&self, request: &#module::#request) -> impl rt::Stream<Item = Result<#item, rt::Error>> + Send + 'static {
            self.inner.items(request.clone())
        }
    }
}

fn method_doc(product: &Product, op: &Operation, crate_name: &str) -> Vec<String> {
    let mut lines = vec![format!("{}: {}", op.name, docs::escape(&op.summary))];
    if let Some(description) = &op.description {
        docs::paragraph(&mut lines, description);
    }
    let method = match op.method {
        crate::ir::HttpMethod::Get => "GET",
        crate::ir::HttpMethod::Post => "POST",
    };
    let mut facts = vec![
        format!("- RAM action: {}", docs::code(&op.ram.action)),
        format!(
            "- HTTP: `{method} /`, action `{}`, version {}",
            op.name,
            docs::code(&product.version)
        ),
    ];
    if let Some(qps) = op.qps_limit {
        facts.push(format!("- QPS limit: {qps} calls per second per user"));
    }
    docs::paragraph_raw(&mut lines, &facts.join("\n"));
    if !op.error_codes.is_empty() {
        let mut table = vec![format!(
            "Documented errors (match them with [`{}::{}ErrorCode`]):",
            op.module, op.name
        )];
        for e in &op.error_codes {
            table.push(format!(
                "- HTTP {} {}: {}",
                e.status,
                docs::code(&e.code),
                docs::escape(&e.message)
            ));
        }
        docs::paragraph_raw(&mut lines, &table.join("\n"));
    }
    let mut uses = BTreeSet::from([op.request.name.clone()]);
    let args: Vec<String> = op
        .request
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| example_value(product, op, f, false, &mut uses))
        .collect();
    let example = format!(
        "```no_run\n# async fn example(client: &{crate_name}::{module}::Client) -> Result<(), {crate_name}::Error> {{\nuse {crate_name}::{module}::{op_module}::{uses};\n\nlet response = client.{op_module}(&{request}::new({args})).await?;\nprintln!(\"{{response:?}}\");\n# Ok(())\n# }}\n```",
        module = product.module,
        op_module = op.module,
        request = op.request.name,
        uses = match uses.len() {
            1 => uses.into_iter().collect::<String>(),
            _ => format!("{{{}}}", uses.into_iter().collect::<Vec<_>>().join(", ")),
        },
        args = args.join(", "),
    );
    docs::paragraph_raw(&mut lines, &format!("# Example\n\n{example}"));
    lines
}

/// A value of a required field for the doc example: the field's example where it has one, the first
/// variant of an enum, and the constructor (with its own required fields) for a nested object: the
/// types are `#[non_exhaustive]`, so users build them that way too. Types used are added to `uses`, by
/// their names in the operation's module. A request field (`nested` false) names its type that way; the
/// field of a product type names it as the product's `types` module does.
fn example_value(
    product: &Product,
    op: &Operation,
    field: &Field,
    nested: bool,
    uses: &mut BTreeSet<String>,
) -> String {
    let example = field.docs.example.as_deref();
    match &field.ty {
        TypeRef::String => format!("{:?}", example.unwrap_or("value")),
        TypeRef::I32 | TypeRef::I64 => match example {
            Some(e)
                if e.parse::<i32>().is_ok()
                    || (field.ty == TypeRef::I64 && e.parse::<i64>().is_ok()) =>
            {
                e.to_owned()
            }
            _ => "0".to_owned(),
        },
        TypeRef::F64 => "0.0".to_owned(),
        TypeRef::Bool => "false".to_owned(),
        TypeRef::Array(_) => "Vec::new()".to_owned(),
        TypeRef::DateTime | TypeRef::JsonObject => "Default::default()".to_owned(),
        TypeRef::Named(name) => {
            let local = if nested {
                op.types
                    .iter()
                    .find(|u| &u.shared == name)
                    .map(|u| u.local.as_str())
            } else {
                Some(name.as_str())
            };
            let Some((local, def)) = local.and_then(|l| Some((l, product.type_def(op, l)?))) else {
                return "Default::default()".to_owned();
            };
            match def {
                TypeDef::Enum(e) => match e.variants.first() {
                    Some(v) => {
                        uses.insert(local.to_owned());
                        format!("{local}::{}", v.name)
                    }
                    None => "Default::default()".to_owned(),
                },
                TypeDef::Struct(s) => {
                    uses.insert(local.to_owned());
                    let args: Vec<String> = s
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| example_value(product, op, f, true, uses))
                        .collect();
                    format!("{local}::new({})", args.join(", "))
                }
            }
        }
    }
}
