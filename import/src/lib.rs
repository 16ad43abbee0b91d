//! `cargo xtask import`: reads Alibaba Cloud API reference pages, copied as plain text, into spec
//! operations (`spec/*.yaml`), reporting every doubt with the page line it concerns.
//!
//! ```text
//! bytes ─lines→ numbered lines ─page→ sections ─table→ rows ─build→ codegen::spec::Operation (+ Report)
//!       ─gate→ the generator's own checks ─write→ each document's text, edited once per run
//! ```
//!
//! The importer builds the generator's model (`codegen::spec`) directly: there is one model of an
//! operation. Nothing here panics on page data: every way a page can be wrong is a [`PageError`]
//! naming the line and what was expected there, or a [`Doubt`] in the report.

#![forbid(unsafe_code)]

pub mod build;
pub mod describe;
pub mod docs;
pub mod error;
pub mod examples;
pub mod facts;
pub mod gate;
pub mod jsonstr;
pub mod lines;
pub mod nesting;
pub mod outcome;
pub mod overrides;
pub mod page;
pub mod report;
pub mod request;
pub mod run;
pub mod scalar;
pub mod schema;
pub mod table;
pub mod titles;
pub mod values;

pub use build::Built;
pub use codegen::compare::Difference;
pub use error::PageError;
pub use outcome::{ImportError, Outcome, PageOutcome};
pub use overrides::Overrides;
pub use report::{Doubt, Report};

/// HTTP methods an RPC action can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_lowercase().as_str() {
            "get" => Some(Method::Get),
            "post" => Some(Method::Post),
            _ => None,
        }
    }

    /// The path item holding `op` under this method.
    pub fn item(self, op: codegen::spec::Operation) -> codegen::spec::PathItem {
        let (get, post) = match self {
            Method::Get => (Some(op), None),
            Method::Post => (None, Some(op)),
        };
        codegen::spec::PathItem { get, post }
    }
}

/// One page, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPage {
    pub action: String,
    /// The product name on the title line (`None` when the page leaves it empty, as ICE pages do).
    pub product_name: Option<String>,
    /// The RAM action's prefix (`ice`, `live`): which product's document the operation belongs to.
    pub ram_prefix: String,
    pub built: Built,
    pub report: Report,
}

/// Reads one page. `name` is used in errors and the report (usually the file name).
pub fn parse_page(name: &str, bytes: &[u8]) -> Result<ParsedPage, PageError> {
    parse_page_with(name, bytes, &Overrides::default())
}

/// Reads one page, taking what the page cannot say from `overrides`.
pub fn parse_page_with(
    name: &str,
    bytes: &[u8],
    overrides: &Overrides,
) -> Result<ParsedPage, PageError> {
    let lines = lines::decode(name, bytes)?;
    let text = String::from_utf8_lossy(bytes);
    let sections = page::split(name, &lines)?;
    let (built, report) = build::operation(name, &sections, &text, overrides)?;
    let ram_prefix = built
        .operation
        .ram
        .action
        .split(':')
        .next()
        .unwrap_or_default()
        .to_owned();
    Ok(ParsedPage {
        action: sections.action.clone(),
        product_name: sections.product_name.clone(),
        ram_prefix,
        built,
        report,
    })
}
