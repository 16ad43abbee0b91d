//! Rust names for wire names, with heck, so every module names things the same way.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};

pub mod inline;

/// Words that cannot be plain identifiers. Those usable as raw identifiers get `r#`; the few that
/// cannot (`self`, `super`, `crate`, `Self`) get a trailing underscore.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self",
    "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield", "abstract", "become",
];
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self"];

/// A snake_case field, method or module name for a wire name (`MediaURL` → `media_url`).
/// Keywords come back as `r#type`.
pub fn snake(wire: &str) -> String {
    let mut name = ascii(&wire.to_snake_case(), true);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// A module (and file) name: snake_case, with keywords suffixed by `_` because `r#name.rs` cannot be a file.
pub fn module(wire: &str) -> String {
    let name = snake(wire);
    match name.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => name,
    }
}

/// Type names the generated code uses unqualified; a spec type with one of these names would shadow it.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "From",
    "Into",
    "Iterator",
    "IntoIterator",
    "Send",
    "Sync",
    "Sized",
    "Copy",
    "Self",
    "Client",
    "PRODUCT",
];

/// An UpperCamelCase type or variant name (`NotFound.Task` → `NotFoundTask`).
pub fn camel(wire: &str) -> String {
    let mut name = ascii(&wire.to_upper_camel_case(), false);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    escape_keyword(name)
}

/// Spells each non-ASCII character by its code point (`größe` → `gr_u00f6_u00df_e`, `Größe` →
/// `GrU00F6U00DFe`), so that distinct wire names stay distinct as ASCII identifiers and the checker
/// sees the names the emitter writes. (Replacing them with `_` made `Größe` and `Grüße` one field.)
fn ascii(name: &str, snake: bool) -> String {
    if name.is_ascii() {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len() + 8);
    let mut after_escape = false;
    for c in name.chars() {
        if c.is_ascii() {
            if snake && after_escape && c != '_' {
                out.push('_');
            }
            out.push(c);
            after_escape = false;
        } else if snake {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push_str(&format!("u{:04x}", u32::from(c)));
            after_escape = true;
        } else {
            out.push_str(&format!("U{:04X}", u32::from(c)));
            after_escape = true;
        }
    }
    out
}

/// The cargo features the generated manifest writes whatever the spec, in its order (a test in
/// emit/manifest.rs holds the two together). A product's feature is its module name, and its groups'
/// are `<module>-<group>`, so a product may be named neither one of these nor the part of one before
/// a `-` (`tls`, `test`).
pub const FIXED_FEATURES: &[&str] = &[
    "default",
    "serde-serialize",
    "serde-deserialize",
    "tls-aws-lc",
    "tls-ring",
    "test-util",
];

/// Module names the generated code already uses where operation or product modules live: the client
/// module, the runtime alias and re-export, and crates it names by path (a module of the same name
/// would make those paths ambiguous), and the product's `types` module. `new` is `Client::new`, which an operation's method would clash with.
pub const RESERVED_MODULE_NAMES: &[&str] = &[
    "client",
    "types",
    "rt",
    "runtime",
    "new",
    "std",
    "core",
    "alloc",
    "serde",
    "serde_json",
    "futures",
    "alibabacloud_rpc_runtime",
    "test_util",
];

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// Whether `name` (possibly `r#`-prefixed) is a valid Rust identifier.
pub fn is_identifier(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    bare != "_" && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name without a raw prefix, for use inside other names (`r#type` → `type`).
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The method that parses a JSON-in-string field (`parse_<field>`); a field named with a leading
/// underscore (`_9lives`, a name starting with a digit) gives `parse_9lives`, not `parse__9lives`.
pub fn json_parser(field: &str) -> String {
    format!("parse_{}", bare(field).trim_start_matches('_'))
}

/// The response component of an RPC action (`<Action>Response`), as the hand-written documents name it.
pub fn response_name(action: &str) -> String {
    format!("{action}Response")
}

/// At most this many operations share a derived group while a second word can split it.
pub const MAX_DERIVED_GROUP: usize = 50;

/// The group (cargo feature suffix) a tag names: kebab-case ASCII (`Media Processing` → `media-processing`).
pub fn group(tag: &str) -> String {
    ascii(&tag.to_kebab_case(), true)
}

/// An English plural's singular, for the last word of an operation name (`jobs` → `job`,
/// `policies` → `policy`); other words are kept (`status`, `class`).
fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() > 1) {
        format!("{stem}y")
    } else if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
    {
        word[..word.len() - 1].to_owned()
    } else {
        word.to_owned()
    }
}

