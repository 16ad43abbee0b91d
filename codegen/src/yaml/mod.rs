//! The spec model written back as YAML, in the hand-written documents' layout (two-space indents,
//! sequences indented under their key, prose as literal blocks). This is the model's own job: the
//! importer builds `crate::spec` values and writes them with it, and a written document reads back to
//! the same model.
//!
//! serde_yaml's own writer is not used: it leaves strings such as `yes` or `2022-07-20T02:48:58Z`
//! unquoted, which its reader then takes as a boolean or a timestamp. Here a string is plain only when
//! it cannot be read as anything else; otherwise it is written double-quoted (JSON string syntax,
//! which YAML reads exactly).
//!
//! - this module: one JSON value at a time;
//! - `stream`: a model value streamed through serde, a sequence entry at a time;
//! - `document`: a whole document, or operations edited into a document's text;
//! - `out`: where the text goes, a file in pieces or one string.

use serde_json::Value;

mod document;
mod out;
mod stream;

pub use document::{Entry, edit, new_document};
pub use out::Out;
pub use stream::{Error, entry};

/// Words YAML 1.1 readers take as booleans or null.
const SPECIAL: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

/// Whether `s` reads back as the same string when written plain.
fn plain(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || matches!(c, '/' | '$'));
    first_ok
        && s.chars().all(|c| {
            c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '_'
                        | '.'
                        | ','
                        | '/'
                        | '('
                        | ')'
                        | '-'
                        | ':'
                        | '+'
                        | '='
                        | '?'
                        | '&'
                        | '%'
                        | '@'
                        | ';'
                        | '#'
                        | '$'
                )
        })
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && !SPECIAL.contains(&s.to_ascii_lowercase().as_str())
}

/// A string on one line: plain when safe, else double-quoted.
pub fn scalar(s: &str) -> String {
    if plain(s) {
        s.to_owned()
    } else {
        serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
    }
}

/// Whether a multi-line string can be a literal block (`|-`) that reads back exactly.
fn literal(s: &str) -> bool {
    s.contains('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && !s.ends_with('\n')
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.lines().all(|l| l == l.trim_end())
}

/// Writes one entry of a sequence whose entries are at `indent`: `- ` and the value, a mapping's first
/// key on the dash's line.
pub fn item(out: &mut String, v: &Value, indent: usize) {
    out.push_str(&" ".repeat(indent));
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push_str("- ");
            let mut first = String::new();
            map(&mut first, m, indent + 2);
            out.push_str(first.trim_start());
        }
        other => value(out, "-", other, indent + 2),
    }
}

/// Writes `prefix` (`key:` or `-`) and the value; nested content is indented to `indent`.
pub fn value(out: &mut String, prefix: &str, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if m.is_empty() => out.push_str(&format!("{prefix} {{}}\n")),
        Value::Array(a) if a.is_empty() => out.push_str(&format!("{prefix} []\n")),
        Value::Object(m) => {
            out.push_str(prefix);
            out.push('\n');
            map(out, m, indent);
        }
        Value::Array(a) => {
            out.push_str(prefix);
            out.push('\n');
            for v in a {
                item(out, v, indent);
            }
        }
        Value::String(s) if literal(s) => {
            out.push_str(&format!("{prefix} |-\n"));
            for line in s.lines() {
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        Value::String(s) => out.push_str(&format!("{prefix} {}\n", scalar(s))),
        other => out.push_str(&format!("{prefix} {other}\n")),
    }
}

/// Writes a map's entries at `indent`.
pub fn map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    let pad = " ".repeat(indent);
    for (k, v) in m {
        out.push_str(&pad);
        value(out, &format!("{}:", scalar(k)), v, indent + 2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoting() {
        assert_eq!(scalar("Template 1"), "Template 1");
        assert_eq!(scalar("/#ListLiveRecordJobs"), "/#ListLiveRecordJobs");
        assert_eq!(
            scalar("rtmp://example-live.com/live/stream1"),
            "rtmp://example-live.com/live/stream1"
        );
        for quoted in [
            "2022-07-20T02:48:58Z",
            "yes",
            "No",
            "200",
            "****a046",
            "%s",
            "a: b",
            "",
            " x",
        ] {
            assert!(scalar(quoted).starts_with('"'), "{quoted}");
        }
    }

    fn reads_back(v: &Value) {
        let Value::Object(m) = v else { return };
        let mut out = String::new();
        map(&mut out, m, 0);
        let back: Value = serde_yaml::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        assert_eq!(&back, v, "{out}");
    }

    #[test]
    fn layout_reads_back() {
        reads_back(&serde_json::json!({
            "a": [{"description": "one\n\n- two\n  - three", "b": 1}, "x", [], {}],
            "e": " leading", "f": "yes", "g": [[1, 2], {"h": null}], "200": true,
        }));
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn any_strings_read_back(k in "[ -~]{1,12}", s in "[ -~\n\u{e9}\u{4e2d}]{0,40}", t in "[a-z0-9:./# -]{0,20}") {
            reads_back(&serde_json::json!({ k: { "s": s, "t": [t] } }));
        }
    }
}
