//! The generated client's typed requests on the wire, against the signature-checking test server
//! loaded with the fixture spec: form bodies (signed through `x-acs-content-sha256`), JSON, comma-joined
//! and flattened parameters, each checked against the bytes the official Python SDK sends (the
//! known answers below were captured from it; scripts/wire-interop.sh compares the two live).

use alibabacloud_rpc_runtime::{Client as RawClient, HttpMethod, QueryParams, StaticCredentials};
use sdk_tests::server::{
    LoggedRequest, ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};
use wire_fixture::ice::create_live_record_template::{
    CreateLiveRecordTemplateRequest, RecordFileFormat, RecordFormat,
};
use wire_fixture::ice::submit_live_snapshot_job::{
    SnapshotOutput, StorageType, StreamInput, SubmitLiveSnapshotJobRequest,
};
use wire_fixture::live::add_live_app_record_config::{
    AddLiveAppRecordConfigRequest, RecordFormat as LiveRecordFormat,
};
use wire_fixture::live::mute_group_user::{BroadCastType, MuteGroupUserRequest};
use wire_fixture::live::tag_live_resources::{Tag, TagLiveResourcesRequest};
use wire_fixture::{Config, ice, live};

fn server() -> TestServer {
    TestServer::start(ServerOptions {
        spec_dir: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/wire"),
        ..ServerOptions::default()
    })
}

fn config(server: &TestServer) -> Config {
    Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .build()
        .expect("config")
}

fn last(server: &TestServer) -> LoggedRequest {
    let entry = server.log().entries().pop().expect("a request");
    assert!(entry.verdict.is_accepted(), "{:?}", entry.verdict);
    entry
}

fn pairs(entry: &LoggedRequest) -> Vec<(&str, &str)> {
    let mut pairs: Vec<(&str, &str)> = entry
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.sort();
    pairs
}

#[tokio::test]
async fn objects_travel_as_json_in_a_signed_form_body() {
    let server = server();
    let ice = ice::Client::new(config(&server)).unwrap();
    let request = SubmitLiveSnapshotJobRequest::new(
        "快照 job+1",
        SnapshotOutput::new(
            "my-bucket",
            "oss-cn-shanghai.aliyuncs.com",
            StorageType::Oss,
        ),
        StreamInput::new("rtmp", "rtmp://example.com/live/a b?x=1&y=2"),
        "tpl-1",
    );
    let response = ice.submit_live_snapshot_job(&request).await.unwrap();
    assert_eq!(
        response.job_id.as_deref(),
        Some("16fd96e0-9b12-4a31-8c52-4d0bb7a1c2e3")
    );
    let sent = last(&server);
    assert_eq!(sent.raw_query, "");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(sent.body.clone()).unwrap(),
        "JobName=%E5%BF%AB%E7%85%A7+job%2B1\
         &SnapshotOutput=%7B%22Bucket%22%3A%22my-bucket%22%2C%22Endpoint%22%3A%22oss-cn-shanghai.aliyuncs.com%22%2C%22StorageType%22%3A%22oss%22%7D\
         &StreamInput=%7B%22Type%22%3A%22rtmp%22%2C%22Url%22%3A%22rtmp%3A%2F%2Fexample.com%2Flive%2Fa+b%3Fx%3D1%26y%3D2%22%7D\
         &TemplateId=tpl-1"
    );
    assert!(
        sent.header("authorization")
            .unwrap()
            .contains("SignedHeaders=accept;content-type;host;")
    );
}

