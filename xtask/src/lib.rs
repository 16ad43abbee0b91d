//! `cargo xtask gen [--check]`: regenerates `generated/` from `spec/`.
//!
//! Each generated file is compared with the tree as soon as it is formatted, and a changed one is staged
//! at once (never the whole output in memory); the staged files are committed only after generation
//! succeeded, all or nothing ([`staged`]): a failed write puts back what was replaced and says so; a
//! run killed while committing leaves every file either old or new and a [`journal`], from which the
//! next run (`gen` or `gen --check`) puts the old set back and says so, and removes the hidden
//! leftovers. An up-to-date tree is not touched at all (cargo then rebuilds nothing).

#![forbid(unsafe_code)]

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use codegen::{CrateConfig, Diagnostics, Stopped};

pub mod journal;
pub mod staged;

use staged::{CommitError, Disk, Staging, Store};

/// Where the repository's parts are.
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: PathBuf,
    pub spec_dir: PathBuf,
    pub generated_dir: PathBuf,
}

impl Layout {
    /// The layout of the repository `cargo xtask` runs in.
    ///
    /// Found at run time from `CARGO_MANIFEST_DIR`, which cargo sets for `cargo run` and `cargo test`,
    /// by walking up to the directory holding `spec/` and `generated/`. The path baked in at compile time
    /// is only the fallback: cargo may reuse a binary built from another checkout with the same layout
    /// (a shared target directory), and that path may no longer exist.
    pub fn of_repository() -> Self {
        let is_root = |dir: &Path| dir.join("spec").is_dir() && dir.join("generated").is_dir();
        let found = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .and_then(|dir| dir.ancestors().find(|d| is_root(d)).map(Path::to_path_buf));
        let root = found.unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."))
        });
        Self::at(root)
    }

    pub fn at(root: PathBuf) -> Self {
        Self {
            spec_dir: root.join("spec"),
            generated_dir: root.join("generated"),
            root,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the files that differ.
    Write,
    /// Write nothing; report the files that differ.
    Check,
}

/// What a run found or did.
#[derive(Debug)]
pub struct Report {
    /// Files (relative to `generated/`) whose content differs from the spec's output, or that the spec
    /// no longer produces.
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// Hidden temporary or backup files of an interrupted earlier run, removed (relative to `generated/`).
    pub cleaned: Vec<String>,
    /// Files an earlier run was killed while committing, put back as they were before it (relative to
    /// `generated/`); `None` if no commit was interrupted.
    pub recovered: Option<Vec<String>>,
    pub elapsed: Duration,
    pub mode: Mode,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.elapsed.as_secs_f64() * 1000.0;
        if let Some(recovered) = &self.recovered {
            writeln!(
                f,
                "generated/: an earlier run was interrupted while writing; its changes were undone \
                 ({} file{} put back as before it)",
                recovered.len(),
                if recovered.len() == 1 { "" } else { "s" }
            )?;
        }
        if !self.cleaned.is_empty() {
            writeln!(
                f,
                "generated/: removed {} leftover file{} of an interrupted run",
                self.cleaned.len(),
                if self.cleaned.len() == 1 { "" } else { "s" }
            )?;
        }
        match self.mode {
            Mode::Write => write!(
                f,
                "generated/: {} file{} changed, {} unchanged, in {ms:.0} ms",
                self.changed.len(),
                if self.changed.len() == 1 { "" } else { "s" },
                self.unchanged
            ),
            Mode::Check if self.changed.is_empty() => {
                write!(
                    f,
                    "generated/ is up to date ({} files checked in {ms:.0} ms)",
                    self.unchanged
                )
            }
            Mode::Check => {
                writeln!(
                    f,
                    "generated/ is stale; these files differ from what spec/ produces:"
                )?;
                for path in &self.changed {
                    writeln!(f, "  generated/{path}")?;
                }
                write!(f, "run `cargo xtask gen` and commit the result")
            }
        }
    }
}

#[derive(Debug)]
pub enum GenError {
    /// The spec is invalid; nothing was written.
    Spec(Diagnostics),
    /// Reading `generated/` (or locking it) failed; nothing was written.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Writing `generated/` failed; what was replaced has been put back (the error says what not).
    Commit(CommitError),
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenError::Spec(d) => write!(
                f,
                "{d}\n{} error{} in spec/; generated/ was not changed",
                d.len(),
                if d.len() == 1 { "" } else { "s" }
            ),
            GenError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            GenError::Commit(error) => write!(f, "{error}"),
        }
    }
}

/// Runs the generator and, in `Write` mode, updates `generated/`.
pub fn generate(layout: &Layout, mode: Mode) -> Result<Report, GenError> {
    generate_with(layout, mode, &Disk)
}

/// [`generate`], writing through `store` (tests pass one that fails on purpose).
///
/// Each file is compared with `generated/` as soon as it is formatted and, in `Write` mode, staged
/// (written to a hidden temporary file) at once, so the whole output is never held in memory. The
/// staged files become visible only in the final commit, after the last file was generated; a spec
/// error, a generator bug or a failed write removes them, leaving `generated/` as it was.
pub fn generate_with(layout: &Layout, mode: Mode, store: &dyn Store) -> Result<Report, GenError> {
    let start = Instant::now();
    let dir = &layout.generated_dir;
    let existed = dir.exists();
    let result = generate_locked(layout, mode, store, start);
    if result.is_err() && !existed {
        // The lock made it; a failed run leaves no trace. Fails harmlessly if anything is inside.
        let _ = std::fs::remove_dir(dir);
    }
    result
}

