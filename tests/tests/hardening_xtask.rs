//! Generation loses nothing: two `xtask::generate(.., Mode::Write)` at once, from two different specs,
//! into one `generated/`, while a reader polls every file. Every file a reader sees is a complete
//! version (the old one or one of the two new ones, never half of one), both runs succeed, the tree
//! ends up exactly as one of the two specs produces it, and no temporary file is left behind.
//!
//! (A failed run changing nothing is `xtask_gen.rs` test d.)

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use serde_yaml::Value;
use xtask::{Layout, Mode};

fn repo_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// `root/spec/` with the real spec, edited by `edit` (on the parsed ICE document).
fn spec_variant(root: &Path, edit: impl FnOnce(&mut Value)) -> Layout {
    let spec = root.join("spec");
    fs::create_dir_all(&spec).unwrap();
    for entry in fs::read_dir(repo_spec()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            fs::copy(&path, spec.join(path.file_name().unwrap())).unwrap();
        }
    }
    let ice = spec.join("ice-2020-11-09.yaml");
    let mut doc: Value = serde_yaml::from_str(&fs::read_to_string(&ice).unwrap()).unwrap();
    edit(&mut doc);
    fs::write(&ice, serde_yaml::to_string(&doc).unwrap()).unwrap();
    Layout::at(root.to_path_buf())
}

fn with_generated(layout: Layout, generated: &Path) -> Layout {
    Layout {
        generated_dir: generated.to_path_buf(),
        ..layout
    }
}

fn expected(layout: &Layout) -> BTreeMap<String, Vec<u8>> {
    codegen::generate_from_dir(
        &layout.spec_dir,
        &layout.root,
        &codegen::CrateConfig::default(),
    )
    .unwrap_or_else(|d| panic!("{d}"))
    .into_iter()
    .map(|(k, v)| (k, v.into_bytes()))
    .collect()
}

/// Every file under `dir`: (visible files → bytes, hidden file names).
fn tree(dir: &Path) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    fn walk(
        root: &Path,
        dir: &Path,
        files: &mut BTreeMap<String, Vec<u8>>,
        hidden: &mut Vec<String>,
    ) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if entry.file_name().to_string_lossy().starts_with('.') {
                hidden.push(rel);
            } else if path.is_dir() {
                walk(root, &path, files, hidden);
            } else if let Ok(bytes) = fs::read(&path) {
                files.insert(rel, bytes);
            }
        }
    }
    let mut files = BTreeMap::new();
    let mut hidden = Vec::new();
    walk(dir, dir, &mut files, &mut hidden);
    (files, hidden)
}

