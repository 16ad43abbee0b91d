#!/usr/bin/env bash
# The issue-9 round trip at product scale: every ICE and Live operation of the official Python SDKs,
# rendered as an API page (in every page-layout variant, see scripts/corpus/README.md), imported with
# `cargo xtask import` into an empty spec, compared field by field with the SDK facts, generated with
# `cargo xtask gen` and built. Runs in a scratch copy of the repository with its own target directory;
# the rendered pages and the report go to OUT (never committed).
#
#   bash scripts/import-corpus.sh [--sample N | --all | --only A,B] [--out DIR] [--no-build]
#                                 [--min-score F] [--min-score-as-read F] [--min-imported N] [--min-generated N] [--min-built N]
#
# The imported spec, without the operations gen or the build set aside, is left in OUT/spec/
# (scripts/bench-compile.sh builds it). --no-build stops after gen.
# Default: --sample 100 (the fixed CI sample; it covers every variant). Env: IMPORT_CORPUS_TARGET_DIR.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample=(--sample 100)
out="$root/target/corpus"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --sample) sample=(--sample "$2"); shift ;;
    --all) sample=() ;;
    --only) sample=(--only "$2"); shift ;;
    --out) out="$2"; shift ;;
    --min-score|--min-score-as-read|--min-imported|--min-generated|--min-built) extra+=("$1" "$2"); shift ;;
    --no-build) extra+=(--no-build) ;;
    *) echo "import-corpus.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done

# Seconds since $1 (a `date +%s%N` stamp), with one decimal.
since() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }

t0=$(date +%s%N)
PYTHONDONTWRITEBYTECODE=1 bash "$root/scripts/python-sdk/setup.sh"
venv="$root/.venv-sdk"
if ! "$venv/bin/python" -c 'import yaml' 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$root/scripts/corpus/requirements.txt"
fi
echo "venv ready in $(since "$t0") s"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
rm -f "$scratch"/spec/*.yaml
out="$(realpath -m "$out")"
rm -rf "$out"
build_target="$(realpath -m "${IMPORT_CORPUS_TARGET_DIR:-$root/target/import-corpus}")"

# xtask is the repository's own, built here once (in the usual target directory) so that the import
# timings are the importer's, not the compiler's; it works on the scratch copy through --repo.
t0=$(date +%s%N)
(cd "$root" && cargo build --quiet -p xtask)
echo "xtask built in $(since "$t0") s"

status=0
"$venv/bin/python" "$root/scripts/corpus/pipeline.py" --root "$root" --scratch "$scratch" \
  --build-target-dir "$build_target" --out "$out" --venv "$venv" --repo-spec "$root/spec" \
  "${sample[@]}" "${extra[@]}" || status=$?
cp -r "$scratch/spec" "$out/spec"
exit $status
