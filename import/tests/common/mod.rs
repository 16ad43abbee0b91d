//! Shared by the integration tests: where the pages and the hand-written spec are.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use page_import::Method;
use page_import::run::ImportOptions;

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The five pages (`pages/`, copied from `../shared/api-pages`).
pub fn pages_dir() -> PathBuf {
    repo().join("pages")
}

pub const PAGES: &[&str] = &[
    "ListLiveRecordJobs",
    "ListLiveTranscodeJobs",
    "GetLiveEditingJob",
    "GetLiveSnapshotJob",
    "DescribeRtcCloudRecordingFiles",
];

pub fn page(name: &str) -> Vec<u8> {
    let path = pages_dir().join(format!("{name}.txt"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The facts the hand-written documents hold that the pages do not: (method, product, version,
/// endpoint pattern, title).
pub fn facts(
    action: &str,
) -> (
    Method,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match action {
        "ListLiveRecordJobs" | "GetLiveSnapshotJob" => (
            Method::Get,
            "ICE",
            "2020-11-09",
            "ice.{region}.aliyuncs.com",
            "Intelligent Media Services",
        ),
        "DescribeRtcCloudRecordingFiles" => (
            Method::Post,
            "live",
            "2016-11-01",
            "live.aliyuncs.com",
            "ApsaraVideo Live",
        ),
        _ => (
            Method::Post,
            "ICE",
            "2020-11-09",
            "ice.{region}.aliyuncs.com",
            "Intelligent Media Services",
        ),
    }
}

pub fn options(spec_dir: &Path, action: &str) -> ImportOptions {
    let (method, product, version, pattern, title) = facts(action);
    ImportOptions {
        spec_dir: spec_dir.to_path_buf(),
        method: Some(method),
        version: Some(version.into()),
        product: Some(product.into()),
        endpoint_pattern: Some(pattern.into()),
        title: Some(title.into()),
        ..ImportOptions::default()
    }
}

/// The documents a run would write (path, text), each page's result, and the run's summary.
pub type InMemory = (
    Vec<(PathBuf, String)>,
    Vec<Result<page_import::PageOutcome, page_import::ImportError>>,
    page_import::outcome::Written,
);

/// Imports `pages` with `options`, writing nothing to disk.
pub fn import_in_memory(options: ImportOptions, pages: &[(&str, &[u8])]) -> InMemory {
    let store = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = store.clone();
    let mut importer =
        page_import::run::Importer::new(options).with_writer(Box::new(move |path, render| {
            let mut text = Vec::new();
            render(&mut text)?;
            let text = String::from_utf8(text).map_err(std::io::Error::other)?;
            sink.borrow_mut().push((path.to_path_buf(), text));
            Ok(())
        }));
    let results = pages
        .iter()
        .map(|(name, bytes)| importer.import(name, bytes))
        .collect();
    let written = importer.finish().expect("finish");
    let docs = store.borrow().clone();
    (docs, results, written)
}

/// The generator's checks and lowering over spec texts, as `cargo xtask gen` runs them.
pub fn gen_accepts(docs: &[(PathBuf, String)]) -> Result<(), String> {
    let mut loaded = Vec::new();
    for (path, text) in docs {
        let name = path.display().to_string();
        let document =
            codegen::load::parse(&name, text.as_bytes()).map_err(|d| format!("{d}\n{text}"))?;
        loaded.push(codegen::load::LoadedDocument { name, document });
    }
    codegen::check::check_all(&loaded).map_err(|d| d.to_string())?;
    codegen::lower::lower_all(&loaded).map_err(|d| d.to_string())?;
    Ok(())
}