fn describe(tree: &BTreeMap<String, Vec<u8>>, a: &BTreeMap<String, Vec<u8>>) -> String {
    let keys: BTreeSet<&String> = tree.keys().chain(a.keys()).collect();
    keys.into_iter()
        .filter(|k| tree.get(*k) != a.get(*k))
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn concurrent_generate_runs_never_expose_partial_files_or_mix_trees() {
    let tmp = tempfile::tempdir().unwrap();
    let generated = tmp.path().join("generated");
    let base = with_generated(spec_variant(&tmp.path().join("base"), |_| {}), &generated);
    // A: a changed description (rewrites the files that show it).
    let a = with_generated(
        spec_variant(&tmp.path().join("a"), |doc| {
            doc["info"]["description"] = Value::String("Edited by run A.".into());
            let op = &mut doc["paths"]["/#ListLiveRecordJobs"]["get"];
            op["summary"] = Value::String("Lists jobs (run A).".into());
        }),
        &generated,
    );
    // B: one operation fewer (its file must be removed, others rewritten) and another summary.
    let b = with_generated(
        spec_variant(&tmp.path().join("b"), |doc| {
            if let Some(paths) = doc["paths"].as_mapping_mut() {
                paths.remove("/#GetLiveSnapshotJob");
            }
            if let Some(schemas) = doc["components"]["schemas"].as_mapping_mut() {
                schemas.remove("GetLiveSnapshotJobResponse");
            }
            let op = &mut doc["paths"]["/#GetLiveEditingJob"]["post"];
            op["summary"] = Value::String("Gets a job (run B).".into());
        }),
        &generated,
    );
    let outputs = [expected(&base), expected(&a), expected(&b)];
    assert_ne!(outputs[0], outputs[1]);
    assert_ne!(outputs[0], outputs[2]);
    assert_ne!(
        outputs[1].keys().collect::<Vec<_>>(),
        outputs[2].keys().collect::<Vec<_>>(),
        "B must drop a file"
    );
    // Every complete version of every file.
    let mut known: BTreeMap<String, BTreeSet<Vec<u8>>> = BTreeMap::new();
    for output in &outputs {
        for (path, bytes) in output {
            known.entry(path.clone()).or_default().insert(bytes.clone());
        }
    }
    let known = Arc::new(known);

    let rounds = 12;
    let start = Instant::now();
    let reads = Arc::new(AtomicUsize::new(0));
    let (mut a_won, mut b_won) = (0, 0);
    for round in 0..rounds {
        xtask::generate(&base, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(tree(&generated).0, outputs[0]);

        let stop = Arc::new(AtomicBool::new(false));
        let violations = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = {
            let (stop, violations, known, reads, dir) = (
                stop.clone(),
                violations.clone(),
                known.clone(),
                reads.clone(),
                generated.clone(),
            );
            std::thread::spawn(move || {
                while !stop.load(Ordering::Acquire) {
                    let (files, _) = tree(&dir);
                    for (path, bytes) in files {
                        reads.fetch_add(1, Ordering::Relaxed);
                        let complete = known.get(&path).is_some_and(|v| v.contains(&bytes));
                        if !complete {
                            violations.lock().unwrap().push(format!(
                                "{path}: {} bytes, not a complete version",
                                bytes.len()
                            ));
                        }
                    }
                }
            })
        };
        let barrier = Arc::new(Barrier::new(2));
        let runs: Vec<_> = [a.clone(), b.clone()]
            .into_iter()
            .enumerate()
            .map(|(i, layout)| {
                let barrier = barrier.clone();
                // Staggered differently each round, so either run may finish last.
                let head_start = Duration::from_millis(((round + i) % 3) as u64 * 25);
                std::thread::spawn(move || {
                    barrier.wait();
                    std::thread::sleep(head_start);
                    xtask::generate(&layout, Mode::Write).map_err(|e| e.to_string())
                })
            })
            .collect();
        let results: Vec<_> = runs.into_iter().map(|h| h.join().unwrap()).collect();
        stop.store(true, Ordering::Release);
        reader.join().unwrap();

        for (name, result) in ["A", "B"].iter().zip(&results) {
            if let Err(e) = result {
                panic!("round {round}: run {name} failed: {e}");
            }
        }
        let violations = violations.lock().unwrap();
        assert!(violations.is_empty(), "round {round}: {violations:#?}");
        let (files, hidden) = tree(&generated);
        assert!(hidden.is_empty(), "round {round}: left behind: {hidden:?}");
        if files == outputs[1] {
            a_won += 1;
        } else if files == outputs[2] {
            b_won += 1;
        } else {
            panic!(
                "round {round}: the tree is neither A's nor B's output; differs from A in [{}], from B in [{}]",
                describe(&files, &outputs[1]),
                describe(&files, &outputs[2])
            );
        }
    }
    eprintln!(
        "{rounds} rounds of two concurrent runs in {:.1} s: tree = A's output {a_won}x, B's {b_won}x; {} file reads by the poller, all complete",
        start.elapsed().as_secs_f64(),
        reads.load(Ordering::Relaxed)
    );
    assert!(reads.load(Ordering::Relaxed) > 0);
}

/// Many writes of the same files from threads of one process (one pid): the temporary names must not
/// collide (they once were `.{name}.{pid}.tmp`, so one thread renamed another's half-written file).
#[test]
fn same_process_writers_use_distinct_temporary_files() {
    let tmp = tempfile::tempdir().unwrap();
    let generated = tmp.path().join("generated");
    let base = with_generated(spec_variant(&tmp.path().join("base"), |_| {}), &generated);
    let expected = expected(&base);
    for _ in 0..4 {
        fs::remove_dir_all(&generated).ok();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let layout = base.clone();
                std::thread::spawn(move || {
                    xtask::generate(&layout, Mode::Write).map_err(|e| e.to_string())
                })
            })
            .collect();
        for h in handles {
            if let Err(e) = h.join().unwrap() {
                panic!("{e}");
            }
        }
        let (files, hidden) = tree(&generated);
        assert_eq!(files, expected);
        assert!(hidden.is_empty(), "left behind: {hidden:?}");
    }
}
