#!/usr/bin/env bash
# `cargo xtask gen` at product scale (issue 11): 10,000 synthetic operations (ten products of 1,000),
# written into an empty generated/ and then run again with nothing to change. Prints wall time and
# peak resident memory (GNU time's "Maximum resident set size") of the xtask process, built as
# `cargo xtask` builds it (dev profile, generator optimised). Figures go in BENCHMARKS.md.
#
# Usage: scripts/bench-gen-10k.sh [OPS]   (default 10000)
set -euo pipefail
OPS=${1:-10000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CARGO_TERM_COLOR=never
cargo build -q -p xtask
cargo build -q --release -p sdk-benches --bin synth
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
target/release/synth repo "$OPS" "$DIR"
echo "== $OPS operations, $(ls "$DIR"/spec | wc -l) documents, $(du -sh "$DIR"/spec | cut -f1) of YAML; load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in "into an empty generated/" "again, nothing to change"; do
  /usr/bin/time -f "%e s wall, %U s user, %S s sys, peak RSS %M KiB" \
    target/debug/xtask --repo "$DIR" gen 2>&1 | sed "s|^|  ($run) |"
done
echo "  generated/: $(find "$DIR"/generated -type f | wc -l) files, $(du -sh "$DIR"/generated | cut -f1)"
