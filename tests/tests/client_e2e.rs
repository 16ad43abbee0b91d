//! The generated client over real HTTP on 127.0.0.1, against the test server that checks V3 signatures
//! the way Alibaba Cloud does: every operation, paging, documented errors, checks before sending, faults.

use std::time::{Duration, Instant};

use alibabacloud_media::ice::{
    self,
    get_live_editing_job::GetLiveEditingJobRequest,
    get_live_snapshot_job::{
        GetLiveSnapshotJobErrorCode, GetLiveSnapshotJobRequest, SnapshotJobStatus,
    },
    list_live_record_jobs::{ListLiveRecordJobsRequest, SortBy},
    list_live_transcode_jobs::ListLiveTranscodeJobsRequest,
};
use alibabacloud_media::live::{self, describe_rtc_cloud_recording_files::*};
use alibabacloud_media::runtime::{
    Config, Error, ErrorCode, RetryConfig, StaticCredentials, Timeouts, error::TimeoutKind,
};
use futures::TryStreamExt;
use sdk_tests::server::{
    Fault, STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN, ServerOptions,
    TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};

fn config(server: &TestServer) -> alibabacloud_media::runtime::ConfigBuilder {
    Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(50)),
        )
}

fn ice_client(server: &TestServer) -> ice::Client {
    ice_client_with(server, |c| c)
}

/// An ICE client for `server` with the test defaults changed by `adjust`.
fn ice_client_with(
    server: &TestServer,
    adjust: impl FnOnce(
        alibabacloud_media::runtime::ConfigBuilder,
    ) -> alibabacloud_media::runtime::ConfigBuilder,
) -> ice::Client {
    ice::Client::new(adjust(config(server)).build().expect("config")).expect("client")
}

fn ts(text: &str) -> alibabacloud_media::Timestamp {
    text.parse().expect("timestamp")
}

#[tokio::test]
async fn every_operation_returns_its_typed_response() {
    let server = TestServer::start(ServerOptions::default());
    let ice = ice_client(&server);
    let live = live::Client::new(config(&server).build().expect("config")).expect("client");

    let records = ice
        .list_live_record_jobs(&ListLiveRecordJobsRequest::new().page_size(5).keyword("job"))
        .await
        .expect("ListLiveRecordJobs");
    assert_eq!(records.total_count, Some(180));
    assert_eq!(records.live_record_jobs.len(), 5);

    let transcodes = ice
        .list_live_transcode_jobs(&ListLiveTranscodeJobsRequest::new().page_size(10))
        .await
        .expect("ListLiveTranscodeJobs");
    assert_eq!(transcodes.total_count, Some(57));
    assert_eq!(transcodes.job_list.len(), 10);

    let editing = ice
        .get_live_editing_job(&GetLiveEditingJobRequest::new().job_id("edit-1"))
        .await
        .expect("GetLiveEditingJob");
    assert!(editing.live_editing_job.is_some());

    let snapshot = ice
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("snap 1/é"))
        .await
        .expect("GetLiveSnapshotJob");
    assert_eq!(snapshot.job_id.as_deref(), Some("snap 1/é"));
    assert_eq!(snapshot.status, Some(SnapshotJobStatus::Started));

    let files = live
        .describe_rtc_cloud_recording_files(&DescribeRtcCloudRecordingFilesRequest::new("task-1"))
        .await
        .expect("DescribeRtcCloudRecordingFiles");
    assert_eq!(
        files.task_info.and_then(|t| t.status),
        Some(TaskStatus::Running)
    );

    let log = server.log().entries();
    assert_eq!(log.len(), 5);
    assert!(
        log.iter().all(|r| r.verdict.is_accepted()),
        "every request passed the signature check"
    );
    let methods: Vec<(&str, &str)> = log
        .iter()
        .map(|r| (r.action.as_deref().unwrap_or(""), r.method.as_str()))
        .collect();
    assert_eq!(
        methods,
        [
            ("ListLiveRecordJobs", "GET"),
            ("ListLiveTranscodeJobs", "POST"),
            ("GetLiveEditingJob", "POST"),
            ("GetLiveSnapshotJob", "GET"),
            ("DescribeRtcCloudRecordingFiles", "POST"),
        ]
    );
    // The canonical query is what goes on the wire: %20 for a space, never `+`.
    assert!(
        log[3].raw_query.contains("snap%201%2F%C3%A9"),
        "{}",
        log[3].raw_query
    );
}

