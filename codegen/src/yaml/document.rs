//! A document written as YAML: a new one whole, or operations edited into an existing one's text.
//! The operations are streamed from the model (see `stream`); an existing document is edited as
//! text, so everything else in a hand-written file (comments, wording, layout) stays byte for byte as
//! it was. All of a run's operations go into a document in one pass.

use serde::Serialize;
use serde_json::Value;

use crate::naming::response_name;
use crate::spec::Document;
use crate::yaml::{self, Out};

/// One operation to put into a document: its path (`/#Action`) and its response component
/// (`<Action>Response`) are in the document's model.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: String,
    /// Whether it takes the place of the operation already there.
    pub replace: bool,
}

/// Appends `key: value` as YAML, indented by `indent`, streamed from the model (a page of 100,000
/// rows is never a second time in memory as a JSON value).
fn block<T: Serialize>(
    out: &mut Out<'_>,
    key: &str,
    value: &T,
    indent: usize,
) -> Result<(), String> {
    yaml::entry(out, key, value, indent).map_err(|e| format!("cannot write {key}: {e}"))
}

fn path_block(out: &mut Out<'_>, model: &Document, e: &Entry) -> Result<(), String> {
    let key = format!("/#{}", e.action);
    let item = model.paths.get(&key).ok_or("the operation is missing")?;
    block(out, &key, item, 2)
}

fn schema_block(out: &mut Out<'_>, model: &Document, e: &Entry) -> Result<(), String> {
    let key = response_name(&e.action);
    let schema = model
        .components
        .schemas
        .get(&key)
        .ok_or("the response is missing")?;
    block(out, &key, schema, 4)
}

/// Writes a new document to `out`: the header of `doc` (its paths and components are ignored) and
/// the entries.
pub fn new_document(model: &Document, entries: &[Entry], out: &mut Out<'_>) -> Result<(), String> {
    let mut header = serde_json::to_value(model.header()).map_err(|e| e.to_string())?;
    if let Value::Object(m) = &mut header {
        m.shift_remove("paths");
        m.shift_remove("components");
    }
    if let Value::Object(m) = &header {
        yaml::map(out, m, 0);
    }
    out.push_str("paths:\n");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        path_block(out, model, e)?;
        out.boundary();
    }
    out.push_str("\ncomponents:\n  schemas:\n");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        schema_block(out, model, e)?;
        out.boundary();
    }
    Ok(())
}

/// Line index of a top-level key (`paths:`), if present.
fn top_level(lines: &[String], key: &str) -> Option<usize> {
    lines.iter().position(|l| {
        l.strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .is_some_and(|r| r.is_empty() || r.starts_with(' '))
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The end (exclusive) of the block starting at `start` whose children are indented more than
/// `indent`, without trailing blank lines.
fn block_end(lines: &[String], start: usize, indent: usize) -> usize {
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < lines.len() {
        let l = &lines[end];
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
fn find_key(lines: &[String], from: usize, to: usize, indent: usize, key: &str) -> Option<usize> {
    let pad = " ".repeat(indent);
    let forms = [format!("{pad}{key}:"), format!("{pad}'{key}':")];
    (from..to.min(lines.len())).find(|&i| {
        forms.iter().any(|f| {
            lines[i]
                .strip_prefix(f.as_str())
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        })
    })
}

/// Swaps the block at `key` (indent `indent`, inside the block starting at `parent`) for `new`, or
/// returns `new` when there is no such block.
fn swap(lines: &mut Vec<String>, parent: usize, indent: usize, key: &str, new: &str) -> bool {
    let end = block_end(lines, parent, indent.saturating_sub(2));
    match find_key(lines, parent + 1, end, indent, key) {
        Some(at) => {
            let stop = block_end(lines, at, indent);
            lines.splice(at..stop, new.lines().map(str::to_owned));
            true
        }
        None => false,
    }
}

/// The document text with the entries put in: replacements where the old ones stood, additions at
/// the end of `paths` and of `components.schemas`.
pub fn edit(text: &str, model: &Document, entries: &[Entry]) -> Result<String, String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut new_paths = Vec::new();
    let mut new_schemas = Vec::new();
    for e in entries {
        let (mut path, mut schema) = (Out::collect(), Out::collect());
        path_block(&mut path, model, e)?;
        schema_block(&mut schema, model, e)?;
        let collected = |out: Out| out.finish().map_err(|e| e.to_string());
        let (path, schema) = (collected(path)?, collected(schema)?);
        if !e.replace {
            new_paths.push(path);
            new_schemas.push(schema);
            continue;
        }
        let paths =
            top_level(&lines, "paths").ok_or("the document has no top-level `paths:` key")?;
        if !swap(&mut lines, paths, 2, &format!("/#{}", e.action), &path) {
            new_paths.push(path);
        }
        let schemas = top_level(&lines, "components").and_then(|c| {
            let end = block_end(&lines, c, 0);
            find_key(&lines, c + 1, end, 2, "schemas")
        });
        let name = response_name(&e.action);
        if !schemas.is_some_and(|s| swap(&mut lines, s, 4, &name, &schema)) {
            new_schemas.push(schema);
        }
    }
    let paths = top_level(&lines, "paths").ok_or("the document has no top-level `paths:` key")?;
    let end = block_end(&lines, paths, 0);
    let mut insert = Vec::new();
    for p in &new_paths {
        if end > paths + 1 || !insert.is_empty() {
            insert.push(String::new());
        }
        insert.extend(p.lines().map(str::to_owned));
    }
    lines.splice(end..end, insert);

    let components = top_level(&lines, "components");
    let schemas = components.and_then(|c| {
        let end = block_end(&lines, c, 0);
        find_key(&lines, c + 1, end, 2, "schemas")
    });
    let mut insert = Vec::new();
    let at = match (components, schemas) {
        (_, Some(s)) => block_end(&lines, s, 2),
        (Some(c), None) => {
            insert.push("  schemas:".to_owned());
            block_end(&lines, c, 0)
        }
        (None, _) => {
            lines.push(String::new());
            lines.push("components:".into());
            lines.push("  schemas:".into());
            lines.len()
        }
    };
    for (i, s) in new_schemas.iter().enumerate() {
        if schemas.is_some() || i > 0 {
            insert.push(String::new());
        }
        insert.extend(s.lines().map(str::to_owned));
    }
    lines.splice(at..at, insert);
    let mut out = lines.join("\n");
    out.push('\n');
    Ok(out)
}
