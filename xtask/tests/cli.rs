//! The `xtask` binary as a user runs it: help and exit codes, `--flag=value`, the repository found
//! from the current directory, `--verbose`, and a closed stdout.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The binary, run in `dir` with none of cargo's variables, as when it is run by hand.
fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// Another clone of the repository, as far as xtask reads it: spec/, generated/, pages/.
fn clone() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["spec", "generated", "pages"] {
        copy_dir(&repo_root().join(part), &dir.path().join(part));
    }
    dir
}

#[test]
fn help_for_every_command_goes_to_stdout_and_exits_0() {
    let root = repo_root();
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["gen", "--help"],
        &["help", "gen"],
        &["import", "--help"],
        &["help", "import"],
    ] {
        let out = xtask(&root, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stdout).contains("Usage: cargo xtask"),
            "{args:?}: {}",
            text(&out.stdout)
        );
    }
    let import_help = text(&xtask(&root, &["import", "--help"]).stdout);
    for flag in [
        "--method",
        "--region <REGION=HOST>",
        "--replace",
        "--dry-run",
        "--verbose",
        "--body <NAME,NAME>",
        "--style <NAME=json|simple|flat>",
        "--fields <PATH=NAME,NAME>",
    ] {
        assert!(
            import_help.contains(flag),
            "import --help lacks {flag}:\n{import_help}"
        );
    }
}

#[test]
fn a_wrong_command_line_exits_2_with_the_error_on_stderr() {
    let root = repo_root();
    for args in [
        &[][..],
        &["generate"],
        &["gen", "--chek"],
        &["import"],
        &["import", "--method", "PUT", "page.txt"],
        &["import", "--method=PUT", "page.txt"],
        &["import", "--region", "cn-shanghai", "page.txt"],
        &["import", "--frobnicate", "page.txt"],
        &["import", "--style", "Tags=xml", "page.txt"],
        &["import", "--style", "Tags", "page.txt"],
        &["import", "--fields", "StreamInput=", "page.txt"],
    ] {
        let out = xtask(&root, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        // An error names what is wrong; no command at all gets the usage.
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("error:") || (args.is_empty() && stderr.contains("Usage:")),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}

#[test]
fn works_on_the_clone_it_is_run_in_and_lists_files_with_verbose() {
    let other = clone();
    let check = xtask(other.path(), &["gen", "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    assert!(text(&check.stdout).contains("up to date"));

    // An edit in the other clone makes *its* generated/ stale, not this repository's.
    let spec = other.path().join("spec/ice-2020-11-09.yaml");
    let yaml = std::fs::read_to_string(&spec).unwrap();
    let edited = yaml.replacen("The job ID.", "The ID of the job.", 1);
    assert_ne!(
        yaml, edited,
        "the spec no longer says 'The job ID.'; pick another phrase"
    );
    std::fs::write(&spec, edited).unwrap();
    // From a subdirectory, as from the root.
    let stale = xtask(&other.path().join("spec"), &["gen", "--check"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale.stdout));
    assert!(
        text(&stale.stderr).contains("generated/src/ice/"),
        "{}",
        text(&stale.stderr)
    );
    assert_eq!(
        xtask(&repo_root(), &["gen", "--check"]).status.code(),
        Some(0)
    );

    let write = xtask(other.path(), &["gen", "--verbose"]);
    assert_eq!(write.status.code(), Some(0), "{}", text(&write.stderr));
    let listed = text(&write.stdout);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("wrote generated/src/ice/")),
        "{listed}"
    );
    assert_eq!(
        xtask(other.path(), &["gen", "--check"]).status.code(),
        Some(0)
    );

    // --repo=DIR names the clone explicitly, from anywhere.
    let elsewhere = tempfile::tempdir().unwrap();
    let repo_flag = format!("--repo={}", other.path().display());
    let out = xtask(elsewhere.path(), &["gen", "--check", &repo_flag]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Outside any clone and without --repo: an error saying so, status 2.
    let out = xtask(elsewhere.path(), &["gen", "--check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--repo"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn import_takes_flag_equals_value() {
    let other = clone();
    let spec_dir = format!("--spec-dir={}", other.path().join("spec").display());
    let out = xtask(
        other.path(),
        &[
            "import",
            "--method=GET",
            &spec_dir,
            "--dry-run",
            "pages/GetLiveSnapshotJob.txt",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("already in"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    let other = clone();
    // `| true` has closed the pipe before xtask prints its first line (the sleep), as
    // `cargo xtask import ... | head -1` does after the first line; the shell reports xtask's status.
    let script = r#"{ sleep 0.5; "$0" "$@"; echo "status=$?" >&2; } | true"#;
    let out = Command::new("sh")
        .args(["-c", script, env!("CARGO_BIN_EXE_xtask")])
        .args([
            "import",
            "--method",
            "GET",
            "--dry-run",
            "pages/GetLiveSnapshotJob.txt",
        ])
        .current_dir(other.path())
        .env_remove("CARGO_MANIFEST_DIR")
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert!(stderr.contains("status=0"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
