//! A small YAML writer that formats like the hand-written spec: two-space indents, sequences indented
//! under their key, plain scalars where YAML reads them back unchanged, single quotes otherwise, long
//! prose folded (`>-`) near 114 columns and multi-line prose as a literal block (`|-`).
//!
//! serde_yaml's own writer would do, but its layout differs from the hand-written files (quoting,
//! folding, indentation), which would make every import diff noisy.

use serde_json::Value;

/// How a string may be laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Prose: may be folded or written as a literal block.
    Text,
    /// Always on the key's line (examples, names).
    Line,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Str(String, Style),
    /// A number, `true`/`false` or `null`, written as is.
    Raw(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

impl Node {
    pub fn text(s: impl Into<String>) -> Node {
        Node::Str(s.into(), Style::Text)
    }

    pub fn line(s: impl Into<String>) -> Node {
        Node::Str(s.into(), Style::Line)
    }

    pub fn null() -> Node {
        Node::Raw("null".into())
    }

    /// A JSON value (an example) as a node; strings are never folded.
    pub fn json(v: &Value) -> Node {
        match v {
            Value::Null => Node::null(),
            Value::Bool(b) => Node::Raw(b.to_string()),
            Value::Number(n) => Node::Raw(n.to_string()),
            Value::String(s) => Node::line(s.clone()),
            Value::Array(a) => Node::Seq(a.iter().map(Node::json).collect()),
            Value::Object(m) => {
                Node::Map(m.iter().map(|(k, v)| (k.clone(), Node::json(v))).collect())
            }
        }
    }
}

const WIDTH: usize = 114;
const MAX_INLINE: usize = 125;

/// Whether YAML reads `s` back as the same string when written plain.
fn plain_ok(s: &str) -> bool {
    if s.is_empty() || s != s.trim() || s.contains('\n') || s.chars().any(char::is_control) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    ) {
        return false;
    }
    // Numbers and dates (YAML 1.1 readers would take them as such).
    let first = s.chars().next().unwrap_or(' ');
    if (first.is_ascii_digit() || matches!(first, '+' | '-' | '.'))
        && (s.parse::<f64>().is_ok()
            || s.chars().all(|c| {
                c.is_ascii_digit() || matches!(c, '-' | ':' | 'T' | 'Z' | '.' | '+' | ' ')
            }))
    {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') {
        return false;
    }
    matches!(serde_yaml::from_str::<serde_yaml::Value>(s), Ok(serde_yaml::Value::String(back)) if back == s)
}

fn single_quoted(s: &str) -> Option<String> {
    (!s.contains('\n') && !s.chars().any(char::is_control))
        .then(|| format!("'{}'", s.replace('\'', "''")))
}

fn double_quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "''".into())
}

/// A scalar on one line.
pub fn inline(s: &str) -> String {
    if plain_ok(s) {
        s.to_owned()
    } else {
        single_quoted(s).unwrap_or_else(|| double_quoted(s))
    }
}

fn foldable(s: &str) -> bool {
    !s.contains("  ") && s == s.trim() && !s.chars().any(char::is_control) && !s.contains('\n')
}

fn literal_ok(s: &str) -> bool {
    !s.starts_with([' ', '\t'])
        && !s.chars().any(|c| c.is_control() && c != '\n')
        && s.lines().all(|l| l == l.trim_end())
        && !s.ends_with('\n')
}

