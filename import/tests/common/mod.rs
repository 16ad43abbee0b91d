//! Shared by the integration tests: where the pages and the hand-written spec are.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use page_import::run::ImportOptions;
use page_import::{DocumentHeader, Method};

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

pub fn header(action: &str) -> DocumentHeader {
    let (_, product, version, pattern, title) = facts(action);
    DocumentHeader {
        title: title.into(),
        version: version.into(),
        product: product.into(),
        endpoint_pattern: pattern.into(),
        regions: vec![],
        server: None,
        description: None,
    }
}
