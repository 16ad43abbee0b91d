#!/usr/bin/env bash
# Creates the virtualenv .venv-sdk at the repository root (if missing) with the official Alibaba Cloud
# Python SDK pinned in requirements.txt. Idempotent: when the venv already holds exactly these
# requirements (recorded as a hash stamp), it returns at once without touching the network.
#
# Env: PYTHON (default python3).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/.venv-sdk"
req="$here/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --requirement "$req"
"$venv/bin/python" -c "import alibabacloud_ice20201109, alibabacloud_live20161101"
echo "$want" > "$stamp"
echo "python SDK ready in $venv"
