//! Semantic differences between two operations of the spec model, each read against its own document:
//! what a reviewer needs to see before `cargo xtask import` replaces a hand-edited operation, and what
//! the importer's tests compare against the hand-written spec. It lives with the model because it
//! knows nothing of pages: it compares model values, whoever built them. Both are serialized the same way and compared value by value, so formatting
//! (quoting, folding) is never a difference and every field of the model is compared.

use std::fmt;

use crate::spec::{Document, Operation};
use serde_json::{Map, Value};

/// One difference: where, and the two values (existing first, imported second).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub path: String,
    pub existing: String,
    pub imported: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:\n    spec:   {}\n    import: {}",
            self.path, self.existing, self.imported
        )
    }
}

/// `$ref`s to components replaced by the components, so two documents can be compared.
fn resolve(doc: &Document, value: &mut Value, depth: usize) {
    match value {
        Value::Object(m) => {
            let target = m
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|n| doc.components.schemas.get(n));
            if let (Some(schema), true) = (target, depth < 64) {
                *value = serde_json::to_value(schema).unwrap_or(Value::Null);
                resolve(doc, value, depth + 1);
            } else {
                m.values_mut().for_each(|v| resolve(doc, v, depth + 1));
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|v| resolve(doc, v, depth + 1)),
        _ => {}
    }
}

/// The operation as compared (page defects left out): parameters keyed by name (their order kept apart), the response
/// schema and example under `response` and `response example`.
fn view(doc: &Document, op: &Operation) -> Value {
    let mut v = serde_json::to_value(op).unwrap_or(Value::Null);
    resolve(doc, &mut v, 0);
    let Value::Object(m) = &mut v else { return v };
    // The page defects are the import's notes, not part of the operation.
    m.shift_remove("x-acs-page-defects");
    if let Some(Value::Array(params)) = m.shift_remove("parameters") {
        let mut by_name = Map::new();
        let mut order = Vec::new();
        for p in params {
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            order.push(name.clone());
            by_name.insert(name, p);
        }
        m.insert("parameters".into(), Value::Object(by_name));
        m.insert("parameters (order)".into(), Value::String(order.join(", ")));
    }
    if let Some(Value::Object(mut responses)) = m.shift_remove("responses") {
        let media = responses
            .get_mut("200")
            .and_then(|r| r.get_mut("content"))
            .and_then(|c| c.get_mut("application/json"))
            .map(Value::take);
        if let Some(Value::Object(mut media)) = media {
            m.insert(
                "response".into(),
                media.shift_remove("schema").unwrap_or_default(),
            );
            m.insert(
                "response example".into(),
                media.shift_remove("example").unwrap_or_default(),
            );
        }
        m.insert("responses".into(), Value::Object(responses));
    }
    v
}

fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "(none)".into(),
        Some(v) => v.to_string(),
    }
}

/// Compares two values at `path`; schema `properties` read as `path.Name`, `items` as `path[]`.
fn diff(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>, depth: usize) {
    let child = |key: &str| match key {
        "items" => format!("{path}[]"),
        _ if path.is_empty() => key.to_owned(),
        _ => format!("{path}.{key}"),
    };
    match (a, b) {
        (Some(Value::Object(ma)), Some(Value::Object(mb))) if depth < 128 => {
            for key in ma.keys().chain(mb.keys().filter(|k| !ma.contains_key(*k))) {
                let (va, vb) = (ma.get(key), mb.get(key));
                if key == "properties" {
                    let names = |v: Option<&Value>| {
                        v.and_then(Value::as_object)
                            .map(|m| m.keys().cloned().collect::<Vec<_>>())
                            .unwrap_or_default()
                    };
                    let (na, nb) = (names(va), names(vb));
                    if na != nb && na.len() == nb.len() && na.iter().all(|n| nb.contains(n)) {
                        out.push(Difference {
                            path: format!("{path} (property order)"),
                            existing: na.join(", "),
                            imported: nb.join(", "),
                        });
                    }
                    diff(path, va, vb, out, depth + 1);
                } else {
                    diff(&child(key), va, vb, out, depth + 1);
                }
            }
        }
        (Some(Value::Array(xa)), Some(Value::Array(xb)))
            if xa.len() == xb.len() && xa.iter().any(Value::is_object) && depth < 128 =>
        {
            for (i, (x, y)) in xa.iter().zip(xb).enumerate() {
                diff(&format!("{path}[{i}]"), Some(x), Some(y), out, depth + 1);
            }
        }
        _ if show(a) != show(b) => out.push(Difference {
            path: path.to_owned(),
            existing: show(a),
            imported: show(b),
        }),
        _ => {}
    }
}

/// Every difference between the two operations (each resolved against its own document).
pub fn operations(
    left_doc: &Document,
    left: &Operation,
    right_doc: &Document,
    right: &Operation,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let (a, b) = (view(left_doc, left), view(right_doc, right));
    diff("", Some(&a), Some(&b), &mut out, 0);
    out
}
