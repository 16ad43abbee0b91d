//! How structured parameters and form bodies become bytes, exactly as the official Python SDK
//! (`alibabacloud-tea-openapi`) writes them, so a request signed here is the request it would sign.
//!
//! - `json`: compact JSON (`,` and `:` without spaces), non-ASCII characters as they are (UTF-8, not
//!   `\u` escapes), fields in declaration order (a free-form map's keys in sorted order), absent
//!   optional fields left out, lists always written (`[]` when empty), booleans `true`/`false`.
//! - `simple`: the scalars joined with `,`.
//! - `flat`: one parameter per leaf: `Name.Key`, `Name.1` (lists count from 1), nested as deep as the
//!   value goes (`Name.1.Items.2.Key`); empty lists and absent fields send nothing.
//! - Scalars are written as Python's `str()` writes them: booleans `True`/`False`, a whole float
//!   keeps `.0`, very large or small floats use Python's exponent form (`1e+16`, `1e-05`).
//! - Form body: the pairs sorted by name, each side encoded like Python's `urlencode` (letters,
//!   digits and `_.-~` kept, space as `+`, every other byte `%XX`), joined with `&`.

use serde::Serialize;
use serde_json::Value;

/// The body's `content-type`.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Compact JSON text, or `None` if the value cannot be JSON (a map with non-string keys; generated
/// types never are).
pub fn json_text<V: Serialize + ?Sized>(value: &V) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Appends the flattened leaves of `value` under `prefix` (`Tags.1.Key` → `v`) to `out`.
pub fn flatten_into<V: Serialize + ?Sized>(
    prefix: &str,
    value: &V,
    out: &mut Vec<(String, String)>,
) {
    if let Ok(tree) = serde_json::to_value(value) {
        flatten_value(prefix.to_owned(), &tree, out);
    }
}

fn flatten_value(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (name, child) in map {
                flatten_value(format!("{key}.{name}"), child, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                flatten_value(format!("{key}.{}", i + 1), child, out);
            }
        }
        Value::Bool(b) => out.push((key, python_bool(*b).to_owned())),
        Value::Number(n) => out.push((key, number_text(n))),
        Value::String(s) => out.push((key, s.clone())),
    }
}

fn number_text(n: &serde_json::Number) -> String {
    if n.is_f64() {
        n.as_f64().map_or_else(|| n.to_string(), python_float)
    } else {
        n.to_string()
    }
}

/// `True` or `False`, as Python's `str(bool)`.
pub fn python_bool(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// A float as Python's `str(float)` writes it: shortest round-trip digits, `.0` on whole numbers,
/// exponent form (`1e+16`, `1.5e-05`) outside `1e-4 <= |x| < 1e16`.
pub fn python_float(value: f64) -> String {
    if value.is_nan() {
        return "nan".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let magnitude = value.abs();
    if magnitude == 0.0 || (1e-4..1e16).contains(&magnitude) {
        let text = value.to_string();
        return if text.contains('.') {
            text
        } else {
            format!("{text}.0")
        };
    }
    // Rust writes `1e16` / `1.5e-5`; Python writes `1e+16` / `1.5e-05`.
    let text = format!("{value:e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}

/// The form body: pairs sorted by name (stable for equal names), `urlencode`-style, joined by `&`.
pub fn form_body(pairs: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(pairs.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
    for (i, (name, value)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(name, &mut out);
        out.push('=');
        form_encode_into(value, &mut out);
    }
    out
}

fn form_encode_into(input: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_read_as_python_writes_them() {
        let cases = [
            (1.5, "1.5"),
            (100.0, "100.0"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (-2.25, "-2.25"),
            (0.1, "0.1"),
            (1e-4, "0.0001"),
            (1.5e-5, "1.5e-05"),
            (1e16, "1e+16"),
            (9_999_999_999_999_998.0, "9999999999999998.0"),
            (1.2345e100, "1.2345e+100"),
            (f64::INFINITY, "inf"),
        ];
        for (value, python) in cases {
            assert_eq!(python_float(value), python, "{value:?}");
        }
    }

    #[test]
    fn flattening_numbers_lists_from_one_and_skips_nulls_and_empty_lists() {
        let value = json!({
            "Name": "a b",
            "Tags": [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": null}],
            "Empty": [],
            "Nested": [[1, 2], [true]],
            "Ratio": 2.0,
            "Count": 3
        });
        let mut out = Vec::new();
        flatten_into("Input", &value, &mut out);
        // The order of the leaves does not matter on the wire (the query is signed sorted, the body
        // is sorted), so compare them sorted.
        out.sort();
        let got: Vec<(&str, &str)> = out.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("Input.Count", "3"),
                ("Input.Name", "a b"),
                ("Input.Nested.1.1", "1"),
                ("Input.Nested.1.2", "2"),
                ("Input.Nested.2.1", "True"),
                ("Input.Ratio", "2.0"),
                ("Input.Tags.1.Key", "k1"),
                ("Input.Tags.1.Value", "v1"),
                ("Input.Tags.2.Key", "k2"),
            ]
        );
    }

    /// A generated struct: fields in declaration order, absent optionals skipped, lists always written.
    #[derive(Serialize)]
    struct Declared {
        #[serde(rename = "Name")]
        name: String,
        #[serde(rename = "List")]
        list: Vec<i32>,
        #[serde(rename = "Skipped", skip_serializing_if = "Option::is_none")]
        skipped: Option<String>,
        #[serde(rename = "On")]
        on: bool,
        #[serde(rename = "N")]
        n: f64,
    }

    #[test]
    fn json_is_compact_in_declared_order_and_keeps_non_ascii() {
        let value = Declared {
            name: "模板 \"1\"".into(),
            list: Vec::new(),
            skipped: None,
            on: false,
            n: 1.0,
        };
        assert_eq!(
            json_text(&value).as_deref(),
            Some(r#"{"Name":"模板 \"1\"","List":[],"On":false,"N":1.0}"#)
        );
    }

    #[test]
    fn form_body_sorts_and_encodes_like_urlencode() {
        let pairs = vec![
            ("b".to_owned(), "x y".to_owned()),
            ("JobName".to_owned(), "模板*~/+&=".to_owned()),
            ("a".to_owned(), String::new()),
        ];
        assert_eq!(
            form_body(&pairs),
            "JobName=%E6%A8%A1%E6%9D%BF%2A~%2F%2B%26%3D&a=&b=x+y"
        );
        assert_eq!(form_body(&[]), "");
    }
}
