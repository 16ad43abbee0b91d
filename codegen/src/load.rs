//! Reading spec documents from disk into the typed model, with errors that name the file and the line.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::spec::Document;

/// A parsed document and the name it is reported under.
#[derive(Debug, Clone)]
pub struct LoadedDocument {
    /// The file name as shown in diagnostics and generated headers (e.g. `spec/ice-2020-11-09.yaml`).
    pub name: String,
    pub document: Document,
}

/// Every `*.yaml` file in `dir`, sorted by name so the output never depends on directory order.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| Diagnostic {
        file: dir.display().to_string(),
        location: Location::Document,
        message: format!("cannot read the spec directory: {e}"),
        hint: Some("run from the repository root, or pass the spec directory explicitly".into()),
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The largest spec document read, in bytes. The real documents are ~40 KB and a synthetic
/// 1,000-operation product is ~10 MB; the limit keeps a wrong file (a log, a disk image, an endless
/// device behind a symlink) from being read into memory whole.
pub const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// Loads every file, collecting all errors rather than stopping at the first file.
pub fn load_all(files: &[(String, PathBuf)]) -> Result<Vec<LoadedDocument>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut documents = Vec::new();
    for (name, path) in files {
        match read_bounded(name, path).and_then(|bytes| parse(name, &bytes)) {
            Ok(document) => documents.push(LoadedDocument {
                name: name.clone(),
                document,
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    diagnostics.into_result(documents)
}

/// Reads a spec file that must be a regular file (after following symlinks) of at most
/// [`MAX_SPEC_BYTES`]. A FIFO, socket or device is refused before it is opened, so it cannot block the
/// run; the read itself stops one byte past the limit, whatever the file claims its size is.
fn read_bounded(name: &str, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let error = |message: String, hint: Option<&str>| Diagnostic {
        file: name.to_owned(),
        location: Location::Document,
        message,
        hint: hint.map(str::to_owned),
    };
    let io = |e: std::io::Error| error(format!("cannot read the file: {e}"), None);
    let kind = std::fs::metadata(path).map_err(io)?.file_type();
    if !kind.is_file() {
        return Err(error(
            format!("not a regular file (it is {})", file_kind(kind)),
            Some("spec documents are plain YAML files; move this entry out of the spec directory"),
        ));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_SPEC_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_SPEC_BYTES {
        return Err(error(
            format!(
                "the file is larger than the spec size limit of {} MiB",
                MAX_SPEC_BYTES / (1024 * 1024)
            ),
            Some("split the product into several documents, or check that this is a spec document"),
        ));
    }
    Ok(bytes)
}

fn file_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a plain file"
    }
}

/// Parses one document from bytes. Never panics, whatever the bytes.
///
/// A leading byte-order mark is accepted. Bytes YAML does not allow (invalid UTF-8, NUL and other
/// control characters) are reported at their line and column, before the YAML parser sees them. A
/// strict pass ([`crate::strict`]) then rejects duplicate keys, null text and non-finite numbers.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_column(&bytes[..e.valid_up_to()]);
        Diagnostic {
            file: name.to_owned(),
            location: Location::Line { line, column },
            message: format!(
                "the file is not UTF-8 text (invalid byte 0x{:02X})",
                bytes[e.valid_up_to()]
            ),
            hint: Some(
                "spec documents are UTF-8 YAML text; re-save the file as UTF-8, or check it is the right file"
                    .into(),
            ),
        }
    })?;
    if let Some((offset, c)) = text.char_indices().find(|&(_, c)| !yaml_printable(c)) {
        let (line, column) = line_column(&bytes[..offset]);
        return Err(Diagnostic {
            file: name.to_owned(),
            location: Location::Line { line, column },
            message: format!(
                "the file holds the control character U+{:04X}, which YAML does not allow",
                u32::from(c)
            ),
            hint: Some(
                "remove it; to put it in a value, write it as an escape in a double-quoted string (\"\\u0000\")"
                    .into(),
            ),
        });
    }
    if text.trim().is_empty() {
        return Err(Diagnostic {
            file: name.to_owned(),
            location: Location::Document,
            message: "the file is empty".into(),
            hint: Some("a spec document starts with `openapi: 3.0.3`".into()),
        });
    }
    crate::strict::check(text).map_err(|e| yaml_diagnostic(name, &e))?;
    serde_yaml::from_str::<Document>(text).map_err(|e| yaml_diagnostic(name, &e))
}

/// The characters YAML 1.2 allows in a stream (its `c-printable`).
fn yaml_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// The 1-based line and column (in characters) just after `before`.
fn line_column(before: &[u8]) -> (usize, usize) {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
    let column = 1 + String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    (line, column)
}

fn yaml_diagnostic(name: &str, error: &serde_yaml::Error) -> Diagnostic {
    let full = error.to_string();
    // serde_yaml appends " at line L column C"; the location is reported separately.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_owned(),
        None => full.clone(),
    };
    let location = match error.location() {
        Some(l) => Location::Line {
            line: l.line(),
            column: l.column(),
        },
        None => Location::Document,
    };
    let hint = hint_for(&message);
    Diagnostic {
        file: name.to_owned(),
        location,
        message,
        hint,
    }
}

/// Suggests a fix for the serde messages users meet most: a misspelt key or value, a missing key.
fn hint_for(message: &str) -> Option<String> {
    let found = quoted_after(message, "unknown field `")
        .or_else(|| quoted_after(message, "unknown variant `"));
    if let Some(found) = found {
        let expected = message
            .split_once("expected one of ")
            .or_else(|| message.split_once("expected "))
            .map(|(_, rest)| backticked(rest))
            .unwrap_or_default();
        return Some(match closest(found, &expected) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => {
                "remove it: this key is not part of the spec format (docs/ARCHITECTURE.md)".into()
            }
            None => format!("allowed here: {}", expected.join(", ")),
        });
    }
    if message.contains("duplicate key `") {
        return Some("remove or rename one of the two: YAML keeps only the last, so the other would be silently lost".into());
    }
    if message.contains("is null, but it needs text") || message.contains("a key is null") {
        return Some("write the text; if the word is meant, quote it: 'null'".into());
    }
    if message.contains("is not a finite number") {
        return Some("write a finite number: limits and examples must be real numbers".into());
    }
    if let Some(field) = quoted_after(message, "missing field `") {
        return Some(format!(
            "add `{field}`; docs/ARCHITECTURE.md shows the spec format"
        ));
    }
    if message.contains("expected struct Document") {
        return Some("a spec document is a YAML mapping whose keys start with `openapi: 3.0.3`, `info:` and `paths:`".into());
    }
    if message.contains("invalid type") && message.contains("expected struct") {
        return Some("this value should be a mapping of keys (`key: value` lines), as docs/ARCHITECTURE.md shows".into());
    }
    if message.contains("invalid type") {
        return Some(
            "check the value's YAML type: quote text that looks like a number, date or boolean"
                .into(),
        );
    }
    None
}

fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let start = message.find(prefix)? + prefix.len();
    let rest = &message[start..];
    rest.find('`').map(|end| &rest[..end])
}

fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The candidate nearest to `found` by edit distance, if it is near enough to be a typo.
fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(&found.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let hint =
            hint_for("paths: unknown field `descripton`, expected one of `summary`, `description`");
        assert_eq!(hint.as_deref(), Some("did you mean `description`?"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("strng", "string"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
