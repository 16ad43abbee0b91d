#!/usr/bin/env bash
# Importer memory and time on one large page (issue 11, point 4): a page of 2.5, 5 and 10 MB (the
# ListLiveRecordJobs request rows repeated under numbered names), imported with `cargo xtask import
# --dry-run`; prints wall time, peak memory (GNU time's maximum RSS) and its ratio to the page size,
# then checks the targets: at most 10x the page at 10 MB, and time linear (10 MB within 6x the time
# of 2.5 MB; quadratic would be 16x). Exits 1 when a target is not met. Nothing is kept. The
# 400-page batch figure is scripts/bench-import.sh.
#
#   bash scripts/bench-import-memory.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$root"
# The profile `cargo xtask` uses (dev, with the generator and importer optimised: Cargo.toml).
cargo build --quiet -p xtask
xtask="${CARGO_TARGET_DIR:-$root/target}/debug/xtask"
flags=(--product ICE --version 2020-11-09 --title 'Intelligent Media Services'
       --endpoint-pattern 'ice.{region}.aliyuncs.com' --method POST)

# One large page: the ListLiveRecordJobs request rows repeated under numbered names.
big() {
  local target=$1 out=$2
  python3 - "$target" "$out" <<'EOF'
import sys
target, out = int(sys.argv[1]), sys.argv[2]
text = open("pages/ListLiveRecordJobs.txt", encoding="utf-8").read()
head, rest = text.split("\nResponse elements\n", 1)
row = "\nParam{n}\n\nstring\n\nNo\n\nA repeated parameter, number {n}, to make the page large.\n\nvalue{n}\n"
rows, n, size = [], 0, len(text)
while size < target:
    r = row.format(n=n)
    rows.append(r)
    size += len(r)
    n += 1
open(out, "w", encoding="utf-8").write(head + "".join(rows) + "\nResponse elements\n" + rest)
EOF
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A secs_at ratio_at
for mb in 2.5 5 10; do
  bytes=$(python3 -c "print(int($mb * 1024 * 1024))")
  big "$bytes" "$work/Big.txt"
  rm -rf "$work/spec" && mkdir -p "$work/spec"
  if ! /usr/bin/time -f '%e %M' -o "$work/time.txt" \
    "$xtask" import --spec-dir "$work/spec" "${flags[@]}" --dry-run "$work/Big.txt" > "$work/out.txt" 2>&1; then
    echo "import: the $mb MB page failed:" >&2
    tail -5 "$work/out.txt" >&2
    exit 1
  fi
  read -r secs kb < "$work/time.txt"
  size=$(stat -c %s "$work/Big.txt")
  ratio=$(python3 -c "print(round($kb * 1024 / $size, 2))")
  secs_at[$mb]=$secs
  ratio_at[$mb]=$ratio
  echo "import: one page of $(python3 -c "print(round($size/1048576, 1))") MB: ${secs} s, peak memory ${kb} KiB ($((kb / 1024)) MiB, ${ratio}x the page)"
done
status=0
verdict() { # verdict NAME OK FIGURE
  if [ "$2" = True ]; then echo "target $1: met ($3)"; else echo "target $1: NOT met ($3)"; status=1; fi
}
verdict "memory <= 10x the page at 10 MB" "$(python3 -c "print(${ratio_at[10]} <= 10)")" "${ratio_at[10]}x"
growth=$(python3 -c "print(round(${secs_at[10]} / max(${secs_at[2.5]}, 0.01), 1))")
verdict "time linear (10 MB within 6x the time of 2.5 MB)" "$(python3 -c "print($growth <= 6)")" "${growth}x"
exit $status
