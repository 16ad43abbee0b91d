#!/usr/bin/env python3
"""Interop check: the official Python SDK against the Rust test server.

Calls every operation of both clients (ICE 2020-11-09, Live 2016-11-01) with realistic parameters —
including a keyword with spaces and non-ASCII, and STS credentials — and checks the typed responses
against the server's seeded data set (tests/src/server/dataset.rs). Also checks that the server refuses
a wrong secret (SignatureDoesNotMatch), an unknown AccessKeyId and a wrong STS token, and that its
documented error answers reach the SDK as the right exceptions.

Usage: call_all.py --endpoint 127.0.0.1:PORT
Prints one line per check and a summary `N passed, M failed`; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from alibabacloud_ice20201109 import models as ice
from alibabacloud_ice20201109.client import Client as IceClient
from alibabacloud_live20161101 import models as live
from alibabacloud_live20161101.client import Client as LiveClient
from alibabacloud_tea_openapi.models import Config
from darabonba.runtime import RuntimeOptions

# Must match tests/src/server/keys.rs.
AK_ID = "LTAI5tTestAccessKeyId"
AK_SECRET = "TestAccessKeySecret123"
STS_ID = "STS.NTestStsAccessKeyId"
STS_SECRET = "TestStsAccessKeySecret456"
STS_TOKEN = "CAIS+TestSecurityToken/0123456789abcdefABCDEF+xyz/Sts=="

SPECIAL = "模板1 a*b~c/d:e+f=g&h"


class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def run(self, name, fn) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - report every failure and go on
            self.failed += 1
            print(f"FAILED {name}: {type(exc).__name__}: {exc}")
            traceback.print_exc(limit=3, file=sys.stdout)
        else:
            self.passed += 1
            print(f"PASSED {name}")


def eq(actual, expected, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


def config(endpoint: str, ak=AK_ID, secret=AK_SECRET, token=None) -> Config:
    return Config(
        access_key_id=ak,
        access_key_secret=secret,
        security_token=token,
        endpoint=endpoint,
        protocol="HTTP",
        read_timeout=10000,
        connect_timeout=5000,
    )


def expect_error(call, status: int, code: str) -> None:
    try:
        call()
    except Exception as exc:  # the SDK raises ClientException/ServerException subclasses
        eq(getattr(exc, "code", None), code, "error code")
        eq(getattr(exc, "status_code", None) or getattr(exc, "statusCode", None), status, "HTTP status")
        if not getattr(exc, "request_id", None):
            raise AssertionError(f"no RequestId in {exc!r}")
        return
    raise AssertionError(f"expected {status} {code}, the call succeeded")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True, help="127.0.0.1:PORT of the test server")
    args = parser.parse_args()
    ep = args.endpoint
    rt = RuntimeOptions()

    ice_client = IceClient(config(ep))
    live_client = LiveClient(config(ep))
    ice_sts = IceClient(config(ep, STS_ID, STS_SECRET, STS_TOKEN))
    live_sts = LiveClient(config(ep, STS_ID, STS_SECRET, STS_TOKEN))
    checks = Checks()

    def record_default():
        r = ice_client.list_live_record_jobs_with_options(ice.ListLiveRecordJobsRequest(), rt)
        eq(r.status_code, 200, "status")
        b = r.body
        eq(b.total_count, 180, "TotalCount")
        eq((b.page_no, b.page_size, b.sort_by), (1, 10, "desc"), "PageNo/PageSize/SortBy echo")
        eq([j.job_id for j in b.live_record_jobs][:2], ["job-0180", "job-0179"], "newest first")
        eq(len(b.live_record_jobs), 10, "items")
        if not b.request_id:
            raise AssertionError("no RequestId")

    def record_paged_asc():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(page_no=2, page_size=25, sort_by="asc"), rt)
        b = r.body
        eq((b.total_count, b.page_no, b.page_size, b.sort_by), (180, 2, 25, "asc"), "paging echo")
        eq(len(b.live_record_jobs), 25, "items")
        eq(b.live_record_jobs[0].job_id, "job-0026", "first item of page 2")
        eq(b.live_record_jobs[0].stream_input.url, "rtmp://example-live.com/live/stream26", "StreamInput.Url")

    def record_last_page():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(page_no=8, page_size=25, sort_by="asc"), rt)
        eq([j.job_id for j in r.body.live_record_jobs], [f"job-{n:04}" for n in range(176, 181)], "last page")

    def record_status_filter():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(status="started", page_size=100), rt)
        eq(r.body.total_count, 60, "TotalCount of started")
        eq({j.status for j in r.body.live_record_jobs}, {"started"}, "statuses")

    def record_keyword_spaces():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(keyword="recording task 17", page_size=50), rt)
        eq(r.body.total_count, 11, "TotalCount for 'recording task 17'")

    def record_keyword_special():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(keyword=SPECIAL, page_no=1, page_size=20, sort_by="desc",
                                          start_time="2024-01-01T00:00:00Z", end_time="2024-01-20T00:00:00Z"),
            rt)
        eq(r.body.total_count, 0, "TotalCount for a keyword nothing matches")
        eq(r.body.live_record_jobs, [], "items")

    def record_time_range():
        r = ice_client.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(start_time="2024-01-02T00:00:00Z", end_time="2024-01-02T23:59:59Z",
                                          page_size=100, sort_by="asc"), rt)
        eq(r.body.total_count, 24, "jobs created on 2024-01-02")
        eq(r.body.live_record_jobs[0].create_time, "2024-01-02T00:00:00Z", "first CreateTime")

    def transcode_page():
        r = ice_client.list_live_transcode_jobs_with_options(ice.ListLiveTranscodeJobsRequest(page_size=20), rt)
        b = r.body
        eq(b.total_count, 57, "TotalCount")
        eq(len(b.job_list), 20, "items")
        eq(b.job_list[0].job_id, "transcode-0057", "newest first")
        eq(b.job_list[0].stream_input.input_url, "rtmp://mydomain/app/stream57", "StreamInput.InputUrl")
        eq(type(b.job_list[0].status), int, "Status is an integer")

    def transcode_filters():
        r = ice_client.list_live_transcode_jobs_with_options(
            ice.ListLiveTranscodeJobsRequest(type="narrow-band", page_size=100, sort_by="asc"), rt)
        eq(r.body.total_count, 15, "narrow-band jobs")
        eq({j.template_type for j in r.body.job_list}, {"narrow-band"}, "TemplateType")
        r = ice_client.list_live_transcode_jobs_with_options(
            ice.ListLiveTranscodeJobsRequest(start_mode=0, status=1, page_size=100), rt)
        expected = sum(1 for n in range(1, 58) if n % 2 == 0 and n % 3 == 1)
        eq(r.body.total_count, expected, "StartMode=0 & Status=1")
        r = ice_client.list_live_transcode_jobs_with_options(
            ice.ListLiveTranscodeJobsRequest(key_word="mytask5", page_no=1, page_size=5), rt)
        eq(r.body.total_count, 9, "KeyWord mytask5")
        eq(len(r.body.job_list), 5, "PageSize honoured")

    def transcode_page_size_limit():
        expect_error(lambda: ice_client.list_live_transcode_jobs_with_options(
            ice.ListLiveTranscodeJobsRequest(page_size=101), rt), 400, "InvalidParameter")

    def editing_job():
        r = ice_client.get_live_editing_job_with_options(
            ice.GetLiveEditingJobRequest(job_id="****d80e4e4044975745c14b****"), rt)
        job = r.body.live_editing_job
        eq(job.job_id, "****d80e4e4044975745c14b****", "JobId echo")
        if job.status not in {"Init", "Queuing", "Processing", "Success", "Failed"}:
            raise AssertionError(f"Status {job.status!r}")
        if not (job.media_url or "").startswith("http"):
            raise AssertionError(f"MediaURL {job.media_url!r}")
        eq(job.output_media_config.width, 640, "OutputMediaConfig.Width")

    def editing_job_missing():
        expect_error(lambda: ice_client.get_live_editing_job_with_options(
            ice.GetLiveEditingJobRequest(job_id="missing"), rt), 404, "JobNotFound")

    def snapshot_job():
        r = ice_client.get_live_snapshot_job_with_options(ice.GetLiveSnapshotJobRequest(job_id="任务 1/2"), rt)
        b = r.body
        eq(b.job_id, "任务 1/2", "JobId echo")
        eq(b.status, "started", "Status")
        eq(b.stream_input.type, "rtmp", "StreamInput.Type")
        eq(b.snapshot_output.storage_type, "oss", "SnapshotOutput.StorageType")
        eq(b.time_interval, 5, "TimeInterval")

    def snapshot_missing():
        expect_error(lambda: ice_client.get_live_snapshot_job_with_options(
            ice.GetLiveSnapshotJobRequest(job_id="missing"), rt), 404, "JobNotFound")

    def snapshot_without_job_id():
        expect_error(lambda: ice_client.get_live_snapshot_job_with_options(
            ice.GetLiveSnapshotJobRequest(), rt), 400, "MissingParameter")

    def rtc_files():
        r = live_client.describe_rtc_cloud_recording_files_with_options(
            live.DescribeRtcCloudRecordingFilesRequest(task_id="******73-8501-****-8ac1-72295a******"), rt)
        info = r.body.task_info
        eq(info.task_id, "******73-8501-****-8ac1-72295a******", "TaskId echo")
        eq(info.status, "RUNNING", "Status")
        if not info.record_file_list.mp_4file_list[0].endswith(".mp4"):
            raise AssertionError("Mp4FileList")
        eq(info.record_file_list.vod_media_list[0].stream, "Single::UserA::AV::C", "VodMediaList[0].Stream")

    def rtc_missing():
        expect_error(lambda: live_client.describe_rtc_cloud_recording_files_with_options(
            live.DescribeRtcCloudRecordingFilesRequest(task_id="missing"), rt), 400, "NotFound.Task")

    def sts_ice():
        r = ice_sts.list_live_record_jobs_with_options(
            ice.ListLiveRecordJobsRequest(keyword=SPECIAL, page_size=7), rt)
        eq((r.body.total_count, r.body.page_size), (0, 7), "STS call")
        r = ice_sts.list_live_transcode_jobs_with_options(ice.ListLiveTranscodeJobsRequest(page_size=3), rt)
        eq(len(r.body.job_list), 3, "STS POST call")

    def sts_live():
        r = live_sts.describe_rtc_cloud_recording_files_with_options(
            live.DescribeRtcCloudRecordingFilesRequest(task_id=SPECIAL), rt)
        eq(r.body.task_info.task_id, SPECIAL, "TaskId echo")

    def wrong_secret():
        bad = IceClient(config(ep, AK_ID, "NotTheSecret"))
        expect_error(lambda: bad.list_live_record_jobs_with_options(ice.ListLiveRecordJobsRequest(), rt),
                     400, "SignatureDoesNotMatch")
        bad_live = LiveClient(config(ep, AK_ID, "NotTheSecret"))
        expect_error(lambda: bad_live.describe_rtc_cloud_recording_files_with_options(
            live.DescribeRtcCloudRecordingFilesRequest(task_id="t"), rt), 400, "SignatureDoesNotMatch")

    def unknown_access_key():
        bad = IceClient(config(ep, "LTAI5tNobody", AK_SECRET))
        expect_error(lambda: bad.get_live_snapshot_job_with_options(
            ice.GetLiveSnapshotJobRequest(job_id="j"), rt), 404, "InvalidAccessKeyId.NotFound")

    def wrong_sts_token():
        bad = IceClient(config(ep, STS_ID, STS_SECRET, "CAIS+SomeOtherToken=="))
        expect_error(lambda: bad.get_live_editing_job_with_options(
            ice.GetLiveEditingJobRequest(job_id="j"), rt), 400, "InvalidSecurityToken.Mismatch")

    for name, fn in [
        ("ListLiveRecordJobs defaults", record_default),
        ("ListLiveRecordJobs page 2 of 25, ascending", record_paged_asc),
        ("ListLiveRecordJobs last page", record_last_page),
        ("ListLiveRecordJobs Status filter", record_status_filter),
        ("ListLiveRecordJobs Keyword with spaces", record_keyword_spaces),
        ("ListLiveRecordJobs Keyword with special characters and non-ASCII", record_keyword_special),
        ("ListLiveRecordJobs time range", record_time_range),
        ("ListLiveTranscodeJobs page", transcode_page),
        ("ListLiveTranscodeJobs filters", transcode_filters),
        ("ListLiveTranscodeJobs PageSize over 100 refused", transcode_page_size_limit),
        ("GetLiveEditingJob", editing_job),
        ("GetLiveEditingJob missing job", editing_job_missing),
        ("GetLiveSnapshotJob", snapshot_job),
        ("GetLiveSnapshotJob missing job", snapshot_missing),
        ("GetLiveSnapshotJob without JobId", snapshot_without_job_id),
        ("DescribeRtcCloudRecordingFiles", rtc_files),
        ("DescribeRtcCloudRecordingFiles missing task", rtc_missing),
        ("STS credentials (ICE, GET and POST)", sts_ice),
        ("STS credentials (Live)", sts_live),
        ("wrong secret → SignatureDoesNotMatch", wrong_secret),
        ("unknown AccessKeyId → InvalidAccessKeyId.NotFound", unknown_access_key),
        ("wrong STS token → InvalidSecurityToken.Mismatch", wrong_sts_token),
    ]:
        checks.run(name, fn)

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
