//! `cargo xtask import`: reads Alibaba Cloud API reference pages, copied as plain text, into spec
//! operations (`spec/*.yaml`), reporting every doubt with the page line it concerns.
//!
//! ```text
//! bytes ─lines→ numbered lines ─page→ sections ─table→ rows ─build→ model::Operation (+ Report)
//!       ─render→ YAML blocks ─merge→ document text (inserted textually; existing ops diffed, not overwritten)
//! ```
//!
//! Nothing here panics on page data: every way a page can be wrong is a [`PageError`] naming the line
//! and what was expected there, or a [`Doubt`] in the report.

#![forbid(unsafe_code)]

pub mod build;
pub mod compare;
pub mod describe;
pub mod error;
pub mod examples;
pub mod jsonstr;
pub mod lines;
pub mod merge;
pub mod model;
pub mod naming;
pub mod nesting;
pub mod page;
pub mod render;
pub mod report;
pub mod run;
pub mod table;
pub mod titles;
pub mod yaml;

pub use compare::Difference;
pub use error::PageError;
pub use merge::{MergeError, MergeOptions, MergeOutcome, merge_into_document};
pub use model::Operation;
pub use render::{DocumentHeader, Method};
pub use report::{Doubt, Report};

/// One page, read.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedPage {
    pub action: String,
    /// The product name on the title line (`None` when the page leaves it empty, as ICE pages do).
    pub product_name: Option<String>,
    /// The RAM action's prefix (`ice`, `live`): which product's document the operation belongs to.
    pub ram_prefix: String,
    pub operation: Operation,
    pub report: Report,
}

/// Reads one page. `name` is used in errors and the report (usually the file name).
pub fn parse_page(name: &str, bytes: &[u8]) -> Result<ParsedPage, PageError> {
    let lines = lines::decode(name, bytes)?;
    let text = String::from_utf8_lossy(bytes);
    let sections = page::split(name, &lines)?;
    let (operation, report) = build::operation(name, &sections, &text)?;
    let ram_prefix = operation
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
        operation,
        report,
    })
}

/// The operation as a standalone spec document (for previews and tests).
pub fn to_spec_yaml(op: &Operation, method: Method, header: &DocumentHeader) -> String {
    render::new_document(header, op, method)
}
