#!/usr/bin/env bash
# Compile time of the generated crate against cargo-progenitor 0.15.1 (issues #5 and #12). See
# BENCHMARKS.md, section 2.
#
# Spec sets (--sets, comma-separated; default real,ice400,all837,syn1000):
#   real     the repository's spec: 5 operations, ICE + Live
#   ice400   the imported page corpus (scripts/import-corpus.sh --all), ICE only: 400 operations
#   all837   the imported page corpus, ICE + Live: up to 837 operations (the importer keeps 835)
#   syn1000  the 1,000-operation synthetic spec (sdk_benches::synthetic)
# For each set S, in one scratch workspace sharing one target directory (dependencies built first):
#   ours-S   our generator's crate          prog-S   cargo-progenitor's crate from the same spec
# and, for the sets in --consumers (default ice400):
#   useall-S a crate calling every operation of ours-S (default features)
#   use3-S   a crate calling three operations, depending on ours-S with default-features = false and
#            the features of those three (product, operation group when the crate has them, TLS)
# Measured, interleaved round by round (the order is reversed every other round):
#   cold     `cargo clean -p CRATE` then `cargo build -p CRATE` (dev profile; consumers: the SDK crate
#            and the consumer are both cleaned, so their build includes the SDK with those features)
#   edit     one doc line of one operation changed, then `cargo build -p CRATE` (not for consumers)
#   peak     rustc's peak resident memory for CRATE during the cold build (RUSTC_WRAPPER running rustc
#            under GNU time, scripts/bench/rustc-peak-mem.sh); consumers: the larger of the two
# Prints every run with the load average, then medians, per-round ratios ours/progenitor and their
# medians, and a Markdown table.
#
# Usage: scripts/bench-compile.sh [--rounds N] [--sets LIST] [--consumers LIST] [--no-progenitor] [--quick]
#        scripts/bench-compile.sh N          (old form: N rounds)
#   --quick   1 round, --sets real --consumers real: checks the harness in a few minutes once the
#             dependencies are built.
# Env: CORPUS_SPEC (default $CARGO_TARGET_DIR/corpus/spec; imported with --all --no-build when absent),
#      PROGENITOR_ROOT (where cargo-progenitor is or goes; scripts/bench/install-progenitor.sh).
# Needs GNU time (/usr/bin/time, Debian package `time`), python3, bc.
set -euo pipefail
ROUNDS=3
SETS=real,ice400,all837,syn1000
CONSUMERS=ice400
PROGENITOR=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --sets) SETS=$2; shift ;;
    --consumers) CONSUMERS=$2; shift ;;
    --no-progenitor) PROGENITOR=0 ;;
    --quick) ROUNDS=1; SETS=real; CONSUMERS=real ;;
    [0-9]*) ROUNDS=$1 ;;
    *) echo "bench-compile.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[[ ${SKIP_PROGENITOR:-0} == 1 ]] && PROGENITOR=0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
CARGO_TARGET_DIR=$(realpath -m "$CARGO_TARGET_DIR")
SCRATCH=$CARGO_TARGET_DIR/bench-compile
WS=$SCRATCH/ws
# The scratch workspace's own target directory (dependencies are built once and kept between runs).
WS_TARGET=$SCRATCH/target-ws
export CARGO_TERM_COLOR=never
[[ -x /usr/bin/time ]] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }
IFS=, read -r -a sets <<<"$SETS"
IFS=, read -r -a consumer_sets <<<"$CONSUMERS"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ), $(rustc --version)"
echo "== repository at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') ($(git -C "$ROOT" log -1 --format=%s 2>/dev/null | cut -c1-80))"
echo "== rounds $ROUNDS, sets $SETS, consumers ${CONSUMERS:-none}, progenitor $PROGENITOR"

echo "== snapshot of the repository in $SCRATCH/repo; building the generator helper (release)"
# A snapshot, so that edits in progress elsewhere in the repository cannot change the measurement.
rm -rf "$SCRATCH/repo"
mkdir -p "$SCRATCH/repo"
# --touch: fresh timestamps, so that cargo rebuilds the generator from this snapshot even when the
# target directory holds a build of another checkout with older sources.
tar -C "$ROOT" --exclude=./target --exclude=./.git --exclude='./.venv*' -cf - . | tar -C "$SCRATCH/repo" --touch -xf -
# Built in the usual target directory, so only the workspace's own crates are recompiled.
cargo build -q --release --manifest-path "$SCRATCH/repo/Cargo.toml" -p sdk-benches --bin synth
cp "$CARGO_TARGET_DIR/release/synth" "$SCRATCH/synth"
SYNTH=$SCRATCH/synth

if [[ $PROGENITOR == 1 ]]; then
  PATH="$(bash "$ROOT/scripts/bench/install-progenitor.sh" "${PROGENITOR_ROOT:-$CARGO_TARGET_DIR/tools/progenitor}"):$PATH"
  export PATH
fi

