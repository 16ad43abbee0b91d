//! `alibabacloud_media::test_util` as users meet it: the generated crate's embedded examples are the
//! spec's, every operation answers its example through the typed client, and scripted faults reach
//! the typed client as the runtime's errors, with retries and paging behaving as against the service.

use std::time::Duration;

use alibabacloud_media::test_util::{self, MockServer, Reply};
use alibabacloud_media::{Config, Error, ice, live};
use alibabacloud_rpc_runtime::RetryConfig;
use futures::TryStreamExt;
use serde_json::{Value, json};

fn config(server: &MockServer, retry: RetryConfig) -> Config {
    Config::builder()
        .endpoint(server.endpoint())
        .credentials(server.credentials())
        .retry(retry.with_initial_backoff(Duration::from_millis(1)))
        .build()
        .expect("a valid configuration")
}

fn ice_client(server: &MockServer) -> ice::Client {
    ice::Client::new(config(server, RetryConfig::default())).expect("a client")
}

/// The `200` example of every operation of every spec file, as (action, method, example).
fn spec_examples() -> Vec<(String, String, Value)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let mut out = Vec::new();
    for file in ["ice-2020-11-09.yaml", "live-2016-11-01.yaml"] {
        let text = std::fs::read_to_string(dir.join(file)).expect("spec file");
        let doc: Value = serde_yaml::from_str(&text).expect("yaml");
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("path item") {
                let example = op
                    .pointer("/responses/200/content/application~1json/example")
                    .cloned()
                    .expect("a documented response");
                let action = path.trim_start_matches("/#").to_owned();
                out.push((action, method.to_uppercase(), example));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn the_embedded_examples_are_the_specs() {
    let mut embedded: Vec<(String, String, Value)> = test_util::examples()
        .iter()
        .map(|e| {
            let body = serde_json::from_str(e.body().expect("every operation has an example"));
            let action = e.action().to_owned();
            (action, e.method().as_str().to_owned(), body.expect("JSON"))
        })
        .collect();
    embedded.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(embedded.len(), 5);
    assert_eq!(embedded, spec_examples());
}

#[tokio::test]
async fn every_operation_answers_its_documented_example() {
    let server = test_util::server().expect("server");
    let ice = ice_client(&server);
    let live = live::Client::new(config(&server, RetryConfig::disabled())).expect("client");

    let jobs = ice
        .list_live_record_jobs(&ice::ListLiveRecordJobsRequest::new())
        .await
        .expect("ListLiveRecordJobs");
    assert_eq!(jobs.total_count, Some(180));
    let transcode = ice
        .list_live_transcode_jobs(&ice::ListLiveTranscodeJobsRequest::new())
        .await
        .expect("ListLiveTranscodeJobs");
    assert!(!transcode.job_list.is_empty());
    let editing = ice
        .get_live_editing_job(&ice::GetLiveEditingJobRequest::new().job_id("e-1"))
        .await
        .expect("GetLiveEditingJob");
    assert!(editing.live_editing_job.is_some());
    let snapshot = ice
        .get_live_snapshot_job(&ice::GetLiveSnapshotJobRequest::new("s-1"))
        .await
        .expect("GetLiveSnapshotJob");
    assert_eq!(snapshot.job_name.as_deref(), Some("Screenshot task 1"));
    let files = live
        .describe_rtc_cloud_recording_files(&live::DescribeRtcCloudRecordingFilesRequest::new(
            "t-1",
        ))
        .await
        .expect("DescribeRtcCloudRecordingFiles");
    assert!(files.task_info.is_some());

    // Each answer carries the request id the server logged, and each request was accepted.
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    assert!(requests.iter().all(|r| r.accepted()));
    assert_eq!(
        snapshot.request_id.as_deref(),
        Some(requests[3].request_id.as_str())
    );
    let actions: Vec<&str> = requests.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "ListLiveRecordJobs",
            "ListLiveTranscodeJobs",
            "GetLiveEditingJob",
            "GetLiveSnapshotJob",
            "DescribeRtcCloudRecordingFiles"
        ]
    );
    assert_eq!(requests[4].version, "2016-11-01");
    assert_eq!(requests[4].param("TaskId"), Some("t-1"));
}