/// Whether a group makes a cargo feature name after `<product>-`.
pub fn is_group(group: &str) -> bool {
    !group.is_empty()
        && group
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !group.starts_with('-')
        && !group.ends_with('-')
}

/// The group of each operation that has no tag, from its name: the resource word after the verb
/// (`SubmitMediaProducingJob` → `media`; a leading `Batch` belongs to the verb). A group of more than
/// [`MAX_DERIVED_GROUP`] operations is split by the next word (`DescribeLiveDomainConfigs` →
/// `live-domain`), twice at most. Depends only on the set of names, so it is deterministic.
pub fn derive_groups(names: &[&str]) -> Vec<String> {
    let words: Vec<Vec<String>> = names
        .iter()
        .map(|name| {
            let snake = name.to_snake_case();
            let all: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
            let skip = if all.first() == Some(&"batch") && all.len() > 2 {
                2
            } else {
                1
            };
            let mut rest: Vec<String> = all.iter().skip(skip).map(|w| ascii(w, true)).collect();
            // `ListAlbums` and `GetAlbum` are one resource.
            if let Some(last) = rest.last_mut() {
                *last = singular(last);
            }
            if rest.is_empty() {
                all.iter().map(|w| ascii(w, true)).take(1).collect()
            } else {
                rest
            }
        })
        .collect();
    let mut taken: Vec<usize> = vec![1; names.len()];
    let key = |i: usize, taken: &[usize]| words[i][..taken[i].min(words[i].len())].join("-");
    for _ in 0..2 {
        let mut sizes: std::collections::BTreeMap<String, usize> = Default::default();
        for i in 0..names.len() {
            *sizes.entry(key(i, &taken)).or_default() += 1;
        }
        let before = taken.clone();
        for i in 0..names.len() {
            if sizes[&key(i, &before)] > MAX_DERIVED_GROUP && words[i].len() > before[i] {
                taken[i] = before[i] + 1;
            }
        }
    }
    (0..names.len())
        .map(|i| {
            let g = key(i, &taken);
            if is_group(&g) { g } else { "other".to_owned() }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_become_rust_names() {
        assert_eq!(snake("MediaURL"), "media_url");
        assert_eq!(snake("Mp3FileList"), "mp3_file_list");
        assert_eq!(snake("KeyWord"), "key_word");
        assert_eq!(snake("Keyword"), "keyword");
        assert_eq!(snake("Type"), "r#type");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(camel("NotFound.Task"), "NotFoundTask");
        assert_eq!(camel("narrow-band"), "NarrowBand");
        assert_eq!(camel("0"), "V0");
        assert_eq!(snake("Größe"), "gr_u00f6_u00df_e");
        assert_eq!(snake("Grüße"), "gr_u00fc_u00df_e");
        assert_eq!(camel("Größe"), "GrU00F6U00DFe");
        assert!(is_identifier(&snake("数据")) && is_identifier(&camel("数据")));
    }

    #[test]
    fn groups_come_from_the_resource_word() {
        let names = [
            "SubmitMediaProducingJob",
            "GetMediaInfo",
            "BatchGetMediaInfos",
            "ListLiveRecordJobs",
            "Search",
        ];
        assert_eq!(
            derive_groups(&names),
            ["media", "media", "media", "live", "search"]
        );
        let many: Vec<String> = (0..=MAX_DERIVED_GROUP)
            .map(|i| {
                format!(
                    "DescribeLive{}Thing{i}",
                    if i % 2 == 0 { "Domain" } else { "Stream" }
                )
            })
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let groups = derive_groups(&many);
        assert_eq!(groups[0], "live-domain");
        assert_eq!(groups[1], "live-stream");
        assert_eq!(group("Media Processing"), "media-processing");
        assert!(
            is_group("media-processing") && !is_group("") && !is_group("-x") && !is_group("a_b")
        );
    }

    #[test]
    fn identifiers_are_recognised() {
        assert!(is_identifier("r#type"));
        assert!(is_identifier("media_url"));
        assert!(!is_identifier("9lives"));
        assert!(!is_identifier("a-b"));
        assert!(!is_identifier("_"));
    }
}