# The spec argument of `synth` for each set.
spec_of() {
  case $1 in
    real) echo real ;;
    syn1000) echo 1000 ;;
    ice400|all837) echo "$SCRATCH/spec-$1" ;;
    *) echo "bench-compile.sh: unknown set $1" >&2; exit 2 ;;
  esac
}
if [[ ",$SETS," == *,ice400,* || ",$SETS," == *,all837,* ]]; then
  CORPUS_SPEC=${CORPUS_SPEC:-$CARGO_TARGET_DIR/corpus/spec}
  if [[ ! -d $CORPUS_SPEC ]]; then
    echo "== importing the page corpus (scripts/import-corpus.sh --all --no-build; several minutes)"
    bash "$ROOT/scripts/import-corpus.sh" --all --no-build --out "$(dirname "$CORPUS_SPEC")" || true
    [[ -d $CORPUS_SPEC ]] || { echo "no corpus spec in $CORPUS_SPEC" >&2; exit 1; }
  fi
  rm -rf "$SCRATCH/spec-ice400" "$SCRATCH/spec-all837"
  mkdir -p "$SCRATCH/spec-ice400" "$SCRATCH/spec-all837"
  cp "$CORPUS_SPEC"/*.yaml "$SCRATCH/spec-all837/"
  cp "$CORPUS_SPEC"/ice-*.yaml "$SCRATCH/spec-ice400/"
fi

crates=()
for s in "${sets[@]}"; do
  crates+=("ours-$s")
  [[ $PROGENITOR == 1 ]] && crates+=("prog-$s")
done
consumers=()
for s in "${consumer_sets[@]}"; do
  [[ -n $s ]] && consumers+=("useall-$s" "use3-$s")
done

# Crates built only to warm the dependencies (the small real-spec ones share every dependency with the
# large ones of the same generator), and SDK crates built only for their consumers.
warm=(ours-real)
[[ $PROGENITOR == 1 ]] && warm+=(prog-real)
members=()
for c in "${warm[@]}" "${crates[@]}"; do [[ " ${members[*]} " == *" $c "* ]] || members+=("$c"); done
for c in "${consumers[@]}"; do [[ " ${members[*]} " == *" ours-${c#*-} "* ]] || members+=("ours-${c#*-}"); done
members+=("${consumers[@]}")

echo "== scratch workspace $WS"
rm -rf "$WS"
mkdir -p "$WS"
cp -a "$SCRATCH/repo/runtime" "$WS/runtime"
cp "$SCRATCH/repo/Cargo.lock" "$WS/Cargo.lock"
list=$(printf '"%s", ' runtime "${members[@]}")
sed -e "s|^members = .*|members = [${list%, }]|" -e '/^default-members = /d' \
  "$SCRATCH/repo/Cargo.toml" > "$WS/Cargo.toml"

for c in "${members[@]}"; do
  s=${c#*-}
  case $c in
    ours-*) "$SYNTH" crate "$(spec_of "$s")" "$WS/$c" ../runtime "$c" ;;
    prog-*)
      "$SYNTH" progenitor-spec "$(spec_of "$s")" "$SCRATCH/$c.json"
      if ! cargo progenitor -i "$SCRATCH/$c.json" -o "$WS/$c" -n "$c" -v 0.1.0 >"$SCRATCH/$c.log" 2>&1; then
        echo "cargo progenitor failed on $SCRATCH/$c.json:" >&2; tail -20 "$SCRATCH/$c.log" >&2; exit 1
      fi
      # progenitor writes a stand-alone crate; make it a member of the scratch workspace.
      if grep -q '^\[workspace\]' "$WS/$c/Cargo.toml"; then sed -i '/^\[workspace\]/,$d' "$WS/$c/Cargo.toml"; fi ;;
    use*)
      python3 "$ROOT/scripts/bench/consumer.py" "$WS/ours-$s" "$WS/$c" "$c" "$([[ $c == use3-* ]] && echo three || echo all)" ;;
  esac
done

declare -A lines
for c in "${crates[@]}"; do
  lines[$c]=$(find "$WS/$c/src" -name '*.rs' -exec cat {} + | wc -l)
  ops=$(grep -c '' <(find "$WS/$c/src" -mindepth 2 -name '*.rs' ! -name mod.rs ! -name client.rs ! -name types.rs) || true)
  printf '%-16s %8d lines of Rust in %5d files%s\n' "$c" "${lines[$c]}" "$(find "$WS/$c/src" -name '*.rs' | wc -l)" \
    "$([[ $c == ours-* ]] && echo ", $ops operation modules")"
done

export RUSTC_WRAPPER=$ROOT/scripts/bench/rustc-peak-mem.sh
export RUSTC_PEAK_LOG=$SCRATCH/rustc-peak.log
echo "== building every dependency once (through ${warm[*]})"
# A consumer of three operations turns the SDK's default features off but keeps its TLS feature, so
# the runtime and every dependency are the same build as for the others.
# One crate per command: cargo unifies the features of the packages built together, and every
# measured build builds one package.
for c in "${warm[@]}"; do (cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo build -q -p "$c"); done

# The file whose doc comment the "edit" run changes: one operation's description.
edit_target() {
  local f
  case $1 in
    ours-*)
      f=$(find "$WS/$1/src" -mindepth 2 -name 'get_live_snapshot_job*.rs' | sort | head -1)
      [[ -n $f ]] || f=$(find "$WS/$1/src" -mindepth 2 -name '*.rs' ! -name mod.rs ! -name client.rs ! -name types.rs | sort | head -1)
      echo "$f" ;;
    prog-*) echo "$WS/$1/src/lib.rs" ;;
  esac
}
edit() { # appends to one doc line of one operation: GetLiveSnapshotJob's where the spec has it
  local file line
  file=$(edit_target "$1")
  line=$(grep -n -m1 '///.*request to `/GetLiveSnapshotJob' "$file" | cut -d: -f1 || true)
  [[ -n $line ]] || line=$(grep -n -m1 '^ *///' "$file" | cut -d: -f1)
  sed -i "${line}s|\$| (edited in round $2)|" "$file"
}