#[tokio::test]
async fn a_wrong_secret_is_refused_as_the_service_refuses_it() {
    let server = test_util::server().expect("server");
    let config = Config::builder()
        .endpoint(server.endpoint())
        .credentials(alibabacloud_media::runtime::StaticCredentials::new(
            MockServer::ACCESS_KEY_ID,
            "not-the-secret",
        ))
        .build()
        .expect("config");
    let client = ice::Client::new(config).expect("client");
    let err = client
        .get_live_snapshot_job(&ice::GetLiveSnapshotJobRequest::new("s-1"))
        .await
        .expect_err("refused");
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert!(err.request_id().is_some());
    assert_eq!(
        server.requests()[0].refused.as_deref(),
        Some("SignatureDoesNotMatch")
    );
}

#[tokio::test]
async fn faults_are_typed_errors_and_retries_behave() {
    let server = test_util::server().expect("server");
    let client = ice_client(&server);
    let request = ice::GetLiveSnapshotJobRequest::new("s-1");

    server.on("GetLiveSnapshotJob").reply_once(
        Reply::error(404, "JobNotFound", "The job does not exist.").with_request_id("REQ-404"),
    );
    let err = client
        .get_live_snapshot_job(&request)
        .await
        .expect_err("404");
    assert!(matches!(err, Error::Service(_)));
    assert_eq!(
        (err.status(), err.code(), err.request_id()),
        (Some(404), Some("JobNotFound"), Some("REQ-404"))
    );
    assert_eq!(server.requests().len(), 1, "a 404 is not retried");

    // Throttling, then success: the client waits and retries, and the second answer is the example.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::throttled(Duration::from_millis(20)));
    let job = client
        .get_live_snapshot_job(&request)
        .await
        .expect("retried");
    assert_eq!(job.job_name.as_deref(), Some("Screenshot task 1"));
    let attempts = server.on("GetLiveSnapshotJob").requests();
    assert_eq!(attempts.len(), 2);
    assert_ne!(
        attempts[0].header("x-acs-signature-nonce"),
        attempts[1].header("x-acs-signature-nonce")
    );

    // Out of attempts: the last error, with its request id.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply(Reply::service_unavailable());
    let err = client
        .get_live_snapshot_job(&request)
        .await
        .expect_err("503");
    let last = server.requests().last().map(|r| r.request_id.clone());
    assert_eq!(err.status(), Some(503));
    assert_eq!(err.request_id().map(str::to_owned), last);
    assert_eq!(server.requests().len(), 3);

    // A body that is not the documented shape: Error::Decode, keeping the request id.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::json(json!({"TimeInterval": "five"})).with_request_id("REQ-BAD"));
    let err = client
        .get_live_snapshot_job(&request)
        .await
        .expect_err("decode");
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.request_id(), Some("REQ-BAD"));

    // A dropped connection, and an answer slower than the per-attempt timeout.
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::drop_connection());
    let err = client
        .get_live_snapshot_job(&request)
        .await
        .expect_err("drop");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let impatient = ice::Client::new(
        Config::builder()
            .endpoint(server.endpoint())
            .credentials(server.credentials())
            .retry(RetryConfig::disabled())
            .timeouts(
                alibabacloud_rpc_runtime::Timeouts::new().with_read(Duration::from_millis(200)),
            )
            .build()
            .expect("config"),
    )
    .expect("client");
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::example().with_delay(Duration::from_secs(2)));
    let err = impatient
        .get_live_snapshot_job(&request)
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn scripted_pages_drive_the_paging_stream() {
    let server = test_util::server().expect("server");
    let page = |n: i64, ids: &[&str]| {
        let jobs: Vec<Value> = ids.iter().map(|id| json!({"JobId": id})).collect();
        Reply::json(json!({"LiveRecordJobs": jobs, "TotalCount": 3, "PageNo": n, "PageSize": 2}))
    };
    server
        .on("ListLiveRecordJobs")
        .reply_once(page(1, &["a", "b"]))
        .reply_once(page(2, &["c"]));
    let jobs: Vec<_> = ice_client(&server)
        .list_live_record_jobs_items(&ice::ListLiveRecordJobsRequest::new().page_size(2))
        .try_collect()
        .await
        .expect("every item");
    let ids: Vec<_> = jobs.iter().filter_map(|j| j.job_id.as_deref()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.param("PageNo").map(str::to_owned))
        .collect();
    assert_eq!(pages, [Some("1".to_owned()), Some("2".to_owned())]);
}
