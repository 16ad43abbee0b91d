#!/usr/bin/env bash
# The "Add an API" flow end to end, from nothing: in a scratch copy of the repository with spec/ emptied,
# import the five pages with `cargo xtask import`, run `cargo xtask gen`, and build the generated crate
# with no hand editing (issue #4). Builds in its own target directory: the scratch copy has the same
# layout as the repository, and sharing a target directory would let cargo reuse binaries that carry the
# scratch copy's paths.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pages="$root/pages"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

(cd "$root" && git ls-files -z | xargs -0 cp --parents -t "$scratch")
rm -f "$scratch"/spec/*.yaml
cd "$scratch"
export CARGO_TARGET_DIR="${IMPORT_ROUNDTRIP_TARGET_DIR:-$root/target/import-roundtrip}"

ice=(--product ICE --version 2020-11-09 --title 'Intelligent Media Services'
     --endpoint-pattern 'ice.{region}.aliyuncs.com' --server https://ice.cn-shanghai.aliyuncs.com
     --region cn-shanghai=ice.cn-shanghai.aliyuncs.com)
cargo xtask import "${ice[@]}" --method GET "$pages/ListLiveRecordJobs.txt"
cargo xtask import --method POST "$pages/ListLiveTranscodeJobs.txt"
cargo xtask import --method POST "$pages/GetLiveEditingJob.txt"
cargo xtask import --method GET "$pages/GetLiveSnapshotJob.txt"
cargo xtask import --product live --version 2016-11-01 --title 'ApsaraVideo Live' \
  --endpoint-pattern live.aliyuncs.com --server https://live.aliyuncs.com \
  --region ap-southeast-1=live.ap-southeast-1.aliyuncs.com --method POST \
  "$pages/DescribeRtcCloudRecordingFiles.txt"

cargo xtask gen
cargo build --quiet -p alibabacloud-media
echo "import round trip: 5 pages imported into an empty spec, generated and built"
