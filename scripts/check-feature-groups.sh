#!/usr/bin/env bash
# Every operation group of the generated crate builds alone: `cargo check` of alibabacloud-media with
# `--no-default-features --features <product>-<group>`, for each group in generated/Cargo.toml (or the
# first N with --sample N), plus each product alone and no feature at all. A type a group's operations
# use but its `#[cfg]` forgets, or a client method gated by the wrong feature, fails here.
#
#   bash scripts/check-feature-groups.sh [--sample N] [--manifest-path DIR/Cargo.toml]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
manifest="$root/generated/Cargo.toml"
sample=0
while [ $# -gt 0 ]; do
  case "$1" in
    --sample) sample="$2"; shift ;;
    --manifest-path) manifest="$2"; shift ;;
    *) echo "check-feature-groups.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
# Features of the [features] table, other than default, the TLS backends and the serde features (which
# add impls to the types the others build; .ci/run builds them with groups on).
mapfile -t features < <(awk '/^\[features\]/{f=1; next} /^\[/{f=0} f && /^[a-z0-9-]+ = /{print $1}' "$manifest" \
  | grep -v -e '^default$' -e '^tls-' -e '^serde-')
products=() groups=()
for f in "${features[@]}"; do
  if [[ $f == *-* ]]; then groups+=("$f"); else products+=("$f"); fi
done
if [ "$sample" -gt 0 ] && [ "${#groups[@]}" -gt "$sample" ]; then
  # An even spread over the sorted list, so a sample covers every product.
  picked=()
  for ((i = 0; i < sample; i++)); do picked+=("${groups[i * ${#groups[@]} / sample]}"); done
  groups=("${picked[@]}")
fi
echo "checking ${#groups[@]} groups and ${#products[@]} products alone, and no feature"
cargo check -q --manifest-path "$manifest" --no-default-features
for f in "${products[@]}" "${groups[@]}"; do
  echo "  $f"
  cargo check -q --manifest-path "$manifest" --no-default-features --features "$f"
done
echo "every one builds"
