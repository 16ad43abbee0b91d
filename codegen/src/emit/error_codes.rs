//! Error codes: the product's `ErrorCode` open enum (every documented code once, in the product's
//! module), and each operation's `{Operation}ErrorCode`, a type alias of it whose docs list the codes
//! that operation's page documents.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs;
use super::rust::{evolvable, ident};
use crate::ir::{Operation, Product};

/// How many of the operations that document a code its variant's doc names before it counts the rest.
const NAMED_OPERATIONS: usize = 5;

/// The product's `ErrorCode`, or nothing when no operation documents an error code.
pub fn product_enum(product: &Product) -> TokenStream {
    if product.error_codes.is_empty() {
        return TokenStream::new();
    }
    let mut lines = vec![format!(
        "The error codes the pages of {} document, each once.",
        docs::escape(&product.title)
    )];
    docs::paragraph_raw(
        &mut lines,
        "Each operation's module names it `{Operation}ErrorCode` and lists the codes its page documents. Get one from an error with `ErrorCode::from_error(&error)` (from `rt::ErrorCode`); codes no page lists are kept in `Unknown`.",
    );
    let doc = docs::outer(&lines);
    let evolvable = evolvable();
    let variants = product.error_codes.iter().map(|c| {
        let status = c.status.map_or_else(
            || "HTTP status varies by operation".to_owned(),
            |s| format!("HTTP {s}"),
        );
        let names: Vec<&str> = c
            .operations
            .iter()
            .take(NAMED_OPERATIONS)
            .map(String::as_str)
            .collect();
        let more = c.operations.len().saturating_sub(NAMED_OPERATIONS);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let line = format!(
            " {} ({}{more}), {status}: {}",
            docs::code(&c.code),
            names.join(", "),
            docs::escape(&c.message)
        );
        let name = ident(&c.variant);
        let code = &c.code;
        quote!(#[doc = #line] #name = #code,)
    });
    let with_status = product
        .error_codes
        .iter()
        .filter_map(|c| Some((ident(&c.variant), Literal::u16_unsuffixed(c.status?))));
    let (idents, statuses): (Vec<_>, Vec<_>) = with_status.unzip();
    quote! {
        rt::open_enum! {
            #doc
            #evolvable
            pub enum ErrorCode: String {
                #(#variants)*
            }
        }
        impl ErrorCode {
            /// The HTTP status the pages document for this code; `None` for a code no page lists or
            /// one that pages document with different statuses (each operation's alias lists its own).
            pub fn documented_status(&self) -> Option<u16> {
                match self {
                    #(Self::#idents => Some(#statuses),)*
                    _ => None,
                }
            }
        }
        impl rt::ErrorCode for ErrorCode {}
    }
}

/// The operation's `{Operation}ErrorCode`: the product's enum, documented with the codes of its page.
pub fn operation_alias(op: &Operation) -> TokenStream {
    if op.error_codes.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&format!("{}ErrorCode", op.name));
    let mut lines = vec![format!(
        "The error codes the {} page documents: the product's [`ErrorCode`](super::ErrorCode), which its operations share.",
        op.name
    )];
    let table: Vec<String> = op
        .error_codes
        .iter()
        .map(|e| {
            let mut row = format!(
                "- HTTP {} [{}](super::ErrorCode::{}): {}",
                e.status,
                docs::code(&e.code),
                e.variant,
                docs::escape(&e.message)
            );
            if let Some(d) = &e.description {
                row.push(' ');
                row.push_str(&docs::escape(d));
            }
            row
        })
        .collect();
    docs::paragraph_raw(&mut lines, &table.join("\n"));
    docs::paragraph_raw(
        &mut lines,
        &format!(
            "Get one from an error with `{name}::from_error(&error)` (from `rt::ErrorCode`); codes no page of the product lists are `Unknown`."
        ),
    );
    let doc = docs::outer(&lines);
    quote! {
        #doc
        pub type #name = super::ErrorCode;
    }
}
