//! The test server's signature checks, driven by a raw reqwest client and a hand-built V3 signature.

use sdk_tests::server::signer::{EMPTY_SHA256, RpcCall, Signer, fresh_nonce, now_date};
use sdk_tests::server::{ServerOptions, TestServer, Verdict};
use serde_json::Value;

const ICE: &str = "2020-11-09";

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

/// Sends `query_string` and `headers` as they are (no re-encoding).
async fn send(
    server: &TestServer,
    method: &str,
    query_string: &str,
    headers: &[(String, String)],
) -> Reply {
    let url = format!("{}/?{query_string}", server.url());
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new().request(method, url);
    for (name, value) in headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.expect("send");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

async fn signed_call(
    server: &TestServer,
    signer: &Signer,
    method: &str,
    action: &str,
    query: &[(&str, &str)],
) -> Reply {
    let host = server.endpoint();
    let call = RpcCall {
        method,
        host: &host,
        action,
        version: ICE,
        query,
    };
    let prepared = signer.prepare(&call, &now_date(), &fresh_nonce());
    send(server, method, &prepared.query_string, &prepared.headers).await
}

fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "body: {}", reply.body);
    assert_eq!(reply.body["Code"], code, "body: {}", reply.body);
    for field in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
        assert!(
            reply.body[field].is_string(),
            "error body lacks {field}: {}",
            reply.body
        );
    }
}

fn set_header(headers: &mut [(String, String)], name: &str, value: &str) {
    for (n, v) in headers.iter_mut() {
        if n == name {
            *v = value.to_owned();
        }
    }
}

#[tokio::test]
async fn valid_signature_is_accepted() {
    let server = TestServer::start(ServerOptions::default());
    let reply = signed_call(
        &server,
        &Signer::test_key(),
        "GET",
        "ListLiveRecordJobs",
        &[("PageSize", "5")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["PageSize"], 5);
    assert!(reply.headers.contains_key("x-acs-request-id"));
    let log = server.log().entries();
    assert_eq!(log.len(), 1);
    assert!(log[0].verdict.is_accepted());
    assert_eq!(log[0].query_param("PageSize"), Some("5"));
}

#[tokio::test]
async fn sts_credentials_are_accepted_and_the_token_is_checked() {
    let server = TestServer::start(ServerOptions::default());
    let reply = signed_call(
        &server,
        &Signer::sts(),
        "POST",
        "GetLiveEditingJob",
        &[("JobId", "j 1")],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["LiveEditingJob"]["JobId"], "j 1");

    let mut no_token = Signer::sts();
    no_token.security_token = None;
    let reply = signed_call(&server, &no_token, "POST", "GetLiveEditingJob", &[]).await;
    assert_error(&reply, 400, "MissingSecurityToken");

    let mut wrong = Signer::sts();
    wrong.security_token = Some("CAIS+forged==".into());
    let reply = signed_call(&server, &wrong, "POST", "GetLiveEditingJob", &[]).await;
    assert_error(&reply, 400, "InvalidSecurityToken.Mismatch");
}

#[tokio::test]
async fn tampered_query_is_refused_with_the_servers_string_to_sign() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "ListLiveRecordJobs",
        version: ICE,
        query: &[("PageSize", "5")],
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    let reply = send(&server, "GET", "PageSize=50", &prepared.headers).await;
    assert_error(&reply, 400, "SignatureDoesNotMatch");
    let message = reply.body["Message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Specified signature is not matched with our calculation. server string to sign is:ACS3-HMAC-SHA256\n"),
        "{message}"
    );
    match &server.log().entries()[0].verdict {
        Verdict::Rejected {
            canonical_request: Some(canonical),
            ..
        } => assert!(canonical.contains("\nPageSize=50\n")),
        other => panic!("unexpected verdict {other:?}"),
    }
}

