//! Every page's JSON example deserializes into the generated response type and serializes back to the
//! same JSON value; responses with undocumented enum values and extra fields still parse, and the
//! undocumented values survive a round trip. Serializing a response needs the `serde-serialize` feature,
//! which tests/Cargo.toml enables: these tests are the round trip that feature promises.

use std::fmt::Debug;
use std::path::Path;

use alibabacloud_media::ice::{
    get_live_editing_job, get_live_snapshot_job, list_live_record_jobs, list_live_transcode_jobs,
};
use alibabacloud_media::live::describe_rtc_cloud_recording_files;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The response example of `action` in a spec document, as JSON.
fn example(spec: &str, action: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../spec")
        .join(spec);
    let text = std::fs::read_to_string(path).expect("spec");
    let doc: Value = serde_yaml::from_str(&text).expect("yaml");
    let operation = &doc["paths"][format!("/#{action}")];
    let operation = if operation["get"].is_null() {
        &operation["post"]
    } else {
        &operation["get"]
    };
    let example = operation["responses"]["200"]["content"]["application/json"]["example"].clone();
    assert!(example.is_object(), "{action} has a response example");
    example
}

/// Decodes `value` from bytes, as the client does, and from a `Value` (keys borrowed from the input
/// in the first, owned in the second), checks both agree, and serializes the result back.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(value: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(value.clone()).expect("the example deserializes");
    let bytes = serde_json::to_vec(value).expect("JSON");
    let from_bytes: T = serde_json::from_slice(&bytes).expect("the example deserializes");
    assert_eq!(from_bytes, typed, "from bytes and from a Value");
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

fn assert_round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(
    spec: &str,
    action: &str,
) -> T {
    let original = example(spec, action);
    let (typed, back) = round_trip::<T>(&original);
    assert_eq!(
        back, original,
        "{action}: the example does not survive a round trip"
    );
    typed
}

