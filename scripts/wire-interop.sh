#!/usr/bin/env bash
# Wire comparison with the official Python SDK: for every case of tests/fixtures/wire/cases.json
# (twelve ICE and Live operations with object, array and form-body parameters), the generated client
# and the SDK send the same query parameters, body and signature to the signature-checking test server.
# See tests/wire-fixture/tests/python_peer.rs. Installs the SDK's virtualenv if needed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/python-sdk/setup.sh
WIRE_PYTHON="$root/.venv-sdk/bin/python" \
    cargo test -q -p wire-fixture --test python_peer -- --ignored --nocapture
