#!/usr/bin/env bash
# Whole-process generation figures (issue #5, group 1). See BENCHMARKS.md.
#
# In a snapshot of the repository (so edits in progress elsewhere cannot change the figures, and
# `xtask gen` only ever writes the snapshot's generated/):
#  1. `xtask gen` on the five-operation spec, the binary already built, as `cargo xtask` builds it
#     (dev profile), with the generator optimised in the dev profile (--config overrides, the
#     proposal in BENCHMARKS.md), in release, and through `cargo xtask gen` itself (cargo's
#     up-to-date check included); hyperfine if installed, else a loop with the median.
#  2. That a `gen` with nothing to change rewrites no file (mtimes identical) and cargo then
#     rebuilds nothing (`cargo check -p alibabacloud-media` reports it Fresh).
#  3. In-process generation time and peak memory (VmHWM) for 1,000 and 5,000 synthetic operations,
#     alternating sizes round by round, and the median of the per-round 5,000/1,000 ratios.
#
# Usage: scripts/bench-gen-process.sh [RUNS] [ROUNDS]   (defaults 30 and 3)
set -euo pipefail
RUNS=${1:-30}
ROUNDS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE=${CARGO_TARGET_DIR:-$ROOT/target}/bench-gen
REPO=$BASE/repo
T=$BASE/target            # dev + release builds of the snapshot
T_OPT=$BASE/target-devopt # dev profile with the generator optimised
export CARGO_TERM_COLOR=never
OPT=(--config 'profile.dev.package.codegen.opt-level=3'
     --config 'profile.dev.package.syn.opt-level=3'
     --config 'profile.dev.package.prettyplease.opt-level=3'
     --config 'profile.dev.package.proc-macro2.opt-level=3'
     --config 'profile.dev.package.quote.opt-level=3'
     --config 'profile.dev.package.serde_norway.opt-level=3'
     --config 'profile.dev.package.unsafe-libyaml-norway.opt-level=3'
     --config 'profile.dev.package.indexmap.opt-level=3')

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(load), $(date -u +%FT%TZ)"

echo "== snapshot of the repository in $REPO"
rm -rf "$REPO"
mkdir -p "$REPO"
tar -C "$ROOT" --exclude=./target --exclude=./.git --exclude='./.venv*' -cf - . | tar -C "$REPO" -xf -
cd "$REPO"

echo "== building xtask (dev, dev + optimised generator, release) and gen-peak-mem (release)"
CARGO_TARGET_DIR=$T cargo build -q -p xtask
CARGO_TARGET_DIR=$T_OPT cargo build -q -p xtask "${OPT[@]}"
CARGO_TARGET_DIR=$T cargo build -q --release -p xtask
CARGO_TARGET_DIR=$T cargo build -q --release -p sdk-benches --bin gen-peak-mem
CARGO_TARGET_DIR=$T cargo check -q -p alibabacloud-media

echo "== first run brings the snapshot's generated/ up to date: $("$T/debug/xtask" gen)"
snapshot_mtimes() { find generated -type f -printf '%P %T@\n' | sort; }
snapshot_mtimes > "$BASE/mtimes.before"

echo "== xtask gen, five-operation spec, nothing to change ($RUNS runs each, load $(load))"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$BASE/xtask.json" \
    -n "xtask gen (dev profile, as cargo xtask)" "$T/debug/xtask gen" \
    -n "xtask gen (dev, generator at opt-level 3)" "$T_OPT/debug/xtask gen" \
    -n "xtask gen (release)" "$T/release/xtask gen" \
    -n "cargo xtask gen (whole command)" "env CARGO_TARGET_DIR=$T cargo xtask gen" >/dev/null
  python3 - "$BASE/xtask.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:45s} wall median {r["median"]*1000:7.1f} ms  min {r["min"]*1000:7.1f}  max {r["max"]*1000:7.1f}   CPU (user+sys, mean) {(r["user"]+r["system"])*1000:7.1f} ms')
EOF
else
  for cmd in "$T/debug/xtask gen" "$T_OPT/debug/xtask gen" "$T/release/xtask gen" "env CARGO_TARGET_DIR=$T cargo xtask gen"; do
    for _ in 1 2 3; do $cmd >/dev/null; done
    for _ in $(seq "$RUNS"); do
      s=$(date +%s%N); $cmd >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 ))
    done | sort -n | awk -v c="$cmd" '{a[NR]=$1} END {printf "%-45s median %7.1f ms\n", c, a[int((NR+1)/2)]/1000}'
  done
fi

snapshot_mtimes > "$BASE/mtimes.after"
if cmp -s "$BASE/mtimes.before" "$BASE/mtimes.after"; then
  echo "no-change runs: every file under generated/ kept its mtime ($(wc -l < "$BASE/mtimes.after") files)"
else
  echo "no-change runs REWROTE files:"; diff "$BASE/mtimes.before" "$BASE/mtimes.after" || true
fi
fresh=$(CARGO_TARGET_DIR=$T cargo check -v -p alibabacloud-media 2>&1 | grep -E '(Fresh|Compiling|Checking) alibabacloud-media' || true)
echo "cargo check -p alibabacloud-media afterwards: ${fresh:-?}"

echo "== in-process generation (release), peak memory; sizes alternate, $ROUNDS rounds (load $(load))"
G=$T/release/gen-peak-mem
for n in real 100; do echo "$("$G" "$n")"; done
declare -a r1000 r5000 ratios c1000 c5000 cratios
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 == 1 )); then a=$("$G" 1000); b=$("$G" 5000); else b=$("$G" 5000); a=$("$G" 1000); fi
  echo "round $r: $a"
  echo "round $r: $b"
  ta=$(sed -E 's/.*gen_ms=([0-9.]+).*/\1/' <<<"$a"); ca=$(sed -E 's/.*cpu_ms=([0-9.]+).*/\1/' <<<"$a")
  tb=$(sed -E 's/.*gen_ms=([0-9.]+).*/\1/' <<<"$b"); cb=$(sed -E 's/.*cpu_ms=([0-9.]+).*/\1/' <<<"$b")
  r1000+=("$ta"); r5000+=("$tb"); c1000+=("$ca"); c5000+=("$cb")
  ratios+=("$(echo "scale=3; $tb / $ta" | bc)"); cratios+=("$(echo "scale=3; $cb / $ca" | bc)")
  echo "round $r: 5000/1000 = ${ratios[-1]} wall, ${cratios[-1]} CPU   (load $(load))"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median wall: 1000 ops $(median "${r1000[@]}") ms, 5000 ops $(median "${r5000[@]}") ms; median ratio 5000/1000 = $(median "${ratios[@]}")"
echo "median CPU:  1000 ops $(median "${c1000[@]}") ms, 5000 ops $(median "${c5000[@]}") ms; median ratio 5000/1000 = $(median "${cratios[@]}")"
