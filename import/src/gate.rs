//! Import never writes what `cargo xtask gen` rejects: each operation is run through the generator's
//! own checks and lowering (in memory) before it is accepted, and each problem is reported at the page
//! line it comes from, with the generator's diagnostic and the fix.

use codegen::load::LoadedDocument;
use codegen::naming::response_name;
use codegen::spec::{
    Components, Document, Operation, Parameter, ParameterPosition, Schema, SchemaType,
};
use codegen::{Diagnostic, Location};
use indexmap::IndexMap;

use serde_json::Value;

use crate::Method;
use crate::report::Doubt;
use crate::schema::{self, Lines};

/// Why an operation was not imported: where on the page, what the generator says, how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The generator's JSON path of the problem (empty when it names none).
    pub path: String,
    pub line: usize,
    pub message: String,
    pub fix: String,
}

/// `header` (paths and components ignored) holding only this operation (moved in, not copied: a
/// page can be megabytes).
pub fn alone(header: &Document, op: Operation, response: Schema, method: Method) -> Document {
    let action = op.operation_id.clone();
    Document {
        paths: IndexMap::from([(format!("/#{action}"), method.item(op))]),
        components: Components {
            schemas: IndexMap::from([(response_name(&action), response)]),
        },
        ..header.header()
    }
}

/// The operation and its response schema, moved out of `doc` (for [`alone`]'s result).
pub fn take(mut doc: Document, action: &str) -> Option<(Operation, Schema)> {
    let item = doc.paths.shift_remove(&format!("/#{action}"))?;
    let op = item.get.or(item.post)?;
    let response = doc
        .components
        .schemas
        .shift_remove(&response_name(action))?;
    Some((op, response))
}

/// Runs the generator's checks and lowering over `documents`; the diagnostics, if any.
pub fn diagnostics(documents: &[LoadedDocument]) -> Vec<Diagnostic> {
    if let Err(d) = codegen::check::check_all(documents) {
        return d.0;
    }
    if std::env::var_os("NO_LOWER").is_some() {
        return Vec::new();
    }
    match codegen::lower::lower_all(documents) {
        Ok(_) => Vec::new(),
        Err(d) => d.0,
    }
}

/// Checks a document holding one operation, as the generator would; hands the document back.
pub fn check(doc: Document, lines: &Lines) -> (Document, Vec<Rejection>) {
    let loaded = [LoadedDocument {
        name: "imported".into(),
        document: doc,
    }];
    let found = diagnostics(&loaded);
    let [LoadedDocument { document, .. }] = loaded;
    let params = document
        .paths
        .values()
        .next()
        .and_then(|i| i.get.as_ref().or(i.post.as_ref()))
        .map_or(&[][..], |op| &op.parameters[..]);
    let rejections = found.iter().map(|d| rejection(d, params, lines)).collect();
    (document, rejections)
}

/// A diagnostic of the operation's generated spec, placed on the page.
pub fn rejection(d: &Diagnostic, params: &[Parameter], lines: &Lines) -> Rejection {
    let path = match &d.location {
        Location::Path(p) => p.as_str(),
        _ => "",
    };
    let line = page_path(path, params).map_or(0, |p| lines.of(&p));
    let hint = d.hint.as_deref().unwrap_or("edit the spec entry it names");
    Rejection {
        path: path.to_owned(),
        line,
        message: format!(
            "{}: {}",
            if path.is_empty() { "spec" } else { path },
            d.message
        ),
        fix: format!(
            "{hint}; the operation was not written: import it again once the page reads right, or add it to the spec by hand with that change"
        ),
    }
}

/// The page path (see [`crate::schema::Lines`]) of a generator JSON path such as
/// `paths./#X.get.parameters[2].schema.properties.Url` or `components.schemas.XResponse.properties.A`.
fn page_path(path: &str, params: &[Parameter]) -> Option<String> {
    if let Some(at) = path.find(".x-acs-error-codes[") {
        let rest = &path[at + ".x-acs-error-codes[".len()..];
        return Some(format!("!{}", rest.split_once(']')?.0));
    }
    let (mut out, rest) = if let Some(at) = path.find(".parameters[") {
        let rest = &path[at + ".parameters[".len()..];
        let (index, rest) = rest.split_once(']')?;
        let p = params.get(index.parse::<usize>().ok()?)?;
        (format!("?{}", p.name), rest)
    } else {
        let at = path.find("components.schemas.")?;
        let rest = &path[at + "components.schemas.".len()..];
        let rest = rest.find('.').map_or("", |i| &rest[i..]);
        (String::new(), rest)
    };
    let mut words = rest.split('.').filter(|w| !w.is_empty());
    while let Some(w) = words.next() {
        match w {
            "schema" => {}
            "items" => out = crate::schema::join(&out, "[]"),
            "properties" => match words.next() {
                Some(name) => out = crate::schema::join(&out, name),
                None => break,
            },
            _ => break,
        }
    }
    Some(out)
}

/// The reading that generates, when the generator rejects how a parameter travels (an object or array
/// parameter, or one in the form body): the parameter is sent as JSON text in the query, its shape kept
/// as `x-acs-json-string` (or dropped, on the second try). Returns whether anything changed; each change
/// is a doubt at the parameter's line.
pub fn fall_back(
    op: &mut Operation,
    lines: &Lines,
    rejections: &[Rejection],
    doubts: &mut Vec<Doubt>,
) -> bool {
    let mut changed = false;
    for r in rejections {
        let Some(index) = r
            .path
            .split_once(".parameters[")
            .and_then(|(_, rest)| rest.split_once(']'))
            .and_then(|(i, _)| i.parse::<usize>().ok())
        else {
            continue;
        };
        let Some(p) = op.parameters.get_mut(index) else {
            continue;
        };
        let line = lines.of(&format!("?{}", p.name));
        // A default or example the generator refuses (or a part of one) is left out: they are
        // documentation, and an object's example that disagrees with the nesting read says little.
        let after = r.path.split_once("].").map_or("", |(_, rest)| rest);
        let under = |f: &str| after == f || after.starts_with(&format!("{f}."));
        let documentation = if under("example") {
            Some((p.example.take(), "example"))
        } else if under("schema.example") {
            Some((p.schema.rare.example.take(), "example"))
        } else if under("schema.default") {
            Some((p.schema.rare.default.take(), "default"))
        } else {
            None
        };
        if let Some((taken, field)) = documentation {
            // Several findings can concern one example: it goes once.
            if taken.is_some() {
                doubts.push(Doubt::new(
                    line,
                    format!("{}: {}; the {field} is left out", p.name, r.message),
                ));
                changed = true;
            }
            continue;
        }
        let what = if p.schema.ty != Some(SchemaType::String) {
            let shape = std::mem::take(&mut p.schema);
            p.schema = schema::new(SchemaType::String);
            p.schema.nested.json_string = Some(Box::new(shape));
            if let Some(e) = p.example.take() {
                p.example = Some(Value::String(e.to_string()));
            }
            "as JSON text in one query parameter, its fields kept as x-acs-json-string"
        } else if p.schema.nested.json_string.is_some() {
            p.schema.nested.json_string = None;
            "as plain text, without its inner shape"
        } else if p.position == ParameterPosition::Body {
            "in the query"
        } else {
            continue;
        };
        p.serialization = None;
        p.position = ParameterPosition::Query;
        doubts.push(Doubt::new(
            line,
            format!(
                "{}: the generator does not take it as read ({}); it is sent {what} (re-import once the generator does)",
                p.name, r.message
            ),
        ));
        changed = true;
    }
    changed
}
