//! All-or-nothing updates of a directory of generated files.
//!
//! 1. **Stage**: every new content is written to a hidden temporary file beside its target. A failure
//!    here removes what was staged; nothing visible has changed.
//! 2. **Commit**: each replaced file is first hard-linked to a hidden backup (the target never goes
//!    missing), then the staged file is renamed over it; a file no longer produced is renamed to a
//!    backup. Each rename is atomic, so every file is always entirely old or entirely new.
//! 3. A failed commit step **rolls back** what was committed, from the backups, and the error says so.
//!    A successful commit removes the backups.
//!
//! Before the first rename the plan is written to a [`journal`]; its removal is the commit point. A
//! run killed during the commit leaves a mix of old and new files (each whole) and the journal: the
//! next run (`gen` or `gen --check`) undoes the commit from it ([`journal::recover`]) and says so,
//! so the set is entirely old again before anything else happens. Hidden `.tmp` and `.bak` files a
//! killed run leaves are removed by [`clean_leftovers`]. Making the whole set switch in one step
//! would need the directory itself to be swapped (`renameat2(RENAME_EXCHANGE)`), which would also
//! replace every unchanged file (and cargo's view of it); see docs/HARDENING.md.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::journal::{self, Step};

/// The file operations a commit uses, so tests can make any one of them fail. [`Disk`] is the real one.
pub trait Store {
    fn write(&self, path: &Path, content: &[u8]) -> std::io::Result<()>;
    /// Makes `to` another name of `from`'s current content (a hard link, or a copy where links fail).
    fn keep(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn remove(&self, path: &Path) -> std::io::Result<()>;
}

/// The file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Store for Disk {
    fn write(&self, path: &Path, content: &[u8]) -> std::io::Result<()> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)
    }

    fn keep(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::hard_link(from, to).or_else(|_| std::fs::copy(from, to).map(drop))
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove(&self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_file(path)
    }
}

/// Why a commit failed, and what state it left.
#[derive(Debug)]
pub struct CommitError {
    pub path: PathBuf,
    pub error: std::io::Error,
    /// Files changed before the failure and put back from their backups.
    pub restored: usize,
    /// Files that could not be put back (path and error): only these differ from before the run.
    pub not_restored: Vec<(PathBuf, std::io::Error)>,
}

impl fmt::Display for CommitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)?;
        if self.not_restored.is_empty() {
            write!(
                f,
                "\nnothing was changed: the {} file{} already replaced {} restored",
                self.restored,
                if self.restored == 1 { "" } else { "s" },
                if self.restored == 1 { "was" } else { "were" },
            )
        } else {
            write!(
                f,
                "\n{} file{} restored, but these could not be and may hold new content:",
                self.restored,
                if self.restored == 1 { "" } else { "s" }
            )?;
            for (path, error) in &self.not_restored {
                write!(f, "\n  {}: {error}", path.display())?;
            }
            Ok(())
        }
    }
}

/// One step already committed, and how to undo it.
enum Done {
    /// `target` replaced; its old content is at `backup`.
    Replaced { target: PathBuf, backup: PathBuf },
    /// `target` did not exist before.
    Created { target: PathBuf },
    /// `target` removed; its old content is at `backup`.
    Removed { target: PathBuf, backup: PathBuf },
}

/// Writes `files` (absolute path → content) and removes `stale` (absolute paths), all or nothing.
pub fn commit(
    store: &dyn Store,
    files: &[(PathBuf, &[u8])],
    stale: &[PathBuf],
) -> Result<(), CommitError> {
    let mut staging = Staging::new(store);
    for (target, content) in files {
        staging.stage(target, content)?;
    }
    staging.commit(stale)
}

fn failure(path: &Path, error: std::io::Error) -> CommitError {
    CommitError {
        path: path.to_path_buf(),
        error,
        restored: 0,
        not_restored: Vec::new(),
    }
}