#[test]
fn list_live_record_jobs_example_round_trips() {
    let r: list_live_record_jobs::ListLiveRecordJobsResponse =
        assert_round_trip("ice-2020-11-09.yaml", "ListLiveRecordJobs");
    assert_eq!(r.total_count, Some(180));
    assert_eq!(r.live_record_jobs.len(), 1);
    let job = &r.live_record_jobs[0];
    assert_eq!(
        job.record_output.as_ref().and_then(|o| o.r#type.clone()),
        Some(list_live_record_jobs::RecordOutputType::Oss)
    );
    assert_eq!(
        job.create_time.map(|t| t.to_string()).as_deref(),
        Some("2022-07-20T03:26:36Z")
    );
}

#[test]
fn list_live_transcode_jobs_example_round_trips() {
    let r: list_live_transcode_jobs::ListLiveTranscodeJobsResponse =
        assert_round_trip("ice-2020-11-09.yaml", "ListLiveTranscodeJobs");
    assert!(!r.job_list.is_empty());
}

#[test]
fn get_live_editing_job_example_round_trips_and_parses_json_in_strings() {
    let r: get_live_editing_job::GetLiveEditingJobResponse =
        assert_round_trip("ice-2020-11-09.yaml", "GetLiveEditingJob");
    let job = r.live_editing_job.expect("job");
    assert_eq!(
        job.status,
        Some(get_live_editing_job::LiveEditingJobStatus::Success)
    );
    let clips = job
        .parse_clips()
        .expect("Clips present")
        .expect("Clips is JSON");
    assert_eq!(clips.len(), 1);
    let user_data = job
        .parse_user_data()
        .expect("UserData present")
        .expect("UserData is JSON");
    assert_eq!(user_data.get("key"), Some(&json!("value")));
    assert!(job.media_url.is_some(), "MediaURL maps to media_url");
}

#[test]
fn get_live_snapshot_job_example_round_trips() {
    let r: get_live_snapshot_job::GetLiveSnapshotJobResponse =
        assert_round_trip("ice-2020-11-09.yaml", "GetLiveSnapshotJob");
    assert_eq!(
        r.status,
        Some(get_live_snapshot_job::SnapshotJobStatus::Started)
    );
}

#[test]
fn describe_rtc_cloud_recording_files_example_round_trips() {
    let r: describe_rtc_cloud_recording_files::DescribeRtcCloudRecordingFilesResponse =
        assert_round_trip("live-2016-11-01.yaml", "DescribeRtcCloudRecordingFiles");
    let task = r.task_info.expect("task");
    assert_eq!(
        task.status,
        Some(describe_rtc_cloud_recording_files::TaskStatus::Running)
    );
    assert_eq!(task.record_file_list.expect("files").mp3_file_list.len(), 1);
}

#[test]
fn undocumented_enum_values_and_extra_fields_parse_and_survive() {
    let mut value = example("ice-2020-11-09.yaml", "GetLiveSnapshotJob");
    value["Status"] = json!("archived");
    value["StreamInput"]["Type"] = json!("srt");
    value["BrandNewField"] = json!({"nested": [1, 2, 3]});
    value["StreamInput"]["AlsoNew"] = json!(true);
    let (typed, back) = round_trip::<get_live_snapshot_job::GetLiveSnapshotJobResponse>(&value);
    assert_eq!(
        typed.status,
        Some(get_live_snapshot_job::SnapshotJobStatus::Unknown(
            "archived".into()
        ))
    );
    assert!(typed.status.as_ref().is_some_and(|s| s.is_unknown()));
    assert_eq!(back["Status"], json!("archived"));
    assert_eq!(back["StreamInput"]["Type"], json!("srt"));
    assert!(
        back.get("BrandNewField").is_none(),
        "unknown fields are ignored"
    );
}

#[test]
fn absent_collections_are_empty_and_absent_scalars_none() {
    let r: list_live_record_jobs::ListLiveRecordJobsResponse =
        serde_json::from_value(json!({"RequestId": "r"})).expect("parses");
    assert!(r.live_record_jobs.is_empty());
    assert_eq!(r.total_count, None);
}

#[test]
fn integer_enums_travel_as_numbers_and_keep_unknown_values() {
    use list_live_transcode_jobs::{StartMode, TranscodeJobStatus};
    assert_eq!(
        serde_json::to_value(StartMode::Scheduled).expect("ser"),
        json!(1)
    );
    let unknown: TranscodeJobStatus = serde_json::from_value(json!(7)).expect("de");
    assert_eq!(unknown, TranscodeJobStatus::Unknown(7));
    assert_eq!(serde_json::to_value(unknown).expect("ser"), json!(7));
    assert_eq!(
        "2".parse::<TranscodeJobStatus>().expect("parse"),
        TranscodeJobStatus::Stopped
    );
    assert_eq!(TranscodeJobStatus::VALUES, &[0, 1, 2]);
    assert_eq!(StartMode::Immediate.to_string(), "0");
}

#[test]
fn string_enums_expose_their_values() {
    use list_live_transcode_jobs::TranscodeType;
    assert_eq!(TranscodeType::NarrowBand.as_str(), "narrow-band");
    assert_eq!(TranscodeType::from("audio-only"), TranscodeType::AudioOnly);
    assert_eq!(
        TranscodeType::VALUES,
        &["normal", "narrow-band", "audio-only", "origin"]
    );
    assert_eq!(
        "fancy"
            .parse::<TranscodeType>()
            .map(|t| t.to_string())
            .ok()
            .as_deref(),
        Some("fancy")
    );
}

#[test]
fn date_times_are_parsed_leniently() {
    let r: get_live_snapshot_job::GetLiveSnapshotJobResponse = serde_json::from_value(
        json!({"CreateTime": "2024-01-01T10:00Z", "LastModified": "2024-01-01T10:00:05Z"}),
    )
    .expect("parses without seconds");
    assert_eq!(
        r.create_time.map(|t| t.to_string()).as_deref(),
        Some("2024-01-01T10:00:00Z")
    );
}
