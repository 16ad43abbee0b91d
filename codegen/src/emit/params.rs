//! How a request writes its parameters: into the query or the form body (`x-acs-position`), each in
//! its style (`x-acs-serialization`). The runtime does the encoding; this only picks the call.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust::ident;
use crate::ir::{Field, Operation, ParamWire, Position, Style};

/// `FORM_BODY`, `write_query` and (when the operation has body parameters) `write_body`.
pub fn write_fns(op: &Operation) -> TokenStream {
    let in_position = |position: Position| -> Vec<&Field> {
        op.request
            .fields
            .iter()
            .filter(|f| wire(f).position == position)
            .collect()
    };
    let query = in_position(Position::Query);
    let body = in_position(Position::Body);
    let query_arg = if query.is_empty() {
        quote!(_query)
    } else {
        quote!(query)
    };
    let query_pushes = query.iter().map(|f| push(f, &quote!(query)));
    let write_query = quote! {
        fn write_query(&self, #query_arg: &mut rt::QueryParams) {
            #(#query_pushes)*
        }
    };
    if body.is_empty() {
        return write_query;
    }
    let body_pushes = body.iter().map(|f| push(f, &quote!(body)));
    quote! {
        const FORM_BODY: bool = true;
        #write_query
        fn write_body(&self, body: &mut rt::QueryParams) {
            #(#body_pushes)*
        }
    }
}

fn wire(field: &Field) -> ParamWire {
    field.wire.unwrap_or(ParamWire {
        position: Position::Query,
        style: Style::Scalar,
    })
}

/// One parameter's push. Absent optional values and empty optional lists send nothing; a required
/// list is always sent (an empty `json` list as `[]`, as the official SDK sends an empty list).
fn push(field: &Field, target: &TokenStream) -> TokenStream {
    let n = ident(&field.rust_name);
    let wire_name = &field.wire_name;
    let style = wire(field).style;
    let method = match style {
        Style::Scalar => quote!(push),
        Style::Json => quote!(push_json),
        Style::Simple => quote!(push_simple),
        Style::Flat => quote!(push_flat),
    };
    let whole = if style == Style::Simple {
        quote!(self.#n.as_slice())
    } else {
        quote!(&self.#n)
    };
    let value = if field.required {
        quote!(Some(#whole))
    } else if field.ty.is_array() {
        quote!((!self.#n.is_empty()).then_some(#whole))
    } else {
        quote!(self.#n.as_ref())
    };
    quote!(#target.#method(#wire_name, #value);)
}
