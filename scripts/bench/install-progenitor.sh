#!/usr/bin/env bash
# Installs cargo-progenitor 0.15.1 (the comparison of scripts/bench-compile.sh) from crates.io into
# PREFIX (default $CARGO_TARGET_DIR/tools/progenitor, else target/tools/progenitor), unless it is there.
# Prints the directory holding the binary.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PREFIX=${1:-${CARGO_TARGET_DIR:-$ROOT/target}/tools/progenitor}
VERSION=0.15.1
if ! cargo install --list --root "$PREFIX" 2>/dev/null | grep -q "^cargo-progenitor v$VERSION:"; then
  echo "installing cargo-progenitor $VERSION into $PREFIX (a few minutes)" >&2
  cargo install cargo-progenitor --version "$VERSION" --locked --root "$PREFIX" >&2
fi
echo "$PREFIX/bin"
