//! The mock server refuses what Alibaba Cloud refuses (requests signed by hand, so each can be wrong
//! in one way), and its replies reach the runtime's client as the service's would.

use std::time::Duration;

use super::{Example, MockServer, Reply};
use crate::signing::{self, SignableRequest};
use crate::{
    Client, Config, Error, HttpMethod, Product, QueryParams, RetryConfig, StaticCredentials,
    Timeouts,
};

static ICE: Product = Product {
    code: "ICE",
    version: "2020-11-09",
    endpoint_pattern: "ice.{region}.aliyuncs.com",
    regional_endpoints: &[],
};

const EXAMPLE: Example = Example::new(
    "2020-11-09",
    "GetLiveSnapshotJob",
    HttpMethod::Get,
    Some(r#"{"RequestId":"documented","JobId":"job-1","Status":"started"}"#),
);

fn server() -> MockServer {
    MockServer::builder()
        .examples([EXAMPLE])
        .sts_credentials("STS.Key", "StsSecret", "token+/=")
        .start()
        .expect("the mock server starts")
}

/// What a hand-signed request gets wrong, if anything.
#[derive(Default)]
struct Signed<'a> {
    secret: Option<&'a str>,
    date: Option<jiff::Timestamp>,
    nonce: Option<&'a str>,
    /// The query sent when it differs from the query signed.
    sent_job_id: Option<&'a str>,
    /// Sent but left out of `SignedHeaders`.
    unsigned_header: Option<(&'a str, &'a str)>,
    method: Option<&'a str>,
}

