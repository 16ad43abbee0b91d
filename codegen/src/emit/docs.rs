//! Doc comments: the page's words made safe for rustdoc, plus examples, defaults and limits.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc = ...]` attributes, one per line, for outer docs.
pub fn outer(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}").trim_end().to_owned());
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = ...]` attributes for a module's inner docs.
pub fn inner(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}").trim_end().to_owned());
    quote! { #( #![doc = #lines] )* }
}

/// Renders the parts of a `Docs` as paragraphs.
pub fn lines(docs: &Docs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(description) = &docs.description {
        paragraph(&mut out, description);
    }
    for note in &docs.notes {
        paragraph(&mut out, note);
    }
    let mut facts = Vec::new();
    if let Some(default) = &docs.default {
        facts.push(format!("Default: {}.", code(default)));
    }
    facts.extend(docs.limits.iter().cloned());
    if let Some(example) = &docs.example {
        facts.push(format!("Example: {}.", code(example)));
    }
    if !facts.is_empty() {
        paragraph_raw(&mut out, &facts.join(" "));
    }
    out
}

/// Adds `text` (spec prose, possibly several lines) as a paragraph, escaped for markdown.
///
/// Spec text must never become code: a fenced block is kept, but as a `text` block (rustdoc neither
/// compiles nor runs it), and the first line of every block loses its indentation, so no indented code
/// block (which rustdoc takes for Rust code) can form; other lines keep theirs (nested lists), since an
/// indented line cannot interrupt a paragraph or list. An unclosed fence is closed. The prose between
/// is escaped like [`escape`].
pub fn paragraph(out: &mut Vec<String>, text: &str) {
    let text = one_kind_of_line_break(text);
    let mut markdown: Vec<String> = Vec::new();
    let mut prose: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let flush = |prose: &mut Vec<String>, markdown: &mut Vec<String>| {
        if !prose.is_empty() {
            markdown.push(escape_prose(&prose.join("\n")));
            prose.clear();
        }
    };
    let mut starts_block = true;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let kept = if starts_block { trimmed } else { line };
        starts_block = trimmed.is_empty();
        match &fence {
            Some(open) => {
                if closes(trimmed, open) {
                    markdown.push(open.clone());
                    fence = None;
                    starts_block = true;
                } else {
                    markdown.push(line.trim_end().to_owned());
                }
            }
            // A fence may also open after list markers (`- ```rust`), inside the item: the markers
            // stay as prose and the fence becomes a `text` block of its own.
            None => {
                let (markers, content) = list_markers(trimmed);
                match opening_fence(content) {
                    Some(open) => {
                        if !markers.is_empty() {
                            prose.push(markers.trim_end().to_owned());
                        }
                        flush(&mut prose, &mut markdown);
                        markdown.push(format!("{open}text"));
                        fence = Some(open);
                    }
                    // `kept` is `trimmed` with or without its indentation.
                    None => prose.push(format!(
                        "{}{markers}{content}",
                        &kept[..kept.len() - trimmed.len()]
                    )),
                }
            }
        }
    }
    flush(&mut prose, &mut markdown);
    if let Some(open) = fence {
        markdown.push(open);
    }
    paragraph_raw(out, &markdown.join("\n"));
}

/// The line with one space after each list marker that starts it (`-`, `+`, `*`, `1.`, `1)`, nested
/// ones too): after a marker and five spaces or more, markdown starts an indented code block inside
/// the item, which rustdoc would compile as a doctest.
fn tight_markers(line: &str) -> String {
    let body = line.trim_start();
    let (markers, content) = list_markers(body);
    format!("{}{markers}{content}", &line[..line.len() - body.len()])
}

/// The list markers a line starts with, each followed by one space, and the text after them.
fn list_markers(line: &str) -> (String, &str) {
    let mut markers = String::new();
    let mut rest = line;
    loop {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let marker = match rest.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 => digits + 1,
            Some(b'-' | b'+' | b'*') if digits == 0 => 1,
            _ => break,
        };
        let after = &rest[marker..];
        let content = after.trim_start_matches(' ');
        if content.len() == after.len() {
            break;
        }
        markers.push_str(&rest[..marker]);
        markers.push(' ');
        rest = content;
    }
    (markers, rest)
}

/// `\n` for every line break, and a space for every other control character (a bare CR is not allowed
/// in a doc comment at all).
fn one_kind_of_line_break(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => '\n',
            '\t' => ' ',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect()
}

/// The fence a line opens (three or more backticks or tildes), if it opens one.
fn opening_fence(line: &str) -> Option<String> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = line.chars().take_while(|x| *x == c).count();
    (len >= 3).then(|| c.to_string().repeat(len))
}

fn closes(line: &str, open: &str) -> bool {
    let c = open.chars().next().unwrap_or('`');
    let len = line.chars().take_while(|x| *x == c).count();
    len >= open.len() && line.trim_end().chars().all(|x| x == c)
}

/// Adds already-safe markdown as a paragraph.
pub fn paragraph_raw(out: &mut Vec<String>, markdown: &str) {
    if !out.is_empty() {
        out.push(String::new());
    }
    out.extend(markdown.lines().map(|l| l.trim_end().to_owned()));
}

