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
pub mod compare;
pub mod diagnostic;
mod document;
mod emit;
mod format;
pub mod ir;
pub mod load;
pub mod lower;
mod model_shape;
pub mod naming;
pub mod spec;
mod strict;
pub mod yaml;

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

/// Why [`generate_into`] stopped.
#[derive(Debug)]
pub enum Stopped {
    /// The spec is invalid (or the generator failed); the sink may have received some files.
    Spec(Diagnostics),
    /// The sink returned an error (it keeps the reason itself).
    Sink,
}

/// Generates the crate from every spec document in `spec_dir`. `display_root` is stripped from file
/// names in diagnostics and headers so the output does not depend on where the repository lives.
pub fn generate_from_dir(
    spec_dir: &Path,
    display_root: &Path,
    config: &CrateConfig,
) -> Result<Files, Diagnostics> {
    collect(|sink| generate_from_dir_into(spec_dir, display_root, config, sink))
}

/// [`generate_from_dir`], handing each file to `sink` as soon as it is formatted instead of returning
/// them all: the caller decides what to keep. Every file reaches the sink only after the whole spec
/// has been checked, but a generator bug found while emitting can still stop the run after some
/// files, so a caller writing them must be ready to discard them (`xtask` stages them).
pub fn generate_from_dir_into(
    spec_dir: &Path,
    display_root: &Path,
    config: &CrateConfig,
    sink: &mut dyn FnMut(String, String) -> Result<(), ()>,
) -> Result<(), Stopped> {
    let files = load::spec_files(spec_dir).map_err(|d| Stopped::Spec(d.into()))?;
    let named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| {
            let shown = path.strip_prefix(display_root).unwrap_or(&path);
            (shown.display().to_string().replace('\\', "/"), path)
        })
        .collect();
    let documents = load::load_all(&named).map_err(Stopped::Spec)?;
    generate_into(documents, config, sink)
}

/// Generates the crate from already-loaded documents. Takes them by value so they are freed once
/// lowered: at thousands of operations the parsed documents are a large part of peak memory.
pub fn generate(
    documents: Vec<load::LoadedDocument>,
    config: &CrateConfig,
) -> Result<Files, Diagnostics> {
    collect(|sink| generate_into(documents, config, sink))
}

/// [`generate`], handing each file to `sink` as soon as it is formatted (see [`generate_from_dir_into`]).
pub fn generate_into(
    documents: Vec<load::LoadedDocument>,
    config: &CrateConfig,
    sink: &mut dyn FnMut(String, String) -> Result<(), ()>,
) -> Result<(), Stopped> {
    check::check_all(&documents).map_err(Stopped::Spec)?;
    let model = lower_each(documents).map_err(Stopped::Spec)?;
    // The sink's refusal travels through the emitter as this marker, told apart from emitter errors.
    let mut refused = false;
    let mut out = |path: String, text: String| {
        sink(path, text).map_err(|()| {
            refused = true;
            String::new()
        })
    };
    let result = emit::crate_files(model, config, &mut out);
    match result {
        Ok(()) => Ok(()),
        Err(_) if refused => Err(Stopped::Sink),
        Err(message) => Err(Stopped::Spec(Diagnostics::from(Diagnostic {
            file: "<generator>".into(),
            location: Location::Document,
            message,
            hint: Some(
                "this is a bug in the generator; please report it with the spec that caused it"
                    .into(),
            ),
        }))),
    }
}

/// Lowers the documents one at a time, freeing each as soon as it is lowered: the parsed documents
/// are about twice the size of the model, so holding them all while the whole model is built was the
/// largest part of peak memory at thousands of operations. Products do not refer to each other, so
/// this is the same as lowering them together.
fn lower_each(documents: Vec<load::LoadedDocument>) -> Result<ir::Crate, Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut products = Vec::new();
    for loaded in documents {
        match lower::lower_all(std::slice::from_ref(&loaded)) {
            Ok(model) => products.extend(model.products),
            Err(d) => diagnostics.0.extend(d.0),
        }
    }
    products.sort_by(|a, b| a.module.cmp(&b.module));
    diagnostics.into_result(ir::Crate { products })
}

/// Runs a streaming generation into a map of every file.
fn collect(
    run: impl FnOnce(&mut dyn FnMut(String, String) -> Result<(), ()>) -> Result<(), Stopped>,
) -> Result<Files, Diagnostics> {
    let mut files = Files::new();
    let result = run(&mut |path, text| {
        files.insert(path, text);
        Ok(())
    });
    match result {
        Ok(()) => Ok(files),
        Err(Stopped::Spec(d)) => Err(d),
        Err(Stopped::Sink) => unreachable!("the collecting sink never refuses"),
    }
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