async fn send(server: &MockServer, how: Signed<'_>) -> (u16, serde_json::Value) {
    let host = server.addr().to_string();
    let date = how.date.unwrap_or_else(jiff::Timestamp::now);
    let nonce = how.nonce.map_or_else(crate::random::nonce, str::to_owned);
    let method = how.method.unwrap_or("GET");
    let headers: Vec<(String, String)> = [
        ("host", host.as_str()),
        ("x-acs-action", "GetLiveSnapshotJob"),
        ("x-acs-content-sha256", signing::EMPTY_BODY_SHA256),
        (
            "x-acs-date",
            &date.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        ),
        ("x-acs-signature-nonce", &nonce),
        ("x-acs-version", "2020-11-09"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let query = vec![("JobId".to_owned(), "job-1".to_owned())];
    let signable = SignableRequest {
        method,
        host: &host,
        path: "/",
        query: &query,
        headers: &headers,
        body: b"",
    };
    let secret = how.secret.unwrap_or(MockServer::ACCESS_KEY_SECRET);
    let authorization = signing::authorization(MockServer::ACCESS_KEY_ID, secret, &signable);
    let job = how.sent_job_id.unwrap_or("job-1");
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
    let mut request = reqwest::Client::new()
        .request(method, format!("{}/?JobId={job}", server.endpoint()))
        .header("authorization", authorization);
    for (name, value) in headers.iter().filter(|(n, _)| n != "host") {
        request = request.header(name, value);
    }
    if let Some((name, value)) = how.unsigned_header {
        request = request.header(name, value);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("a body");
    let body = serde_json::from_slice(&bytes).expect("a JSON body");
    (status, body)
}

fn code(body: &serde_json::Value) -> &str {
    body["Code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_well_signed_request_gets_the_example_with_a_fresh_request_id() {
    let server = server();
    let (status, body) = send(&server, Signed::default()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["JobId"], "job-1");
    let logged = server.requests();
    assert_eq!(
        body["RequestId"].as_str(),
        Some(logged[0].request_id.as_str())
    );
    assert!(logged[0].accepted());
    assert_eq!(logged[0].param("JobId"), Some("job-1"));
}

#[tokio::test]
async fn refuses_what_the_service_refuses() {
    let server = server();
    let stale = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(16 * 60);
    let future = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(16 * 60);
    let cases = [
        (
            Signed {
                secret: Some("wrong"),
                ..Default::default()
            },
            400,
            "SignatureDoesNotMatch",
        ),
        (
            Signed {
                date: Some(stale),
                ..Default::default()
            },
            400,
            "InvalidTimeStamp.Expired",
        ),
        (
            Signed {
                date: Some(future),
                ..Default::default()
            },
            400,
            "InvalidTimeStamp.Expired",
        ),
        (
            Signed {
                sent_job_id: Some("job-2"),
                ..Default::default()
            },
            400,
            "SignatureDoesNotMatch",
        ),
        (
            Signed {
                unsigned_header: Some(("x-acs-extra", "1")),
                ..Default::default()
            },
            400,
            "IncompleteSignature",
        ),
        (
            Signed {
                method: Some("POST"),
                ..Default::default()
            },
            400,
            "UnsupportedHTTPMethod",
        ),
    ];
    for (i, (how, status, expected)) in cases.into_iter().enumerate() {
        let (got, body) = send(&server, how).await;
        assert_eq!((got, code(&body)), (status, expected), "case {i}: {body}");
    }
    let refused: Vec<_> = server
        .requests()
        .into_iter()
        .filter_map(|r| r.refused)
        .collect();
    assert_eq!(refused.len(), 6);
    assert!(server.requests().iter().all(|r| r.param("JobId").is_some()));
}

#[tokio::test]
async fn a_nonce_is_accepted_once() {
    let server = server();
    let nonce = "0123456789abcdef0123456789abcdef";
    let (first, _) = send(
        &server,
        Signed {
            nonce: Some(nonce),
            ..Default::default()
        },
    )
    .await;
    let (second, body) = send(
        &server,
        Signed {
            nonce: Some(nonce),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(
        (first, second, code(&body)),
        (200, 400, "SignatureNonceUsed")
    );
}

fn client(server: &MockServer, credentials: StaticCredentials, retry: RetryConfig) -> Client {
    let config = Config::builder()
        .endpoint(server.endpoint())
        .credentials(credentials)
        .retry(retry.with_initial_backoff(Duration::from_millis(1)))
        .timeouts(Timeouts::new().with_read(Duration::from_millis(300)))
        .build()
        .expect("a valid configuration");
    Client::new(config, &ICE).expect("a client")
}

async fn call(client: &Client, action: &'static str) -> Result<serde_json::Value, Error> {
    let mut query = QueryParams::new();
    query.push("JobId", Some("job-1"));
    let raw = client.send_raw(action, HttpMethod::Get, &query).await?;
    Ok(serde_json::from_slice(&raw.body).unwrap_or_default())
}

#[tokio::test]
async fn keys_and_sts_tokens_are_checked() {
    let server = server();
    let sts = StaticCredentials::sts("STS.Key", "StsSecret", "token+/=");
    let ok = call(
        &client(&server, sts, RetryConfig::disabled()),
        "GetLiveSnapshotJob",
    )
    .await;
    assert_eq!(ok.map(|v| v["JobId"].clone()).ok(), Some("job-1".into()));
    let wrong_token = StaticCredentials::sts("STS.Key", "StsSecret", "other");
    let wrong_token = client(&server, wrong_token, RetryConfig::disabled());
    let err = call(&wrong_token, "GetLiveSnapshotJob").await;
    let err = err.expect_err("a wrong token is refused");
    assert_eq!(err.code(), Some("InvalidSecurityToken.Mismatch"));
    let unknown = StaticCredentials::new("LTAI-unknown", "x");
    let err = call(
        &client(&server, unknown, RetryConfig::disabled()),
        "GetLiveSnapshotJob",
    )
    .await;
    let err = err.expect_err("an unknown key is refused");
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("InvalidAccessKeyId.NotFound"))
    );
}

#[tokio::test]
async fn replies_become_the_runtimes_typed_errors_and_retries() {
    let server = server();
    let retrying = client(&server, server.credentials(), RetryConfig::default());

    // An unknown action, as the service answers it; never retried.
    let err = call(&retrying, "NoSuchAction")
        .await
        .expect_err("unknown action");
    assert_eq!(
        (err.status(), err.code()),
        (Some(404), Some("InvalidAction.NotFound"))
    );

    // An error with the test's request id.
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::error(404, "JobNotFound", "No such job.").with_request_id("REQ-404"));
    let err = call(&retrying, "GetLiveSnapshotJob")
        .await
        .expect_err("404");
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert_eq!(
        (err.code(), err.request_id()),
        (Some("JobNotFound"), Some("REQ-404"))
    );

    // Throttled twice, then the example: three attempts, each freshly signed and accepted.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply_times(2, Reply::throttled(Duration::from_millis(5)));
    let ok = call(&retrying, "GetLiveSnapshotJob")
        .await
        .expect("success after throttling");
    assert_eq!(ok["JobId"], "job-1");
    let seen = server.on("GetLiveSnapshotJob").requests();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|r| r.accepted()));

    // A standing 503: three attempts, then the error with the last request id.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply(Reply::service_unavailable());
    let err = call(&retrying, "GetLiveSnapshotJob")
        .await
        .expect_err("503");
    let last = server.requests().pop().map(|r| r.request_id);
    assert_eq!(
        (err.status(), err.request_id().map(str::to_owned)),
        (Some(503), last)
    );
    assert_eq!(server.requests().len(), 3);

    // A dropped connection is a transport error, not retried.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::drop_connection());
    let err = call(&retrying, "GetLiveSnapshotJob")
        .await
        .expect_err("dropped");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(server.requests().len(), 1);

    // Slower than the per-attempt timeout, then the example: a timeout is retried.
    server.reset();
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::example().with_delay(Duration::from_secs(2)));
    let ok = call(&retrying, "GetLiveSnapshotJob")
        .await
        .expect("second attempt");
    assert_eq!(ok["Status"], "started");
    let once = client(&server, server.credentials(), RetryConfig::disabled());
    server
        .on("GetLiveSnapshotJob")
        .reply_once(Reply::example().with_delay(Duration::from_secs(2)));
    let err = call(&once, "GetLiveSnapshotJob")
        .await
        .expect_err("timeout");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");

    // A body of the test's own, for an action the server did not know.
    server
        .on("Custom")
        .reply(Reply::json(serde_json::json!({"Answer": 42})));
    assert_eq!(call(&once, "Custom").await.expect("custom")["Answer"], 42);
}
