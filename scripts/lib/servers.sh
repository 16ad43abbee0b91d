# Sourced (not run) by the interop scripts: the SDK virtualenv's Python, building sdk-tests binaries,
# and running one as a local server until the script exits. Callers `set -euo pipefail` first.
#
#   source "$root/scripts/lib/servers.sh"
#   require_sdk_python interop            # sets $python, or exits 2 with the fix
#   bins="$(build_sdk_bins test-server)"  # "name path" lines
#   start_server interop "$bin" LISTENING "$work"   # waits for a stdout line `LISTENING ...`
#   "$server_ready"                        # that line; the server's stdout/stderr: $work/server.{out,err}

server_pids=()

# Stops the servers started here; the caller's EXIT trap calls it.
stop_servers() {
    local pid
    for pid in "${server_pids[@]+"${server_pids[@]}"}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    server_pids=()
}

# $1: the script's name for messages. Sets $python to .venv-sdk's interpreter.
require_sdk_python() {
    python="$root/.venv-sdk/bin/python"
    if [[ ! -x "$python" ]]; then
        echo "$1: $python missing; run scripts/python-sdk/setup.sh first" >&2
        exit 2
    fi
}

# Builds the named sdk-tests binaries and prints `name path` for each, from cargo's own report (so
# any CARGO_TARGET_DIR works). Needs $python.
build_sdk_bins() {
    local args=() name
    for name in "$@"; do
        args+=(--bin "$name")
    done
    cargo build --quiet -p sdk-tests "${args[@]}" --message-format=json \
        | "$python" -c 'import json,sys
for line in sys.stdin:
    try: m = json.loads(line)
    except ValueError: continue
    if m.get("reason") == "compiler-artifact" and m.get("executable"):
        print(m["target"]["name"], m["executable"])'
}

# $1 script name, $2 binary, $3 the first word of the line that says it is ready, $4 a work directory.
# Starts the binary (stdout $4/server.out, stderr $4/server.err), waits up to 30 s for that line and
# sets $server_ready to it; exits 2 (showing the server's stderr) if it dies or never gets ready.
start_server() {
    local name=$1 bin=$2 word=$3 dir=$4 pid
    "$bin" >"$dir/server.out" 2>"$dir/server.err" &
    pid=$!
    server_pids+=("$pid")
    server_ready=""
    for _ in $(seq 1 300); do
        if server_ready="$(grep -m1 "^$word" "$dir/server.out" 2>/dev/null)"; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name: $(basename "$bin") exited early:" >&2
            cat "$dir/server.err" >&2
            exit 2
        fi
        sleep 0.1
    done
    echo "$name: $(basename "$bin") did not print $word within 30 s" >&2
    exit 2
}