#[tokio::test]
async fn tampered_signed_header_and_body_are_refused() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "POST",
        host: &host,
        action: "GetLiveEditingJob",
        version: ICE,
        query: &[],
    };
    let mut prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    set_header(
        &mut prepared.headers,
        "x-acs-signature-nonce",
        &fresh_nonce(),
    );
    let reply = send(&server, "POST", &prepared.query_string, &prepared.headers).await;
    assert_error(&reply, 400, "SignatureDoesNotMatch");

    // A body whose hash is not x-acs-content-sha256.
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    let mut request = reqwest::Client::new()
        .post(format!("{}/", server.url()))
        .body("JobId=x");
    for (name, value) in &prepared.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let response = request.send().await.expect("send");
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = serde_json::from_slice(&response.bytes().await.expect("body")).expect("json");
    assert_eq!(body["Code"], "SignatureDoesNotMatch");
}

#[tokio::test]
async fn wrong_secret_and_unknown_key_are_refused() {
    let server = TestServer::start(ServerOptions::default());
    let wrong = Signer::new(
        sdk_tests::server::TEST_ACCESS_KEY_ID,
        "not-the-secret",
        None,
    );
    let reply = signed_call(&server, &wrong, "GET", "ListLiveRecordJobs", &[]).await;
    assert_error(&reply, 400, "SignatureDoesNotMatch");
    let unknown = Signer::new("LTAI5tNobody", "x", None);
    let reply = signed_call(&server, &unknown, "GET", "ListLiveRecordJobs", &[]).await;
    assert_error(&reply, 404, "InvalidAccessKeyId.NotFound");
}

#[tokio::test]
async fn missing_or_malformed_authorization_is_refused() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "ListLiveRecordJobs",
        version: ICE,
        query: &[],
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    let unsigned: Vec<(String, String)> = prepared
        .headers
        .iter()
        .filter(|(n, _)| n != "authorization")
        .cloned()
        .collect();
    let reply = send(&server, "GET", "", &unsigned).await;
    assert_error(&reply, 400, "IncompleteSignature");

    for garbage in [
        "",
        "ACS3-HMAC-SHA256",
        "ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId",
        "ACS3-HMAC-SM3 Credential=a,SignedHeaders=host,Signature=00",
        "ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders=,Signature=00",
        "ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders=HOST,Signature=00",
        "ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders=x-acs-action;host,Signature=00",
        "ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders=host;x-not-sent,Signature=00",
        "Bearer abc",
    ] {
        let mut headers = unsigned.clone();
        headers.push(("authorization".into(), garbage.into()));
        let reply = send(&server, "GET", "", &headers).await;
        assert_error(&reply, 400, "IncompleteSignature");
    }
}

#[tokio::test]
async fn unsigned_acs_header_is_refused() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "ListLiveRecordJobs",
        version: ICE,
        query: &[],
    };
    let mut prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    prepared
        .headers
        .push(("x-acs-extra".into(), "sneaky".into()));
    let reply = send(&server, "GET", "", &prepared.headers).await;
    assert_error(&reply, 400, "IncompleteSignature");
}

