//! The test server's answers: paging over the seeded data set, filters, documented errors, examples.

use sdk_tests::server::{Action, ExampleSource, ServerOptions, TestServer, default_spec_dir};
use serde_json::Value;

async fn call(
    server: &TestServer,
    method: &str,
    action: &str,
    version: &str,
    query: &[(&str, &str)],
) -> (u16, Value) {
    let response = server
        .signed_request(method, action, version, query)
        .send()
        .await
        .expect("send");
    let status = response.status().as_u16();
    let body =
        serde_json::from_slice(&response.bytes().await.expect("body")).unwrap_or(Value::Null);
    (status, body)
}

async fn ice(
    server: &TestServer,
    method: &str,
    action: &str,
    query: &[(&str, &str)],
) -> (u16, Value) {
    call(server, method, action, "2020-11-09", query).await
}

fn ids(body: &Value, list: &str) -> Vec<String> {
    body[list]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["JobId"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn pages_through_180_record_jobs() {
    let server = TestServer::start(ServerOptions::default());
    let (status, first) = ice(&server, "GET", "ListLiveRecordJobs", &[]).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (
            first["TotalCount"].as_i64(),
            first["PageNo"].as_i64(),
            first["PageSize"].as_i64()
        ),
        (Some(180), Some(1), Some(10))
    );
    assert_eq!(first["SortBy"], "desc");
    assert_eq!(ids(&first, "LiveRecordJobs")[0], "job-0180");

    let mut seen = Vec::new();
    for page in 1..=8 {
        let page = page.to_string();
        let (status, body) = ice(
            &server,
            "GET",
            "ListLiveRecordJobs",
            &[("PageNo", &page), ("PageSize", "25"), ("SortBy", "asc")],
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["PageSize"], 25);
        assert_eq!(body["TotalCount"], 180);
        seen.extend(ids(&body, "LiveRecordJobs"));
    }
    let expected: Vec<String> = (1..=180).map(|n| format!("job-{n:04}")).collect();
    assert_eq!(seen, expected);
    let (_, beyond) = ice(
        &server,
        "GET",
        "ListLiveRecordJobs",
        &[("PageNo", "9"), ("PageSize", "25")],
    )
    .await;
    assert_eq!(ids(&beyond, "LiveRecordJobs"), Vec::<String>::new());
    assert_eq!(server.log().served("ListLiveRecordJobs"), 10);
}

#[tokio::test]
async fn record_job_filters_and_invalid_parameters() {
    let server = TestServer::start(ServerOptions::default());
    let (_, body) = ice(
        &server,
        "GET",
        "ListLiveRecordJobs",
        &[("Status", "paused"), ("PageSize", "100")],
    )
    .await;
    assert_eq!(body["TotalCount"], 60);
    assert!(
        body["LiveRecordJobs"]
            .as_array()
            .is_some_and(|jobs| jobs.iter().all(|j| j["Status"] == "paused"))
    );
    let (_, body) = ice(
        &server,
        "GET",
        "ListLiveRecordJobs",
        &[("Keyword", "job-01"), ("PageSize", "100")],
    )
    .await;
    assert_eq!(body["TotalCount"], 81); // job-0100..job-0180
    for (name, value) in [
        ("Status", "Initial"),
        ("PageSize", "0"),
        ("PageNo", "x"),
        ("SortBy", "up"),
        ("StartTime", "yesterday"),
    ] {
        let (status, body) = ice(&server, "GET", "ListLiveRecordJobs", &[(name, value)]).await;
        assert_eq!(
            (status, body["Code"].as_str()),
            (400, Some("InvalidParameter")),
            "{name}={value}"
        );
    }
}

#[tokio::test]
async fn transcode_jobs_page_and_filter() {
    let server = TestServer::start(ServerOptions::default());
    let (status, body) = ice(
        &server,
        "POST",
        "ListLiveTranscodeJobs",
        &[("PageSize", "20"), ("PageNo", "3")],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["TotalCount"], 57);
    assert_eq!(ids(&body, "JobList").len(), 17);
    assert!(
        body.get("PageNo").is_none(),
        "ListLiveTranscodeJobs does not echo paging"
    );
    let (_, body) = ice(
        &server,
        "POST",
        "ListLiveTranscodeJobs",
        &[("Status", "2"), ("PageSize", "100")],
    )
    .await;
    assert_eq!(body["TotalCount"], 19);
    let (status, body) = ice(
        &server,
        "POST",
        "ListLiveTranscodeJobs",
        &[("PageSize", "101")],
    )
    .await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("InvalidParameter"))
    );
}

#[tokio::test]
async fn get_calls_and_their_documented_errors() {
    let server = TestServer::start(ServerOptions::default());
    let (status, body) = ice(&server, "GET", "GetLiveSnapshotJob", &[("JobId", "abc")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["JobId"], "abc");
    let (status, body) = ice(
        &server,
        "GET",
        "GetLiveSnapshotJob",
        &[("JobId", "missing")],
    )
    .await;
    assert_eq!(
        (status, body["Code"].as_str(), body["Message"].as_str()),
        (404, Some("JobNotFound"), Some("No such job."))
    );
    let (status, body) = ice(&server, "GET", "GetLiveSnapshotJob", &[]).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("MissingParameter"))
    );
    let (status, body) = ice(&server, "GET", "GetLiveSnapshotJob", &[("JobId", "")]).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("MissingParameter"))
    );

    let (status, body) = ice(&server, "POST", "GetLiveEditingJob", &[]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["LiveEditingJob"].is_object());

    let live = |query: &'static [(&'static str, &'static str)]| {
        call(
            &server,
            "POST",
            "DescribeRtcCloudRecordingFiles",
            "2016-11-01",
            query,
        )
    };
    let (status, body) = live(&[("TaskId", "t-1")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["TaskInfo"]["TaskId"], "t-1");
    let (status, body) = live(&[("TaskId", "missing")]).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("NotFound.Task"))
    );
    let (status, body) = live(&[]).await;
    assert_eq!(
        (status, body["Code"].as_str()),
        (400, Some("MissingParameter"))
    );
}

#[test]
fn examples_come_from_the_spec_when_it_exists() {
    let server = TestServer::start(ServerOptions::default());
    for action in [
        Action::ListLiveRecordJobs,
        Action::ListLiveTranscodeJobs,
        Action::GetLiveEditingJob,
        Action::GetLiveSnapshotJob,
        Action::DescribeRtcCloudRecordingFiles,
    ] {
        let source = server.example_source(action);
        let spec_file = match action {
            Action::DescribeRtcCloudRecordingFiles => "live-2016-11-01.yaml",
            _ => "ice-2020-11-09.yaml",
        };
        if default_spec_dir().join(spec_file).exists() {
            assert!(
                matches!(source, Some(ExampleSource::Spec(_))),
                "{action:?}: {source:?}"
            );
        } else {
            assert_eq!(source, Some(&ExampleSource::Builtin), "{action:?}");
        }
    }
}
