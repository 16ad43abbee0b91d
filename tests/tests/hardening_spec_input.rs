//! Issue 11, points 3 and 4: strict and bounded loading. Each case once was accepted silently, hung,
//! read without bound or overflowed the stack; each must now be a diagnostic naming the file, the
//! place and a hint, within a few seconds.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use codegen::CrateConfig;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/specs/{name}.yaml"));
    std::fs::read_to_string(path).unwrap()
}

/// The string_enum fixture with `from` (which must occur once) replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let text = fixture("string_enum");
    assert_eq!(text.matches(from).count(), 1, "{from:?} must occur once");
    text.replacen(from, to, 1)
}

/// Generates from memory; the diagnostics' text, or a panic if the spec was accepted.
fn diagnose(text: impl AsRef<[u8]>) -> String {
    let bytes = text.as_ref();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/demo.yaml"), bytes).unwrap();
    diagnose_dir(dir.path())
}

/// Runs the generator on `root/spec` in a thread, failing if it takes more than 20 s (a hang).
fn diagnose_dir(root: &Path) -> String {
    let root = root.to_path_buf();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = codegen::generate_from_dir(&root.join("spec"), &root, &CrateConfig::default());
        let _ = tx.send(result.map(|files| files.len()).map_err(|d| d.to_string()));
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(Ok(n)) => panic!("the generator accepted the spec ({n} files)"),
        Ok(Err(text)) => text,
        Err(_) => panic!("the generator did not finish within 20 s"),
    }
}

fn assert_has(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "expected {part:?} in:\n{text}");
    }
    assert!(text.contains("hint: "), "expected a hint in:\n{text}");
}

#[test]
fn null_in_required_text_is_an_error_at_its_place() {
    let text = diagnose(edited("  version: '2024-01-01'\n", "  version: null\n"));
    assert_has(
        &text,
        &["spec/demo.yaml:4:12", "`version` is null", "quote it"],
    );
    let text = diagnose(edited("        - name: Status\n", "        - name: ~\n"));
    assert_has(&text, &["spec/demo.yaml:27:17", "`name` is null"]);
    let text = diagnose(edited("        - Initial\n", "        - null\n"));
    assert_has(
        &text,
        &[
            "spec/demo.yaml:57:11",
            "an entry of `x-enum-varnames` is null",
        ],
    );
    // Where text is optional, null still means "absent"; quoted, it is the word.
    let spec = edited(
        "  description: Fixture for string enums, shared through a component and inline without a title.\n",
        "  description: null\n",
    );
    codegen::generate_from_sources(&[("spec/demo.yaml", &spec)], &CrateConfig::default()).unwrap();
}

#[test]
fn duplicate_keys_are_errors_at_the_second_key() {
    let text = diagnose(edited(
        "        Priority:\n          type: string\n",
        "        Status:\n          type: string\n",
    ));
    assert_has(&text, &["spec/demo.yaml:73:9", "duplicate key `Status`"]);
    let text = diagnose(edited(
        "      summary: Lists jobs by status.\n",
        "      summary: Lists jobs by status.\n      summary: Lists jobs.\n",
    ));
    assert_has(&text, &["spec/demo.yaml:20:7", "duplicate key `summary`"]);
}

#[test]
fn non_finite_numbers_are_errors() {
    for (word, shown) in [(".nan", "NaN"), (".inf", "inf"), ("-.inf", "-inf")] {
        let text = diagnose(edited(
            "          description: The priority of the job.\n",
            &format!(
                "          description: The priority of the job.\n          minimum: {word}\n"
            ),
        ));
        assert_has(
            &text,
            &[
                "spec/demo.yaml:76:20",
                &format!("`{shown}` is not a finite number"),
            ],
        );
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let plain = fixture("string_enum");
    let with_bom = format!("\u{feff}{plain}");
    let a = codegen::generate_from_sources(&[("spec/demo.yaml", &plain)], &CrateConfig::default());
    let b =
        codegen::generate_from_sources(&[("spec/demo.yaml", &with_bom)], &CrateConfig::default());
    assert_eq!(a.unwrap(), b.unwrap());
}

#[test]
fn bad_bytes_are_reported_at_their_line_and_column() {
    let text = diagnose(edited(
        "      summary: Lists jobs by status.\n",
        "      summary: Lists jobs\0 by status.\n",
    ));
    assert_has(&text, &["spec/demo.yaml:19:26", "U+0000"]);
    let mut bytes = fixture("string_enum").into_bytes();
    let at = bytes.windows(6).position(|w| w == b"Lists ").unwrap() + 6;
    bytes[at] = 0xFF;
    let text = diagnose(&bytes);
    assert_has(&text, &["spec/demo.yaml:19:22", "not UTF-8", "0xFF"]);
}

#[cfg(unix)]
#[test]
fn a_fifo_named_yaml_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::fs::write(dir.path().join("spec/a.yaml"), fixture("string_enum")).unwrap();
    let fifo = dir.path().join("spec/b.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let text = diagnose_dir(dir.path());
    assert_has(&text, &["spec/b.yaml", "not a regular file (it is a FIFO)"]);
}

#[cfg(unix)]
#[test]
fn endless_and_oversized_files_are_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("spec")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("spec/zero.yaml")).unwrap();
    // A sparse regular file just over the limit: a read without a bound would take it whole.
    let big = std::fs::File::create(dir.path().join("spec/big.yaml")).unwrap();
    big.set_len(64 * 1024 * 1024 + 1).unwrap();
    let text = diagnose_dir(dir.path());
    assert_has(
        &text,
        &["spec/zero.yaml", "not a regular file (it is a device)"],
    );
    assert_has(
        &text,
        &["spec/big.yaml", "larger than the spec size limit of 64 MiB"],
    );
}

#[test]
fn a_deep_ref_chain_is_a_diagnostic_not_a_stack_overflow() {
    // ListJobsResponse -> Level0 -> Level1 -> ... -> Level3999, each a one-property object.
    let depth = 4000;
    let mut spec = edited(
        "        Priority:\n          type: string\n",
        "        Deeper:\n          $ref: '#/components/schemas/Level0'\n        Priority:\n          type: string\n",
    );
    for i in 0..depth {
        let next = if i + 1 < depth {
            format!("$ref: '#/components/schemas/Level{}'", i + 1)
        } else {
            "type: string".to_owned()
        };
        spec.push_str(&format!(
            "    Level{i}:\n      type: object\n      properties:\n        Next:\n          {next}\n"
        ));
    }
    let text = diagnose(spec);
    assert_has(&text, &["nested `$ref`s", "more than 64"]);
}
