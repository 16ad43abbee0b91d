//! Which repository a run works on: `--repo DIR`, else the one holding the current directory (so the
//! binary works on whichever clone it is run in), else the one cargo ran it from.

use std::path::{Path, PathBuf};

use xtask::Layout;

fn is_root(dir: &Path) -> bool {
    dir.join("spec").is_dir() && dir.join("generated").is_dir()
}

pub fn layout(repo: Option<&Path>) -> Result<Layout, String> {
    if let Some(dir) = repo {
        return if is_root(dir) {
            Ok(Layout::at(dir.to_path_buf()))
        } else {
            Err(format!(
                "--repo {}: not the repository's root (no spec/ and generated/ there)",
                dir.display()
            ))
        };
    }
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    if let Some(root) = cwd.ancestors().find(|d| is_root(d)) {
        return Ok(Layout::at(root.to_path_buf()));
    }
    let from_cargo = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    match from_cargo
        .as_deref()
        .and_then(|d| d.ancestors().find(|d| is_root(d)))
    {
        Some(root) => Ok(Layout::at(root.to_path_buf())),
        None => Err(format!(
            "{} is not inside the repository (no directory above it holds spec/ and generated/); \
             run from the repository or pass --repo DIR",
            cwd.display()
        )),
    }
}
