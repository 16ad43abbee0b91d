//! The official Python SDK and the generated client send the same bytes for the same input.
//!
//! Every case of `tests/fixtures/wire/cases.json` is sent twice to one signature-checking test server
//! (loaded with the fixture spec): first by the generated client, from the typed request that the
//! case's input deserializes into; then by the official Python SDK (`scripts/python-sdk/wire_calls.py`)
//! from its own request model, with the date, nonce and User-Agent our request used. The two requests
//! must have the same method, the same query parameters (decoded, in any order), the same canonical
//! query, the same body bytes, content type and `x-acs-content-sha256`, and the same `Authorization`
//! (so the same signature); the server must accept both signatures and answer both alike (200, or
//! the error code a case expects).
//!
//! The raw query strings are not compared: the SDK writes parameters in its own order with `+` for a
//! space, our client in sorted order with `%20`; both decode to the same parameters and sign the same
//! canonical query. Nonce replay checks are off on this server, because the same nonce is sent twice
//! on purpose.
//!
//! Needs the SDK's virtualenv: run `scripts/wire-interop.sh` (it creates `.venv-sdk` and runs this
//! test); `WIRE_PYTHON` overrides the interpreter.

use std::path::{Path, PathBuf};

use alibabacloud_rpc_runtime::StaticCredentials;
use alibabacloud_rpc_runtime::signing::canonical_query_string;
use sdk_tests::server::{
    LoggedRequest, ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};
use serde_json::{Value, json};
use wire_fixture::{Config, Error, ice, live};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Sends one case's input with the generated client, as the typed request of its action.
async fn send(
    ice: &ice::Client,
    live: &live::Client,
    action: &str,
    input: Value,
) -> Result<(), String> {
    macro_rules! typed {
        ($client:ident . $method:ident, $request:ty) => {{
            let request: $request =
                serde_json::from_value(input).map_err(|e| format!("input: {e}"))?;
            $client.$method(&request).await.map(drop)
        }};
    }
    let sent: Result<(), Error> = match action {
        "SubmitLiveSnapshotJob" => typed!(
            ice.submit_live_snapshot_job,
            ice::SubmitLiveSnapshotJobRequest
        ),
        "SubmitLiveRecordJob" => {
            typed!(ice.submit_live_record_job, ice::SubmitLiveRecordJobRequest)
        }
        "CreateLiveRecordTemplate" => typed!(
            ice.create_live_record_template,
            ice::CreateLiveRecordTemplateRequest
        ),
        "SubmitLiveTranscodeJob" => typed!(
            ice.submit_live_transcode_job,
            ice::SubmitLiveTranscodeJobRequest
        ),
        "DeleteLiveSnapshotFiles" => typed!(
            ice.delete_live_snapshot_files,
            ice::DeleteLiveSnapshotFilesRequest
        ),
        "CreateMediaLiveInputSecurityGroup" => typed!(
            ice.create_media_live_input_security_group,
            ice::CreateMediaLiveInputSecurityGroupRequest
        ),
        "UpdateMediaLiveInput" => typed!(
            ice.update_media_live_input,
            ice::UpdateMediaLiveInputRequest
        ),
        "AddLiveAppRecordConfig" => typed!(
            live.add_live_app_record_config,
            live::AddLiveAppRecordConfigRequest
        ),
        "TagLiveResources" => typed!(live.tag_live_resources, live::TagLiveResourcesRequest),
        "MuteGroupUser" => typed!(live.mute_group_user, live::MuteGroupUserRequest),
        "CheckLiveMessageUsersOnline" => typed!(
            live.check_live_message_users_online,
            live::CheckLiveMessageUsersOnlineRequest
        ),
        "CreateMessageApp" => typed!(live.create_message_app, live::CreateMessageAppRequest),
        other => return Err(format!("no typed request for {other}")),
    };
    sent.map_err(|e| e.to_string())
}

/// What must be equal between the two requests, by name.
fn facts(request: &LoggedRequest) -> Vec<(&'static str, String)> {
    let mut query = request.query.clone();
    query.sort();
    let header = |name: &str| request.header(name).unwrap_or("<absent>").to_owned();
    vec![
        ("method", request.method.clone()),
        ("query parameters", format!("{query:?}")),
        ("canonical query", canonical_query_string(&request.query)),
        ("body", String::from_utf8_lossy(&request.body).into_owned()),
        ("content-type", header("content-type")),
        ("x-acs-content-sha256", header("x-acs-content-sha256")),
        ("authorization", header("authorization")),
    ]
}

