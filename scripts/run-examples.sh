#!/usr/bin/env bash
# Runs the examples of examples/ that can run offline against the test-util mock server
# (examples/mock_server.rs): endpoint (an explicit endpoint), paging, errors and credentials (default
# chain from the environment, and keys held by the program). Each example must exit 0, the errors
# example must show a request refused before sending, and the server must have accepted the signature
# of every request it received.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p sdk-examples --examples
bin="${CARGO_TARGET_DIR:-target}/debug/examples"

coproc SERVER { exec "$bin/mock-server" 2>"$bin/mock-server.log"; }
read -r endpoint key secret <&"${SERVER[0]}"
echo "mock server at $endpoint"
run() { echo "==> $*"; "$@"; }
export EXAMPLE_ENDPOINT="$endpoint"
export ALIBABA_CLOUD_ACCESS_KEY_ID="$key" ALIBABA_CLOUD_ACCESS_KEY_SECRET="$secret"
# Nothing from this machine's own Alibaba Cloud setup may interfere.
export ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
run "$bin/endpoint" endpoint "$endpoint"
run "$bin/paging"
run "$bin/errors" | tee "$bin/errors.out"
# The documented limit is checked before sending, and the service's answer reaches the example.
grep -q "^refused before sending: ListLiveTranscodeJobs PageSize" "$bin/errors.out"
run "$bin/credentials" default
MY_ACCESS_KEY_ID="$key" MY_ACCESS_KEY_SECRET="$secret" run "$bin/credentials" keys

exec {SERVER[1]}>&-
wait "$SERVER_PID"
cat "$bin/mock-server.log"
if ! grep -q ", 0 refused" "$bin/mock-server.log"; then
  echo "error: the mock server refused requests of the examples"; exit 1
fi