#[tokio::test]
async fn lists_of_objects_as_json_and_scalars_in_python_form() {
    let server = server();
    let ice = ice::Client::new(config(&server)).unwrap();
    let request = CreateLiveRecordTemplateRequest::new(
        "tpl",
        vec![RecordFormat::new(RecordFileFormat::M3u8, "s/{Sequence}").cycle_duration(3600)],
    );
    ice.create_live_record_template(&request).await.unwrap();
    let sent = last(&server);
    assert_eq!(
        sent.form,
        vec![
            ("Name".to_owned(), "tpl".to_owned()),
            (
                "RecordFormat".to_owned(),
                r#"[{"CycleDuration":3600,"Format":"m3u8","SliceOssObjectPrefix":"s/{Sequence}"}]"#
                    .to_owned()
            ),
        ]
    );

    let delete = ice::delete_live_snapshot_files::DeleteLiveSnapshotFilesRequest::new(
        vec![1_660_638_613_798, 7],
        "job-1",
    )
    .delete_original_file(true);
    ice.delete_live_snapshot_files(&delete).await.unwrap();
    let sent = last(&server);
    assert!(sent.body.is_empty() && sent.header("content-type").is_none());
    assert_eq!(
        pairs(&sent),
        vec![
            ("CreateTimestampList", "[1660638613798,7]"),
            ("DeleteOriginalFile", "True"),
            ("JobId", "job-1"),
        ]
    );
}

#[tokio::test]
async fn flat_lists_are_numbered_from_one_and_empty_lists_send_nothing() {
    let server = server();
    let live = live::Client::new(config(&server)).unwrap();
    let tag = TagLiveResourcesRequest::new(
        vec!["a.example.com".into(), "b.example.com".into()],
        "DOMAIN",
        vec![Tag::new("env").value("prod"), Tag::new("team")],
    );
    live.tag_live_resources(&tag).await.unwrap();
    assert_eq!(
        pairs(&last(&server)),
        vec![
            ("ResourceId.1", "a.example.com"),
            ("ResourceId.2", "b.example.com"),
            ("ResourceType", "DOMAIN"),
            ("Tag.1.Key", "env"),
            ("Tag.1.Value", "prod"),
            ("Tag.2.Key", "team"),
        ]
    );

    let config_only = AddLiveAppRecordConfigRequest::new("app", "example.com", "b", "e")
        .record_format([LiveRecordFormat::new("x").format("flv")]);
    live.add_live_app_record_config(&config_only).await.unwrap();
    assert_eq!(
        pairs(&last(&server)),
        vec![
            ("AppName", "app"),
            ("DomainName", "example.com"),
            ("OssBucket", "b"),
            ("OssEndpoint", "e"),
            ("RecordFormat.1.Format", "flv"),
            ("RecordFormat.1.SliceOssObjectPrefix", "x"),
        ]
    );
}

#[tokio::test]
async fn simple_lists_are_comma_joined_in_the_body() {
    let server = server();
    let live = live::Client::new(config(&server)).unwrap();
    let mute = MuteGroupUserRequest::new("app1", "g1", vec!["u 1".into(), "u2".into()], "admin")
        .broad_cast_type(BroadCastType::Group)
        .mute_time(60);
    live.mute_group_user(&mute).await.unwrap();
    let sent = last(&server);
    assert_eq!(
        String::from_utf8(sent.body).unwrap(),
        "AppId=app1&BroadCastType=2&GroupId=g1&MuteTime=60&MuteUserList=u+1%2Cu2&OperatorUserId=admin"
    );
}

#[tokio::test]
async fn the_server_refuses_a_body_parameter_sent_in_the_query() {
    let server = server();
    let raw = RawClient::new(config(&server), &ice::PRODUCT).unwrap();
    let mut query = QueryParams::new();
    query.push("JobName", Some("j"));
    let mut body = QueryParams::new();
    for name in ["SnapshotOutput", "StreamInput", "TemplateId"] {
        body.push(name, Some("x"));
    }
    let error = raw
        .send_raw_form("SubmitLiveSnapshotJob", HttpMethod::Post, &query, &body)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidParameter"));
    assert!(
        error
            .to_string()
            .contains("JobName must be sent in the form body"),
        "{error}"
    );
    assert!(server.log().entries()[0].verdict.is_accepted());

    // Everything in place: accepted.
    body.push("JobName", Some("j"));
    raw.send_raw_form(
        "SubmitLiveSnapshotJob",
        HttpMethod::Post,
        &QueryParams::new(),
        &body,
    )
    .await
    .unwrap();
}
