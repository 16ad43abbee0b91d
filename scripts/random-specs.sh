#!/usr/bin/env bash
# The random-spec property test (tests/tests/hardening_random_specs.rs) at a larger size than CI's
# one crate of 24 tried products. Figures go in docs/HARDENING.md.
# Usage: scripts/random-specs.sh [CRATES] [PRODUCTS_PER_CRATE]   (defaults 10 and 24)
set -euo pipefail
cd "$(dirname "$0")/.."
export RANDOM_SPEC_CRATES=${1:-10} RANDOM_SPEC_PRODUCTS=${2:-24}
time cargo test -p sdk-tests --test hardening_random_specs whatever_gen_accepts_compiles -- --nocapture
