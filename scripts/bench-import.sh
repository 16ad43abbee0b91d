#!/usr/bin/env bash
# Benchmark (issue 9, target < 10 s): `cargo xtask import --method POST` on 400 pages in ONE command,
# into a spec that holds only the two product documents (each seeded by importing one page first, not
# timed). The pages are the first 400 operations, in a fixed order, of the SDK corpus rendered in the
# five pages' layout (`layout.mar2026`; see scripts/corpus/README.md), ICE and Live mixed.
# Works on a scratch copy of the repository (the repository's own xtask, with --repo); prints every run
# and the median. The time includes cargo's check that xtask is up to date (about 0.3 s).
#
#   bash scripts/bench-import.sh [RUNS]      (default 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
count=400
export PYTHONDONTWRITEBYTECODE=1 CARGO_TERM_COLOR=never
bash "$root/scripts/python-sdk/setup.sh"
venv="$root/.venv-sdk"
"$venv/bin/python" -c 'import yaml' 2>/dev/null ||
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/corpus/requirements.txt"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$root/scripts/corpus/corpus.py" render "$work/corpus" >/dev/null
mapfile -t pages < <("$venv/bin/python" - "$work/corpus" "$count" <<'PY'
import json, sys
from hashlib import sha256
out, count = sys.argv[1], int(sys.argv[2])
ops = [o for o in json.load(open(f"{out}/manifest.json"))["operations"] if "layout.mar2026" in o["variants"]]
ops.sort(key=lambda o: sha256(f"{o['product']}/{o['action']}".encode()).hexdigest())
for o in ops[:count]:
    print(f"{out}/{o['page']}")
PY
)
[ "${#pages[@]}" -eq "$count" ] || { echo "only ${#pages[@]} pages in the layout" >&2; exit 1; }

scratch="$work/repo"
mkdir -p "$scratch"
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
# The repository's own xtask, built once, working on the scratch copy through --repo.
cd "$root"
cargo build --quiet -p xtask
xtask() { cargo xtask --repo "$scratch" "$@"; }

seed() {
  rm -f "$scratch"/spec/*.yaml
  xtask import --product ICE --version 2020-11-09 --title 'Intelligent Media Services' \
    --endpoint-pattern 'ice.{region}.aliyuncs.com' --server https://ice.cn-shanghai.aliyuncs.com \
    --region cn-shanghai=ice.cn-shanghai.aliyuncs.com --method GET "$root/pages/GetLiveSnapshotJob.txt" >/dev/null
  xtask import --product live --version 2016-11-01 --title 'ApsaraVideo Live' \
    --endpoint-pattern live.aliyuncs.com --server https://live.aliyuncs.com \
    --region ap-southeast-1=live.ap-southeast-1.aliyuncs.com --method POST \
    "$root/pages/DescribeRtcCloudRecordingFiles.txt" >/dev/null
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
times=()
for i in $(seq "$runs"); do
  seed
  start=$(date +%s%N)
  status=0
  xtask import --method POST "${pages[@]}" >"$work/import.log" 2>&1 || status=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  imported=$(grep -cE '^  => (created|added|replaced|.* goes into)' "$work/import.log" || true)
  [ "$status" -eq 0 ] || grep -E "^  => " "$work/import.log" | grep -v "goes into" | head -3 || true
  times+=("$ms")
  echo "run $i: ${ms} ms for ${#pages[@]} pages in one command (exit $status; $imported imported)"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "median: ${median} ms (target < 10000 ms); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
