//! The import workflow over a spec directory: find (or create) the product's document, merge each
//! page's operation, write atomically. The CLI (`xtask/src/import.rs`) only parses flags and prints.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::merge::{self, MergeError, MergeOptions, MergeOutcome};
use crate::render::{DocumentHeader, Method};
use crate::{PageError, Report, parse_page};

/// Flags of `cargo xtask import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub spec_dir: PathBuf,
    pub method: Option<Method>,
    pub version: Option<String>,
    pub product: Option<String>,
    pub endpoint_pattern: Option<String>,
    /// `info.title` of a new document when the page's title line has no product name.
    pub title: Option<String>,
    /// `x-acs-endpoints.regions` of a new document.
    pub regions: Vec<(String, String)>,
    /// `servers[0].url` of a new document.
    pub server: Option<String>,
    pub replace: bool,
    pub dry_run: bool,
}

#[derive(Debug)]
pub enum ImportError {
    Page(PageError),
    Merge {
        page: String,
        error: MergeError,
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
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Page(e) => write!(f, "{e}"),
            ImportError::Merge { page, error } => write!(f, "{page}: {error}"),
            ImportError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            ImportError::Flags { page, message } => write!(f, "{page}: {message}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// What happened to one page.
#[derive(Debug)]
pub struct PageOutcome {
    pub report: Report,
    pub document: PathBuf,
    pub outcome: MergeOutcome,
    /// Whether the document was written (false for `--dry-run` and when nothing changed).
    pub written: bool,
}

/// Imports pages one after another; documents written for earlier pages are seen by later ones
/// (in a dry run too, through an in-memory overlay).
pub struct Importer {
    options: ImportOptions,
    overlay: BTreeMap<PathBuf, String>,
    writer: Writer,
}

/// How a changed spec document is written; `cargo xtask import` passes its atomic writer.
pub type Writer = Box<dyn FnMut(&Path, &str) -> std::io::Result<()>>;

impl Importer {
    pub fn new(options: ImportOptions) -> Self {
        Self {
            options,
            overlay: BTreeMap::new(),
            writer: Box::new(|path, text| {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(path, text)
            }),
        }
    }

    /// Writes documents with `writer` instead of a plain `std::fs::write`.
    pub fn with_writer(mut self, writer: Writer) -> Self {
        self.writer = writer;
        self
    }

    fn read(&self, path: &Path) -> Result<String, ImportError> {
        if let Some(text) = self.overlay.get(path) {
            return Ok(text.clone());
        }
        std::fs::read_to_string(path).map_err(|error| ImportError::Io {
            path: path.to_path_buf(),
            error,
        })
    }

    /// Spec documents (path, text), including ones created in this run.
    fn documents(&self) -> Result<Vec<(PathBuf, String)>, ImportError> {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&self.options.spec_dir) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => {
                return Err(ImportError::Io {
                    path: self.options.spec_dir.clone(),
                    error,
                });
            }
        };
        paths.extend(self.overlay.keys().cloned());
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .map(|p| self.read(&p).map(|t| (p, t)))
            .collect()
    }

    /// Imports one page given as bytes.
    pub fn import(&mut self, name: &str, bytes: &[u8]) -> Result<PageOutcome, ImportError> {
        let parsed = parse_page(name, bytes).map_err(ImportError::Page)?;
        let mut report = parsed.report.clone();
        let o = &self.options;
        let code = o
            .product
            .clone()
            .unwrap_or_else(|| parsed.ram_prefix.clone());
        let flags = |message: String| ImportError::Flags {
            page: name.to_owned(),
            message,
        };

        // The product's document(s).
        let mut matches = Vec::new();
        for (path, text) in self.documents()? {
            let product = product_of(&text);
            if product
                .as_deref()
                .is_some_and(|p| p.eq_ignore_ascii_case(&code))
            {
                let version = version_of(&text);
                if o.version
                    .as_ref()
                    .is_none_or(|v| Some(v) == version.as_ref())
                {
                    matches.push((path, text));
                }
            }
        }
        let (path, existing) = match matches.len() {
            0 => {
                let version = o.version.clone().ok_or_else(|| {
                    flags(format!(
                        "no spec document for product `{code}` yet, and the page does not give the API version: pass --version (the API version the official SDK sends, e.g. --version 2020-11-09)"
                    ))
                })?;
                let endpoint_pattern = o.endpoint_pattern.clone().ok_or_else(|| {
                    flags(format!(
                        "no spec document for product `{code}` yet, and the page does not give the endpoint: pass --endpoint-pattern (e.g. --endpoint-pattern '{}.{{region}}.aliyuncs.com')",
                        code.to_lowercase()
                    ))
                })?;
                let title = o.title.clone().or_else(|| parsed.product_name.clone()).ok_or_else(|| {
                    flags(format!(
                        "the page's title line names no product (`:{}`), so the new document needs one: pass --title (e.g. --title 'Intelligent Media Services')",
                        parsed.action
                    ))
                })?;
                if o.method.is_none() {
                    return Err(flags(format!(
                        "{}: the page does not say which HTTP method the action uses; the official SDK does: pass --method GET or --method POST",
                        parsed.action
                    )));
                }
                if o.product.is_none() {
                    report.doubts.push(crate::Doubt::new(
                        0,
                        format!("the product code `{code}` is taken from the RAM action; pass --product to choose its case (e.g. ICE)"),
                    ));
                }
                let header = DocumentHeader {
                    title,
                    version: version.clone(),
                    product: code.clone(),
                    endpoint_pattern,
                    regions: o.regions.clone(),
                    server: o.server.clone(),
                    description: Some("Imported from the Alibaba Cloud API reference pages by `cargo xtask import`. The HTTP method of each call comes from the official SDK; the pages state none. Every call is RPC style: POST or GET `/` with all parameters in the query string.".to_owned()),
                };
                let file = self
                    .options
                    .spec_dir
                    .join(format!("{}-{version}.yaml", code.to_lowercase()));
                let options = MergeOptions {
                    method: o.method,
                    replace: o.replace,
                    header: Some(header),
                };
                let outcome = merge::merge_into_document(None, &parsed.operation, &options)
                    .map_err(|error| ImportError::Merge {
                        page: name.to_owned(),
                        error,
                    })?;
                return self.finish(report, file, outcome);
            }
            1 => matches.remove(0),
            _ => {
                return Err(flags(format!(
                    "several spec documents are for product `{code}` ({}): pass --version to choose one",
                    matches
                        .iter()
                        .map(|(p, _)| p.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        };
        let options = MergeOptions {
            method: o.method,
            replace: o.replace,
            header: None,
        };
        let outcome = merge::merge_into_document(Some(&existing), &parsed.operation, &options)
            .map_err(|error| ImportError::Merge {
                page: name.to_owned(),
                error,
            })?;
        self.finish(report, path, outcome)
    }

    fn finish(
        &mut self,
        report: Report,
        path: PathBuf,
        outcome: MergeOutcome,
    ) -> Result<PageOutcome, ImportError> {
        let mut written = false;
        if let Some(text) = outcome.text() {
            if self.options.dry_run {
                self.overlay.insert(path.clone(), text.to_owned());
            } else {
                (self.writer)(&path, text).map_err(|error| ImportError::Io {
                    path: path.clone(),
                    error,
                })?;
                written = true;
            }
        }
        Ok(PageOutcome {
            report,
            document: path,
            outcome,
            written,
        })
    }
}

/// The value of a top-level `key: value` line (documents are read this way even if they do not load,
/// so a broken document is still found and reported rather than duplicated).
fn top_value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
}

fn product_of(text: &str) -> Option<String> {
    top_value(text, "x-acs-product")
}

fn version_of(text: &str) -> Option<String> {
    text.lines()
        .skip_while(|l| *l != "info:")
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.is_empty())
        .find_map(|l| l.trim_start().strip_prefix("version:"))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
}
