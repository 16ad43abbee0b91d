//! How an object or array parameter travels, which the page never says: each product has a usual
//! style (the official SDKs: ICE sends JSON in one parameter, its `*Shrink` fields; Live flattens lists
//! into `Name.1.Key=value`). The importer applies it and reports it as a doubt.

use codegen::spec::{Parameter, Serialization};

/// The product's usual style for an object or array parameter (product code as in the RAM action).
pub fn usual_style(product: &str) -> Serialization {
    if product.eq_ignore_ascii_case("live") {
        Serialization::Flat
    } else {
        Serialization::Json
    }
}

/// The style as the spec writes it.
pub fn name(style: Serialization) -> &'static str {
    match style {
        Serialization::Json => "json",
        Serialization::Simple => "simple",
        Serialization::Flat => "flat",
    }
}

/// The usual style's name, for the report.
pub fn usual(product: &str) -> &'static str {
    name(usual_style(product))
}

/// Gives an object or array parameter the product's usual style.
pub fn set(p: &mut Parameter, product: &str) {
    p.serialization = Some(usual_style(product));
}
