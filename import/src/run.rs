//! The import workflow over a spec directory. Documents are loaded once; each page's operation is
//! built in the generator's model, compared with what the document has, checked by the generator, and
//! kept in memory; [`Importer::finish`] checks each changed document whole and writes it once.
//! The CLI (`xtask/src/import.rs`) only parses flags and prints.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use codegen::load::LoadedDocument;
use codegen::naming::response_name;
use codegen::yaml::{self, Entry};

use crate::Method;
use crate::build::Built;
use crate::docs::{self, Doc};
use crate::gate::{self, Rejection};
pub use crate::outcome::{ImportError, Outcome, PageOutcome, Written};
use crate::{Overrides, ParsedPage, parse_page_with};
use codegen::compare::{self, Difference};

/// Flags of `cargo xtask import`.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub spec_dir: PathBuf,
    pub method: Option<Method>,
    /// What the pages cannot say: `--body`, `--style`, `--fields`.
    pub overrides: Overrides,
    pub replace: bool,
    pub dry_run: bool,
    // Which document (product and version), and the header of a new one.
    pub version: Option<String>,
    pub product: Option<String>,
    pub endpoint_pattern: Option<String>,
    /// `info.title` of a new document when the page's title line has no product name.
    pub title: Option<String>,
    /// `x-acs-endpoints.regions` of a new document.
    pub regions: Vec<(String, String)>,
    /// `servers[0].url` of a new document.
    pub server: Option<String>,
}

/// Writes a document's text to the stream it is given. A new document is streamed as it is
/// rendered, so the text of a large page's document is never whole in memory.
pub type Render<'r> = dyn FnMut(&mut dyn Write) -> io::Result<()> + 'r;

