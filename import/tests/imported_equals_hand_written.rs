//! Done-when 1: importing each of the five pages into an empty spec directory gives operations equal to
//! the hand-written ones (formatting aside), and every page defect the hand-written spec corrects is
//! reported as a doubt.

mod common;

use std::collections::BTreeMap;

use codegen::compare::{self, Difference};
use codegen::spec::Document;
use page_import::run::Importer;

/// Differences that are naming or wording choices the page cannot decide, each with the reason.
/// Everything else must be equal.
const ACCEPTED: &[(&str, &str, &str)] = &[
    (
        "ListLiveTranscodeJobs",
        "parameters.Type.schema.title",
        "enum title: the hand-written spec chose TranscodeType; the importer derives <noun><Field> = TranscodeJobType",
    ),
    (
        "GetLiveEditingJob",
        "response.LiveEditingJob.Clips.x-acs-json-string[].StartTime.description",
        "undocumented inner field: the hand-written description is prose written by hand",
    ),
    (
        "GetLiveEditingJob",
        "response.LiveEditingJob.Clips.x-acs-json-string[].EndTime.description",
        "undocumented inner field: the hand-written description is prose written by hand",
    ),
    (
        "GetLiveEditingJob",
        "response.LiveEditingJob.UserData.x-acs-json-string.description",
        "free-form JSON: the hand-written description is prose written by hand",
    ),
];

fn load(path: &std::path::Path) -> Document {
    let text = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    codegen::load::parse(&path.display().to_string(), &text).unwrap_or_else(|d| panic!("{d}"))
}

/// What the hand-written spec's x-acs-page-defects correct, and the words the report must contain.
const CORRECTED_DEFECTS: &[(&str, &[&str])] = &[
    (
        "DescribeRtcCloudRecordingFiles",
        &[
            "RequestId has a trailing \"\\n\"",
            "TaskInfo/TaskId has a trailing \"\\n\"",
        ],
    ),
    (
        "GetLiveEditingJob",
        &[
            "LiveEditingJob/Clips: its quotes are backslash-escaped (double-escaped JSON)",
            "LiveEditingJob/UserData: it is invalid JSON",
        ],
    ),
    (
        "GetLiveSnapshotJob",
        &[
            "the value table has names but no values",
            "columns run together",
        ],
    ),
    ("DescribeRtcCloudRecordingFiles", &["columns run together"]),
    (
        "ListLiveRecordJobs",
        &[
            "stray item-schema name, LiveRecordJobItemType",
            "inverted time range",
        ],
    ),
];

#[test]
fn each_page_imports_to_the_hand_written_operation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("spec");
    let hand = [
        load(&common::repo().join("spec/ice-2020-11-09.yaml")),
        load(&common::repo().join("spec/live-2016-11-01.yaml")),
    ];
    let mut reports = BTreeMap::new();
    let mut failures = Vec::new();
    let mut accepted_seen = Vec::new();
    for name in common::PAGES {
        let mut importer = Importer::new(common::options(&spec, name));
        let outcome = importer
            .import(&format!("{name}.txt"), &common::page(name))
            .unwrap_or_else(|e| panic!("{e}"));
        reports.insert(*name, outcome.report.clone());
        importer.finish().expect("written");
        let imported = load(&outcome.document);
        let (imported_method, imported_op) = imported.operation(name).expect("imported operation");
        let (hand_doc, (hand_method, hand_op)) = hand
            .iter()
            .find_map(|d| d.operation(name).map(|f| (d, f)))
            .expect("hand-written operation");
        let mut differences: Vec<Difference> =
            compare::operations(hand_doc, hand_op, &imported, imported_op);
        if imported_method != hand_method {
            differences.push(Difference {
                path: "method".into(),
                existing: hand_method.into(),
                imported: imported_method.into(),
            });
        }
        for d in differences {
            match ACCEPTED
                .iter()
                .find(|(op, path, _)| op == name && *path == d.path)
            {
                Some(a) => accepted_seen.push(a.1),
                None => failures.push(format!("{name}: {d}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "imported operations differ from the hand-written spec:\n{}",
        failures.join("\n")
    );
    for (_, path, _) in ACCEPTED {
        assert!(
            accepted_seen.contains(path),
            "accepted difference {path} no longer occurs; remove it from ACCEPTED"
        );
    }
    for (op, needles) in CORRECTED_DEFECTS {
        let report = &reports[op];
        for needle in *needles {
            assert!(
                report.mentions(needle),
                "{op}: the report does not mention \"{needle}\":\n{report}"
            );
        }
    }
}
