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

/// Adds `text` (spec prose) as a paragraph, escaped for markdown.
pub fn paragraph(out: &mut Vec<String>, text: &str) {
    paragraph_raw(out, &escape(text));
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
    let text = text.replace('\n', " ");
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

/// Escapes what rustdoc would misread in prose: link brackets, HTML-like `<...>`, emphasis stars, bare
/// URLs (made into autolinks). Backtick code spans are kept as they are.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, segment) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(segment);
            continue;
        }
        let mut words = segment.split(' ').peekable();
        while let Some(word) = words.next() {
            if let Some(start) = word.find("http://").or_else(|| word.find("https://")) {
                let (before, url) = word.split_at(start);
                let end = url.trim_end_matches(['.', ',', ';', ')']).len();
                out.push_str(&escape_word(before));
                out.push('<');
                out.push_str(&url[..end]);
                out.push('>');
                out.push_str(&escape_word(&url[end..]));
            } else {
                out.push_str(&escape_word(word));
            }
            if words.peek().is_some() {
                out.push(' ');
            }
        }
    }
    // An unmatched backtick would swallow the rest of the doc comment.
    if text.matches('`').count() % 2 == 1 {
        return escape_word(&text.replace('`', "'"));
    }
    out
}

fn escape_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '[' | ']' | '*' | '\\' | '_' | '#' => {
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
    }
}
