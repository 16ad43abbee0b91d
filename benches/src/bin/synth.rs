//! Writes benchmark inputs for `scripts/bench-compile.sh`. The spec is `real` (the repository's five
//! operations), a number of synthetic operations, or a directory of spec documents (the imported
//! page corpus, see scripts/import-corpus.sh):
//!
//! - `synth crate (OPS|real) DIR RUNTIME_PATH PACKAGE`: the generated crate (our generator) in DIR,
//!   depending on the runtime at RUNTIME_PATH, named PACKAGE;
//! - `synth progenitor-spec (OPS|real) FILE.json`: the same spec as one OpenAPI document progenitor
//!   can read: RPC paths `/#Action` become `/Action`, and the products are merged into one document;
//! - `synth repo (OPS|real) DIR`: a repository layout for `xtask --repo DIR gen` (`DIR/spec/*.yaml`
//!   and an empty `DIR/generated/`), for `scripts/bench-gen-10k.sh`.

use std::path::Path;

use sdk_benches::synthetic;
use serde_json::Value;

fn sources(arg: &str) -> Vec<(String, String)> {
    if arg == "real" {
        return synthetic::real_sources();
    }
    let dir = Path::new(arg);
    if dir.is_dir() {
        return spec_dir(dir);
    }
    match arg.parse::<usize>() {
        Ok(n) if n > 0 => synthetic::sources(n),
        _ => usage(),
    }
}

/// The `*.yaml` documents of a spec directory (an imported corpus spec), by name.
fn spec_dir(dir: &Path) -> Vec<(String, String)> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            (format!("spec/{}", name.unwrap_or_default()), text)
        })
        .collect()
}

fn usage() -> ! {
    eprintln!(
        "usage: synth crate (OPS|real|SPEC_DIR) DIR RUNTIME_PATH PACKAGE\n       synth progenitor-spec (OPS|real|SPEC_DIR) FILE.json\n       synth repo (OPS|real|SPEC_DIR) DIR"
    );
    std::process::exit(2)
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    // Only when different, like `cargo xtask gen`, so unchanged files keep their mtimes.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["repo", which, dir] => {
            let dir = Path::new(dir);
            for (name, text) in sources(which) {
                write(&dir.join(name), &text);
            }
            std::fs::create_dir_all(dir.join("generated"))
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
        ["crate", which, dir, runtime_path, package] => {
            let config = codegen::CrateConfig {
                package_name: (*package).to_owned(),
                lib_name: package.replace('-', "_"),
                standalone: Some(codegen::Standalone {
                    version: "0.1.0".to_owned(),
                    runtime_path: (*runtime_path).to_owned(),
                }),
                ..codegen::CrateConfig::default()
            };
            let sources = sources(which);
            let files = codegen::generate_from_sources(&synthetic::as_refs(&sources), &config)
                .unwrap_or_else(|d| panic!("{d}"));
            for (path, text) in &files {
                write(&Path::new(dir).join(path), text);
            }
            println!(
                "{dir}: {} files, {} operations",
                files.len(),
                synthetic::operation_files(&files)
            );
        }
        ["progenitor-spec", which, file] => {
            let merged = progenitor_document(&sources(which));
            write(
                Path::new(file),
                &serde_json::to_string_pretty(&merged).expect("JSON serializes"),
            );
        }
        _ => usage(),
    }
}

/// Merges the documents into one and renames `/#Action` paths to `/Action`.
fn progenitor_document(sources: &[(String, String)]) -> Value {
    let mut merged: Option<Value> = None;
    for (name, text) in sources {
        let yaml: serde_yaml::Value =
            serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut doc = serde_json::to_value(&yaml).expect("YAML converts to JSON");
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        doc["paths"] = Value::Object(
            paths
                .into_iter()
                .map(|(k, v)| (k.replacen("/#", "/", 1), v))
                .collect(),
        );
        match &mut merged {
            None => merged = Some(doc),
            Some(m) => {
                for section in [&["paths"][..], &["components", "schemas"][..]] {
                    let from = section.iter().fold(&doc, |v, k| &v[*k]).clone();
                    let to = section.iter().fold(&mut *m, |v, k| &mut v[*k]);
                    if let (Some(to), Value::Object(from)) = (to.as_object_mut(), from) {
                        to.extend(from);
                    }
                }
            }
        }
    }
    let mut merged = merged.unwrap_or(Value::Null);
    merged["info"]["title"] = Value::String("Benchmark spec".into());
    merged
}
