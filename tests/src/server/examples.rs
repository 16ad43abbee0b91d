//! Response examples, read from the spec files at startup.
//!
//! The spec (`spec/<product>-<version>.yaml`, OpenAPI 3.0.3) is the project's single source of truth,
//! so the server answers with its `paths./#<Action>.<method>.responses.'200'.content.application/json.example`.
//! When a spec file or an example is missing (the spec is written in parallel with this server), the
//! pages' own JSON examples, embedded below, are used instead, and [`Examples::source`] says so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::routing::{Action, OPERATIONS, by_name};

/// The pages' JSON examples, with the one obviously broken value fixed (DescribeRtcCloudRecordingFiles'
/// trailing `\n` in two ids).
const BUILTIN: &str = include_str!("builtin_examples.json");

/// Where an operation's example came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExampleSource {
    Spec(PathBuf),
    Builtin,
}

/// One example per operation.
#[derive(Clone, Debug)]
pub struct Examples {
    entries: BTreeMap<Action, (Value, ExampleSource)>,
    /// Problems met while reading the spec (unreadable file, bad YAML, ...), for diagnostics.
    pub warnings: Vec<String>,
}

impl Examples {
    /// Reads every `*.yaml`/`*.yml` in `spec_dir`; fills the gaps from the built-in examples.
    pub fn load(spec_dir: &Path) -> Examples {
        let mut entries = BTreeMap::new();
        let mut warnings = Vec::new();
        let mut files: Vec<PathBuf> = match std::fs::read_dir(spec_dir) {
            Ok(dir) => dir
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect(),
            Err(e) => {
                warnings.push(format!("cannot read {}: {e}", spec_dir.display()));
                Vec::new()
            }
        };
        files.sort();
        for file in files {
            match read_spec_examples(&file) {
                Ok(found) => {
                    for (action, example) in found {
                        entries.insert(action, (example, ExampleSource::Spec(file.clone())));
                    }
                }
                Err(e) => warnings.push(format!("{}: {e}", file.display())),
            }
        }
        let builtin: BTreeMap<String, Value> = match serde_json::from_str(BUILTIN) {
            Ok(map) => map,
            Err(e) => {
                warnings.push(format!("built-in examples: {e}"));
                BTreeMap::new()
            }
        };
        for op in OPERATIONS {
            entries.entry(op.action).or_insert_with(|| {
                let example = builtin
                    .get(op.name)
                    .cloned()
                    .unwrap_or_else(|| Value::Object(Default::default()));
                (example, ExampleSource::Builtin)
            });
        }
        Examples { entries, warnings }
    }

    /// Only the built-in examples (no spec directory).
    pub fn builtin() -> Examples {
        Examples::load(Path::new("/nonexistent-spec-dir"))
    }

    /// The example response of `action` (an object; `{}` if no source had one).
    pub fn get(&self, action: Action) -> Value {
        self.entries
            .get(&action)
            .map(|(value, _)| value.clone())
            .unwrap_or_else(|| Value::Object(Default::default()))
    }

    pub fn source(&self, action: Action) -> Option<&ExampleSource> {
        self.entries.get(&action).map(|(_, source)| source)
    }
}

/// The 200 examples of one spec file, for the operations the server knows.
fn read_spec_examples(file: &Path) -> Result<Vec<(Action, Value)>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    // YAML → JSON: integer map keys (an unquoted `200:`) become strings.
    let doc: Value = serde_json::to_value(&yaml).map_err(|e| e.to_string())?;
    let version = doc.pointer("/info/version").and_then(Value::as_str);
    let mut found = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Ok(found);
    };
    for (path, item) in paths {
        let Some(name) = path.strip_prefix("/#") else {
            continue;
        };
        let Some(op) = by_name(name) else { continue };
        if version.is_some_and(|v| v != op.version) {
            continue;
        }
        let Some(methods) = item.as_object() else {
            continue;
        };
        for operation in methods.values() {
            let example = operation
                .pointer("/responses/200/content/application~1json/example")
                .filter(|v| v.is_object());
            if let Some(example) = example {
                found.push((op.action, example.clone()));
                break;
            }
        }
    }
    Ok(found)
}
