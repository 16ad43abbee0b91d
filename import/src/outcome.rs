//! What an import run reports: each page's outcome, the errors (with the flag or edit that fixes
//! them), and what was written.

use std::fmt;
use std::path::PathBuf;

use crate::error::PageError;
use crate::gate::Rejection;
use crate::report::Report;
use codegen::compare::Difference;

#[derive(Debug)]
pub enum ImportError {
    Page(PageError),
    /// The existing document does not load; it must be fixed first.
    Existing {
        path: PathBuf,
        message: String,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// Which flag to pass.
    Flags {
        page: String,
        message: String,
    },
    /// The generator would reject the operation; it is not written.
    Rejected {
        page: String,
        action: String,
        rejections: Vec<Rejection>,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Page(e) => write!(f, "{e}"),
            ImportError::Existing { path, message } => write!(
                f,
                "{}: the existing spec document does not load, so nothing is imported into it: {message}",
                path.display()
            ),
            ImportError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            ImportError::Flags { page, message } => write!(f, "{page}: {message}"),
            ImportError::Rejected {
                page,
                action,
                rejections,
            } => {
                write!(
                    f,
                    "{page}: {action} not imported: `cargo xtask gen` would reject it"
                )?;
                for r in rejections {
                    write!(
                        f,
                        "\n  {page}:{}: {}\n    fix: {}",
                        r.line, r.message, r.fix
                    )?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ImportError {}

/// What happened to one page's operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It starts a new document.
    Created,
    /// It is added to the document.
    Added,
    /// It was there and takes the old one's place; these were the differences.
    Replaced { differences: Vec<Difference> },
    /// It is there and reads the same.
    Unchanged,
    /// It is there and differs; nothing changes (pass `--replace`).
    Differs { differences: Vec<Difference> },
}

/// One page's result.
#[derive(Debug)]
pub struct PageOutcome {
    pub report: Report,
    pub document: PathBuf,
    pub outcome: Outcome,
}

/// What [`crate::run::Importer::finish`] wrote (or would have, in a dry run).
#[derive(Debug, Default)]
pub struct Written {
    /// Each document written, with the number of operations put in.
    pub documents: Vec<(PathBuf, usize)>,
    /// Operations the whole-document check rejected (a clash with another operation); not written.
    pub rejected: Vec<ImportError>,
}
