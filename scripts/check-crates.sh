#!/usr/bin/env bash
# What a user of the published crates gets (issue 13), checked without publishing anything:
# 1. the dependency tree of alibabacloud-media with default features: at most MAX_CRATES crates
#    (itself included) and no crate in two versions; the same for `tls-ring` and for `test-util`;
# 2. no crate in that tree declares a rust-version newer than ours (the MSRV in the root Cargo.toml);
#    clippy's incompatible_msrv lint (in .ci/run's clippy step) checks our own use of std;
# 3. `cargo publish --dry-run` of the runtime and then the generated crate: cargo packages both, then
#    builds each from its packaged .crate, the generated one against the packaged runtime through a
#    temporary local registry, exactly as crates.io would resolve it once the runtime is published.
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_CRATES=110
# CI checks a clean clone; a maintainer trying this on a dirty tree passes --allow-dirty.
PUBLISH_FLAGS=("$@")

tree() { cargo tree -q -e normal -p alibabacloud-media --prefix none --format '{p}' "$@" | sed 's/ (\*)$//; s/ (proc-macro)$//' | awk '{print $1" "$2}' | sort -u; }

check_tree() {
  local label="$1"; shift
  local list count dups
  list="$(tree "$@")"
  count="$(printf '%s\n' "$list" | wc -l)"
  dups="$(printf '%s\n' "$list" | awk '{print $1}' | uniq -d)"
  echo "$label: $count crates in the tree of alibabacloud-media"
  if [ -n "$dups" ]; then
    echo "error: crates in more than one version ($label):"; printf '  %s\n' $dups
    cargo tree -e normal -p alibabacloud-media -d "$@"
    exit 1
  fi
  if [ "$count" -gt "$MAX_CRATES" ]; then
    echo "error: $count crates > $MAX_CRATES ($label); see cargo tree -e normal -p alibabacloud-media $*"
    exit 1
  fi
}

check_tree "default features"
check_tree "ice, live, tls-ring" --no-default-features --features ice,live,tls-ring
# The mock server of `test-util` (a dev-dependency feature): hyper's server side, one crate more.
check_tree "default features + test-util" --features test-util

list="$(mktemp)"; trap 'rm -f "$list"' EXIT
tree > "$list"
cargo metadata -q --format-version 1 --locked | python3 -c '
import json, sys
meta = json.load(sys.stdin)
wanted = {tuple(line.split()) for line in open(sys.argv[1]) if line.strip()}
def key(v): return (tuple(int(x) for x in v.split(".")) + (0, 0))[:3]
ours = next(p["rust_version"] for p in meta["packages"] if p["name"] == "alibabacloud-rpc-runtime")
newer = [(p["name"], p["version"], p["rust_version"]) for p in meta["packages"]
         if (p["name"], "v" + p["version"]) in wanted and p.get("rust_version")
         and key(p["rust_version"]) > key(ours)]
declared = sum(1 for p in meta["packages"] if (p["name"], "v" + p["version"]) in wanted and p.get("rust_version"))
if newer:
    for n in newer: print("error: %s %s needs Rust %s, newer than our rust-version %s" % (n + (ours,)))
    sys.exit(1)
print("MSRV %s: none of the %d crates that declare a rust-version needs a newer one" % (ours, declared))
' "$list"

echo "cargo publish --dry-run: alibabacloud-rpc-runtime, then alibabacloud-media against it"
# Cargo treats a registry crate as immutable: it unpacks one of its temporary local registry once per
# name and version, and reuses what it compiled from it, even when a later run packaged different
# contents. So the verification builds in its own target directory, and the copies and build results
# of our two crates are removed first (a fresh CI machine has none; dependencies stay cached).
export CARGO_TARGET_DIR="${PUBLISH_CHECK_TARGET_DIR:-$PWD/target/publish-check}"
rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/alibabacloud-rpc-runtime-* \
       "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/alibabacloud-media-* \
       "$CARGO_TARGET_DIR"/debug/.fingerprint/alibabacloud-* \
       "$CARGO_TARGET_DIR"/debug/deps/libalibabacloud_*
cargo publish --dry-run --locked -p alibabacloud-rpc-runtime -p alibabacloud-media "${PUBLISH_FLAGS[@]}"