/// How a changed spec document is written: given its path and what renders it. `cargo xtask import`
/// passes its atomic writer.
pub type Writer = Box<dyn FnMut(&Path, &mut Render<'_>) -> io::Result<()>>;

/// Imports pages one after another into documents held in memory; nothing is written before
/// [`Importer::finish`].
pub struct Importer {
    options: ImportOptions,
    docs: Option<Vec<Doc>>,
    writer: Writer,
}

impl Importer {
    pub fn new(options: ImportOptions) -> Self {
        Self {
            options,
            docs: None,
            writer: Box::new(|path, render| {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                let mut file = io::BufWriter::new(std::fs::File::create(path)?);
                render(&mut file)?;
                file.flush()
            }),
        }
    }

    /// Writes documents with `writer` instead of a plain `std::fs::write`.
    pub fn with_writer(mut self, writer: Writer) -> Self {
        self.writer = writer;
        self
    }

    /// The spec documents, read once.
    fn load(&mut self) -> Result<&mut Vec<Doc>, ImportError> {
        if self.docs.is_none() {
            self.docs = Some(docs::read_dir(&self.options.spec_dir)?);
        }
        Ok(self.docs.get_or_insert_with(Vec::new))
    }

    /// Imports one page given as bytes (kept in memory until [`Importer::finish`]).
    pub fn import(&mut self, name: &str, bytes: &[u8]) -> Result<PageOutcome, ImportError> {
        let parsed = self.parse(name, bytes)?;
        self.accept(name, parsed)
    }

    /// Reads one page with the import's flags. Nothing read keeps the bytes, so a caller can free a
    /// large page before [`Importer::accept`] checks the operation.
    pub fn parse(&self, name: &str, bytes: &[u8]) -> Result<ParsedPage, ImportError> {
        parse_page_with(name, bytes, &self.options.overrides).map_err(ImportError::Page)
    }

    /// Imports one page read by [`Importer::parse`].
    pub fn accept(&mut self, name: &str, parsed: ParsedPage) -> Result<PageOutcome, ImportError> {
        let mut report = parsed.report;
        let built = parsed.built;
        let code = self
            .options
            .product
            .clone()
            .unwrap_or_else(|| parsed.ram_prefix.clone());
        let flags = |message: String| ImportError::Flags {
            page: name.to_owned(),
            message,
        };

        let version = self.options.version.clone();
        let docs = self.load()?;
        let matches: Vec<usize> = (0..docs.len())
            .filter(|&i| {
                docs[i]
                    .product
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case(&code))
                    && version
                        .as_ref()
                        .is_none_or(|v| Some(v) == docs[i].version.as_ref())
            })
            .collect();
        let index = match matches.as_slice() {
            [] => {
                let doc = docs::new_doc(
                    &self.options,
                    &code,
                    parsed.product_name,
                    &parsed.action,
                    &mut report,
                )?;
                let docs = self.load()?;
                docs.push(doc);
                docs.len() - 1
            }
            [one] => *one,
            more => {
                let docs = self.load()?;
                return Err(flags(format!(
                    "several spec documents are for product `{code}` ({}): pass --version to choose one",
                    more.iter()
                        .map(|&i| docs[i].path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        };
        let method = self.options.method;
        let replace = self.options.replace;
        let doc = &mut self.load()?[index];
        let model = doc.model.as_mut().map_err(|m| ImportError::Existing {
            path: doc.path.clone(),
            message: m.clone(),
        })?;
        let action = built.operation.operation_id.clone();
        let existing = model.operation(&action).map(|(m, op)| (m, op.clone()));
        let method = match (method, &existing) {
            (Some(m), _) => m,
            (None, Some((m, _))) => Method::parse(m).unwrap_or(Method::Get),
            (None, None) => {
                return Err(flags(format!(
                    "{action}: the page does not say which HTTP method the action uses; the official SDK does: pass --method GET or --method POST"
                )));
            }
        };
        let Built {
            mut operation,
            response,
            lines,
        } = built;
        // A page names no group: an operation already in the document keeps its tags (`finish` tags
        // new ones), so they are not a difference.
        if let Some((_, old)) = &existing {
            operation.tags = old.tags.clone();
        }
        let mut alone = gate::alone(model, operation, response, method);
        let outcome = match &existing {
            Some((old_method, old_op)) => {
                let new_op = alone.operation(&action).map(|(_, op)| op);
                let mut differences = new_op
                    .map(|new_op| compare::operations(model, old_op, &alone, new_op))
                    .unwrap_or_default();
                if *old_method != method.as_str() {
                    differences.insert(
                        0,
                        Difference {
                            path: "method".into(),
                            existing: (*old_method).into(),
                            imported: method.as_str().into(),
                        },
                    );
                }
                if differences.is_empty() {
                    Outcome::Unchanged
                } else if replace {
                    Outcome::Replaced { differences }
                } else {
                    Outcome::Differs { differences }
                }
            }
            None if doc.text.is_none() && doc.entries.is_empty() => Outcome::Created,
            None => Outcome::Added,
        };
        let path = doc.path.clone();
        if matches!(outcome, Outcome::Unchanged | Outcome::Differs { .. }) {
            return Ok(PageOutcome {
                report,
                document: path,
                outcome,
            });
        }
        let mut rejections;
        let mut tries = 0;
        loop {
            (alone, rejections) = gate::check(alone, &lines);
            tries += 1;
            let op = alone
                .paths
                .values_mut()
                .next()
                .and_then(|i| i.get.as_mut().or(i.post.as_mut()));
            let Some(op) = op else { break };
            if rejections.is_empty()
                || tries > 2
                || !gate::fall_back(op, &lines, &rejections, &mut report.doubts)
            {
                break;
            }
            op.page_defects = report.doubts.iter().map(|d| d.message.clone()).collect();
        }
        if !rejections.is_empty() {
            return Err(ImportError::Rejected {
                page: name.to_owned(),
                action,
                rejections,
            });
        }
        let Some((operation, response)) = gate::take(alone, &action) else {
            return Err(flags(format!(
                "{action}: lost while checking (a bug in the importer)"
            )));
        };
        let entry = Entry {
            action: action.clone(),
            replace: existing.is_some(),
        };
        model
            .paths
            .insert(format!("/#{action}"), method.item(operation));
        model
            .components
            .schemas
            .insert(response_name(&action), response);
        doc.entries.push((entry, lines, name.to_owned()));
        Ok(PageOutcome {
            report,
            document: path,
            outcome,
        })
    }

    /// Checks every changed document whole, as `gen` will, and writes each once (unless a dry run).
    /// Operations the whole check rejects (a clash with another operation) are left out and returned.
    pub fn finish(mut self) -> Result<Written, ImportError> {
        let dry_run = self.options.dry_run;
        let mut docs = self.docs.take().unwrap_or_default();
        let mut written = Written::default();
        for d in &mut docs {
            if let Ok(model) = &mut d.model {
                tag_untagged(model);
            }
        }
        // The whole-document check takes the models by value and hands them back: no copies.
        let mut loaded: Vec<LoadedDocument> = Vec::new();
        for d in &mut docs {
            if let Ok(m) = &mut d.model {
                let header = m.header();
                loaded.push(LoadedDocument {
                    name: d.path.display().to_string(),
                    document: std::mem::replace(m, header),
                });
            }
        }
        // Clashes between operations are the checker's (names, modules); each operation was lowered
        // on its own already.
        let problems = codegen::check::check_all(&loaded)
            .err()
            .map_or_else(Vec::new, |d| d.0);
        let mut loaded = loaded.into_iter();
        for d in &mut docs {
            if let (Ok(m), Some(l)) = (&mut d.model, loaded.next()) {
                *m = l.document;
            }
        }
        for doc in &mut docs {
            let shown = doc.path.display().to_string();
            let mut kept = Vec::new();
            for (entry, lines, page) in std::mem::take(&mut doc.entries) {
                let key = format!("/#{}.", entry.action);
                let component = format!("schemas.{}.", response_name(&entry.action));
                let params = doc
                    .model
                    .as_ref()
                    .ok()
                    .and_then(|m| m.operation(&entry.action))
                    .map_or(&[][..], |(_, op)| &op.parameters[..]);
                let mine: Vec<Rejection> = problems
                    .iter()
                    .filter(|d| d.file == shown)
                    .filter(|d| match &d.location {
                        codegen::Location::Path(p) => {
                            p.contains(&key) || format!("{p}.").contains(&component)
                        }
                        _ => false,
                    })
                    .map(|d| gate::rejection(d, params, &lines))
                    .collect();
                if mine.is_empty() {
                    kept.push(entry);
                } else {
                    written.rejected.push(ImportError::Rejected {
                        page,
                        action: entry.action.clone(),
                        rejections: mine,
                    });
                }
            }
            if kept.is_empty() {
                continue;
            }
            let Ok(model) = &doc.model else { continue };
            // An edit is made in memory; a new document streams to the writer as it is rendered.
            let edited = match &doc.text {
                Some(text) => Some(yaml::edit(text, model, &kept).map_err(|message| {
                    ImportError::Existing {
                        path: doc.path.clone(),
                        message,
                    }
                })?),
                None => None,
            };
            let mut render = |sink: &mut dyn Write| match &edited {
                Some(text) => sink.write_all(text.as_bytes()),
                None => {
                    let mut out = yaml::Out::streaming(sink);
                    yaml::new_document(model, &kept, &mut out).map_err(io::Error::other)?;
                    out.finish().map(drop)
                }
            };
            // A dry run renders too, so that it fails where a real run would.
            let rendered = if dry_run {
                render(&mut io::sink())
            } else {
                (self.writer)(&doc.path, &mut render)
            };
            rendered.map_err(|error| ImportError::Io {
                path: doc.path.clone(),
                error,
            })?;
            written.documents.push((doc.path.clone(), kept.len()));
        }
        Ok(written)
    }
}

/// Writes the group the generator would derive as the first tag of each operation without one, so the
/// spec says which cargo feature builds it (spec/README.md). Groups are derived over all the document's
/// untagged operations at once, as `gen` derives them.
fn tag_untagged(model: &mut codegen::spec::Document) {
    let untagged: Vec<String> = model
        .paths
        .values()
        .flat_map(|item| [item.get.as_ref(), item.post.as_ref()])
        .flatten()
        .filter(|op| op.tags.is_empty())
        .map(|op| op.operation_id.clone())
        .collect();
    let names: Vec<&str> = untagged.iter().map(String::as_str).collect();
    let mut groups = codegen::naming::derive_groups(&names).into_iter();
    for item in model.paths.values_mut() {
        for op in [item.get.as_mut(), item.post.as_mut()]
            .into_iter()
            .flatten()
        {
            if op.tags.is_empty() {
                op.tags = groups.next().into_iter().collect();
            }
        }
    }
}
