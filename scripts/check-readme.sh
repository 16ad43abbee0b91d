#!/usr/bin/env bash
# Every code block of README.md's user part compiles as pasted (issue 13): the dependencies block
# becomes a scratch crate's Cargo.toml (the two crates patched to this checkout, as they are not on
# crates.io yet), a `[dev-dependencies]` block is added to it, the other TOML blocks must parse as
# manifests of it, and each Rust block becomes one file of that crate, exactly as written: no hidden
# lines, nothing added around it. A block with a `#[test]` or `#[tokio::test]` is a test file of the
# crate (tests/), and is run: the README's offline test runs against the test-util mock server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# The publish check builds the same user-side dependencies; share its target directory.
export CARGO_TARGET_DIR="${README_CHECK_TARGET_DIR:-$root/target/publish-check}"

python3 - "$root/README.md" "$scratch" "$root" <<'PY'
import pathlib, re, sys
readme, scratch, root = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
blocks = re.findall(r"^```(\w[\w,-]*)?\n(.*?)^```", readme.read_text(), re.S | re.M)
# `rust,ignore,after-import` blocks call an operation the README imports first; the corpus run compiles them
# against the crate generated from that import (scripts/corpus/pipeline.py).
rust = [body for lang, body in blocks if (lang or "").split(",")[0] == "rust" and "after-import" not in (lang or "")]
toml = [body for lang, body in blocks if lang == "toml"]
deps = [b for b in toml if b.startswith("[dependencies]")]
dev_deps = [b for b in toml if b.startswith("[dev-dependencies]")]
if not deps or not rust:
    sys.exit("README.md: expected a [dependencies] TOML block and Rust blocks")
patch = (f'\n[patch.crates-io]\nalibabacloud-media = {{ path = "{root}/generated" }}\n'
         f'alibabacloud-rpc-runtime = {{ path = "{root}/runtime" }}\n')
package = '[package]\nname = "readme-check"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
(scratch / "src").mkdir()
for i, body in enumerate(deps):
    crate = scratch if i == 0 else scratch / f"toml-{i}"
    (crate / "src").mkdir(parents=True, exist_ok=True)
    extra = "".join("\n" + d for d in dev_deps) if i == 0 else ""
    (crate / "Cargo.toml").write_text(package.replace("readme-check", f"readme-check-{i}") + body + extra + patch
                                      + ("\n[workspace]\n" if i == 0 else ""))
    if i:
        (crate / "src/lib.rs").write_text("")
members = [f"toml-{i}" for i in range(1, len(deps))]
manifest = (scratch / "Cargo.toml").read_text().replace("[workspace]\n", f"[workspace]\nmembers = {members!r}\n".replace("'", '"'))
(scratch / "Cargo.toml").write_text(manifest)
lib = ["//! The README's Rust blocks, one module each, as written.", "#![allow(dead_code, unused_imports)]"]
tests = 0
for i, body in enumerate(rust, 1):
    if re.search(r"^#\[(tokio::)?test\]", body, re.M):
        (scratch / "tests").mkdir(exist_ok=True)
        (scratch / "tests" / f"block_{i:02}.rs").write_text(body)
        tests += 1
        continue
    (scratch / "src" / f"block_{i:02}.rs").write_text(body)
    lib.append(f"mod block_{i:02};")
(scratch / "src/lib.rs").write_text("\n".join(lib) + "\n")
print(f"README.md: {len(rust)} Rust blocks ({tests} test files) and {len(deps)} dependency blocks "
      f"(+{len(dev_deps)} dev-dependency blocks) into a scratch crate")
PY
cd "$scratch"
cargo build --quiet --workspace
echo "README.md: every block compiles as pasted"
cargo test --quiet --workspace --tests
echo "README.md: its tests pass"
