#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a bounded time each and prints their figures.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 120 s, all four targets)
#
# Targets: spec_load spec_mutate response_decode page_import (docs/HARDENING.md says what each does).
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and, on a stable toolchain, RUSTC_BOOTSTRAP=1 for the
# sanitizer flags, which this script sets. Corpora grow in fuzz/corpus/<target>, crashes land in
# fuzz/artifacts/<target>, logs in fuzz/logs/<target>.log. A crash makes the script fail; turn it into a
# regression test in tests/tests/hardening_fuzz.rs (`cargo fuzz fmt <target> <file>` shows the input).
# Without cargo-fuzz it falls back to the proptest versions with more cases.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-120}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(spec_load spec_mutate response_decode page_import)
fi

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed; running the proptest versions with 10x the cases instead" >&2
  HARDENING_FUZZ_CASES_FACTOR=10 exec cargo test -p sdk-tests --release --test hardening_fuzz -- --nocapture
fi

# Seed corpora from the real inputs (the fuzzer also starts from what earlier runs kept).
seed() {
  local target=$1
  mkdir -p "fuzz/corpus/$target"
  case $target in
    spec_load)
      for f in spec/*.yaml tests/fixtures/specs/*.yaml; do
        [ -f "$f" ] && cp "$f" "fuzz/corpus/$target/seed-$(basename "$f")"
      done ;;
    page_import)
      # A first byte that is even selects "raw page" mode; odd, "mutate a real page".
      for f in pages/*.txt; do
        [ -f "$f" ] && { printf '\0'; cat "$f"; } > "fuzz/corpus/$target/seed-$(basename "$f")"
      done ;;
    spec_mutate|response_decode)
      for i in 1 3 5 7 9 11; do
        printf "\\$(printf '%03o' "$i")\\001\\002\\003\\004\\005\\006\\007" > "fuzz/corpus/$target/seed-$i"
      done ;;
  esac
}

mkdir -p fuzz/logs
status=0
summary=()
for target in "${targets[@]}"; do
  seed "$target"
  log="fuzz/logs/$target.log"
  echo "==> $target for ${seconds}s (log: $log)" >&2
  start=$(date +%s)
  set +e
  (RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" \
      -- -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1) >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
  if [ $rc -eq 0 ]; then result="no crash"; else result="FAILED (exit $rc; see $log and fuzz/artifacts/$target)"; status=1; fi
  summary+=("$target: ${elapsed}s wall (incl. build), ${runs:-?} executions, coverage ${cov:-?} edges, corpus $corpus inputs: $result")
done

echo
printf '%s\n' "${summary[@]}"
exit $status