#[tokio::test]
#[ignore = "needs the official Python SDK: run scripts/wire-interop.sh"]
async fn the_official_python_sdk_sends_the_same_bytes() {
    let cases_file = repo().join("tests/fixtures/wire/cases.json");
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(&cases_file).unwrap()).unwrap();
    let cases = cases["cases"].as_array().unwrap().clone();
    let server = TestServer::start(ServerOptions {
        spec_dir: repo().join("tests/fixtures/wire"),
        check_nonce: false,
        ..ServerOptions::default()
    });
    let config = || {
        Config::builder()
            .endpoint(server.url())
            .credentials(StaticCredentials::new(
                TEST_ACCESS_KEY_ID,
                TEST_ACCESS_KEY_SECRET,
            ))
            .build()
            .unwrap()
    };
    let (ice, live) = (
        ice::Client::new(config()).unwrap(),
        live::Client::new(config()).unwrap(),
    );

    for case in &cases {
        let action = case["action"].as_str().unwrap();
        let sent = send(&ice, &live, action, case["input"].clone()).await;
        if let (Err(e), None) = (sent, case.get("expect_error")) {
            panic!("{}: our client: {e}", case["name"]);
        }
    }
    let ours = server.log().entries();
    assert_eq!(ours.len(), cases.len());
    let stamps: Vec<Value> = ours
        .iter()
        .map(|r| {
            json!({
                "date": r.header("x-acs-date"),
                "nonce": r.header("x-acs-signature-nonce"),
                "user_agent": r.header("user-agent"),
            })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let stamps_file = dir.path().join("stamps.json");
    std::fs::write(&stamps_file, serde_json::to_vec(&stamps).unwrap()).unwrap();

    let python = std::env::var_os("WIRE_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(".venv-sdk/bin/python"));
    let status = std::process::Command::new(&python)
        .arg(repo().join("scripts/python-sdk/wire_calls.py"))
        .args(["--endpoint", &server.endpoint()])
        .arg("--cases")
        .arg(&cases_file)
        .arg("--stamps")
        .arg(&stamps_file)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e} (run scripts/wire-interop.sh)",
                python.display()
            )
        });
    assert!(status.success(), "the Python SDK's calls failed");

    let all = server.log().entries();
    let theirs = &all[ours.len()..];
    assert_eq!(theirs.len(), cases.len(), "one Python request per case");
    let mut mismatches = Vec::new();
    let mut operations = std::collections::BTreeSet::new();
    for ((case, ours), theirs) in cases.iter().zip(&ours).zip(theirs) {
        let name = case["name"].as_str().unwrap();
        operations.insert(case["action"].as_str().unwrap());
        let expected_error = case.get("expect_error").and_then(Value::as_str);
        for (who, request) in [("ours", ours), ("the SDK's", theirs)] {
            let answered_as_expected = match expected_error {
                None => request.status == 200,
                Some(code) => request.error_code.as_deref() == Some(code),
            };
            if !request.verdict.is_accepted() || !answered_as_expected {
                mismatches.push(format!(
                    "{name}: {who} request was answered {} {:?} ({:?})",
                    request.status, request.error_code, request.verdict
                ));
            }
        }
        let before = mismatches.len();
        for ((what, a), (_, b)) in facts(ours).into_iter().zip(facts(theirs)) {
            if a != b {
                mismatches.push(format!("{name}: {what} differs\n  ours: {a}\n  SDK:  {b}"));
            }
        }
        let verdict = if mismatches.len() == before {
            "same"
        } else {
            "DIFFERENT"
        };
        let body = if ours.body.is_empty() {
            "no body"
        } else {
            "form body"
        };
        println!(
            "{verdict:<9} {:<34} {body:<9} {name}",
            case["action"].as_str().unwrap()
        );
    }
    println!(
        "{} cases, {} operations, {} mismatches",
        cases.len(),
        operations.len(),
        mismatches.len()
    );
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert!(operations.len() >= 10, "at least ten operations");
}
