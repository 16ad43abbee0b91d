//! Reading the request and response tables into rows.
//!
//! The copy flattens each table cell onto its own line: a row is a name line, a type line, (for
//! requests) a Yes/No line, then description lines and, last, the example. Response tables also have
//! nameless rows (a type line alone): the root object and each array's item. A row ends where the next
//! row starts, so recognising row starts is the whole job.

use crate::error::PageError;
use crate::lines::Line;
use crate::page::clip;

/// The types the pages use. Any other type word is reported, and the row read as a string.
pub const TYPES: &[&str] = &[
    "string",
    "integer",
    "long",
    "int",
    "boolean",
    "number",
    "float",
    "double",
    "object",
    "array",
    "array<object>",
    "array<string>",
    "array<integer>",
    "array<long>",
    "array<number>",
    "array<boolean>",
];

/// Type words of other API pages that the importer reads as something it knows, or reports.
const OTHER_TYPES: &[&str] = &[
    "map", "date", "datetime", "list", "json", "any", "int32", "int64",
];

pub fn is_type(text: &str) -> bool {
    TYPES.contains(&text)
}

/// A wire name as the tables print it.
pub fn is_name(line: &Line<'_>) -> bool {
    line.indent == 0
        && line.text.starts_with(|c: char| c.is_ascii_alphabetic())
        && line
            .text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !line.text.ends_with('.')
        && !is_type(line.text)
}

/// One table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Line of the row's first cell.
    pub line: usize,
    /// `None` for a nameless row (the response root or an array item).
    pub name: Option<&'a str>,
    /// The page's type text, e.g. `array<object>`.
    pub ty: &'a str,
    /// Request rows only: the Yes/No cell.
    pub required: Option<bool>,
    /// Description lines and, for scalar rows, the example as the last line.
    pub content: &'a [Line<'a>],
}

impl Row<'_> {
    pub fn is_container(&self) -> bool {
        self.ty == "object" || self.ty.starts_with("array")
    }
}

fn yes_no(line: Option<&Line<'_>>) -> Option<bool> {
    match line.map(|l| l.text) {
        Some("Yes") => Some(true),
        Some("No") => Some(false),
        _ => None,
    }
}

/// A type-like cell the importer does not know: one lowercase token such as `map` or `date`.
fn is_type_like(line: &Line<'_>) -> bool {
    line.indent == 0
        && !line.text.is_empty()
        && line.text.len() <= 30
        && line
            .text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '<' | '>' | ','))
}

/// Splits the request table into rows.
pub fn request_rows<'a>(page: &str, lines: &'a [Line<'a>]) -> Result<Vec<Row<'a>>, PageError> {
    let start_at = |i: usize| -> Option<&'a str> {
        let name = lines.get(i)?;
        let ty = lines.get(i + 1)?;
        if !is_name(name) || yes_no(lines.get(i + 2)).is_none() {
            return None;
        }
        (is_type(ty.text) || is_type_like(ty)).then_some(ty.text)
    };
    // A row spans at least three lines (name, type, required): no doubling.
    let mut rows = Vec::with_capacity(lines.len() / 3 + 1);
    let mut i = 0;
    while i < lines.len() {
        let Some(ty) = start_at(i) else {
            let l = &lines[i];
            return Err(PageError::new(
                page,
                l.no,
                format!(
                    "expected a request parameter row (a name line, a type line such as `string`, then `Yes` or `No`), found `{}`",
                    clip(l.text)
                ),
            ));
        };
        let mut j = i + 3;
        while j < lines.len() && start_at(j).is_none() {
            j += 1;
        }
        rows.push(Row {
            line: lines[i].no,
            name: Some(lines[i].text),
            ty,
            required: yes_no(lines.get(i + 2)),
            content: &lines[i + 3..j],
        });
        i = j;
    }
    Ok(rows)
}

/// Splits the response table into rows. The first row must be the nameless root object.
pub fn response_rows<'a>(
    page: &str,
    lines: &'a [Line<'a>],
    heading_line: usize,
) -> Result<Vec<Row<'a>>, PageError> {
    // A named row: name line then a type line. A nameless row: a type line whose previous line is not
    // a name (that would make it a named row's type).
    // An unknown type word (`map`, `date`) still starts a row after a field name written as the
    // pages write them (PascalCase), or when it is a type word other API pages use: the row is kept
    // and the word reported, rather than merged into the previous field's description.
    let named_at = |i: usize| -> bool {
        let (Some(name), Some(ty)) = (lines.get(i), lines.get(i + 1)) else {
            return false;
        };
        is_name(name)
            && ty.indent == 0
            && (is_type(ty.text)
                || (is_type_like(ty)
                    && (name.text.starts_with(|c: char| c.is_ascii_uppercase())
                        || OTHER_TYPES.contains(&ty.text))))
    };
    let nameless_at = |i: usize| -> bool {
        lines
            .get(i)
            .is_some_and(|l| l.indent == 0 && is_type(l.text))
            && !(i > 0 && named_at(i - 1))
    };
    let Some(first) = lines.first() else {
        return Err(PageError::new(
            page,
            heading_line,
            "expected the response table's rows after its header (the root `object` row first); the table is empty",
        ));
    };
    if !nameless_at(0) && !named_at(0) {
        return Err(PageError::new(
            page,
            first.no,
            format!(
                "expected a response row (the root `object` row, or a name line and a type line), found `{}`",
                clip(first.text)
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (name, ty_index) = if named_at(i) {
            (Some(lines[i].text), i + 1)
        } else {
            (None, i)
        };
        let mut j = ty_index + 1;
        while j < lines.len() && !named_at(j) && !nameless_at(j) {
            j += 1;
        }
        rows.push(Row {
            line: lines[i].no,
            name,
            ty: lines[ty_index].text,
            required: None,
            content: &lines[ty_index + 1..j],
        });
        i = j;
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::lines::numbered as lines;

    #[test]
    fn request_rows_split_at_names() {
        let l = lines(&[
            "PageNo",
            "integer",
            "No",
            "The page number.",
            "1",
            "Type",
            "string",
            "Yes",
            "A.",
            "  • x",
            "x",
        ]);
        let rows = request_rows("p", &l).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].content.len(), 3);
        assert_eq!(rows[1].required, Some(true));
    }

    #[test]
    fn response_rows_have_nameless_items() {
        let l = lines(&[
            "object",
            "The response.",
            "List",
            "array",
            "Names.",
            "string",
            "A name.",
            "x",
        ]);
        let rows = response_rows("p", &l, 0).unwrap();
        assert_eq!(
            rows.iter().map(|r| r.name.is_some()).collect::<Vec<_>>(),
            [false, true, false]
        );
    }
}
