//! Putting an operation into a spec document by editing its text, so that everything else in a
//! hand-written file (comments, wording, layout) stays byte for byte as it was. An operation that is
//! already there is compared, not overwritten, unless the caller asks to replace it.

use std::fmt;

use codegen::spec::Document;

use crate::compare::{self, Difference};
use crate::model::Operation;
use crate::render::{self, DocumentHeader, Method};

/// What the caller knows that the page does not.
#[derive(Debug, Clone, Default)]
pub struct MergeOptions {
    /// The HTTP method (`--method`); required for an operation the document does not have yet.
    pub method: Option<Method>,
    /// Overwrite an existing operation (`--replace`).
    pub replace: bool,
    /// Document-level facts; required when there is no document yet.
    pub header: Option<DocumentHeader>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeOutcome {
    /// A new document was written.
    Created { text: String },
    /// The operation was added to the document.
    Added { text: String },
    /// The operation was there and has been replaced; these were the differences.
    Replaced {
        text: String,
        differences: Vec<Difference>,
    },
    /// The operation is there and reads the same.
    Unchanged,
    /// The operation is there and differs; nothing was changed (pass `--replace`).
    Differs { differences: Vec<Difference> },
}

impl MergeOutcome {
    /// The new document text, when something changed.
    pub fn text(&self) -> Option<&str> {
        match self {
            MergeOutcome::Created { text }
            | MergeOutcome::Added { text }
            | MergeOutcome::Replaced { text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// A fact the page does not give; the message names the flag to pass.
    Missing(String),
    /// The existing document does not load; it must be fixed first.
    Existing(String),
    /// The edited document does not load (an importer bug); nothing is written.
    Result(String),
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Missing(m) => f.write_str(m),
            MergeError::Existing(m) => write!(f, "the existing spec document does not load: {m}"),
            MergeError::Result(m) => write!(
                f,
                "the merged document does not load (a bug in the importer; nothing written): {m}"
            ),
        }
    }
}

impl std::error::Error for MergeError {}

/// Loads a spec text with codegen's own loader.
pub fn load(name: &str, text: &str) -> Result<Document, String> {
    codegen::load::parse(name, text.as_bytes()).map_err(|d| d.to_string())
}

/// Merges `op` into `existing` (or a new document). See [`MergeOutcome`].
pub fn merge_into_document(
    existing: Option<&str>,
    op: &Operation,
    options: &MergeOptions,
) -> Result<MergeOutcome, MergeError> {
    let Some(text) = existing else {
        let method = options.method.ok_or_else(|| {
            MergeError::Missing(format!(
                "{}: the page does not say which HTTP method the action uses; the official SDK does: pass --method GET or --method POST",
                op.action
            ))
        })?;
        let header = options.header.as_ref().ok_or_else(|| {
            MergeError::Missing(
                "no spec document for this product yet: pass --version and --endpoint-pattern"
                    .into(),
            )
        })?;
        let text = render::new_document(header, op, method);
        load("new document", &text).map_err(MergeError::Result)?;
        return Ok(MergeOutcome::Created { text });
    };
    let doc = load("existing document", text).map_err(MergeError::Existing)?;
    match compare::find(&doc, &op.action) {
        Some((existing_method, existing_op)) => {
            let existing_method = Method::parse(existing_method).unwrap_or(Method::Get);
            let method = options.method.unwrap_or(existing_method);
            let candidate = with_operation(text, op, method, true)?;
            let new_doc = load("imported", &candidate).map_err(MergeError::Result)?;
            let Some((_, new_op)) = compare::find(&new_doc, &op.action) else {
                return Err(MergeError::Result(format!(
                    "{} is missing after the merge",
                    op.action
                )));
            };
            let mut differences = compare::operations(&doc, existing_op, &new_doc, new_op);
            if method != existing_method {
                differences.insert(
                    0,
                    Difference {
                        path: "method".into(),
                        existing: existing_method.as_str().into(),
                        imported: method.as_str().into(),
                    },
                );
            }
            if differences.is_empty() {
                Ok(MergeOutcome::Unchanged)
            } else if options.replace {
                Ok(MergeOutcome::Replaced {
                    text: candidate,
                    differences,
                })
            } else {
                Ok(MergeOutcome::Differs { differences })
            }
        }
        None => {
            let method = options.method.ok_or_else(|| {
                MergeError::Missing(format!(
                    "{}: the page does not say which HTTP method the action uses; the official SDK does: pass --method GET or --method POST",
                    op.action
                ))
            })?;
            let text = with_operation(text, op, method, false)?;
            load("imported", &text).map_err(MergeError::Result)?;
            Ok(MergeOutcome::Added { text })
        }
    }
}

/// Line index of a top-level key (`paths:`), if present.
fn top_level(lines: &[&str], key: &str) -> Option<usize> {
    lines
        .iter()
        .position(|l| *l == format!("{key}:") || l.starts_with(&format!("{key}: ")))
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The end (exclusive) of the block starting at `start` whose children are indented more than
/// `indent`, without trailing blank lines.
fn block_end(lines: &[&str], start: usize, indent: usize) -> usize {
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < lines.len() {
        let l = lines[end];
        if !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent_of(l) <= indent {
            break;
        }
        end += 1;
        if !l.trim().is_empty() {
            last_content = end;
        }
    }
    last_content
}

/// Finds `key:` at exactly `indent` within `[from, to)`.
fn find_key(lines: &[&str], from: usize, to: usize, indent: usize, key: &str) -> Option<usize> {
    let plain = format!("{}{key}:", " ".repeat(indent));
    let quoted = format!("{}'{key}':", " ".repeat(indent));
    (from..to.min(lines.len())).find(|&i| {
        lines[i] == plain || lines[i] == quoted || lines[i].starts_with(&format!("{plain} "))
    })
}

/// The document text with the operation's path and response schema inserted (or swapped in).
fn with_operation(
    text: &str,
    op: &Operation,
    method: Method,
    replace: bool,
) -> Result<String, MergeError> {
    let path_block = render::path_block(op, method);
    let schema_block = render::schema_block(op);
    let schema_name = render::response_name(&op.action);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();

    // Schema first (it is below the paths, so the path edit does not shift it).
    {
        let view: Vec<&str> = lines.iter().map(String::as_str).collect();
        let components = top_level(&view, "components");
        let schemas =
            components.and_then(|c| find_key(&view, c + 1, block_end(&view, c, 0), 2, "schemas"));
        match (components, schemas) {
            (Some(_), Some(s)) => {
                let end = block_end(&view, s, 2);
                let existing = if replace {
                    find_key(&view, s + 1, end, 4, &schema_name)
                } else {
                    None
                };
                let new: Vec<String> = schema_block.lines().map(str::to_owned).collect();
                match existing {
                    Some(at) => {
                        let stop = block_end(&view, at, 4);
                        lines.splice(at..stop, new);
                    }
                    None => {
                        let mut insert = vec![String::new()];
                        insert.extend(new);
                        lines.splice(end..end, insert);
                    }
                }
            }
            (Some(c), None) => {
                let end = block_end(&view, c, 0);
                let mut insert = vec!["  schemas:".to_owned()];
                insert.extend(schema_block.lines().map(str::to_owned));
                lines.splice(end..end, insert);
            }
            (None, _) => {
                lines.push(String::new());
                lines.push("components:".into());
                lines.push("  schemas:".into());
                lines.extend(schema_block.lines().map(str::to_owned));
            }
        }
    }
    {
        let view: Vec<&str> = lines.iter().map(String::as_str).collect();
        let paths = top_level(&view, "paths").ok_or_else(|| {
            MergeError::Existing("the document has no top-level `paths:` key".into())
        })?;
        let end = block_end(&view, paths, 0);
        let key = format!("/#{}", op.action);
        let existing = if replace {
            find_key(&view, paths + 1, end, 2, &key)
        } else {
            None
        };
        let new: Vec<String> = path_block.lines().map(str::to_owned).collect();
        match existing {
            Some(at) => {
                let stop = block_end(&view, at, 2);
                lines.splice(at..stop, new);
            }
            None => {
                let mut insert = if end > paths + 1 {
                    vec![String::new()]
                } else {
                    Vec::new()
                };
                insert.extend(new);
                lines.splice(end..end, insert);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}