#[tokio::test]
async fn stale_and_malformed_dates_are_refused() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "ListLiveRecordJobs",
        version: ICE,
        query: &[],
    };
    let stale = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(16 * 60);
    let stale = stale.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let prepared = Signer::test_key().prepare(&call, &stale, &fresh_nonce());
    let reply = send(&server, "GET", "", &prepared.headers).await;
    assert_error(&reply, 400, "InvalidTimeStamp.Expired");

    let future = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(16 * 60);
    let future = future.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let prepared = Signer::test_key().prepare(&call, &future, &fresh_nonce());
    let reply = send(&server, "GET", "", &prepared.headers).await;
    assert_error(&reply, 400, "InvalidTimeStamp.Expired");

    let prepared = Signer::test_key().prepare(&call, "2024-05-01 12:34:56", &fresh_nonce());
    let reply = send(&server, "GET", "", &prepared.headers).await;
    assert_error(&reply, 400, "InvalidTimeStamp.Format");

    let slightly_off = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(14 * 60);
    let slightly_off = slightly_off.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let prepared = Signer::test_key().prepare(&call, &slightly_off, &fresh_nonce());
    let reply = send(&server, "GET", "", &prepared.headers).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn replayed_nonce_is_refused() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "GetLiveSnapshotJob",
        version: ICE,
        query: &[("JobId", "j")],
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    let first = send(&server, "GET", &prepared.query_string, &prepared.headers).await;
    assert_eq!(first.status, 200, "{}", first.body);
    let replay = send(&server, "GET", &prepared.query_string, &prepared.headers).await;
    assert_error(&replay, 400, "SignatureNonceUsed");

    let lenient = TestServer::start(ServerOptions {
        check_nonce: false,
        ..ServerOptions::default()
    });
    let host = lenient.endpoint();
    let call = RpcCall {
        host: &host,
        ..call
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    for _ in 0..2 {
        let reply = send(&lenient, "GET", &prepared.query_string, &prepared.headers).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}

#[tokio::test]
async fn wrong_method_and_unknown_action_are_refused() {
    let server = TestServer::start(ServerOptions::default());
    let reply = signed_call(
        &server,
        &Signer::test_key(),
        "POST",
        "ListLiveRecordJobs",
        &[],
    )
    .await;
    assert_error(&reply, 400, "UnsupportedHTTPMethod");
    let reply = signed_call(
        &server,
        &Signer::test_key(),
        "GET",
        "GetLiveEditingJob",
        &[],
    )
    .await;
    assert_error(&reply, 400, "UnsupportedHTTPMethod");
    let reply = signed_call(
        &server,
        &Signer::test_key(),
        "GET",
        "DescribeInstances",
        &[],
    )
    .await;
    assert_error(&reply, 404, "InvalidAction.NotFound");
    // The right action with the wrong product version.
    let host = server.endpoint();
    let call = RpcCall {
        method: "POST",
        host: &host,
        action: "DescribeRtcCloudRecordingFiles",
        version: ICE,
        query: &[("TaskId", "t")],
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    let reply = send(&server, "POST", &prepared.query_string, &prepared.headers).await;
    assert_error(&reply, 404, "InvalidAction.NotFound");
}

#[tokio::test]
async fn plus_for_space_and_any_parameter_order_on_the_wire_are_accepted() {
    let server = TestServer::start(ServerOptions::default());
    let host = server.endpoint();
    let keyword = "模板1 a*b~c/d:e+f=g&h";
    let query = [("PageSize", "7"), ("Keyword", keyword)];
    let call = RpcCall {
        method: "GET",
        host: &host,
        action: "ListLiveRecordJobs",
        version: ICE,
        query: &query,
    };
    let prepared = Signer::test_key().prepare(&call, &now_date(), &fresh_nonce());
    // What Python's urlencode would send: unsorted, '+' for the space.
    let wire = "PageSize=7&Keyword=%E6%A8%A1%E6%9D%BF1+a%2Ab~c%2Fd%3Ae%2Bf%3Dg%26h";
    let reply = send(&server, "GET", wire, &prepared.headers).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        server.log().entries()[0].query_param("Keyword"),
        Some(keyword)
    );
}

#[tokio::test]
async fn non_utf8_query_is_verified_not_panicked_on() {
    let server = TestServer::start(ServerOptions::default());
    let signer = Signer::test_key();
    let mut headers = vec![
        ("host".to_string(), server.endpoint()),
        ("x-acs-action".into(), "ListLiveRecordJobs".into()),
        ("x-acs-version".into(), ICE.into()),
        ("x-acs-date".into(), now_date()),
        ("x-acs-signature-nonce".into(), fresh_nonce()),
        ("x-acs-content-sha256".into(), EMPTY_SHA256.into()),
    ];
    let (_, authorization) = signer.authorize("GET", "/", "Keyword=%FF%FE", &headers, EMPTY_SHA256);
    headers.push(("authorization".into(), authorization));
    let reply = send(&server, "GET", "Keyword=%ff%FE", &headers).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = send(&server, "GET", "%=%zz&&=", &headers).await;
    assert!(reply.status == 400, "{}", reply.body);
}
