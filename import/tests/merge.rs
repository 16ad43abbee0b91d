//! Importing into an existing document: hand edits are never lost silently. An operation that is
//! already there is compared and left alone unless replaced; everything else in the file keeps its
//! exact text.

mod common;

use page_import::render::Method;
use page_import::{MergeError, MergeOptions, MergeOutcome, merge_into_document, parse_page};

fn hand_written(doc: &str) -> String {
    std::fs::read_to_string(common::repo().join("spec").join(doc)).expect("spec document")
}

fn op(name: &str) -> page_import::Operation {
    parse_page(name, &common::page(name))
        .unwrap_or_else(|e| panic!("{e}"))
        .operation
}

#[test]
fn an_operation_that_reads_the_same_is_unchanged() {
    let text = hand_written("ice-2020-11-09.yaml");
    let outcome = merge_into_document(
        Some(&text),
        &op("GetLiveSnapshotJob"),
        &MergeOptions::default(),
    )
    .expect("merge");
    assert_eq!(outcome, MergeOutcome::Unchanged);
}

#[test]
fn a_differing_operation_is_shown_and_kept_unless_replaced() {
    let text = hand_written("ice-2020-11-09.yaml");
    let imported = op("ListLiveTranscodeJobs");
    let outcome =
        merge_into_document(Some(&text), &imported, &MergeOptions::default()).expect("merge");
    let MergeOutcome::Differs { differences } = outcome else {
        panic!("expected Differs, got {outcome:?}")
    };
    assert_eq!(differences.len(), 1, "{differences:?}");
    assert_eq!(differences[0].path, "parameters.Type.schema.title");

    let replaced = merge_into_document(
        Some(&text),
        &imported,
        &MergeOptions {
            replace: true,
            ..MergeOptions::default()
        },
    )
    .expect("merge");
    let MergeOutcome::Replaced {
        text: new,
        differences,
    } = replaced
    else {
        panic!("expected Replaced")
    };
    assert_eq!(differences.len(), 1);
    assert!(new.contains("title: TranscodeJobType"));
    // The other operations and the document header are untouched, byte for byte.
    for keep in [
        "/#ListLiveRecordJobs:",
        "/#GetLiveEditingJob:",
        "/#GetLiveSnapshotJob:",
        "ListLiveRecordJobsResponse:",
        "GetLiveSnapshotJobResponse:",
    ] {
        let block = |t: &str| {
            let start = t.find(keep).expect(keep);
            let rest = &t[start..];
            let end = rest[1..]
                .find("\n  /#")
                .or_else(|| rest[1..].find("\n    Get"))
                .map_or(rest.len(), |e| e + 1);
            rest[..end].to_owned()
        };
        assert_eq!(block(&text), block(&new), "{keep} changed");
    }
    assert_eq!(
        text.split("paths:").next(),
        new.split("paths:").next(),
        "the document header changed"
    );
}

#[test]
fn a_new_operation_is_appended_and_the_rest_kept() {
    let facts = common::header("GetLiveSnapshotJob");
    let first = merge_into_document(
        None,
        &op("GetLiveSnapshotJob"),
        &MergeOptions {
            method: Some(Method::Get),
            header: Some(facts),
            replace: false,
        },
    )
    .expect("create");
    let MergeOutcome::Created { text } = first else {
        panic!("expected Created")
    };
    let edited = text.replacen("paths:\n", "# a hand-written comment\npaths:\n", 1);

    let missing = merge_into_document(
        Some(&edited),
        &op("GetLiveEditingJob"),
        &MergeOptions::default(),
    )
    .unwrap_err();
    assert!(
        matches!(&missing, MergeError::Missing(m) if m.contains("--method")),
        "{missing}"
    );

    let added = merge_into_document(
        Some(&edited),
        &op("GetLiveEditingJob"),
        &MergeOptions {
            method: Some(Method::Post),
            ..MergeOptions::default()
        },
    )
    .expect("add");
    let MergeOutcome::Added { text: both } = added else {
        panic!("expected Added")
    };
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
    assert_eq!(doc.paths.len(), 2);
    assert_eq!(doc.components.schemas.len(), 2);
}
