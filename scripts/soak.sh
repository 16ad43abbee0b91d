#!/usr/bin/env bash
# The client soak for longer than CI runs it (CI: 30 s, as part of `cargo test`).
#
#   scripts/soak.sh [SECONDS]      (default 600)
#
# Runs tests/tests/hardening_soak.rs in release mode: calls at bounded concurrency against the local test
# server with seeded faults, sampling resident memory and open connections every second; fails if either
# grows after the warm-up. Prints the samples.
set -euo pipefail
cd "$(dirname "$0")/.."
HARDENING_SOAK_SECS=${1:-600} exec cargo test -p sdk-tests --release --test hardening_soak -- --nocapture
