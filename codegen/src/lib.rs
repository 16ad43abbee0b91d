//! The generator: loads the OpenAPI spec documents, checks them, lowers them to a small intermediate
//! model, and emits the Rust source of the generated crate, all in memory.
//!
//! ```text
//! spec/*.yaml ─load→ spec::Document ─check→ (diagnostics) ─lower→ ir::Crate ─emit→ files (path → text)
//! ```
//!
//! Nothing here writes to disk; `xtask` decides what to write, so a failed run changes nothing.

#![forbid(unsafe_code)]

pub mod check;
pub mod diagnostic;
mod emit;
mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod spec;
mod strict;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Location};

/// Facts about the generated crate that the spec does not hold.
#[derive(Debug, Clone)]
pub struct CrateConfig {
    pub package_name: String,
    pub lib_name: String,
    pub description: String,
    /// `None` (the default): the crate is a member of this repository's workspace and inherits its
    /// version, edition, MSRV, license, repository and runtime dependency from the root `Cargo.toml`,
    /// where a maintainer edits them. `Some`: a crate outside the workspace (benchmarks' synthetic crates).
    pub standalone: Option<Standalone>,
}

/// What a generated crate outside the workspace states itself.
#[derive(Debug, Clone)]
pub struct Standalone {
    pub version: String,
    /// Path from the generated crate to the runtime crate.
    pub runtime_path: String,
}

impl Default for CrateConfig {
    fn default() -> Self {
        Self {
            package_name: "alibabacloud-media".into(),
            lib_name: "alibabacloud_media".into(),
            description: "Typed async Rust SDK for Alibaba Cloud media APIs (ICE, ApsaraVideo Live), generated from OpenAPI."
                .into(),
            standalone: None,
        }
    }
}

/// The generated crate: file path (relative to the crate root) → contents.
pub type Files = BTreeMap<String, String>;

/// Generates the crate from every spec document in `spec_dir`. `display_root` is stripped from file
/// names in diagnostics and headers so the output does not depend on where the repository lives.
pub fn generate_from_dir(
    spec_dir: &Path,
    display_root: &Path,
    config: &CrateConfig,
) -> Result<Files, Diagnostics> {
    let files = load::spec_files(spec_dir)?;
    let named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let shown = path.strip_prefix(display_root).unwrap_or(&path);
            (shown.display().to_string().replace('\\', "/"), path)
        })
        .collect();
    let documents = load::load_all(&named)?;
    generate(documents, config)
}

/// Generates the crate from already-loaded documents. Takes them by value so they are freed once
/// lowered: at thousands of operations the parsed documents are a large part of peak memory.
pub fn generate(
    documents: Vec<load::LoadedDocument>,
    config: &CrateConfig,
) -> Result<Files, Diagnostics> {
    check::check_all(&documents)?;
    let model = lower::lower_all(&documents)?;
    drop(documents);
    emit::crate_files(model, config).map_err(|message| {
        Diagnostics::from(Diagnostic {
            file: "<generator>".into(),
            location: Location::Document,
            message,
            hint: Some(
                "this is a bug in the generator; please report it with the spec that caused it"
                    .into(),
            ),
        })
    })
}

/// Generates from spec texts given in memory (for tests and fuzzing): `(file name, YAML)` pairs.
pub fn generate_from_sources(
    sources: &[(&str, &str)],
    config: &CrateConfig,
) -> Result<Files, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut documents = Vec::new();
    for (name, text) in sources {
        match load::parse(name, text.as_bytes()) {
            Ok(document) => documents.push(load::LoadedDocument {
                name: (*name).to_owned(),
                document,
            }),
            Err(d) => diagnostics.push(d),
        }
    }
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    generate(documents, config)
}
