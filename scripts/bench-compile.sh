#!/usr/bin/env bash
# Compile time of the generated crate (issue #5, group 2). See BENCHMARKS.md.
#
# Builds, in a scratch workspace (a snapshot of runtime/ plus generated crates, sharing one target
# directory), side by side and interleaved round by round:
#   ours-real     our generator, the real spec (5 operations, features ice + live)
#   prog-real     cargo-progenitor 0.15, the same spec merged into one document, paths /#Action -> /Action
#   ours-syn1000  our generator, the 1,000-operation synthetic spec (sdk_benches::synthetic)
#   prog-syn1000  cargo-progenitor, the same synthetic spec
# For each: "cold" = `cargo clean -p <crate>` then `cargo build -p <crate>` (dependencies already
# built), and "edit" = one doc comment changed in one operation, then `cargo build -p <crate>`.
# Dev profile, as `cargo build`. Prints every run, the medians and the ratios.
#
# Usage: scripts/bench-compile.sh [ROUNDS]   (default 3; env SKIP_PROGENITOR=1 to leave progenitor out)
# Needs: cargo-progenitor (`cargo install cargo-progenitor --locked`), found on PATH or in
# $PROGENITOR_ROOT/bin (default /work/tools/progenitor/bin).
set -euo pipefail
ROUNDS=${1:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
SCRATCH=$CARGO_TARGET_DIR/bench-compile
WS=$SCRATCH/ws
# The scratch workspace's own target directory (dependencies are built once and kept between runs).
WS_TARGET=$SCRATCH/target-ws
export PATH="${PROGENITOR_ROOT:-/work/tools/progenitor}/bin:$PATH"
export CARGO_TERM_COLOR=never

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"

echo "== snapshot of the repository in $SCRATCH/repo; building the generator helper (release)"
# A snapshot, so that edits in progress elsewhere in the repository cannot change the measurement.
rm -rf "$SCRATCH/repo"
mkdir -p "$SCRATCH/repo"
tar -C "$ROOT" --exclude=./target --exclude=./.git --exclude='./.venv*' -cf - . | tar -C "$SCRATCH/repo" -xf -
CARGO_TARGET_DIR=$SCRATCH/target-tools cargo build -q --release --manifest-path "$SCRATCH/repo/Cargo.toml" -p sdk-benches --bin synth
SYNTH=$SCRATCH/target-tools/release/synth

crates=(ours-real ours-syn1000)
if [[ "${SKIP_PROGENITOR:-0}" != 1 ]]; then
  if command -v cargo-progenitor >/dev/null; then
    crates+=(prog-real prog-syn1000)
  else
    echo "cargo-progenitor not found: install it with 'cargo install cargo-progenitor --locked' (skipping the comparison)"
  fi
fi

echo "== scratch workspace $WS"
rm -rf "$WS"
mkdir -p "$WS"
cp -a "$SCRATCH/repo/runtime" "$WS/runtime"
cp "$SCRATCH/repo/Cargo.lock" "$WS/Cargo.lock"
members=$(printf '"%s", ' runtime "${crates[@]}")
sed -e "s|^members = .*|members = [${members%, }]|" -e '/^default-members = /d' \
  "$SCRATCH/repo/Cargo.toml" > "$WS/Cargo.toml"

"$SYNTH" crate real "$WS/ours-real" ../runtime ours-real
"$SYNTH" crate 1000 "$WS/ours-syn1000" ../runtime ours-syn1000
for c in "${crates[@]}"; do
  case $c in
    prog-real) spec=real ;;
    prog-syn1000) spec=1000 ;;
    *) continue ;;
  esac
  "$SYNTH" progenitor-spec "$spec" "$SCRATCH/$c.json"
  cargo progenitor -i "$SCRATCH/$c.json" -o "$WS/$c" -n "$c" -v 0.1.0 >"$SCRATCH/$c.log" 2>&1
  # progenitor writes a stand-alone crate; make it a member of the scratch workspace.
  grep -q '^\[workspace\]' "$WS/$c/Cargo.toml" && sed -i '/^\[workspace\]/,$d' "$WS/$c/Cargo.toml"
done

for c in "${crates[@]}"; do
  printf '%-14s %6d lines of Rust in %4d files\n' "$c" \
    "$(find "$WS/$c/src" -name '*.rs' -exec cat {} + | wc -l)" "$(find "$WS/$c/src" -name '*.rs' | wc -l)"
done

echo "== building every dependency once"
(cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo build -q --workspace)

# The file and line whose doc comment the "edit" run changes: one operation's description.
edit_target() {
  case $1 in
    ours-real) echo "$WS/ours-real/src/ice/get_live_snapshot_job.rs" ;;
    ours-syn1000) echo "$WS/ours-syn1000/src/syna/get_live_snapshot_job3.rs" ;;
    prog-*) echo "$WS/$1/src/lib.rs" ;;
  esac
}
edit() { # changes one description: the first doc line holding "name of the job"
  local file line
  file=$(edit_target "$1")
  line=$(grep -n -m1 '///.*name of the job' "$file" | cut -d: -f1)
  sed -i "${line}s/name of the job/name of the job (edited in round $2)/" "$file"
}

timed() { # prints seconds
  local start end
  start=$(date +%s.%N)
  (cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo build -q -p "$1")
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

declare -A cold edit
for r in $(seq 1 "$ROUNDS"); do
  order=("${crates[@]}")
  if (( r % 2 == 0 )); then # alternate the order between rounds
    order=(); for ((i=${#crates[@]}-1; i>=0; i--)); do order+=("${crates[$i]}"); done
  fi
  for c in "${order[@]}"; do
    (cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo clean -q -p "$c")
    t=$(timed "$c")
    cold[$c]+="$t "
    edit "$c" "$r"
    e=$(timed "$c")
    edit[$c]+="$e "
    printf 'round %d  %-14s cold %7.2f s   after one description change %7.2f s   (load %s)\n' \
      "$r" "$c" "$t" "$e" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "== medians of $ROUNDS rounds (seconds)"
declare -A mc me
for c in "${crates[@]}"; do
  mc[$c]=$(echo "${cold[$c]}" | median)
  me[$c]=$(echo "${edit[$c]}" | median)
  printf '%-14s cold %7.2f   edit %7.2f\n' "$c" "${mc[$c]}" "${me[$c]}"
done
per_op() { echo "scale=2; ($1 - $2) * 1000 / 995" | bc; }
echo "== per-operation cost, (syn1000 - real) / 995 operations"
printf 'ours        cold %s ms/op   edit %s ms/op\n' "$(per_op "${mc[ours-syn1000]}" "${mc[ours-real]}")" "$(per_op "${me[ours-syn1000]}" "${me[ours-real]}")"
if [[ -n "${mc[prog-real]:-}" ]]; then
  printf 'progenitor  cold %s ms/op   edit %s ms/op\n' "$(per_op "${mc[prog-syn1000]}" "${mc[prog-real]}")" "$(per_op "${me[prog-syn1000]}" "${me[prog-real]}")"
  echo "== ratios ours / progenitor (per round medians)"
  for s in real syn1000; do
    printf '%-8s cold %.2f   edit %.2f\n' "$s" \
      "$(echo "scale=4; ${mc[ours-$s]} / ${mc[prog-$s]}" | bc)" "$(echo "scale=4; ${me[ours-$s]} / ${me[prog-$s]}" | bc)"
  done
fi