/// Step 1 file by file: each new content is written to its hidden temporary file as soon as it is
/// known, so the caller need not hold the whole output in memory. Nothing visible changes until
/// [`Staging::commit`]; dropping a `Staging` without committing removes what it staged.
pub struct Staging<'s> {
    store: &'s dyn Store,
    /// (temporary file, target), in staging order.
    staged: Vec<(PathBuf, PathBuf)>,
    /// The directory whose [`journal`] records the commit (`None`: no journal).
    journal_dir: Option<PathBuf>,
}

impl<'s> Staging<'s> {
    pub fn new(store: &'s dyn Store) -> Self {
        Self {
            store,
            staged: Vec::new(),
            journal_dir: None,
        }
    }

    /// A staging whose commit is recorded in `dir`'s journal first, so a run killed while committing
    /// is undone by the next one ([`journal::recover`]). Every target must be under `dir`.
    pub fn journaled(store: &'s dyn Store, dir: &Path) -> Self {
        let mut staging = Self::new(store);
        staging.journal_dir = Some(dir.to_path_buf());
        staging
    }

    /// Writes `content` beside `target`. On failure the partial temporary file is removed (the files
    /// staged before it go when the `Staging` is dropped).
    pub fn stage(&mut self, target: &Path, content: &[u8]) -> Result<(), CommitError> {
        let temp = hidden_beside(target, "tmp");
        if let Err(error) = self.store.write(&temp, content) {
            let _ = self.store.remove(&temp);
            return Err(failure(target, error));
        }
        self.staged.push((temp, target.to_path_buf()));
        Ok(())
    }

    /// Steps 2 and 3: puts every staged file in place and removes `stale`, all or nothing.
    pub fn commit(mut self, stale: &[PathBuf]) -> Result<(), CommitError> {
        let staged = std::mem::take(&mut self.staged);
        commit_staged(self.store, self.journal_dir.as_deref(), &staged, stale)
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        discard(self.store, self.staged.iter().map(|(t, _)| t));
    }
}

/// Renames the staged files over their targets and removes `stale`; rolls back on the first failure.
/// With `journal_dir`, the plan is written to its journal before the first rename and the journal is
/// removed once every file is in place (the commit point); the backups go only after that.
fn commit_staged(
    store: &dyn Store,
    journal_dir: Option<&Path>,
    staged: &[(PathBuf, PathBuf)],
    stale: &[PathBuf],
) -> Result<(), CommitError> {
    let mut steps: Vec<Step> = Vec::with_capacity(staged.len() + stale.len());
    for (temp, target) in staged {
        steps.push(if target.exists() {
            Step::Replace {
                target: target.clone(),
                temp: temp.clone(),
                backup: hidden_beside(target, "bak"),
            }
        } else {
            Step::Create {
                target: target.clone(),
                temp: temp.clone(),
            }
        });
    }
    steps.extend(
        stale
            .iter()
            .filter(|t| t.exists())
            .map(|target| Step::Remove {
                target: target.clone(),
                backup: hidden_beside(target, "bak"),
            }),
    );

    let journal_path = journal_dir.map(|dir| dir.join(journal::NAME));
    if let (Some(dir), Some(path)) = (journal_dir, &journal_path) {
        let written = journal::render(dir, &steps).and_then(|text| {
            let temp = hidden_beside(path, "tmp");
            store
                .write(&temp, text.as_bytes())
                .and_then(|()| store.rename(&temp, path))
                .inspect_err(|_| {
                    let _ = store.remove(&temp);
                })
        });
        if let Err(error) = written {
            discard_steps(store, &steps);
            return Err(failure(path, error));
        }
    }

    let mut done: Vec<Done> = Vec::with_capacity(steps.len());
    let mut result = Ok(());
    for (i, step) in steps.iter().enumerate() {
        let outcome = match step {
            Step::Replace {
                target,
                temp,
                backup,
            } => store
                .keep(target, backup)
                .and_then(|()| store.rename(temp, target))
                .map(|()| Done::Replaced {
                    target: target.clone(),
                    backup: backup.clone(),
                })
                .inspect_err(|_| {
                    let _ = store.remove(backup);
                }),
            Step::Create { target, temp } => store.rename(temp, target).map(|()| Done::Created {
                target: target.clone(),
            }),
            Step::Remove { target, backup } => match store.rename(target, backup) {
                Ok(()) => Ok(Done::Removed {
                    target: target.clone(),
                    backup: backup.clone(),
                }),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => Err(e),
            },
        };
        match outcome {
            Ok(d) => done.push(d),
            Err(error) => {
                discard_steps(store, &steps[i..]);
                result = Err(failure(step.target(), error));
                break;
            }
        }
    }
    // The commit point: once the journal is gone, the new set stands.
    if let (Ok(()), Some(path)) = (&result, &journal_path) {
        result = store.remove(path).map_err(|error| failure(path, error));
    }
    match result {
        Ok(()) => {
            // A backup that cannot be removed now is cleaned by the next run.
            for step in done {
                if let Done::Replaced { backup, .. } | Done::Removed { backup, .. } = step {
                    let _ = store.remove(&backup);
                }
            }
            Ok(())
        }
        Err(mut error) => {
            roll_back(store, done, &mut error);
            // Rolled back: the journal has nothing left to undo. If the rollback failed, the journal
            // stays and the next run reads it and finishes the rollback.
            if let (true, Some(path)) = (error.not_restored.is_empty(), &journal_path) {
                let _ = store.remove(path);
            }
            Err(error)
        }
    }
}

