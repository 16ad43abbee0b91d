//! `cargo xtask gen [--check]` on a temporary copy of the repository (spec/ and generated/), and the
//! check that the real generated/ is up to date with spec/.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::TempDir;
use xtask::{GenError, Layout, Mode, Report};

/// The real repository's root (this crate lives in `tests/`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') || name == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Every file under `dir` (relative path → bytes), hidden files included.
fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// A temporary copy of spec/ and generated/, brought up to date by one Write run so that these tests
/// depend only on xtask's behaviour, not on whether the real generated/ is current (test `f` is for that).
struct Copy {
    dir: TempDir,
    layout: Layout,
}

impl Copy {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&repo_root().join("spec"), &dir.path().join("spec"));
        copy_dir(
            &repo_root().join("generated"),
            &dir.path().join("generated"),
        );
        let layout = Layout::at(dir.path().to_path_buf());
        run(&layout, Mode::Write);
        Self { dir, layout }
    }

    fn generated(&self) -> BTreeMap<String, Vec<u8>> {
        contents(&self.layout.generated_dir)
    }

    fn spec_file(&self, name: &str) -> PathBuf {
        self.dir.path().join("spec").join(name)
    }

    /// Replaces the one occurrence of `from` in a spec file.
    fn edit_spec(&self, name: &str, from: &str, to: &str) {
        let path = self.spec_file(name);
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in spec/{name}"
        );
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    /// Sets every generated file's mtime to a fixed past time, so a rewrite is visible whatever the
    /// file system's timestamp resolution.
    fn age_files(&self) {
        for path in self.generated().keys() {
            let file = File::options()
                .write(true)
                .open(self.layout.generated_dir.join(path))
                .unwrap();
            file.set_modified(old_time()).unwrap();
        }
    }

    /// Files whose mtime is no longer the one `age_files` set.
    fn touched(&self) -> Vec<String> {
        self.generated()
            .keys()
            .filter(|path| {
                let meta = fs::metadata(self.layout.generated_dir.join(path)).unwrap();
                meta.modified().unwrap() != old_time()
            })
            .cloned()
            .collect()
    }
}

fn old_time() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000)
}

fn run(layout: &Layout, mode: Mode) -> Report {
    xtask::generate(layout, mode).unwrap_or_else(|e| panic!("xtask gen ({mode:?}) failed:\n{e}"))
}

fn sorted(paths: impl IntoIterator<Item = String>) -> Vec<String> {
    paths
        .into_iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

#[test]
fn a_check_on_an_up_to_date_copy_reports_nothing() {
    let copy = Copy::new();
    let before = copy.generated();
    let report = run(&copy.layout, Mode::Check);
    assert!(report.changed.is_empty(), "{report}");
    assert_eq!(report.unchanged, before.len());
    assert_eq!(copy.generated(), before);
    assert!(report.to_string().contains("up to date"), "{report}");
}

#[test]
fn b_write_on_an_up_to_date_copy_touches_nothing() {
    let copy = Copy::new();
    let before = copy.generated();
    copy.age_files();
    let report = run(&copy.layout, Mode::Write);
    assert!(report.changed.is_empty(), "{report}");
    assert!(report.to_string().contains("0 files changed"), "{report}");
    assert_eq!(
        copy.touched(),
        Vec::<String>::new(),
        "files were rewritten although nothing changed"
    );
    assert_eq!(copy.generated(), before);
}

#[test]
fn c_a_changed_description_rewrites_exactly_the_files_that_show_it() {
    let copy = Copy::new();
    let old = "The snapshot callback URL.";
    let new = "The URL that snapshot callbacks are sent to.";
    let before = copy.generated();
    let expected = sorted(
        before
            .iter()
            .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(old))
            .map(|(path, _)| path.clone()),
    );
    assert!(
        !expected.is_empty(),
        "no generated file shows {old:?}; pick another description"
    );
    copy.edit_spec(
        "ice-2020-11-09.yaml",
        &format!("description: {old}"),
        &format!("description: {new}"),
    );

    let check = run(&copy.layout, Mode::Check);
    assert_eq!(check.changed, expected);
    assert_eq!(copy.generated(), before, "Check must not write");
    assert!(check.to_string().contains("cargo xtask gen"), "{check}");

    copy.age_files();
    let write = run(&copy.layout, Mode::Write);
    assert_eq!(write.changed, expected);
    assert_eq!(
        copy.touched(),
        expected,
        "Write must rewrite exactly the changed files"
    );
    let after = copy.generated();
    for (path, bytes) in &after {
        let text = String::from_utf8_lossy(bytes);
        if expected.contains(path) {
            assert!(
                text.contains(new) && !text.contains(old),
                "{path} was not updated"
            );
        } else {
            assert_eq!(Some(bytes), before.get(path), "{path} changed");
        }
    }
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );

    let again = run(&copy.layout, Mode::Write);
    assert!(
        again.changed.is_empty(),
        "a second run changed files: {again}"
    );
}

#[test]
fn d_a_malformed_spec_fails_and_changes_nothing() {
    let copy = Copy::new();
    let before = copy.generated();
    copy.edit_spec(
        "live-2016-11-01.yaml",
        "x-acs-style: RPC\n",
        "x-acs-style: RPC\nx-acs-stlye: RPC\n",
    );
    for mode in [Mode::Check, Mode::Write] {
        match xtask::generate(&copy.layout, mode) {
            Err(GenError::Spec(diagnostics)) => {
                let text = GenError::Spec(diagnostics).to_string();
                assert!(text.contains("spec/live-2016-11-01.yaml"), "{text}");
                assert!(text.contains("generated/ was not changed"), "{text}");
            }
            other => panic!("expected Err(GenError::Spec), got {other:?}"),
        }
        assert_eq!(
            copy.generated(),
            before,
            "generated/ changed after a failed {mode:?} run"
        );
    }
}

#[test]
fn e_a_stale_file_is_reported_and_removed() {
    let copy = Copy::new();
    let stale = copy
        .layout
        .generated_dir
        .join("src/ice/removed_operation.rs");
    fs::write(&stale, "// an operation the spec no longer has\n").unwrap();

    let check = run(&copy.layout, Mode::Check);
    assert_eq!(check.changed, ["src/ice/removed_operation.rs"]);
    assert!(stale.exists(), "Check must not delete");

    let write = run(&copy.layout, Mode::Write);
    assert_eq!(write.changed, ["src/ice/removed_operation.rs"]);
    assert!(
        !stale.exists(),
        "Write must delete files the spec no longer produces"
    );
    assert!(run(&copy.layout, Mode::Check).changed.is_empty());
}

/// Fails `cargo test` when generated/ is stale: the committed output must be what spec/ produces.
#[test]
fn f_the_repository_generated_code_is_up_to_date() {
    let report = match xtask::generate(&Layout::of_repository(), Mode::Check) {
        Ok(report) => report,
        Err(e) => panic!("cargo xtask gen --check failed:\n{e}"),
    };
    // In Check mode the report lists the stale files and says to run `cargo xtask gen`.
    assert!(report.changed.is_empty(), "{report}");
}
