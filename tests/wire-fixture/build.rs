//! Generates the fixture client from `tests/fixtures/wire/*.yaml` into `OUT_DIR`, with the product
//! generator itself (the same `codegen::generate_from_dir` that `cargo xtask gen` runs), so
//! `generated/` stays product output only. `src/lib.rs` includes the product modules.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let spec_dir = manifest.join("../fixtures/wire");
    println!("cargo::rerun-if-changed={}", spec_dir.display());
    let config = codegen::CrateConfig {
        lib_name: "wire_fixture".into(),
        ..codegen::CrateConfig::default()
    };
    let files = match codegen::generate_from_dir(&spec_dir, &manifest.join("../.."), &config) {
        Ok(files) => files,
        Err(diagnostics) => panic!("the wire fixture spec does not generate:\n{diagnostics}"),
    };
    let mut modules = String::new();
    for (path, text) in &files {
        let Some(relative) = path.strip_prefix("src/") else {
            continue; // Cargo.toml, rustfmt.toml: the fixture crate has its own
        };
        if relative == "lib.rs" {
            continue; // src/lib.rs re-exports the runtime itself
        }
        let target = out.join("src").join(relative);
        write_if_changed(&target, text);
        if let Some(product) = relative.strip_suffix("/mod.rs") {
            let _ = writeln!(
                modules,
                "#[path = {:?}]\npub mod {product};",
                target.display().to_string()
            );
        }
    }
    write_if_changed(&out.join("products.rs"), &modules);
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create OUT_DIR subdirectory");
    }
    std::fs::write(path, text).expect("write into OUT_DIR");
}
