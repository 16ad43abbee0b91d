//! The commit journal: what a commit is about to do, written before its first rename and removed once
//! every file is in place (that removal is the commit point). A run killed in between leaves the
//! journal behind; the next run reads it and puts back every file the killed run had replaced, added
//! or removed, so the set is again entirely the old one. Each step of the recovery checks what is on
//! disk, so a recovery that is itself interrupted is simply done again.
//!
//! The journal is a text file, one step a line, paths relative to its directory:
//! `replace TARGET TEMP BACKUP`, `create TARGET TEMP`, `remove TARGET BACKUP` (tab-separated), ended
//! by `end`. It is written to a temporary name and renamed into place, so it is whole or absent.

use std::path::{Path, PathBuf};

use crate::staged::Store;

/// The journal's name in the directory it guards (hidden: the stale-file scan skips it).
pub const NAME: &str = ".xtask-gen.journal";

const HEADER: &str = "xtask gen journal 1";

/// One planned step of a commit, with the hidden names it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// `target` exists: it is linked to `backup`, then `temp` is renamed over it.
    Replace {
        target: PathBuf,
        temp: PathBuf,
        backup: PathBuf,
    },
    /// `target` does not exist: `temp` is renamed to it.
    Create { target: PathBuf, temp: PathBuf },
    /// `target` is no longer produced: it is renamed to `backup`.
    Remove { target: PathBuf, backup: PathBuf },
}

impl Step {
    /// The file this step puts in place or removes.
    pub fn target(&self) -> &Path {
        match self {
            Step::Replace { target, .. }
            | Step::Create { target, .. }
            | Step::Remove { target, .. } => target,
        }
    }
}

/// The journal's text for `steps`, paths relative to `dir`. Fails on a path outside `dir` or one
/// holding a tab or a line break (the generator never produces such names).
pub fn render(dir: &Path, steps: &[Step]) -> std::io::Result<String> {
    let rel = |p: &Path| -> std::io::Result<String> {
        let r = p.strip_prefix(dir).map_err(|_| {
            std::io::Error::other(format!("{} is outside {}", p.display(), dir.display()))
        })?;
        let s = r.to_string_lossy().into_owned();
        if s.is_empty() || s.contains(['\t', '\n', '\r']) || r.to_str().is_none() {
            return Err(std::io::Error::other(format!(
                "{}: a name the commit journal cannot record",
                p.display()
            )));
        }
        Ok(s)
    };
    let mut out = format!("{HEADER}\n");
    for step in steps {
        let line = match step {
            Step::Replace {
                target,
                temp,
                backup,
            } => format!(
                "replace\t{}\t{}\t{}",
                rel(target)?,
                rel(temp)?,
                rel(backup)?
            ),
            Step::Create { target, temp } => format!("create\t{}\t{}", rel(target)?, rel(temp)?),
            Step::Remove { target, backup } => {
                format!("remove\t{}\t{}", rel(target)?, rel(backup)?)
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str("end\n");
    Ok(out)
}

/// The steps of a journal's text, paths joined to `dir`; an error names what is malformed.
pub fn parse(dir: &Path, text: &str) -> Result<Vec<Step>, String> {
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, l)| l) != Some(HEADER) {
        return Err(format!("line 1: expected `{HEADER}`"));
    }
    let mut steps = Vec::new();
    for (i, line) in lines {
        if line == "end" {
            return Ok(steps);
        }
        let fields: Vec<&str> = line.split('\t').collect();
        // A relative path without `..` stays inside the directory.
        let path = |s: &str| -> Result<PathBuf, String> {
            let p = Path::new(s);
            if s.is_empty()
                || p.is_absolute()
                || p.components()
                    .any(|c| !matches!(c, std::path::Component::Normal(_)))
            {
                return Err(format!(
                    "line {}: `{s}` is not a path inside the directory",
                    i + 1
                ));
            }
            Ok(dir.join(p))
        };
        steps.push(match fields.as_slice() {
            ["replace", target, temp, backup] => Step::Replace {
                target: path(target)?,
                temp: path(temp)?,
                backup: path(backup)?,
            },
            ["create", target, temp] => Step::Create {
                target: path(target)?,
                temp: path(temp)?,
            },
            ["remove", target, backup] => Step::Remove {
                target: path(target)?,
                backup: path(backup)?,
            },
            _ => return Err(format!("line {}: not a journal step: `{line}`", i + 1)),
        });
    }
    Err("the journal has no `end` line".into())
}

/// What a recovery put back: the files (absolute paths) restored to their content before the
/// interrupted run, added back, or removed because that run had created them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    pub restored: Vec<PathBuf>,
}

/// Undoes the commit recorded in `dir`'s journal, if there is one, newest step first, then removes
/// the journal. `Ok(None)`: there was no journal.
pub fn recover(store: &dyn Store, dir: &Path) -> std::io::Result<Option<Recovery>> {
    let journal = dir.join(NAME);
    let text = match std::fs::read_to_string(&journal) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let steps = parse(dir, &text).map_err(|message| {
        std::io::Error::other(format!(
            "{}: {message}; it records an interrupted run of `cargo xtask gen`: restore generated/ \
             from version control (`git checkout generated/`), then delete it",
            journal.display()
        ))
    })?;
    let mut recovery = Recovery::default();
    let remove_if_there = |path: &Path| match store.remove(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    };
    for step in steps.iter().rev() {
        match step {
            Step::Replace {
                target,
                temp,
                backup,
            } => {
                if backup.exists() {
                    store.rename(backup, target)?;
                    recovery.restored.push(target.clone());
                }
                remove_if_there(temp)?;
            }
            Step::Create { target, temp } => {
                if temp.exists() {
                    remove_if_there(temp)?;
                } else if target.exists() {
                    store.remove(target)?;
                    recovery.restored.push(target.clone());
                }
            }
            Step::Remove { target, backup } => {
                if backup.exists() {
                    store.rename(backup, target)?;
                    recovery.restored.push(target.clone());
                }
            }
        }
    }
    store.remove(&journal)?;
    recovery.restored.sort();
    Ok(Some(recovery))
}

/// Whether `dir` holds a journal (an interrupted commit).
pub fn pending(dir: &Path) -> bool {
    dir.join(NAME).exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_parses_back() {
        let dir = Path::new("/g");
        let steps = vec![
            Step::Replace {
                target: dir.join("src/lib.rs"),
                temp: dir.join("src/.lib.rs.1.0.tmp"),
                backup: dir.join("src/.lib.rs.1.1.bak"),
            },
            Step::Create {
                target: dir.join("src/a.rs"),
                temp: dir.join("src/.a.rs.1.2.tmp"),
            },
            Step::Remove {
                target: dir.join("src/b.rs"),
                backup: dir.join("src/.b.rs.1.3.bak"),
            },
        ];
        let text = render(dir, &steps).unwrap();
        assert_eq!(parse(dir, &text).unwrap(), steps);
        assert!(parse(dir, text.trim_end_matches("end\n")).is_err());
        assert!(parse(dir, &text.replace("src/a.rs", "../a.rs")).is_err());
        assert!(
            render(
                dir,
                &[Step::Create {
                    target: PathBuf::from("/elsewhere/x.rs"),
                    temp: dir.join("x")
                }]
            )
            .is_err()
        );
    }
}