/// Removes the staged temporary files of `steps` (those not yet renamed into place).
fn discard_steps(store: &dyn Store, steps: &[Step]) {
    for step in steps {
        if let Step::Replace { temp, .. } | Step::Create { temp, .. } = step {
            let _ = store.remove(temp);
        }
    }
}

/// Undoes committed steps, newest first, counting what was put back and what could not be.
fn roll_back(store: &dyn Store, done: Vec<Done>, error: &mut CommitError) {
    for step in done.into_iter().rev() {
        let (target, undo) = match &step {
            Done::Replaced { target, backup } | Done::Removed { target, backup } => {
                (target, store.rename(backup, target))
            }
            Done::Created { target } => (target, store.remove(target)),
        };
        match undo {
            Ok(()) => error.restored += 1,
            Err(e) => error.not_restored.push((target.clone(), e)),
        }
    }
}

fn discard<'a>(store: &dyn Store, temps: impl Iterator<Item = &'a PathBuf>) {
    for temp in temps {
        let _ = store.remove(temp);
    }
}

/// A hidden name beside `path`, unique per process and per call: `.NAME.PID.N.KIND`. Two runs in one
/// process (tests, an embedding tool) share the pid, so a counter tells their files apart.
pub fn hidden_beside(path: &Path, kind: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(
        ".{name}.{}.{}.{kind}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Whether `name` is one of [`hidden_beside`]'s names.
fn is_leftover(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    let Some((rest, kind)) = rest.rsplit_once('.') else {
        return false;
    };
    if kind != "tmp" && kind != "bak" {
        return false;
    }
    let mut parts = rest.rsplitn(3, '.');
    let counter = parts.next().unwrap_or_default();
    let pid = parts.next().unwrap_or_default();
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    numeric(counter) && numeric(pid) && parts.next().is_some_and(|n| !n.is_empty())
}

/// Removes the hidden temporary and backup files a killed run left under `dir` (recursively), and
/// returns their paths. Call it only while holding the directory's lock, so no live run's files go.
pub fn clean_leftovers(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type()?;
            if kind.is_dir() && name != "target" && !name.starts_with('.') {
                pending.push(entry.path());
            } else if kind.is_file() && is_leftover(&name) {
                std::fs::remove_file(entry.path())?;
                removed.push(entry.path());
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftover_names_are_recognised() {
        assert!(is_leftover(".client.rs.1234.7.tmp"));
        assert!(is_leftover(".mod.rs.1.0.bak"));
        assert!(!is_leftover("client.rs"));
        assert!(!is_leftover(".gitignore"));
        assert!(!is_leftover(".x.tmp"));
        assert!(!is_leftover("..1.2.tmp"));
        let hidden = hidden_beside(Path::new("/a/lib.rs"), "tmp");
        assert!(is_leftover(&hidden.file_name().unwrap().to_string_lossy()));
    }
}
