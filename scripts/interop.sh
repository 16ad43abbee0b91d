#!/usr/bin/env bash
# Interop check: the official Python SDK (scripts/python-sdk) against the Rust test server.
#
# Builds the `test-server` binary (honours CARGO_TARGET_DIR), starts it on a free port, waits for its
# `LISTENING 127.0.0.1:<port>` line, runs scripts/python-sdk/call_all.py against it, and stops the
# server on exit. Exit status: call_all.py's (non-zero on any failed check).
#
# Prerequisite: scripts/python-sdk/setup.sh (creates .venv-sdk). Env: INTEROP_SERVER_LOG=1 keeps the
# server's stderr log (RUST_LOG=sdk_tests=debug for per-request lines).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/lib/servers.sh"
require_sdk_python interop
server_bin="$(build_sdk_bins test-server | awk '$1=="test-server"{print $2}')"
if [[ -z "$server_bin" || ! -x "$server_bin" ]]; then
    echo "interop: could not build test-server" >&2
    exit 2
fi

workdir="$(mktemp -d)"
cleanup() {
    stop_servers
    if [[ -n "${INTEROP_SERVER_LOG:-}" ]]; then
        echo "--- test-server stderr ---" >&2
        cat "$workdir/server.err" >&2 || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

start_server interop "$server_bin" 'LISTENING ' "$workdir"
endpoint="${server_ready#LISTENING }"
echo "interop: test-server at $endpoint"

"$python" "$root/scripts/python-sdk/call_all.py" --endpoint "$endpoint"
