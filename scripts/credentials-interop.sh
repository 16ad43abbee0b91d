#!/usr/bin/env bash
# Credentials interop: the official Python library (alibabacloud-credentials, pinned in
# scripts/python-sdk/requirements.txt) and this SDK's default chain resolve credentials from the same
# environment and files, against the same local stand-ins (metadata service, STS, credentials URI:
# the `credentials-servers` binary), and must agree, mode by mode.
#
# Rust side: the `credentials-probe` binary; Python side: scripts/python-sdk/credentials_probe.py.
# Both print the access key id and SHA-256 digests of secret and token, never the values.
# Prerequisite: scripts/python-sdk/setup.sh (creates .venv-sdk). Exit status: non-zero on any mismatch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source "$root/scripts/lib/servers.sh"
require_sdk_python credentials-interop
bins="$(build_sdk_bins credentials-servers credentials-probe)"
servers_bin="$(awk '$1=="credentials-servers"{print $2}' <<<"$bins")"
probe_bin="$(awk '$1=="credentials-probe"{print $2}' <<<"$bins")"
if [[ ! -x "$servers_bin" || ! -x "$probe_bin" ]]; then
    echo "credentials-interop: could not build the binaries" >&2
    exit 2
fi

work="$(mktemp -d)"
cleanup() {
    stop_servers
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

start_server credentials-interop "$servers_bin" READY "$work"
imds="$(awk '$1=="IMDS"{print $2}' "$work/server.out")"
sts="$(awk '$1=="STS"{print $2}' "$work/server.out")"
uri="$(awk '$1=="URI"{print $2}' "$work/server.out")"
echo "credentials-interop: metadata $imds, STS $sts, URI $uri"

# Two homes: one with both profile files, one empty.
full="$work/home"
empty="$work/empty"
mkdir -p "$full/.aliyun" "$full/.alibabacloud" "$empty"
printf 'interop-oidc-token' >"$work/oidc-token"
key_id="LTAI5tTestAccessKeyId"
key_secret="TestAccessKeySecret123"
role="acs:ram::1234567890123456:role/interop"
oidc_provider="acs:ram::1234567890123456:oidc-provider/ack-rrsa"
cat >"$full/.aliyun/config.json" <<JSON
{"current": "ak", "profiles": [
 {"name": "ak", "mode": "AK", "access_key_id": "LTAI.cli", "access_key_secret": "CliSecret"},
 {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "CliStsSecret", "sts_token": "CliStsToken"},
 {"name": "role", "mode": "RamRoleArn", "access_key_id": "$key_id", "access_key_secret": "$key_secret", "ram_role_arn": "$role", "ram_session_name": "interop", "expired_seconds": 3600},
 {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "EcsTestRole"},
 {"name": "oidc", "mode": "OIDC", "ram_role_arn": "$role", "oidc_provider_arn": "$oidc_provider", "oidc_token_file": "$work/oidc-token", "role_session_name": "interop", "expired_seconds": 3600},
 {"name": "key", "mode": "AK", "access_key_id": "$key_id", "access_key_secret": "$key_secret"},
 {"name": "chain", "mode": "ChainableRamRoleArn", "source_profile": "key", "ram_role_arn": "$role", "ram_session_name": "interop", "expired_seconds": 3600},
 {"name": "uri", "mode": "CredentialsURI", "credentials_uri": "$uri"}
]}
JSON
cat >"$full/.alibabacloud/credentials.ini" <<INI
[default]
type = access_key
access_key_id = LTAI.ini
access_key_secret = IniSecret

[role]
type = ram_role_arn
access_key_id = $key_id
access_key_secret = $key_secret
role_arn = $role
role_session_name = interop

[oidc]
type = oidc_role_arn
role_arn = $role
oidc_provider_arn = $oidc_provider
oidc_token_file_path = $work/oidc-token

[ecs]
type = ecs_ram_role
role_name = EcsTestRole
INI

failures=0
# mode  expected-id-prefix  python-supported  env...
check() {
    local mode="$1" expect="$2" python_too="$3"
    shift 3
    local rust py
    rust="$(env -i PATH="$PATH" "$@" "$probe_bin" --metadata "$imds" --sts "$sts" 2>"$work/rust.err")" \
        || rust="error: $(head -c 300 "$work/rust.err")"
    if [[ "$python_too" == yes ]]; then
        py="$(env -i PATH="$PATH" "$@" "$python" "$root/scripts/python-sdk/credentials_probe.py" --imds "$imds" --sts "$sts" 2>"$work/py.err")" \
            || py="error: $(tail -c 300 "$work/py.err")"
    else
        py="(not supported by the Python library)"
    fi
    local id
    id="$("$python" -c 'import json,sys; print(json.loads(sys.argv[1])["access_key_id"])' "$rust" 2>/dev/null || true)"
    if [[ "$id" != "$expect"* ]]; then
        echo "FAIL $mode: ours gave ${rust:0:200}, expected an id starting $expect"
        failures=$((failures + 1))
    elif [[ "$python_too" == yes && "$rust" != "$py" ]]; then
        echo "FAIL $mode: ours $rust"
        echo "     python ${py:0:300}"
        failures=$((failures + 1))
    else
        echo "ok   $mode: $id (python: $([[ "$python_too" == yes ]] && echo same || echo "$py"))"
    fi
}

check env-ak LTAI.env yes HOME="$empty" ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI.env ALIBABA_CLOUD_ACCESS_KEY_SECRET=EnvSecret
check env-sts STS.env yes HOME="$empty" ALIBABA_CLOUD_ACCESS_KEY_ID=STS.env ALIBABA_CLOUD_ACCESS_KEY_SECRET=EnvSecret ALIBABA_CLOUD_SECURITY_TOKEN=EnvToken
check env-oidc STS.Sts yes HOME="$empty" ALIBABA_CLOUD_ROLE_ARN="$role" ALIBABA_CLOUD_OIDC_PROVIDER_ARN="$oidc_provider" ALIBABA_CLOUD_OIDC_TOKEN_FILE="$work/oidc-token"
for profile in ak:LTAI.cli sts:STS.cli role:STS.Sts ecs:STS.Imds oidc:STS.Sts chain:STS.Sts; do
    check "cli-${profile%%:*}" "${profile#*:}" yes HOME="$full" ALIBABA_CLOUD_PROFILE="${profile%%:*}"
done
check cli-uri STS.Uri no HOME="$full" ALIBABA_CLOUD_PROFILE=uri
for section in default:LTAI.ini role:STS.Sts oidc:STS.Sts ecs:STS.Imds; do
    check "ini-${section%%:*}" "${section#*:}" yes HOME="$full" ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true ALIBABA_CLOUD_PROFILE="${section%%:*}"
done
check ecs-imdsv2 STS.Imds yes HOME="$empty"
check ecs-role-from-env STS.Imds yes HOME="$empty" ALIBABA_CLOUD_ECS_METADATA=EcsTestRole
check credentials-uri STS.Uri yes HOME="$empty" ALIBABA_CLOUD_ECS_METADATA_DISABLED=true ALIBABA_CLOUD_CREDENTIALS_URI="$uri"

if (( failures > 0 )); then
    echo "credentials-interop: $failures mode(s) differ" >&2
    exit 1
fi
echo "credentials-interop: every mode agrees"
