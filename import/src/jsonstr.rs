//! String fields whose value is JSON text (Clips, UserData): recognising them, repairing the page's
//! broken examples, and deriving the inner shape from the example, all reported.

use serde_json::Value;

use codegen::spec::Schema;

use crate::schema::{self, Ty};

/// A repaired JSON text and what was done to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub text: String,
    pub value: Value,
    /// `None` when the text parsed as it was.
    pub repair: Option<&'static str>,
}

/// Whether a string example looks like JSON text (an object or array).
pub fn looks_like_json(s: &str) -> bool {
    let t = s.trim_start();
    (t.starts_with('{') && t.contains('"'))
        || t.starts_with("[{")
        || t.starts_with("[\"")
        || t.starts_with("[\\\"")
}

fn parses(s: &str) -> Option<Value> {
    serde_json::from_str::<Value>(s)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

/// Parses JSON text, trying the two repairs the pages need: quotes escaped once too often (`\"`), and
/// a string opened with `"` but closed with `'`. `None` when it is still not JSON.
pub fn repair(s: &str) -> Option<Repaired> {
    if let Some(value) = parses(s) {
        return Some(Repaired {
            text: s.to_owned(),
            value,
            repair: None,
        });
    }
    let unescaped = s.replace("\\\"", "\"");
    if unescaped != s {
        if let Some(value) = parses(&unescaped) {
            return Some(Repaired {
                text: unescaped,
                value,
                repair: Some(
                    "its quotes are backslash-escaped (double-escaped JSON); unescaped once so it parses",
                ),
            });
        }
    }
    let requoted = fix_quotes(&unescaped);
    if requoted != unescaped {
        if let Some(value) = parses(&requoted) {
            return Some(Repaired {
                text: requoted,
                value,
                repair: Some(
                    "it is invalid JSON (a string opened with \" is closed with '); corrected",
                ),
            });
        }
    }
    None
}

/// Replaces a `'` that closes a string opened with `"` (outside any other string) by `"`.
fn fix_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if c == '\'' {
                let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                if matches!(next, Some('}' | ']' | ',' | ':') | None) {
                    out.push('"');
                    in_string = false;
                    continue;
                }
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// The inner shape of a JSON string from its example. An array of objects gives records with the
/// example's keys; an object gives a free-form object, because one example cannot tell a fixed shape
/// from a map.
pub fn shape(field: &str, value: &Value) -> Schema {
    match value {
        Value::Array(items) => {
            let mut schema = schema::new(Ty::Array);
            let item = match items.first() {
                Some(Value::Object(map)) => {
                    let mut item = schema::new(Ty::Object);
                    item.title = Some(codegen::naming::inline::singular(field));
                    for (key, v) in map {
                        let mut p = schema::new(schema::of_value(v));
                        p.description = Some(format!(
                            "Not documented on the page; taken from the {field} example."
                        ));
                        if !v.is_object() && !v.is_array() {
                            p.rare.example = Some(v.clone());
                        }
                        item.nested.properties.insert(key.clone(), p);
                    }
                    item
                }
                Some(v) => schema::new(schema::of_value(v)),
                None => schema::new(Ty::String),
            };
            schema.nested.items = Some(Box::new(item));
            schema
        }
        _ => {
            let mut schema = schema::new(Ty::Object);
            schema.description = Some("Free-form JSON; the page documents no inner fields.".into());
            schema
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs() {
        assert_eq!(repair(r#"{"a": 1}"#).unwrap().repair, None);
        let r = repair(r#"[{\"StartTime\": \" x\"}]"#).unwrap();
        assert_eq!(r.text, r#"[{"StartTime": " x"}]"#);
        let r = repair(r#"{"key": "value'}"#).unwrap();
        assert_eq!(r.text, r#"{"key": "value"}"#);
        assert!(repair("{nope").is_none());
    }
}
