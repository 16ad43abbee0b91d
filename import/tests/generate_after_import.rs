//! Done-when 2: after importing the pages, the generator accepts the spec and emits Rust that parses.
//!
//! A full `cargo build` of a crate generated from the imported spec is too slow for a test (minutes on
//! CI's two cores); running codegen's own checks and parsing every emitted file with syn is the
//! in-process equivalent. `cargo xtask gen` plus the workspace build cover the real build.

mod common;

use page_import::Outcome;
use page_import::run::{ImportOptions, Importer};

fn generate_and_parse(spec: &std::path::Path, root: &std::path::Path) -> usize {
    let files = codegen::generate_from_dir(spec, root, &codegen::CrateConfig::default())
        .unwrap_or_else(|d| panic!("codegen rejects the imported spec:\n{d}"));
    let mut rust = 0;
    for (path, text) in &files {
        if path.ends_with(".rs") {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}\n{text}"));
            rust += 1;
        }
    }
    rust
}

#[test]
fn all_five_pages_into_an_empty_spec_generate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    for name in common::PAGES {
        let mut importer = Importer::new(common::options(&spec, name));
        let outcome = importer
            .import(name, &common::page(name))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(outcome.outcome, Outcome::Created | Outcome::Added),
            "{name}: {:?}",
            outcome.outcome
        );
        let written = importer.finish().expect("written");
        assert!(written.rejected.is_empty(), "{:?}", written.rejected);
    }
    let mut docs: Vec<String> = std::fs::read_dir(&spec)
        .expect("spec dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    docs.sort();
    assert_eq!(docs, ["ice-2020-11-09.yaml", "live-2016-11-01.yaml"]);
    assert!(generate_and_parse(&spec, dir.path()) > 5);
}

#[test]
fn replacing_every_operation_of_the_hand_written_spec_generates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(&spec).expect("mkdir");
    for doc in ["ice-2020-11-09.yaml", "live-2016-11-01.yaml"] {
        std::fs::copy(common::repo().join("spec").join(doc), spec.join(doc)).expect("copy");
    }
    let mut importer = Importer::new(ImportOptions {
        spec_dir: spec.clone(),
        replace: true,
        ..ImportOptions::default()
    });
    for name in common::PAGES {
        let outcome = importer
            .import(name, &common::page(name))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            matches!(
                outcome.outcome,
                Outcome::Replaced { .. } | Outcome::Unchanged
            ),
            "{name}: {:?}",
            outcome.outcome
        );
    }
    let written = importer.finish().expect("written");
    assert!(written.rejected.is_empty(), "{:?}", written.rejected);
    assert!(generate_and_parse(&spec, dir.path()) > 5);
}
