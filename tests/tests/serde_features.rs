//! The generated crate's `serde-serialize` feature (tests/Cargo.toml turns it on): a response the client
//! decoded serializes, reads back equal, and keeps its wire names; with the feature a request
//! serializes under its wire names too. Without the feature neither implements `Serialize`, which
//! `.ci/run` builds (the crate alone, every group alone).

use std::fmt::Debug;

use alibabacloud_media::test_util::{self, MockServer};
use alibabacloud_media::{Config, ice, live};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn config(server: &MockServer) -> Config {
    Config::builder()
        .endpoint(server.endpoint())
        .credentials(server.credentials())
        .build()
        .expect("a valid configuration")
}

/// Serializes `response`, reads it back and compares; returns the JSON written.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(response: &T) -> Value {
    let text = serde_json::to_string(response).expect("a response serializes");
    let back: T = serde_json::from_str(&text).expect("what was written reads back");
    assert_eq!(
        &back, response,
        "the response changed in a serde round trip"
    );
    serde_json::from_str(&text).expect("JSON")
}

#[tokio::test]
async fn a_decoded_response_round_trips_through_serde() {
    let server = test_util::server().expect("server");
    let ice = ice::Client::new(config(&server)).expect("client");
    let live = live::Client::new(config(&server)).expect("client");

    let jobs = ice
        .list_live_record_jobs(&ice::ListLiveRecordJobsRequest::new())
        .await
        .expect("ListLiveRecordJobs");
    assert!(!jobs.live_record_jobs.is_empty(), "the example has jobs");
    let written = round_trip(&jobs);
    // Wire names, not Rust names; an absent optional field is left out.
    assert_eq!(written["TotalCount"], json!(180));
    assert!(written.get("total_count").is_none());

    let snapshot = ice
        .get_live_snapshot_job(&ice::GetLiveSnapshotJobRequest::new("s-1"))
        .await
        .expect("GetLiveSnapshotJob");
    round_trip(&snapshot);
    let transcode = ice
        .list_live_transcode_jobs(&ice::ListLiveTranscodeJobsRequest::new())
        .await
        .expect("ListLiveTranscodeJobs");
    round_trip(&transcode);
    let files = live
        .describe_rtc_cloud_recording_files(&live::DescribeRtcCloudRecordingFilesRequest::new(
            "t-1",
        ))
        .await
        .expect("DescribeRtcCloudRecordingFiles");
    round_trip(&files);
}

#[test]
fn a_request_serializes_under_its_wire_names_with_the_feature() {
    let request = ice::ListLiveRecordJobsRequest::new()
        .page_size(5)
        .keyword("job");
    assert_eq!(
        serde_json::to_value(&request).expect("serializes"),
        json!({"Keyword": "job", "PageSize": 5})
    );
}