#[tokio::test]
async fn sts_credentials_are_accepted() {
    let server = TestServer::start(ServerOptions::default());
    let client = ice_client_with(&server, |c| {
        c.credentials(StaticCredentials::sts(
            STS_ACCESS_KEY_ID,
            STS_ACCESS_KEY_SECRET,
            STS_SECURITY_TOKEN,
        ))
    });
    client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .expect("STS call");
    let entry = &server.log().entries()[0];
    assert_eq!(
        entry.header("x-acs-security-token"),
        Some(STS_SECURITY_TOKEN)
    );
}

#[tokio::test]
async fn a_request_signed_with_the_wrong_secret_is_refused() {
    let server = TestServer::start(ServerOptions::default());
    let client = ice_client_with(&server, |c| {
        c.credentials(StaticCredentials::new(TEST_ACCESS_KEY_ID, "not-the-secret"))
    });
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
    assert_eq!(server.log().entries().len(), 1, "not retried");
}

#[tokio::test]
async fn paging_through_180_record_jobs_yields_each_exactly_once_in_order() {
    let server = TestServer::start(ServerOptions::default());
    let client = ice_client(&server);
    let request = ListLiveRecordJobsRequest::new()
        .page_size(20)
        .sort_by(SortBy::Asc);
    let jobs: Vec<_> = client
        .list_live_record_jobs_items(&request)
        .try_collect()
        .await
        .expect("items");
    let ids: Vec<String> = jobs
        .into_iter()
        .map(|j| j.job_id.unwrap_or_default())
        .collect();
    let expected: Vec<String> = (1..=180).map(|i| format!("job-{i:04}")).collect();
    assert_eq!(ids, expected);
    assert_eq!(
        server.log().count("ListLiveRecordJobs"),
        9,
        "180 / 20 = 9 pages, no extra request"
    );

    let pages: Vec<_> = client
        .list_live_record_jobs_pages(&request.page_size(100))
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(
        pages
            .iter()
            .map(|p| p.live_record_jobs.len())
            .collect::<Vec<_>>(),
        [100, 80]
    );
}

#[tokio::test]
async fn documented_error_codes_are_matchable_and_displayed_in_full() {
    let server = TestServer::start(ServerOptions::default());
    let client = ice_client(&server);
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("missing"))
        .await
        .unwrap_err();
    assert_eq!(
        GetLiveSnapshotJobErrorCode::from_error(&err),
        Some(GetLiveSnapshotJobErrorCode::JobNotFound)
    );
    let service = err.as_service().expect("service error");
    assert_eq!(service.status, 404);
    let request_id = err.request_id().expect("request id").to_owned();
    let text = err.to_string();
    for part in [
        "GetLiveSnapshotJob",
        "404",
        "JobNotFound",
        "No such job",
        request_id.as_str(),
    ] {
        assert!(text.contains(part), "`{text}` lacks {part}");
    }

    let live = live::Client::new(config(&server).build().expect("config")).expect("client");
    let err = live
        .describe_rtc_cloud_recording_files(&DescribeRtcCloudRecordingFilesRequest::new("missing"))
        .await
        .unwrap_err();
    assert_eq!(
        DescribeRtcCloudRecordingFilesErrorCode::from_error(&err),
        Some(DescribeRtcCloudRecordingFilesErrorCode::NotFoundTask)
    );
}

