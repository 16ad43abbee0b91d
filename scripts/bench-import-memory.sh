#!/usr/bin/env bash
# Importer memory and time on one large page (issue 11, point 4): a page of 2.5, 5 and 10 MB (the
# ListLiveRecordJobs request rows repeated under numbered names), imported with `cargo xtask import
# --dry-run`; prints wall time, peak memory and its ratio to the page size (target <= 10x at 10 MB,
# time growing linearly). The 400-page batch figure is scripts/bench-import.sh. Nothing is kept.
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
for mb in 2.5 5 10; do
  bytes=$(python3 -c "print(int($mb * 1024 * 1024))")
  big "$bytes" "$work/Big.txt"
  rm -rf "$work/spec" && mkdir -p "$work/spec"
  /usr/bin/time -f '%e %M' -o "$work/time.txt" \
    "$xtask" import --spec-dir "$work/spec" "${flags[@]}" --dry-run "$work/Big.txt" > /dev/null 2>&1 || true
  read -r secs kb < "$work/time.txt"
  size=$(stat -c %s "$work/Big.txt")
  ratio=$(python3 -c "print(round($kb * 1024 / $size, 1))")
  echo "import: one page of $(python3 -c "print(round($size/1048576, 1))") MB: ${secs} s, peak memory $((kb / 1024)) MB (${ratio}x the page)"
done
