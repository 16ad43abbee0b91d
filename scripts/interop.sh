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
python="$root/.venv-sdk/bin/python"
if [[ ! -x "$python" ]]; then
    echo "interop: $python missing; run scripts/python-sdk/setup.sh first" >&2
    exit 2
fi

# Build and locate the binary from cargo's own report (works with any CARGO_TARGET_DIR/config).
server_bin="$(cargo build --quiet -p sdk-tests --bin test-server --message-format=json \
    | "$python" -c 'import json,sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "test-server":
        print(m["executable"])')"
if [[ -z "$server_bin" || ! -x "$server_bin" ]]; then
    echo "interop: could not build test-server" >&2
    exit 2
fi

workdir="$(mktemp -d)"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [[ -n "${INTEROP_SERVER_LOG:-}" ]]; then
        echo "--- test-server stderr ---" >&2
        cat "$workdir/stderr" >&2 || true
    fi
    rm -rf "$workdir"
}
trap cleanup EXIT INT TERM

"$server_bin" >"$workdir/stdout" 2>"$workdir/stderr" &
server_pid=$!

endpoint=""
for _ in $(seq 1 300); do
    if line="$(grep -m1 '^LISTENING ' "$workdir/stdout" 2>/dev/null)"; then
        endpoint="${line#LISTENING }"
        break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "interop: test-server exited early:" >&2
        cat "$workdir/stderr" >&2
        exit 2
    fi
    sleep 0.1
done
if [[ -z "$endpoint" ]]; then
    echo "interop: test-server did not print LISTENING within 30 s" >&2
    exit 2
fi
echo "interop: test-server at $endpoint"

"$python" "$root/scripts/python-sdk/call_all.py" --endpoint "$endpoint"