fn generate_locked(
    layout: &Layout,
    mode: Mode,
    store: &dyn Store,
    start: Instant,
) -> Result<Report, GenError> {
    let dir = &layout.generated_dir;
    // Two writing runs at once (two terminals, an editor hook) take turns from the first staged file to
    // the last write, so the tree ends as one run's complete output, never a mix of both.
    // `--check` also takes the lock when an interrupted commit is to be undone.
    let _lock = match mode {
        Mode::Write => Some(lock(dir)?),
        Mode::Check if journal::pending(dir) => Some(lock(dir)?),
        Mode::Check => None,
    };
    let io = |error| GenError::Io {
        path: dir.clone(),
        error,
    };
    // First of all, an interrupted commit is undone, so the set is whole whatever happens next.
    let recovered = journal::recover(store, dir)
        .map_err(io)?
        .map(|r| r.restored.iter().map(|p| relative(dir, p)).collect());
    let mut cleaned = Vec::new();
    if mode == Mode::Write || recovered.is_some() {
        // Before staging anything: these hidden names are also the ones this run stages under.
        cleaned = staged::clean_leftovers(dir)
            .map_err(io)?
            .iter()
            .map(|p| relative(dir, p))
            .collect();
    }
    let mut staging = Staging::journaled(store, dir);
    let mut compared = Compared::default();
    let mut failure = None;
    let generated = codegen::generate_from_dir_into(
        &layout.spec_dir,
        &layout.root,
        &CrateConfig::default(),
        &mut |path, text| {
            let full = dir.join(&path);
            let same = match std::fs::read(&full) {
                Ok(existing) => existing == text.as_bytes(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
                Err(error) => {
                    failure = Some(GenError::Io { path: full, error });
                    return Err(());
                }
            };
            if same {
                compared.unchanged += 1;
            } else {
                if mode == Mode::Write
                    && let Err(error) = staging.stage(&full, text.as_bytes())
                {
                    failure = Some(GenError::Commit(error));
                    return Err(());
                }
                compared.changed.push(path.clone());
            }
            compared.produced.insert(path);
            Ok(())
        },
    );
    match generated {
        Ok(()) => {}
        Err(Stopped::Spec(diagnostics)) => return Err(GenError::Spec(diagnostics)),
        Err(Stopped::Sink) => {
            return Err(failure.unwrap_or_else(|| GenError::Io {
                path: dir.clone(),
                error: std::io::Error::other("generation stopped"),
            }));
        }
    }
    let stale: Vec<String> = existing_files(dir)?
        .into_iter()
        .filter(|path| !compared.produced.contains(path))
        .collect();
    if mode == Mode::Write {
        let removals: Vec<PathBuf> = stale.iter().map(|path| dir.join(path)).collect();
        staging.commit(&removals).map_err(GenError::Commit)?;
    }
    let mut all: Vec<String> = compared.changed.into_iter().chain(stale).collect();
    all.sort();
    Ok(Report {
        changed: all,
        unchanged: compared.unchanged,
        cleaned,
        recovered,
        elapsed: start.elapsed(),
        mode,
    })
}

/// The generated files compared with `generated/`, one by one as they come.
#[derive(Default)]
struct Compared {
    /// Changed or new (relative paths).
    changed: Vec<String>,
    unchanged: usize,
    /// Every path the spec produces, to find the files it no longer does.
    produced: BTreeSet<String>,
}

fn relative(dir: &Path, path: &Path) -> String {
    let shown = path.strip_prefix(dir).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Every file under `dir` (relative, `/`-separated), skipping hidden entries and build output.
fn existing_files(dir: &Path) -> Result<Vec<String>, GenError> {
    let mut out = Vec::new();
    let mut pending = vec![PathBuf::new()];
    while let Some(relative) = pending.pop() {
        let full = dir.join(&relative);
        let entries = match std::fs::read_dir(&full) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => return Err(GenError::Io { path: full, error }),
        };
        for entry in entries {
            let entry = entry.map_err(|error| GenError::Io {
                path: full.clone(),
                error,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            let path = relative.join(&name);
            if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                pending.push(path);
            } else {
                out.push(path.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// An exclusive lock on `generated/` for the rest of a writing run (released when dropped). On Unix the
/// directory itself is locked, so no lock file is left in the tree; elsewhere a hidden lock file
/// (which the stale-file scan skips) is used.
fn lock(dir: &Path) -> Result<std::fs::File, GenError> {
    let io = |error| GenError::Io {
        path: dir.to_path_buf(),
        error,
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    #[cfg(unix)]
    let file = std::fs::File::open(dir).map_err(io)?;
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".xtask-gen.lock"))
        .map_err(io)?;
    file.lock().map_err(io)?;
    Ok(file)
}

/// Writes beside the target through `write`, then renames over it: readers see the old file or the
/// new one, never half. A failed write removes the temporary file. Used by `cargo xtask import` for
/// spec documents, which it streams as it renders them.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temp = staged::hidden_beside(path, "tmp");
    let written = std::fs::File::create(&temp).and_then(|file| {
        let mut file = std::io::BufWriter::new(file);
        write(&mut file)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}