#[tokio::test]
async fn documented_limits_are_checked_before_anything_is_sent() {
    let server = TestServer::start(ServerOptions::default());
    let client = ice_client(&server);
    let cases: Vec<(Error, &str)> = vec![
        (
            client
                .list_live_transcode_jobs(&ListLiveTranscodeJobsRequest::new().page_size(101))
                .await
                .unwrap_err(),
            "PageSize",
        ),
        (
            client
                .list_live_record_jobs(
                    &ListLiveRecordJobsRequest::new()
                        .start_time(ts("2024-01-01T00:00:00Z"))
                        .end_time(ts("2024-02-15T00:00:00Z")),
                )
                .await
                .unwrap_err(),
            "EndTime",
        ),
        (
            client
                .list_live_record_jobs(
                    &ListLiveRecordJobsRequest::new()
                        .start_time(ts("2022-07-15T08:00:00Z"))
                        .end_time(ts("2022-07-11T08:00:00Z")),
                )
                .await
                .unwrap_err(),
            "EndTime",
        ),
        (
            client
                .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(""))
                .await
                .unwrap_err(),
            "JobId",
        ),
    ];
    for (err, field) in cases {
        match &err {
            Error::Validation(v) => assert_eq!(v.field, field, "{err}"),
            other => panic!("expected a validation error for {field}, got {other}"),
        }
    }
    assert!(server.log().entries().is_empty(), "nothing was sent");
    // A 30-day window is allowed.
    client
        .list_live_record_jobs(
            &ListLiveRecordJobsRequest::new()
                .start_time(ts("2024-01-01T00:00:00Z"))
                .end_time(ts("2024-01-31T00:00:00Z")),
        )
        .await
        .expect("30 days is within the limit");
}

#[tokio::test]
async fn throttled_then_fine_succeeds_after_a_retry_with_a_fresh_nonce() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::throttle(20));
    let client = ice_client(&server);
    let started = Instant::now();
    client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .expect("retried");
    assert!(
        started.elapsed() >= Duration::from_millis(20),
        "honours x-acs-retry-after"
    );
    let log = server.log().entries();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].error_code.as_deref(), Some("Throttling.User"));
    assert_ne!(
        log[0].header("x-acs-signature-nonce"),
        log[1].header("x-acs-signature-nonce")
    );
}

#[tokio::test]
async fn service_unavailable_forever_fails_after_the_configured_attempts_within_the_bound() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push_n(Fault::ServiceUnavailable, 100);
    let client = ice_client_with(&server, |c| {
        c.retry(
            RetryConfig::default()
                .with_max_attempts(4)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_millis(40)),
        )
    });
    let started = Instant::now();
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "bounded: {:?}",
        started.elapsed()
    );
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    assert_eq!(
        server.log().entries().len(),
        4,
        "exactly the configured attempts"
    );
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_error() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push_n(Fault::delay(2_000), 10);
    let client = ice_client_with(&server, |c| {
        c.retry(RetryConfig::disabled())
            .timeouts(Timeouts::default().with_read(Duration::from_millis(200)))
    });
    let started = Instant::now();
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    match &err {
        Error::Timeout(t) => assert_eq!(t.kind, TimeoutKind::Attempt),
        other => panic!("expected a timeout, got {other}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_the_raw_body_and_request_id() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::MalformedJson);
    let client = ice_client(&server);
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err}");
    assert_eq!(err.raw_body(), Some(r#"{"RequestId": "abc", "Jobs": ["#));
    // The x-acs-request-id header wins over a RequestId scraped from a broken body.
    assert!(err.request_id().is_some_and(|id| !id.is_empty()), "{err:?}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn an_html_502_keeps_its_body() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push_n(Fault::HtmlBadGateway, 10);
    let client = ice_client_with(&server, |c| c.retry(RetryConfig::disabled()));
    let err = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(
        err.raw_body().is_some_and(|b| b.contains("<html")),
        "{err:?}"
    );
}

#[tokio::test]
async fn undocumented_enum_values_and_extra_fields_are_kept_as_unknown() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::UndocumentedEnum);
    server.faults().push(Fault::ExtraFields);
    let client = ice_client(&server);
    let job = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .expect("parses");
    assert_eq!(
        job.status,
        Some(SnapshotJobStatus::Unknown("archived".into()))
    );
    let json = serde_json::to_value(&job).expect("serializes");
    assert_eq!(json["Status"], "archived", "kept on the way back out");
    let job = client
        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("j"))
        .await
        .expect("extra fields");
    assert_eq!(job.status, Some(SnapshotJobStatus::Started));
}
