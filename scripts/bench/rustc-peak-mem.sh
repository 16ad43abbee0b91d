#!/usr/bin/env bash
# RUSTC_WRAPPER for scripts/bench-compile.sh: runs rustc under GNU time and appends one line per
# invocation to $RUSTC_PEAK_LOG: `CRATE_NAME PEAK_RSS_KIB WALL_SECONDS`.
rustc=$1
shift
crate=-
prev=
for arg in "$@"; do
  if [[ $prev == --crate-name ]]; then crate=$arg; fi
  prev=$arg
done
exec /usr/bin/time -a -o "${RUSTC_PEAK_LOG:-/dev/null}" -f "$crate %M %e" "$rustc" "$@"
