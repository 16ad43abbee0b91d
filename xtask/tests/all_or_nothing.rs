//! Issue 11, point 1: `gen` updates `generated/` all or nothing.
//!
//! - A write failure injected at every file operation of a run (staging, backup, rename, removal, and
//!   from that point on for good, so that the rollback fails too): `generated/` is left exactly as it
//!   was, or, when even the rollback fails, every file is entirely old or entirely new and the error
//!   names those it could not restore. No hidden file is left, or the next run removes it.
//! - SIGKILL of the real `xtask` binary at random points of a 1,000-operation run: every file is
//!   entirely old or entirely new; a mixed set always comes with the commit journal; the next run, a
//!   `gen --check`, undoes the interrupted commit and says so, so the set is all old or all new; the
//!   run after it removes the leftovers and completes the new set.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::CrateConfig;
use xtask::staged::{Disk, Store};
use xtask::{GenError, Layout, Mode};

type Tree = BTreeMap<String, Vec<u8>>;
/// Spec documents: (file name relative to the root, YAML).
type Sources = Vec<(String, String)>;

/// Every file under `dir`: the visible ones, and the names of the hidden ones.
fn tree(dir: &Path) -> (Tree, Vec<String>) {
    fn walk(root: &Path, dir: &Path, files: &mut Tree, hidden: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if entry.file_type().unwrap().is_dir() {
                walk(root, &path, files, hidden);
            } else if entry.file_name().to_string_lossy().starts_with('.') {
                hidden.push(rel);
            } else {
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let (mut files, mut hidden) = (Tree::new(), Vec::new());
    if dir.exists() {
        walk(dir, dir, &mut files, &mut hidden);
    }
    (files, hidden)
}

fn expected(root: &Path) -> Tree {
    codegen::generate_from_dir(&root.join("spec"), root, &CrateConfig::default())
        .unwrap()
        .into_iter()
        .map(|(k, v)| (k, v.into_bytes()))
        .collect()
}

/// Makes `dir` hold exactly `files`.
fn write_tree(dir: &Path, files: &Tree) {
    let _ = std::fs::remove_dir_all(dir);
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
}

/// A scratch directory, in memory where the system has one: these tests write thousands of files,
/// and what they test is the order of operations, not the disk.
fn scratch() -> tempfile::TempDir {
    match Path::new("/dev/shm") {
        shm if shm.is_dir() => {
            tempfile::tempdir_in(shm).unwrap_or_else(|_| tempfile::tempdir().unwrap())
        }
        _ => tempfile::tempdir().unwrap(),
    }
}

fn write_spec(root: &Path, sources: &[(String, String)]) {
    let spec = root.join("spec");
    let _ = std::fs::remove_dir_all(&spec);
    std::fs::create_dir_all(&spec).unwrap();
    for (name, text) in sources {
        std::fs::write(root.join(name), text).unwrap();
    }
}

/// Every visible file equals its old or its new version (a path in only one set may be absent).
fn each_file_old_or_new(now: &Tree, old: &Tree, new: &Tree) -> Result<(usize, usize), String> {
    let (mut olds, mut news) = (0, 0);
    for (path, content) in now {
        let (is_old, is_new) = (
            old.get(path) == Some(content),
            new.get(path) == Some(content),
        );
        if is_old && is_new {
            // The same in both versions: tells nothing.
        } else if is_new {
            news += 1;
        } else if is_old {
            olds += 1;
        } else {
            return Err(format!("{path} is neither its old nor its new version"));
        }
    }
    for path in old.keys().filter(|p| new.contains_key(*p)) {
        if !now.contains_key(path) {
            return Err(format!("{path} is missing"));
        }
    }
    Ok((olds, news))
}

/// A store that fails the `fail_at`-th operation (counting from 0), and every later one if `for_good`.
struct Faulty {
    calls: Cell<usize>,
    fail_at: usize,
    for_good: bool,
}

impl Faulty {
    fn check(&self, what: &str, path: &Path) -> std::io::Result<()> {
        let n = self.calls.get();
        self.calls.set(n + 1);
        if n == self.fail_at || (self.for_good && n > self.fail_at) {
            return Err(std::io::Error::other(format!(
                "injected failure of {what} {}",
                path.display()
            )));
        }
        Ok(())
    }
}

impl Store for Faulty {
    fn write(&self, path: &Path, content: &[u8]) -> std::io::Result<()> {
        if let Err(e) = self.check("write", path) {
            // Half the content, as a full disk would leave it.
            let _ = Disk.write(path, &content[..content.len() / 2]);
            return Err(e);
        }
        Disk.write(path, content)
    }
    fn keep(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.check("keep", from)?;
        Disk.keep(from, to)
    }
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        self.check("rename", to)?;
        Disk.rename(from, to)
    }
    fn remove(&self, path: &Path) -> std::io::Result<()> {
        self.check("remove", path)?;
        Disk.remove(path)
    }
}

/// The real two-document spec, and an older one: every summary and the product titles different,
/// one operation fewer. The old tree also holds a file the new spec no longer produces.
fn two_versions() -> (Sources, Sources) {
    let new = sdk_benches::synthetic::real_sources();
    let old: Sources = new
        .iter()
        .map(|(name, text)| {
            let mut text = text.replace("      summary: ", "      summary: Formerly ");
            text = text.replacen("  title: ", "  title: Old ", 1);
            (name.clone(), text)
        })
        .collect();
    (old, new)
}

#[test]
fn a_failure_at_any_file_operation_leaves_generated_as_it_was() {
    let dir = scratch();
    let root = dir.path();
    let layout = Layout::at(root.to_path_buf());
    let (old_spec, new_spec) = two_versions();
    write_spec(root, &new_spec);
    let new = expected(root);
    write_spec(root, &old_spec);
    let mut old_tree = expected(root);
    write_spec(root, &new_spec);
    old_tree.insert("src/ice/retired_operation.rs".into(), b"// old\n".to_vec());
    // A file the new spec adds.
    old_tree.remove("src/live/client.rs");

    let reset = || {
        write_tree(&layout.generated_dir, &old_tree);
        tree(&layout.generated_dir)
    };

    let mut runs = 0;
    let mut rollbacks_failed = 0;
    for for_good in [false, true] {
        for fail_at in 0.. {
            let (old, hidden) = reset();
            assert!(hidden.is_empty());
            let store = Faulty {
                calls: Cell::new(0),
                fail_at,
                for_good,
            };
            let result = xtask::generate_with(&layout, Mode::Write, &store);
            runs += 1;
            let (now, hidden) = tree(&layout.generated_dir);
            match result {
                Err(GenError::Commit(error)) => {
                    let message = error.to_string();
                    assert!(message.contains("injected failure"), "{message}");
                    if error.not_restored.is_empty() {
                        assert!(message.contains("nothing was changed"), "{message}");
                        assert!(
                            now == old,
                            "fail_at {fail_at}: generated/ changed: {message}"
                        );
                    } else {
                        rollbacks_failed += 1;
                        assert!(message.contains("could not be"), "{message}");
                        each_file_old_or_new(&now, &old, &new).unwrap();
                        for (path, _) in &error.not_restored {
                            assert!(message.contains(&path.display().to_string()));
                        }
                    }
                }
                Err(other) => panic!("fail_at {fail_at}: unexpected error {other}"),
                Ok(_) if store.calls.get() <= fail_at => break, // the run needed fewer operations
                Ok(_) => {
                    // Only removing a backup after the commit failed: the new set is in place.
                    assert!(
                        now == new,
                        "fail_at {fail_at}: succeeded but not the new tree"
                    );
                }
            }
            // Whatever was left hidden, the next ordinary run removes it (a journal left by a failed
            // rollback: it finishes the rollback first) and completes the set.
            let journal_left = hidden.iter().any(|h| h.ends_with(xtask::journal::NAME));
            let report = xtask::generate(&layout, Mode::Write).unwrap();
            assert_eq!(report.recovered.is_some(), journal_left, "{hidden:?}");
            if !journal_left {
                assert_eq!(report.cleaned.len(), hidden.len(), "{hidden:?}");
            }
            let (now, hidden) = tree(&layout.generated_dir);
            assert!(
                now == new && hidden.is_empty(),
                "fail_at {fail_at}: next run"
            );
        }
    }
    println!("{runs} runs with an injected failure, {rollbacks_failed} with a failing rollback");
    assert!(runs > 40, "too few operations were tried: {runs}");
}

/// A small deterministic generator for the kill times.
fn next(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

fn run_xtask(root: &Path) -> std::process::Child {
    xtask_gen(root, &[])
}

fn xtask_gen(root: &Path, flags: &[&str]) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("--repo")
        .arg(root)
        .arg("gen")
        .args(flags)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the run has staged its first file (`src/.lib.rs.*.tmp`), and returns when, since the
/// run started; `None` if it exits first.
fn wait_for_staging(root: &Path, child: &mut std::process::Child) -> Option<std::time::Duration> {
    let start = Instant::now();
    let src = root.join("generated/src");
    loop {
        if let Ok(entries) = std::fs::read_dir(&src) {
            let staged = entries.flatten().any(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(".lib.rs.") && name.ends_with(".tmp")
            });
            if staged {
                return Some(start.elapsed());
            }
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// Waits until `generated/` holds the commit journal (the commit phase has begun), and returns when,
/// since the call; `None` if the run exits first.
fn wait_for_journal(root: &Path, child: &mut std::process::Child) -> Option<std::time::Duration> {
    let start = Instant::now();
    let journal = root.join("generated").join(xtask::journal::NAME);
    loop {
        if journal.exists() {
            return Some(start.elapsed());
        }
        if child.try_wait().unwrap().is_some() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_micros(200));
    }
}

fn run_to_completion(root: &Path) -> String {
    let out = run_xtask(root).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "xtask gen failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(unix)]
#[test]
fn sigkill_at_random_points_of_a_thousand_operation_run() {
    let rounds: usize = std::env::var("XTASK_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6);
    let dir = scratch();
    let root = dir.path();
    std::fs::create_dir_all(root.join("generated")).unwrap();
    let a_spec = sdk_benches::synthetic::sources(1000);
    // Every file of B differs from A's: the product title appears in each operation's docs.
    let b_spec: Sources = a_spec
        .iter()
        .map(|(n, t)| {
            (
                n.clone(),
                t.replace("title: Synthetic product", "title: Renamed product"),
            )
        })
        .collect();
    write_spec(root, &a_spec);
    let a = expected(root);
    write_spec(root, &b_spec);
    let b = expected(root);
    assert!(a.iter().filter(|(k, v)| b.get(*k) == Some(v)).count() < 5);

    // How long a full run from A to B takes, and how long its write phase (from the first staged file).
    let generated: PathBuf = root.join("generated");
    write_tree(&generated, &a);
    let start = Instant::now();
    let mut child = run_xtask(root);
    let staged_at = wait_for_staging(root, &mut child).expect("the run wrote no temporary file");
    let journal_at =
        staged_at + wait_for_journal(root, &mut child).expect("the run wrote no commit journal");
    assert!(child.wait().unwrap().success());
    let full = start.elapsed();
    let writing = full - staged_at;
    let committing = full - journal_at;

    let mut seed = 0x5eed_1111_u64;
    let (mut mixed, mut all_old, mut all_new, mut with_leftovers, mut recovered) = (0, 0, 0, 0, 0);
    for round in 0..rounds {
        write_tree(&generated, &a);
        let mut child = run_xtask(root);
        // A third of the kills anywhere in the run, a third in the write phase (from the first staged
        // file), a third in the commit phase (once the journal is there; the first of them at once).
        let delay = match round % 3 {
            0 => full.mul_f64(1.05 * next(&mut seed)),
            1 => {
                let _ = wait_for_staging(root, &mut child);
                writing.mul_f64(0.8 * next(&mut seed))
            }
            _ => {
                let _ = wait_for_journal(root, &mut child);
                if round == 2 {
                    std::time::Duration::ZERO
                } else {
                    committing.mul_f64(0.8 * next(&mut seed))
                }
            }
        };
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let (now, hidden) = tree(&generated);
        let (olds, news) = each_file_old_or_new(&now, &a, &b)
            .unwrap_or_else(|e| panic!("round {round} (killed after {delay:?}): {e}"));
        if olds > 0 && news > 0 {
            mixed += 1;
        }
        if !hidden.is_empty() {
            with_leftovers += 1;
        }
        let journal = hidden.iter().any(|h| h.ends_with(xtask::journal::NAME));
        assert!(
            journal || olds == 0 || news == 0,
            "round {round}: a mixed set without a journal to undo it"
        );

        // The next run, even a `--check`, undoes an interrupted commit: the set is whole again.
        let check = xtask_gen(root, &["--check"]).wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&check.stderr).into_owned()
            + &String::from_utf8_lossy(&check.stdout);
        let (now, _) = tree(&generated);
        if now == a {
            all_old += 1;
        } else if now == b {
            all_new += 1;
        } else {
            panic!(
                "round {round} (killed after {delay:?}): after `gen --check` the set is neither all old nor all new: {said}"
            );
        }
        if journal {
            recovered += 1;
            assert!(
                now == a,
                "round {round}: the interrupted commit was not undone: {said}"
            );
            assert!(
                said.contains("interrupted while writing"),
                "round {round}: {said}"
            );
        }
        let out = run_to_completion(root);
        let (now, left) = tree(&generated);
        assert!(
            now == b,
            "round {round}: the next run did not complete the new set"
        );
        assert!(
            left.is_empty(),
            "round {round}: hidden files remain: {left:?}"
        );
        let _ = out;
    }
    // The first commit-phase kill comes as soon as the journal appears: it must have been undone.
    assert!(
        rounds < 3 || recovered > 0,
        "no kill landed in the commit phase"
    );
    println!(
        "full run {full:?} (writing {writing:?}, committing {committing:?}); {rounds} kills: {mixed} left a mixed set (each file whole), \
         {recovered} a journal; after the next `gen --check`: {all_old} all old, {all_new} all new; \
         {with_leftovers} left hidden files, all removed by the next `gen`"
    );
}