build() { # prints seconds
  local start end
  start=$(date +%s.%N)
  (cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo build -q -p "$1")
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
peak_of() { # MiB, the largest rustc of the named crates in the log
  local names=() c
  for c in "$@"; do names+=("${c//-/_}"); done
  awk -v names=" ${names[*]} " 'index(names, " " $1 " ") && $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$RUSTC_PEAK_LOG"
}

declare -A cold edit peak
for r in $(seq 1 "$ROUNDS"); do
  order=("${crates[@]}" "${consumers[@]}")
  if (( r % 2 == 0 )); then # alternate the order between rounds
    rev=(); for ((i=${#order[@]}-1; i>=0; i--)); do rev+=("${order[$i]}"); done; order=("${rev[@]}")
  fi
  for c in "${order[@]}"; do
    case $c in
      use*) sdk=ours-${c#*-}; clean=(-p "$c" -p "$sdk"); measured=("$c" "$sdk") ;;
      *) clean=(-p "$c"); measured=("$c") ;;
    esac
    (cd "$WS" && CARGO_TARGET_DIR=$WS_TARGET cargo clean -q "${clean[@]}")
    : >"$RUSTC_PEAK_LOG"
    t=$(build "$c")
    m=$(peak_of "${measured[@]}")
    cold[$c]+="$t "; peak[$c]+="$m "
    e=-
    if [[ $c != use* ]]; then
      edit "$c" "$r"
      e=$(build "$c")
      edit[$c]+="$e "
      e=$(printf '%.2f' "$e")
    fi
    printf 'round %d  %-16s cold %8.2f s   edit %8s s   rustc peak %6s MiB   (load %s)\n' \
      "$r" "$c" "$t" "$e" "$m" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

median() { tr ' ' '\n' | awk 'NF' | sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else if (NR) print (a[NR/2] + a[NR/2+1]) / 2}'; }
ratios() { # per-round ratios of two space-separated lists
  paste -d/ <(echo "$1" | tr ' ' '\n' | awk 'NF') <(echo "$2" | tr ' ' '\n' | awk 'NF') |
    while read -r q; do echo "scale=3; $q" | bc; done | tr '\n' ' '
}
echo "== medians of $ROUNDS rounds"
declare -A mc me mp
for c in "${crates[@]}" "${consumers[@]}"; do
  mc[$c]=$(echo "${cold[$c]}" | median)
  me[$c]=$(echo "${edit[$c]:-}" | median)
  mp[$c]=$(echo "${peak[$c]}" | median)
  printf '%-16s cold %8.2f s   edit %8s s   rustc peak %6s MiB\n' "$c" "${mc[$c]}" "$([[ -n ${me[$c]} ]] && printf '%.2f' "${me[$c]}" || echo -)" "${mp[$c]}"
done
if [[ $PROGENITOR == 1 ]]; then
  echo "== ours / progenitor: per-round ratios, and their median"
  for s in "${sets[@]}"; do
    for what in cold edit peak; do
      unset -n list; declare -n list=$what
      rs=$(ratios "${list[ours-$s]}" "${list[prog-$s]}")
      printf '%-8s %-5s %-28s median %s\n' "$s" "$what" "$rs" "$(echo "$rs" | median)"
    done
  done
fi
for s in "${consumer_sets[@]}"; do
  [[ -n $s ]] || continue
  rs=$(ratios "${cold[useall-$s]}" "${cold[use3-$s]}")
  printf '%-8s consumer of every operation / of three, cold: %s median %s\n' "$s" "$rs" "$(echo "$rs" | median)"
done

echo "== Markdown"
echo "| set | crate | lines | cold (s) | edit (s) | rustc peak (MiB) |"
echo "|---|---|---:|---:|---:|---:|"
for c in "${crates[@]}" "${consumers[@]}"; do
  printf '| %s | %s | %s | %.1f | %s | %s |\n' "${c#*-}" "${c%%-*}" "${lines[$c]:-}" "${mc[$c]}" \
    "$([[ -n ${me[$c]} ]] && printf '%.1f' "${me[$c]}" || echo -)" "${mp[$c]}"
done
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
