//! A user's tests, offline: code that calls the SDK, tested against `alibabacloud_media::test_util`'s
//! mock server (the `test-util` feature, a dev-dependency in this crate's Cargo.toml). The server
//! checks each request's signature as Alibaba Cloud does and answers with the documented examples or
//! with what a test sets. Run with `cargo test -p sdk-examples --test offline`.

use std::time::Duration;

use alibabacloud_media::ice::{
    self, ListLiveRecordJobsRequest, get_live_snapshot_job::GetLiveSnapshotJobRequest,
};
use alibabacloud_media::runtime::{CallOptions, RetryConfig};
use alibabacloud_media::test_util::{self, MockServer, Reply};
use alibabacloud_media::{Config, Error};
use futures::TryStreamExt;
use serde_json::json;

/// The application code under test: what a media dashboard might do with the SDK.
mod dashboard {
    use super::*;

    /// The ids of every recording job whose name or id contains `keyword`, across all pages.
    pub async fn recording_ids(client: &ice::Client, keyword: &str) -> Result<Vec<String>, Error> {
        let request = ListLiveRecordJobsRequest::new()
            .keyword(keyword)
            .page_size(50);
        let jobs: Vec<_> = client
            .list_live_record_jobs_items(&request)
            .try_collect()
            .await?;
        Ok(jobs.into_iter().filter_map(|job| job.job_id).collect())
    }

    /// The snapshot job's name; `None` when the job does not exist.
    pub async fn snapshot_name(
        client: &ice::Client,
        job_id: &str,
    ) -> Result<Option<String>, Error> {
        match client
            .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(job_id))
            .await
        {
            Ok(job) => Ok(job.job_name),
            Err(e) if e.code() == Some("JobNotFound") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A quick look for a status page: one attempt of at most 200 ms.
    pub async fn quick_snapshot_name(
        client: &ice::Client,
        job_id: &str,
    ) -> Result<Option<String>, Error> {
        let options = CallOptions::new()
            .attempt_timeout(Duration::from_millis(200))
            .retry(RetryConfig::disabled());
        snapshot_name(&client.with_options(&options)?, job_id).await
    }
}

fn client_for(server: &MockServer) -> ice::Client {
    let config = Config::builder()
        .endpoint(server.endpoint())
        .credentials(server.credentials())
        // Short waits between retries keep the tests fast; the policy is the default otherwise.
        .retry(RetryConfig::default().with_initial_backoff(Duration::from_millis(5)))
        .build()
        .expect("a valid configuration");
    ice::Client::new(config).expect("a client")
}

fn page(number: u32, total: u32, ids: &[&str]) -> Reply {
    let jobs: Vec<_> = ids
        .iter()
        .map(|id| json!({ "JobId": id, "Name": id }))
        .collect();
    Reply::json(json!({
        "RequestId": format!("page-{number}"),
        "LiveRecordJobs": jobs,
        "TotalCount": total,
        "PageNo": number,
        "PageSize": 50,
    }))
}

#[tokio::test]
async fn recording_ids_reads_every_page_with_the_filter() {
    let server = test_util::server().expect("the mock server starts");
    server
        .on("ListLiveRecordJobs")
        .reply_once(page(1, 3, &["rec-1", "rec-2"]))
        .reply_once(page(2, 3, &["rec-3"]));

    let ids = dashboard::recording_ids(&client_for(&server), "lobby camera")
        .await
        .expect("every page");
    assert_eq!(ids, ["rec-1", "rec-2", "rec-3"]);

    // What the code sent: the filter and page size on every page, the page numbers in order.
    let sent = server.on("ListLiveRecordJobs").requests();
    assert_eq!(sent.len(), 2);
    for (number, request) in sent.iter().enumerate() {
        assert!(request.accepted(), "the signature was accepted");
        assert_eq!(request.param("Keyword"), Some("lobby camera"));
        assert_eq!(request.param("PageSize"), Some("50"));
        assert_eq!(
            request.param("PageNo"),
            Some((number + 1).to_string().as_str())
        );
    }
}

#[tokio::test]
async fn a_missing_job_is_none_and_other_errors_reach_the_caller() {
    let server = test_util::server().expect("the mock server starts");
    let client = client_for(&server);
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::error(404, "JobNotFound", "The job does not exist."))
        .reply(
            Reply::error(403, "Forbidden.RAM", "User not authorized.").with_request_id("REQ-403"),
        );

    assert_eq!(
        dashboard::snapshot_name(&client, "gone")
            .await
            .expect("not an error"),
        None
    );
    let err = dashboard::snapshot_name(&client, "secret")
        .await
        .expect_err("forbidden");
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.code(), Some("Forbidden.RAM"));
    assert_eq!(
        err.request_id(),
        Some("REQ-403"),
        "the id to quote to support"
    );
}

#[tokio::test]
async fn throttling_is_retried_until_the_documented_answer() {
    let server = test_util::server().expect("the mock server starts");
    server
        .on("GetLiveSnapshotJob")
        .reply_times(2, Reply::throttled(Duration::from_millis(10)));

    let name = dashboard::snapshot_name(&client_for(&server), "job-1")
        .await
        .expect("third attempt");
    assert_eq!(
        name.as_deref(),
        Some("Screenshot task 1"),
        "the page's example"
    );
    let attempts = server.on("GetLiveSnapshotJob").requests();
    assert_eq!(attempts.len(), 3);
    assert!(
        attempts.iter().all(|a| a.accepted()),
        "each retry is signed afresh"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_and_a_dropped_connection_is_a_transport_error() {
    let server = test_util::server().expect("the mock server starts");
    let client = client_for(&server);
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::example().with_delay(Duration::from_secs(2)))
        .reply_once(Reply::drop_connection());

    let err = dashboard::quick_snapshot_name(&client, "job-1")
        .await
        .expect_err("too slow");
    assert!(matches!(err, Error::Timeout(_)), "{err}");
    let err = dashboard::snapshot_name(&client, "job-1")
        .await
        .expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err}");
    // The scripted faults are used up: the next call gets the documented example.
    let name = dashboard::quick_snapshot_name(&client, "job-1")
        .await
        .expect("example");
    assert_eq!(name.as_deref(), Some("Screenshot task 1"));
}
