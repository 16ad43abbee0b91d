//! The spec documents an import works on: those in the spec directory, read once, and new ones made
//! from the flags for a product the spec does not have yet.

use std::path::{Path, PathBuf};

use codegen::spec::{ApiStyle, Components, Document, Endpoints, Info, Server};
use codegen::yaml::Entry;
use indexmap::IndexMap;

use crate::outcome::ImportError;
use crate::run::ImportOptions;
use crate::schema::Lines;
use crate::{Doubt, Report};

/// A spec document: as loaded, plus this run's operations.
pub struct Doc {
    pub path: PathBuf,
    /// The text on disk; `None` for a document this run creates.
    pub text: Option<String>,
    pub model: Result<Document, String>,
    pub product: Option<String>,
    pub version: Option<String>,
    /// This run's operations (held in `model`): what to write, their page lines, their page.
    pub entries: Vec<(Entry, Lines, String)>,
}

/// Every `*.yaml` document in `dir` (none when it does not exist), sorted by name.
pub fn read_dir(dir: &Path) -> Result<Vec<Doc>, ImportError> {
    let paths = match codegen::load::spec_files(dir) {
        Ok(paths) => paths,
        Err(_) if !dir.exists() => Vec::new(),
        Err(d) => {
            return Err(ImportError::Io {
                path: dir.to_path_buf(),
                error: std::io::Error::other(d.message),
            });
        }
    };
    let mut docs = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|error| ImportError::Io {
            path: path.clone(),
            error,
        })?;
        let model = codegen::load::parse(&path.display().to_string(), text.as_bytes())
            .map_err(|d| d.to_string());
        let (product, version) = match &model {
            Ok(d) => (Some(d.product.clone()), Some(d.info.version.clone())),
            Err(_) => (top_value(&text, "x-acs-product"), version_of(&text)),
        };
        docs.push(Doc {
            path,
            text: Some(text),
            model,
            product,
            version,
            entries: Vec::new(),
        });
    }
    Ok(docs)
}

/// A document for a product the spec does not have yet, from the flags.
pub fn new_doc(
    o: &ImportOptions,
    code: &str,
    product_name: Option<String>,
    action: &str,
    report: &mut Report,
) -> Result<Doc, ImportError> {
    let flags = |message: String| ImportError::Flags {
        page: report.page.clone(),
        message,
    };
    let version = o.version.clone().ok_or_else(|| flags(format!(
        "no spec document for product `{code}` yet, and the page does not give the API version: pass --version (the API version the official SDK sends, e.g. --version 2020-11-09)"
    )))?;
    let pattern = o.endpoint_pattern.clone().ok_or_else(|| flags(format!(
        "no spec document for product `{code}` yet, and the page does not give the endpoint: pass --endpoint-pattern (e.g. --endpoint-pattern '{}.{{region}}.aliyuncs.com')",
        code.to_lowercase()
    )))?;
    let title = o.title.clone().or(product_name).ok_or_else(|| flags(format!(
        "the page's title line names no product (`:{action}`), so the new document needs one: pass --title (e.g. --title 'Intelligent Media Services')"
    )))?;
    if o.product.is_none() {
        report.doubts.push(Doubt::new(
            0,
            format!("the product code `{code}` is taken from the RAM action; pass --product to choose its case (e.g. ICE)"),
        ));
    }
    let model = Document {
        openapi: "3.0.3".into(),
        info: Info {
            title,
            version: version.clone(),
            description: Some("Imported from the Alibaba Cloud API reference pages by `cargo xtask import`. The HTTP method of each call and the parameters sent in the form body come from the official SDK; the pages state neither.".into()),
        },
        product: code.to_owned(),
        style: ApiStyle::Rpc,
        endpoints: Endpoints {
            pattern,
            regions: o.regions.iter().cloned().collect(),
        },
        servers: o
            .server
            .iter()
            .map(|url| Server {
                url: url.clone(),
                description: None,
            })
            .collect(),
        paths: IndexMap::new(),
        components: Components::default(),
    };
    Ok(Doc {
        path: o
            .spec_dir
            .join(format!("{}-{version}.yaml", code.to_lowercase())),
        text: None,
        product: Some(code.to_owned()),
        version: Some(version),
        model: Ok(model),
        entries: Vec::new(),
    })
}

/// The value of a top-level `key: value` line (read this way when a document does not load, so a
/// broken document is still found and reported rather than duplicated).
fn top_value(text: &str, key: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(':')))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
}

fn version_of(text: &str) -> Option<String> {
    text.lines()
        .skip_while(|l| *l != "info:")
        .skip(1)
        .take_while(|l| l.starts_with(' ') || l.is_empty())
        .find_map(|l| l.trim_start().strip_prefix("version:"))
        .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
}
