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
    enable_operation_groups(files.get("Cargo.toml").map_or("", String::as_str));
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

/// The generated modules are gated by the product crate's cargo features (one per operation group);
/// this crate has its own manifest, so it turns every group on as a cfg.
fn enable_operation_groups(manifest: &str) {
    let groups: Vec<&str> = manifest
        .lines()
        .skip_while(|l| l.trim() != "[features]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once(" = ").map(|(name, _)| name.trim()))
        .filter(|name| *name != "default" && !name.starts_with('#') && !name.starts_with("tls-"))
        .collect();
    let values: Vec<String> = groups.iter().map(|g| format!("{g:?}")).collect();
    println!(
        "cargo::rustc-check-cfg=cfg(feature, values({}))",
        values.join(", ")
    );
    for g in groups {
        println!("cargo::rustc-cfg=feature={g:?}");
    }
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