/// Greedy word wrap so that `indent + line` stays within WIDTH.
fn wrap(s: &str, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in s.split(' ') {
        if !current.is_empty()
            && indent + current.chars().count() + 1 + word.chars().count() > WIDTH
        {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Writes `prefix` (e.g. `key:` or `-`) and a string value, with continuation lines at `indent`.
fn string(out: &mut String, prefix: &str, s: &str, style: Style, indent: usize, column: usize) {
    let pad = " ".repeat(indent);
    if style == Style::Text && s.contains('\n') && literal_ok(s) {
        out.push_str(&format!("{prefix} |-\n"));
        for line in s.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str(&format!("{pad}{line}\n"));
            }
        }
        return;
    }
    let one = inline(s);
    if style == Style::Text
        && column + prefix.len() + 1 + one.chars().count() > MAX_INLINE
        && foldable(s)
    {
        out.push_str(&format!("{prefix} >-\n"));
        for line in wrap(s, indent) {
            out.push_str(&format!("{pad}{line}\n"));
        }
        return;
    }
    out.push_str(&format!("{prefix} {one}\n"));
}

/// Writes a map's entries at `indent`.
pub fn map(out: &mut String, entries: &[(String, Node)], indent: usize) {
    for (i, (key, value)) in entries.iter().enumerate() {
        let pad = if i == 0 && out.ends_with("- ") {
            String::new()
        } else {
            " ".repeat(indent)
        };
        out.push_str(&pad);
        entry(out, &format!("{}:", inline(key)), value, indent);
    }
}

/// Writes `prefix` and a value whose continuation is indented under the key at `indent`.
fn entry(out: &mut String, prefix: &str, value: &Node, indent: usize) {
    match value {
        Node::Str(s, style) => string(out, prefix, s, *style, indent + 2, indent),
        Node::Raw(r) => out.push_str(&format!("{prefix} {r}\n")),
        Node::Map(m) if m.is_empty() => out.push_str(&format!("{prefix} {{}}\n")),
        Node::Map(m) => {
            out.push_str(&format!("{prefix}\n"));
            map(out, m, indent + 2);
        }
        Node::Seq(s) if s.is_empty() => out.push_str(&format!("{prefix} []\n")),
        Node::Seq(s) => {
            out.push_str(&format!("{prefix}\n"));
            seq(out, s, indent + 2);
        }
    }
}

fn seq(out: &mut String, items: &[Node], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        match item {
            Node::Map(m) if !m.is_empty() => {
                out.push_str(&format!("{pad}- "));
                map(out, m, indent + 2);
            }
            Node::Seq(s) if !s.is_empty() => {
                out.push_str(&format!("{pad}-\n"));
                seq(out, s, indent + 2);
            }
            other => {
                out.push_str(&pad);
                entry(out, "-", other, indent);
            }
        }
    }
}

/// The node as a YAML value, to check what was written reads back the same.
pub fn to_value(node: &Node) -> serde_yaml::Value {
    match node {
        Node::Str(s, _) => serde_yaml::Value::String(s.clone()),
        Node::Raw(r) => serde_yaml::from_str(r).unwrap_or(serde_yaml::Value::Null),
        Node::Map(m) => serde_yaml::Value::Mapping(
            m.iter()
                .map(|(k, v)| (serde_yaml::Value::String(k.clone()), to_value(v)))
                .collect(),
        ),
        Node::Seq(s) => serde_yaml::Value::Sequence(s.iter().map(to_value).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(node: &Node) -> String {
        let mut out = String::new();
        if let Node::Map(m) = node {
            map(&mut out, m, 0);
        }
        out
    }

    #[test]
    fn quoting() {
        assert_eq!(inline("Template 1"), "Template 1");
        assert_eq!(inline("2022-07-15T08:00:00Z"), "'2022-07-15T08:00:00Z'");
        assert_eq!(inline("****a046"), "'****a046'");
        assert_eq!(inline("%s"), "'%s'");
        assert_eq!(
            inline("The page number. Default value: 1."),
            "'The page number. Default value: 1.'"
        );
        assert_eq!(
            inline("rtmp://example-live.com/live/stream1"),
            "rtmp://example-live.com/live/stream1"
        );
        assert_eq!(inline("Single::UserA::AV::C"), "Single::UserA::AV::C");
        assert_eq!(inline("200"), "'200'");
        assert_eq!(inline("#/components/schemas/X"), "'#/components/schemas/X'");
        assert_eq!(inline("/#ListLiveRecordJobs"), "/#ListLiveRecordJobs");
    }

    #[test]
    fn layout_round_trips() {
        let long = "word ".repeat(40).trim().to_owned();
        let node = Node::Map(vec![
            (
                "a".into(),
                Node::Seq(vec![
                    Node::text(long.clone()),
                    Node::Map(vec![
                        ("b".into(), Node::Raw("1".into())),
                        ("c".into(), Node::Seq(vec![])),
                    ]),
                ]),
            ),
            ("d".into(), Node::text("one\n\n- two\n  - three")),
            ("e".into(), Node::line(" leading")),
        ]);
        let text = render(&node);
        assert!(text.contains("- >-\n    word"), "{text}");
        let back: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back, to_value(&node), "{text}");
    }
}
