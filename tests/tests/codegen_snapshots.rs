//! Snapshots of the generated code for one small fixture spec per feature (tests/fixtures/specs), and
//! the generator's determinism on the real spec.

use std::path::{Path, PathBuf};

use codegen::{CrateConfig, Files};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Generates the crate for one fixture, failing with the diagnostics if the fixture is rejected.
fn generate_fixture(name: &str) -> Files {
    let display = format!("tests/fixtures/specs/{name}.yaml");
    let text = std::fs::read_to_string(repo_root().join(&display)).unwrap();
    codegen::generate_from_sources(&[(&display, &text)], &CrateConfig::default())
        .unwrap_or_else(|d| panic!("fixture {name} was rejected:\n{d}"))
}

/// Every generated .rs file except the crate-level boilerplate (Cargo.toml, src/lib.rs, and
/// src/test_util.rs, which has a snapshot of its own), each headed by its path; asserts each one
/// parses as Rust.
fn rust_sources(files: &Files) -> String {
    let mut out = String::new();
    for (path, text) in files {
        if !path.ends_with(".rs") {
            continue;
        }
        if let Err(e) = syn::parse_file(text) {
            panic!("{path} does not parse: {e}\n{text}");
        }
        if path == "src/lib.rs" || path == "src/test_util.rs" {
            continue;
        }
        out.push_str(&format!("// ==== {path} ====\n{text}\n"));
    }
    out
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                let files = generate_fixture(stringify!($name));
                insta::assert_snapshot!(stringify!($name), rust_sources(&files));
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            let mut listed = vec![$(stringify!($name)),*];
            listed.sort();
            let mut found: Vec<String> = std::fs::read_dir(repo_root().join("tests/fixtures/specs"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            found.sort();
            assert_eq!(found, listed, "add new fixtures to the fixtures! list");
        }
    };
}

fixtures!(
    string_enum,
    integer_enum,
    hyphenated_values,
    type_field,
    url_names,
    arrays,
    required_optional,
    json_string,
    date_time,
    limits_paging,
    error_codes,
    request_objects,
    shared_types,
);

/// The real spec documents, as `(display name, text)` in file-name order.
fn real_spec() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo_root().join("spec"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 2,
        "expected the ICE and Live documents in spec/"
    );
    paths
        .iter()
        .map(|p| {
            let name = format!("spec/{}", p.file_name().unwrap().to_string_lossy());
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect()
}

fn generate(documents: &[(String, String)]) -> Files {
    let sources: Vec<(&str, &str)> = documents
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    codegen::generate_from_sources(&sources, &CrateConfig::default())
        .unwrap_or_else(|d| panic!("{d}"))
}

#[test]
fn real_spec_generates_rust_that_parses() {
    let files = generate(&real_spec());
    assert!(files.contains_key("Cargo.toml"));
    rust_sources(&files);
}

#[test]
fn generation_is_deterministic() {
    let documents = real_spec();
    let first = generate(&documents);
    let second = generate(&documents);
    assert_eq!(
        differing(&first, &second),
        Vec::<&str>::new(),
        "two runs on the same spec differ"
    );

    let reversed: Vec<(String, String)> = documents.iter().rev().cloned().collect();
    let third = generate(&reversed);
    assert_eq!(
        differing(&first, &third),
        Vec::<&str>::new(),
        "the output depends on the order of the documents"
    );
}

/// Paths present in only one of the maps or with different contents.
fn differing<'a>(a: &'a Files, b: &'a Files) -> Vec<&'a str> {
    let mut paths: Vec<&str> = a.keys().chain(b.keys()).map(String::as_str).collect();
    paths.sort();
    paths.dedup();
    paths.retain(|p| a.get(*p) != b.get(*p));
    paths
}

/// An operation whose name is a Rust keyword gets a module (and file) name that is not one.
#[test]
fn keyword_operation_names_become_usable_modules() {
    let path = repo_root().join("tests/fixtures/specs/string_enum.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let text = text
        .replace("  /#ListJobs:\n", "  /#Type:\n")
        .replace("      operationId: ListJobs\n", "      operationId: Type\n");
    let files =
        codegen::generate_from_sources(&[("spec/keyword.yaml", &text)], &CrateConfig::default())
            .unwrap_or_else(|d| panic!("{d}"));
    let module = files.keys().find(|p| p.ends_with("/type_.rs"));
    assert!(
        module.is_some(),
        "expected a type_.rs module, got {:?}",
        files.keys().collect::<Vec<_>>()
    );
    let product_mod = files
        .iter()
        .find(|(p, _)| p.ends_with("/mod.rs"))
        .map(|(_, t)| t)
        .expect("mod.rs");
    assert!(product_mod.contains("pub mod type_;"), "{product_mod}");
    for (path, text) in &files {
        if path.ends_with(".rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }
}

/// The `test-util` module: the runtime's mock server re-exported, and each operation's documented
/// example response embedded as JSON text (one fixture, with a GET and nested lists).
#[test]
fn test_util_module() {
    let files = generate_fixture("arrays");
    let module = files
        .get("src/test_util.rs")
        .expect("src/test_util.rs is generated");
    insta::assert_snapshot!("test_util_module", module);
}