/// Inline code that survives backticks inside the value.
pub fn code(text: &str) -> String {
    let text = one_kind_of_line_break(text).replace('\n', " ");
    let mut fence = String::from("`");
    while text.contains(fence.as_str()) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') || text.starts_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Escapes text shown within one line of docs (a summary, a title, a message): line breaks become
/// spaces, so nothing in it can start a block, then as [`escape_prose`].
pub fn escape(text: &str) -> String {
    escape_prose(&tight_markers(
        &one_kind_of_line_break(text).replace('\n', " "),
    ))
}

/// Escapes what rustdoc would misread in prose: link brackets, HTML-like `<...>`, emphasis stars, bare
/// URLs (made into autolinks). Backtick code spans are kept as they are when they close on their own
/// line: one spanning lines can be broken by what starts the next line (`<!--` opens an HTML block),
/// which would leave its text unescaped.
fn escape_prose(text: &str) -> String {
    text.split('\n')
        .map(escape_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('`') {
        out.push_str(&escape_words(&rest[..i]));
        let run = rest[i..].bytes().take_while(|b| *b == b'`').count();
        let after = &rest[i + run..];
        match closing_run(after, run) {
            // A code span (closed by a run of the same length, as in markdown): kept as it is.
            Some(end) => {
                out.push_str(&rest[i..i + run + end + run]);
                rest = &after[end + run..];
            }
            // A run nothing closes would swallow the rest of the docs: escaped, shown as is.
            None => {
                out.push_str(&"\\`".repeat(run));
                rest = after;
            }
        }
    }
    out.push_str(&escape_words(rest));
    out
}

/// Where in `text` the first run of exactly `len` backticks starts.
fn closing_run(text: &str, len: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// Prose outside code spans: each word escaped, URLs made autolinks (up to the first character an
/// autolink cannot hold), so rustdoc sees neither a link, HTML, emphasis nor a bare URL.
fn escape_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split(' ').peekable();
    while let Some(word) = words.next() {
        let mut rest = word;
        // A word may hold several URLs (`a<http://x><https://y>`): each becomes an autolink.
        // The first URL of either scheme (an `https` one before an `http` one was left bare).
        while let Some(start) = [rest.find("http://"), rest.find("https://")]
            .into_iter()
            .flatten()
            .min()
        {
            let (before, url) = rest.split_at(start);
            // Words are split on spaces only: a URL also ends at a line break or a tab, else its
            // autolink would span lines and rustdoc would see a bare URL.
            let url_end = url
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '\\' | '`' | '"'))
                .unwrap_or(url.len());
            let end = url[..url_end]
                .trim_end_matches(['.', ',', ';', ')', '\''])
                .len();
            out.push_str(&escape_word(before));
            out.push('<');
            out.push_str(&url[..end]);
            out.push('>');
            rest = &url[end..];
        }
        out.push_str(&escape_word(rest));
        if words.peek().is_some() {
            out.push(' ');
        }
    }
    out
}

fn escape_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            // `~` too: three of them open a fence where a line or a list item starts.
            '[' | ']' | '*' | '\\' | '_' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_escaped_for_rustdoc() {
        assert_eq!(
            escape("See http://a.b/c. and [x]"),
            "See <http://a.b/c>. and \\[x\\]"
        );
        assert_eq!(
            escape("array<object> `Mix` *All"),
            "array&lt;object&gt; `Mix` \\*All"
        );
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(escape("a\n```\nb"), "a \\`\\`\\` b");
        assert_eq!(escape("`` a ``` b[x] `"), "\\`\\` a \\`\\`\\` b\\[x\\] \\`");
        assert_eq!(escape("`x` ``y`z``"), "`x` ``y`z``");
        assert_eq!(
            escape("@<https://ok.example>"),
            "@&lt;<https://ok.example>&gt;"
        );
        assert_eq!(
            escape("http://a/<z><https://b>"),
            "<http://a/>&lt;z&gt;&lt;<https://b>&gt;"
        );
        // Found by the random-spec test at 4 crates: a list item whose text starts after five
        // spaces or more was an indented code block (a doctest), and an autolink ran over a line break.
        assert_eq!(tight_markers("  -      ```rust x"), "  - ```rust x");
        assert_eq!(tight_markers("1.     - 2)      y  z"), "1. - 2) y  z");
        assert_eq!(tight_markers("-5 degrees,  -  x"), "-5 degrees,  -  x");
        assert_eq!(tight_markers("-"), "-");
        assert_eq!(escape("- ~~~ rust"), "- \\~\\~\\~ rust");
        assert_eq!(
            escape_prose("a ```x\n<!-- ```"),
            "a \\`\\`\\`x\n&lt;!-- \\`\\`\\`"
        );
        assert_eq!(
            escape("\\<https://a.b><http://c.d>"),
            "\\\\&lt;<https://a.b>&gt;&lt;<http://c.d>&gt;"
        );
        assert_eq!(
            escape_prose("[a]: http://x1.http://a.b/c\n> b\thttp://d/e\tf"),
            "\\[a\\]: <http://x1.http://a.b/c>\n&gt; b\t<http://d/e>\tf"
        );
    }

    #[test]
    fn spec_text_never_becomes_code_rustdoc_would_compile() {
        let mut out = Vec::new();
        paragraph(
            &mut out,
            "Intro:\n```rust\nfn main() {}\n```\n    after_a_fence();\n\n    indented();\n  - a\n    - b\n~~~~\nopen",
        );
        assert_eq!(
            out,
            [
                "Intro:",
                "```text",
                "fn main() {}",
                "```",
                "after\\_a\\_fence();",
                "",
                "indented();",
                "  - a",
                "    - b",
                "~~~~text",
                "open",
                "~~~~"
            ]
        );
        // A fence after list markers (found by the random-spec test at 12 crates).
        let mut out = Vec::new();
        paragraph(&mut out, "- ```rust\nx```\n```\n1.   ~~~ rust\ny");
        assert_eq!(
            out,
            ["-", "```text", "x```", "```", "1.", "~~~text", "y", "~~~"]
        );
    }
}
