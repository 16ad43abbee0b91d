#!/usr/bin/env bash
# Validate every OpenAPI document in spec/ with openapi-spec-validator (pinned).
# Creates the virtualenv "$ROOT/.venv" on first use; later runs reuse it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
VALIDATOR_VERSION="0.9.0"

if [[ ! -x "$VENV/bin/python" ]]; then
  python3 -m venv "$VENV"
fi

# Install (or fix) the pinned validator only when it is missing or a different version.
installed="$("$VENV/bin/python" -m pip show openapi-spec-validator 2>/dev/null | awk '/^Version:/ {print $2}' || true)"
if [[ "$installed" != "$VALIDATOR_VERSION" ]]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "openapi-spec-validator==$VALIDATOR_VERSION"
fi

shopt -s nullglob
specs=("$ROOT"/spec/*.yaml)
if (( ${#specs[@]} == 0 )); then
  echo "no spec/*.yaml files found under $ROOT" >&2
  exit 1
fi

status=0
for spec in "${specs[@]}"; do
  if ! "$VENV/bin/openapi-spec-validator" "$spec"; then
    echo "FAILED: ${spec#"$ROOT"/}" >&2
    status=1
  fi
done
exit "$status"
