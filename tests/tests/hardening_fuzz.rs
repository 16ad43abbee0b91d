//! Proptest versions of the cargo-fuzz targets in `fuzz/` (same bodies: `fuzz/src/harness.rs`), with a
//! fixed seed so CI runs the same cases every time. Each must end in a diagnostic, generated code that
//! `syn` parses, a value or a typed error; never a panic. See docs/HARDENING.md.
//!
//! Case counts are sized so the whole file stays well under a minute in a debug build on two cores;
//! `HARDENING_FUZZ_CASES_FACTOR=10 cargo test -p sdk-tests --test hardening_fuzz` runs ten times more.

#[path = "../../fuzz/src/harness.rs"]
#[allow(dead_code)]
mod harness;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::time::Instant;

use harness::{Bytes, Outcome};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn factor() -> u32 {
    std::env::var("HARDENING_FUZZ_CASES_FACTOR")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
}

/// Runs `body` on `cases` inputs drawn from `strategy` with a fixed seed; prints the outcome counts.
fn run<S: Strategy>(name: &str, cases: u32, strategy: S, body: impl Fn(S::Value) -> Vec<String>)
where
    S::Value: std::fmt::Debug,
{
    let cases = cases * factor();
    let config = Config {
        cases,
        failure_persistence: None,
        // Shrinking a generator input can take long; a failing input is printed either way.
        max_shrink_iters: 64,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let tally: RefCell<BTreeMap<String, usize>> = RefCell::new(BTreeMap::new());
    let start = Instant::now();
    let result = runner.run(&strategy, |input| {
        for label in body(input) {
            *tally.borrow_mut().entry(label).or_default() += 1;
        }
        Ok(())
    });
    eprintln!(
        "{name}: {cases} cases in {:.1} s: {:?}",
        start.elapsed().as_secs_f64(),
        tally.borrow()
    );
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

fn label(o: Outcome) -> String {
    format!("{o:?}")
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), 0..max)
}

#[test]
fn spec_load_arbitrary_bytes() {
    run("spec_load/bytes", 400, bytes(512), |data| {
        vec![label(harness::spec_load(&data))]
    });
}

#[test]
fn spec_load_yaml_shaped_text() {
    // Text built from YAML and spec fragments reaches further than random bytes.
    let fragment = prop_oneof![
        Just("openapi: 3.0.3\n"),
        Just("info:\n  title: T\n  version: '1'\n"),
        Just("x-acs-product: ICE\n"),
        Just("x-acs-style: RPC\n"),
        Just("paths:\n"),
        Just("  /#A:\n    get:\n      operationId: A\n"),
        Just("components:\n  schemas:\n"),
        Just("    S:\n      type: object\n"),
        Just("&a [*a]\n"),
        Just("- ! !!str\n"),
        Just("{"),
        Just("key: [1, {a: b}]\n"),
        Just("\t"),
        Just("---\n"),
        Just("? complex\n: key\n"),
        Just("x: !!binary aGk=\n"),
    ];
    run(
        "spec_load/yaml-shaped",
        300,
        proptest::collection::vec(fragment, 0..12),
        |parts| vec![label(harness::spec_load(parts.concat().as_bytes()))],
    );
}

#[test]
fn spec_load_damaged_real_spec() {
    run("spec_load/damaged-real-spec", 120, bytes(64), |data| {
        let mut b = Bytes::new(&data);
        let (_, text) = harness::SPECS[usize::from(b.byte() % 2)];
        let damaged = harness::damage_bytes(text.as_bytes(), &mut b);
        vec![label(harness::spec_load(&damaged))]
    });
}

#[test]
fn spec_mutate_structure_aware() {
    run("spec_mutate", 160, bytes(96), |data| {
        let (outcome, applied) = harness::spec_mutate(&data);
        let mut labels = vec![label(outcome)];
        labels.extend(applied.into_iter().map(str::to_owned));
        labels
    });
}

#[test]
fn response_decode_arbitrary_bytes() {
    run("response_decode/bytes", 1500, bytes(256), |mut data| {
        // Even first byte: the rest is the body as given.
        if let Some(first) = data.first_mut() {
            *first &= !1;
        }
        harness::response_decode(&data)
            .into_iter()
            .map(label)
            .collect()
    });
}

#[test]
fn response_decode_mutated_real_responses() {
    run("response_decode/mutated", 1500, bytes(96), |mut data| {
        if data.is_empty() {
            data.push(1);
        }
        data[0] |= 1;
        harness::response_decode(&data)
            .into_iter()
            .map(label)
            .collect()
    });
}

#[test]
fn response_decode_json_shaped() {
    // Arbitrary JSON documents (not mutations of an example) into every decoder.
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(Into::into),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        "[ -~]{0,12}".prop_map(serde_json::Value::String),
        Just(serde_json::Value::String("2024-01-01T00:00Z".into())),
    ];
    let keys = prop_oneof![
        Just("RequestId".to_owned()),
        Just("LiveRecordJobs".to_owned()),
        Just("JobList".to_owned()),
        Just("LiveEditingJob".to_owned()),
        Just("Clips".to_owned()),
        Just("CreateTime".to_owned()),
        Just("Status".to_owned()),
        Just("StreamInput".to_owned()),
        Just("TotalCount".to_owned()),
        Just("TaskInfo".to_owned()),
        Just("RecordFileList".to_owned()),
        "[A-Za-z]{1,8}",
    ];
    let value = leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(keys.clone(), inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    });
    run("response_decode/json-shaped", 800, value, |v| {
        let body = serde_json::to_vec(&v).unwrap_or_default();
        harness::decode_all(&body).into_iter().map(label).collect()
    });
}

#[test]
fn error_body_parser_on_anything() {
    run(
        "error_body",
        1000,
        (
            any::<u16>(),
            proptest::option::of("[ -~]{0,20}"),
            proptest::option::of("[0-9 -]{0,24}"),
            bytes(200),
        ),
        |(status, request_id, retry_after, body)| {
            harness::error_body(status, request_id.as_deref(), retry_after.as_deref(), &body);
            vec!["ok".to_owned()]
        },
    );
}

#[test]
fn page_import_arbitrary_bytes() {
    run("page_import/bytes", 800, bytes(1024), |mut data| {
        if let Some(first) = data.first_mut() {
            *first &= !1;
        }
        vec![label(harness::page_import(&data))]
    });
}

#[test]
fn page_import_mutated_real_pages() {
    assert!(
        !harness::real_pages().is_empty(),
        "the reference pages (pages/) are missing"
    );
    run("page_import/mutated", 300, bytes(64), |mut data| {
        if data.is_empty() {
            data.push(1);
        }
        data[0] |= 1;
        vec![label(harness::page_import(&data))]
    });
}

/// The unmutated inputs themselves succeed: the mutation targets start from valid material.
#[test]
fn seeds_are_valid() {
    let sources: Vec<(&str, &str)> = harness::SPECS.to_vec();
    let files = codegen::generate_from_sources(&sources, &codegen::CrateConfig::default())
        .unwrap_or_else(|d| panic!("{d}"));
    harness::assert_parses(&files);
    assert_eq!(harness::response_examples().len(), 5);
    for (action, example) in harness::response_examples() {
        let body = serde_json::to_vec(example).unwrap_or_default();
        let outcomes = harness::decode_all(&body);
        assert!(outcomes.contains(&Outcome::Value), "{action}: {outcomes:?}");
    }
    for (name, page) in harness::real_pages() {
        assert_eq!(harness::parse_page(page), Outcome::Value, "{name}");
    }
}
