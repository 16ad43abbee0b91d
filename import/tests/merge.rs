//! Importing into an existing document: hand edits are never lost silently. An operation that is
//! already there is compared and left alone unless replaced; everything else in the file keeps its
//! exact text; each document is written once per run.

mod common;

use std::path::PathBuf;

use page_import::Outcome;
use page_import::run::ImportOptions;

fn hand_written(doc: &str) -> String {
    std::fs::read_to_string(common::repo().join("spec").join(doc)).expect("spec document")
}

/// A spec directory holding the hand-written ICE document.
fn ice_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    std::fs::create_dir_all(&spec).expect("mkdir");
    std::fs::write(
        spec.join("ice-2020-11-09.yaml"),
        hand_written("ice-2020-11-09.yaml"),
    )
    .expect("write");
    (dir, spec)
}

#[test]
fn an_operation_that_reads_the_same_is_unchanged() {
    let (_dir, spec) = ice_dir();
    let page = common::page("GetLiveSnapshotJob");
    let options = ImportOptions {
        spec_dir: spec,
        ..ImportOptions::default()
    };
    let (docs, results, _) = common::import_in_memory(options, &[("GetLiveSnapshotJob", &page)]);
    let outcome = results[0].as_ref().expect("import");
    assert_eq!(outcome.outcome, Outcome::Unchanged);
    assert!(docs.is_empty(), "nothing written");
}

#[test]
fn a_differing_operation_is_shown_and_kept_unless_replaced() {
    let (_dir, spec) = ice_dir();
    let text = hand_written("ice-2020-11-09.yaml");
    let page = common::page("ListLiveTranscodeJobs");
    let options = ImportOptions {
        spec_dir: spec,
        ..ImportOptions::default()
    };
    let (docs, results, _) =
        common::import_in_memory(options.clone(), &[("ListLiveTranscodeJobs", &page)]);
    let Ok(Outcome::Differs { differences }) = results[0].as_ref().map(|o| o.outcome.clone())
    else {
        panic!("expected Differs, got {:?}", results[0])
    };
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].path, "parameters.Type.schema.title");
    assert!(docs.is_empty(), "nothing written");

    let (docs, results, _) = common::import_in_memory(
        ImportOptions {
            replace: true,
            ..options
        },
        &[("ListLiveTranscodeJobs", &page)],
    );
    assert!(matches!(
        results[0].as_ref().map(|o| &o.outcome),
        Ok(Outcome::Replaced { .. })
    ));
    assert_eq!(docs.len(), 1);
    let new = &docs[0].1;
    assert!(new.contains("title: TranscodeJobType"));
    // The other operations and the document header are untouched, byte for byte.
    for keep in [
        "/#ListLiveRecordJobs:",
        "/#GetLiveEditingJob:",
        "/#GetLiveSnapshotJob:",
        "ListLiveRecordJobsResponse:",
        "GetLiveSnapshotJobResponse:",
    ] {
        // The key's line and the lines indented under it.
        let block = |t: &str| {
            let mut lines = t.lines().skip_while(|l| l.trim_start() != keep);
            let first = lines.next().expect(keep);
            let indent = first.len() - first.trim_start().len();
            let rest: Vec<&str> = lines
                .take_while(|l| l.trim().is_empty() || l.len() - l.trim_start().len() > indent)
                .collect();
            format!("{first}\n{}", rest.join("\n"))
        };
        assert_eq!(block(&text), block(new), "{keep} changed");
    }
    assert_eq!(
        text.split("paths:").next(),
        new.split("paths:").next(),
        "the document header changed"
    );
    common::gen_accepts(&docs).expect("gen accepts the replaced document");
}

#[test]
fn new_operations_are_appended_in_one_write_and_the_rest_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    let snapshot = common::page("GetLiveSnapshotJob");
    let (docs, _, _) = common::import_in_memory(
        common::options(&spec, "GetLiveSnapshotJob"),
        &[("GetLiveSnapshotJob", &snapshot)],
    );
    let (path, text) = &docs[0];
    std::fs::create_dir_all(&spec).expect("mkdir");
    let edited = text.replacen("paths:\n", "# a hand-written comment\npaths:\n", 1);
    std::fs::write(path, &edited).expect("write");

    let editing = common::page("GetLiveEditingJob");
    let transcode = common::page("ListLiveTranscodeJobs");
    let pages: [(&str, &[u8]); 2] = [
        ("GetLiveEditingJob", &editing),
        ("ListLiveTranscodeJobs", &transcode),
    ];
    let no_method = ImportOptions {
        spec_dir: spec.clone(),
        ..ImportOptions::default()
    };
    let (docs, results, _) = common::import_in_memory(no_method.clone(), &pages[..1]);
    let missing = results[0].as_ref().unwrap_err().to_string();
    assert!(missing.contains("--method"), "{missing}");
    assert!(docs.is_empty());

    let (docs, results, _) = common::import_in_memory(
        ImportOptions {
            method: Some(page_import::Method::Post),
            ..no_method
        },
        &pages,
    );
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Ok(o) if o.outcome == Outcome::Added))
    );
    assert_eq!(docs.len(), 1, "the document is written once for both pages");
    let both = &docs[0].1;
    assert!(
        both.starts_with(
            edited
                .split("components:")
                .next()
                .expect("paths part")
                .trim_end()
        ),
        "the first operation's text changed"
    );
    assert!(both.contains("# a hand-written comment"));
    let doc =
        codegen::load::parse("both", both.as_bytes()).unwrap_or_else(|d| panic!("{d}\n{both}"));
    assert_eq!(doc.paths.len(), 3);
    assert_eq!(doc.components.schemas.len(), 3);
    common::gen_accepts(&docs).expect("gen accepts");
}
