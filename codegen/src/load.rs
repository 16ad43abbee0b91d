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

/// Loads every file, collecting all errors rather than stopping at the first file.
pub fn load_all(files: &[(String, PathBuf)]) -> Result<Vec<LoadedDocument>, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut documents = Vec::new();
    for (name, path) in files {
        match std::fs::read(path) {
            Ok(bytes) => match parse(name, &bytes) {
                Ok(document) => documents.push(LoadedDocument {
                    name: name.clone(),
                    document,
                }),
                Err(d) => diagnostics.push(d),
            },
            Err(e) => diagnostics.push(Diagnostic {
                file: name.clone(),
                location: Location::Document,
                message: format!("cannot read the file: {e}"),
                hint: None,
            }),
        }
    }
    diagnostics.into_result(documents)
}

/// Parses one document from bytes. Never panics, whatever the bytes.
pub fn parse(name: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|e| Diagnostic {
        file: name.to_owned(),
        location: Location::Document,
        message: format!(
            "the file is not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ),
        hint: Some("spec documents are YAML text files; is this the right file?".into()),
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic {
            file: name.to_owned(),
            location: Location::Document,
            message: "the file is empty".into(),
            hint: Some("a spec document starts with `openapi: 3.0.3`".into()),
        });
    }
    serde_yaml::from_str::<Document>(text).map_err(|e| yaml_diagnostic(name, &e))
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
