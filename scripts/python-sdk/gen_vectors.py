#!/usr/bin/env python3
"""Produce V3 signature known-answer vectors with the official Alibaba Cloud Python SDK.

The SDK (alibabacloud-ice20201109 / alibabacloud-live20161101, see requirements.txt) is the reference
peer. For each case we:

1. fix the SDK's clock, nonce and User-Agent (monkeypatching ``Utils.get_timestamp``/``get_nonce``/
   ``get_user_agent``) so the output is deterministic;
2. let the real client send the call to a tiny local HTTP server on 127.0.0.1 that captures the request
   exactly (method, raw path and query, every header) and answers ``{"RequestId":"x"}``. The client is
   configured with a real public endpoint and reaches the capture server as its HTTP proxy, so the signed
   ``host`` is ``ice.cn-shanghai.aliyuncs.com`` (deterministic) rather than a random local port;
3. recompute the canonical request from the captured bytes with the small independent implementation
   below and assert that its signature equals the SDK's Authorization before writing anything.

Output: tests/fixtures/signature-vectors.json (pretty, sorted keys, deterministic).

Usage: .venv-sdk/bin/python scripts/python-sdk/gen_vectors.py [--out PATH] [--check]
  --check: do not write; exit 1 if the file on disk differs from what would be written.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.server
import json
import sys
import threading
import urllib.parse
from pathlib import Path

from alibabacloud_ice20201109 import models as ice_models
from alibabacloud_ice20201109.client import Client as IceClient
from alibabacloud_live20161101 import models as live_models
from alibabacloud_live20161101.client import Client as LiveClient
from alibabacloud_tea_openapi import utils as openapi_utils
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "tests" / "fixtures" / "signature-vectors.json"

# Must match tests/src/server/keys.rs.
AK_ID = "LTAI5tTestAccessKeyId"
AK_SECRET = "TestAccessKeySecret123"
STS_ID = "STS.NTestStsAccessKeyId"
STS_SECRET = "TestStsAccessKeySecret456"
STS_TOKEN = "CAIS+TestSecurityToken/0123456789abcdefABCDEF+xyz/Sts=="

FIXED_USER_AGENT = "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.3 TeaDSL/2"
SPECIAL = "模板1 a*b~c/d:e+f=g&h"
PUNCT = "100% 'quoted' (x)! #1;@$,?[]{}|^`\"<>\\🎬"

ICE_HOST = "ice.cn-shanghai.aliyuncs.com"
LIVE_HOST = "live.aliyuncs.com"


# --------------------------------------------------------------------------- capture server


class Capture(http.server.BaseHTTPRequestHandler):
    """Records the one request it receives and answers a minimal JSON body."""

    captured: list = []

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        target = urllib.parse.urlsplit(self.path)  # absolute-form, we are the proxy
        Capture.captured.append(
            {
                "method": self.command,
                "path": target.path or "/",
                "raw_query": target.query,
                "headers": list(self.headers.items()),
                "body": body,
            }
        )
        payload = b'{"RequestId":"x"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _handle
    do_POST = _handle

    def log_message(self, *args) -> None:  # quiet
        pass


def start_capture_server() -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --------------------------------------------------------------------------- independent V3


def rfc3986(text: str) -> str:
    return urllib.parse.quote(text, safe="~", encoding="utf-8")


def canonical_query_string(raw_query: str) -> str:
    pairs = urllib.parse.parse_qsl(raw_query, keep_blank_values=True, encoding="utf-8", errors="strict")
    pairs.sort(key=lambda kv: (kv[0].encode("utf-8"), kv[1].encode("utf-8")))
    return "&".join(f"{rfc3986(k)}={rfc3986(v)}" for k, v in pairs)


def parse_authorization(value: str) -> dict:
    algorithm, rest = value.split(" ", 1)
    assert algorithm == "ACS3-HMAC-SHA256", value
    fields = dict(part.split("=", 1) for part in rest.split(","))
    return {
        "credential": fields["Credential"],
        "signed_headers": fields["SignedHeaders"].split(";"),
        "signature": fields["Signature"],
    }


def canonical_request(method, path, raw_query, headers, signed_names, body) -> str:
    lines = [method, path or "/", canonical_query_string(raw_query)]
    block = ""
    for name in signed_names:
        values = sorted(v.strip() for n, v in headers if n.lower() == name)
        assert values, f"signed header {name} not sent"
        block += f"{name}:{','.join(values)}\n"
    lines.append(block)
    lines.append(";".join(signed_names))
    lines.append(hashlib.sha256(body).hexdigest())
    return "\n".join(lines)


def authorization(ak_id: str, secret: str, canonical: str, signed_names) -> tuple[str, str]:
    string_to_sign = "ACS3-HMAC-SHA256\n" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    signature = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    header = f"ACS3-HMAC-SHA256 Credential={ak_id},SignedHeaders={';'.join(signed_names)},Signature={signature}"
    return string_to_sign, header


# --------------------------------------------------------------------------- cases

# (name, product, action, request builder, host/endpoint, sts?, date, note)
CASES = [
    ("ice_list_live_record_jobs_page", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(
         page_no=1, page_size=20, sort_by="desc", status="started",
         start_time="2024-01-01T00:00:00Z", end_time="2024-01-31T23:59:59Z"),
     ICE_HOST, False, "2024-05-01T12:34:56Z",
     "GET with paging, sorting, a status filter and a time range (':' in values)."),
    ("ice_list_live_record_jobs_keyword_special", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(keyword=SPECIAL, page_no=3, page_size=5),
     ICE_HOST, False, "2024-05-01T12:34:57Z",
     "Keyword with a space, '*', '~', '/', ':', '+', '=', '&' and non-ASCII; the SDK sends '+' for the space."),
    ("ice_list_live_record_jobs_keyword_special_sts", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(keyword=SPECIAL, sort_by="asc"),
     ICE_HOST, True, "2024-05-01T12:34:58Z",
     "The same keyword signed with STS credentials."),
    ("ice_list_live_record_jobs_no_params", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(),
     ICE_HOST, False, "2024-05-01T12:35:00Z",
     "No parameters at all: the canonical query string is empty."),
    ("ice_list_live_record_jobs_empty_value", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(keyword="", page_size=10),
     ICE_HOST, False, "2024-05-01T12:35:01Z",
     "An empty string value is sent and signed as 'Keyword='."),
    ("ice_list_live_record_jobs_punctuation", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(keyword=PUNCT),
     ICE_HOST, False, "2024-05-01T12:35:02Z",
     "Every other ASCII punctuation character, '%' and an emoji (4-byte UTF-8)."),
    ("ice_list_live_record_jobs_host_with_port", "ice", "ListLiveRecordJobs",
     lambda: ice_models.ListLiveRecordJobsRequest(page_no=2, page_size=50),
     "127.0.0.1:8080", False, "2024-05-01T12:35:03Z",
     "A local endpoint: the signed host includes the port."),
    ("ice_list_live_transcode_jobs_all_params", "ice", "ListLiveTranscodeJobs",
     lambda: ice_models.ListLiveTranscodeJobsRequest(
         type="narrow-band", start_mode=0, status=1, page_no=2, page_size=100, sort_by="asc", key_word=SPECIAL),
     ICE_HOST, False, "2024-05-01T12:36:00Z",
     "POST with every parameter; integers 0 and 1; the KeyWord spelling; a hyphenated enum value."),
    ("ice_list_live_transcode_jobs_sts", "ice", "ListLiveTranscodeJobs",
     lambda: ice_models.ListLiveTranscodeJobsRequest(page_no=1, page_size=20, key_word="任务 2"),
     ICE_HOST, True, "2024-05-01T12:36:01Z",
     "POST with STS credentials."),
    ("ice_get_live_editing_job", "ice", "GetLiveEditingJob",
     lambda: ice_models.GetLiveEditingJobRequest(job_id="****d80e4e4044975745c14b****"),
     ICE_HOST, False, "2024-05-01T12:37:00Z",
     "POST with the page's masked JobId ('*' → %2A)."),
    ("ice_get_live_editing_job_sts", "ice", "GetLiveEditingJob",
     lambda: ice_models.GetLiveEditingJobRequest(job_id="a/b c+d=e&f"),
     ICE_HOST, True, "2024-05-01T12:37:01Z",
     "POST with STS and reserved characters in JobId."),
    ("ice_get_live_snapshot_job", "ice", "GetLiveSnapshotJob",
     lambda: ice_models.GetLiveSnapshotJobRequest(job_id="****a046-263c-3560-978a-fb287782****"),
     ICE_HOST, False, "2024-05-01T12:38:00Z",
     "GET with the page's masked JobId."),
    ("ice_get_live_snapshot_job_sts", "ice", "GetLiveSnapshotJob",
     lambda: ice_models.GetLiveSnapshotJobRequest(job_id=SPECIAL),
     ICE_HOST, True, "2024-05-01T12:38:01Z",
     "GET with STS and the special characters in JobId."),
    ("live_describe_rtc_cloud_recording_files", "live", "DescribeRtcCloudRecordingFiles",
     lambda: live_models.DescribeRtcCloudRecordingFilesRequest(task_id="******73-8501-****-8ac1-72295a******"),
     LIVE_HOST, False, "2024-05-01T12:39:00Z",
     "The Live product (version 2016-11-01), POST."),
    ("live_describe_rtc_cloud_recording_files_sts", "live", "DescribeRtcCloudRecordingFiles",
     lambda: live_models.DescribeRtcCloudRecordingFilesRequest(task_id=SPECIAL),
     LIVE_HOST, True, "2024-05-01T12:39:01Z",
     "The Live product with STS and the special characters."),
]

CALLS = {
    "ListLiveRecordJobs": "list_live_record_jobs_with_options",
    "ListLiveTranscodeJobs": "list_live_transcode_jobs_with_options",
    "GetLiveEditingJob": "get_live_editing_job_with_options",
    "GetLiveSnapshotJob": "get_live_snapshot_job_with_options",
    "DescribeRtcCloudRecordingFiles": "describe_rtc_cloud_recording_files_with_options",
}


def patch_sdk(date: str, nonce: str) -> None:
    utils_cls = openapi_utils.Utils
    utils_cls.get_timestamp = staticmethod(lambda: date)
    utils_cls.get_nonce = staticmethod(lambda: nonce)
    utils_cls.get_user_agent = staticmethod(lambda *args, **kwargs: FIXED_USER_AGENT)


def run_case(case, proxy: str) -> dict:
    name, product, action, build, host, sts, date, note = case
    nonce = hashlib.md5(name.encode()).hexdigest()
    patch_sdk(date, nonce)
    ak_id, secret, token = (STS_ID, STS_SECRET, STS_TOKEN) if sts else (AK_ID, AK_SECRET, None)
    config = Config(
        access_key_id=ak_id,
        access_key_secret=secret,
        security_token=token,
        endpoint=host,
        protocol="HTTP",
        http_proxy=proxy,
    )
    client = (IceClient if product == "ice" else LiveClient)(config)
    Capture.captured.clear()
    getattr(client, CALLS[action])(build(), RuntimeOptions())
    assert len(Capture.captured) == 1, Capture.captured
    cap = Capture.captured[0]

    headers = cap["headers"]
    auth_values = [v for n, v in headers if n.lower() == "authorization"]
    assert len(auth_values) == 1
    sdk_auth = auth_values[0]
    parsed = parse_authorization(sdk_auth)
    assert parsed["credential"] == ak_id
    signed = parsed["signed_headers"]
    canonical = canonical_request(cap["method"], cap["path"], cap["raw_query"], headers, signed, cap["body"])
    string_to_sign, ours = authorization(ak_id, secret, canonical, signed)
    if ours != sdk_auth:
        raise SystemExit(f"{name}: independent signature differs from the SDK's\n sdk:  {sdk_auth}\n ours: {ours}\n"
                         f"canonical request:\n{canonical}")

    signed_headers = {}
    for wanted in signed:
        values = [v for n, v in headers if n.lower() == wanted]
        assert len(values) == 1, (wanted, values)
        signed_headers[wanted] = values[0]
    assert signed_headers["host"] == host
    assert signed_headers["x-acs-action"] == action

    query = urllib.parse.parse_qsl(cap["raw_query"], keep_blank_values=True, encoding="utf-8", errors="strict")
    return {
        "name": name,
        "note": note,
        "action": action,
        "version": signed_headers["x-acs-version"],
        "method": cap["method"],
        "host": host,
        "path": cap["path"],
        "query": [[k, v] for k, v in query],
        "wire_query": cap["raw_query"],
        "wire_headers": [[n, v] for n, v in headers],
        "signed_headers": signed_headers,
        "body_sha256": hashlib.sha256(cap["body"]).hexdigest(),
        "access_key_id": ak_id,
        "access_key_secret": secret,
        "security_token": token,
        "canonical_query_string": canonical_query_string(cap["raw_query"]),
        "canonical_request": canonical,
        "string_to_sign": string_to_sign,
        "authorization": sdk_auth,
    }


def published_vector_selftest() -> None:
    """The independent implementation must reproduce Alibaba's published example first."""
    headers = [
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", hashlib.sha256(b"").hexdigest()),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2014-05-26"),
    ]
    names = [n for n, _ in headers]
    canonical = canonical_request(
        "POST", "/", "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        headers, names, b"")
    _, header = authorization("YourAccessKeyId", "YourAccessKeySecret", canonical, names)
    assert header.endswith("Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"), header


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    published_vector_selftest()
    server = start_capture_server()
    proxy = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        vectors = [run_case(case, proxy) for case in CASES]
    finally:
        server.shutdown()
    document = {
        "description": "V3 (ACS3-HMAC-SHA256) signature vectors captured from the official Python SDK "
                       "(alibabacloud-ice20201109 6.20.2, alibabacloud-live20161101 3.0.2, "
                       "alibabacloud-tea-openapi 0.4.6) with a fixed date, nonce and User-Agent. "
                       "Regenerate with scripts/python-sdk/gen_vectors.py.",
        "vectors": vectors,
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/python-sdk/gen_vectors.py", file=sys.stderr)
            return 1
        print(f"{args.out}: {len(vectors)} vectors, up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(vectors)} vectors to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
