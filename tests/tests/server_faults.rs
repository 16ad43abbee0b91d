//! Fault injection, the request log and the counters.

use std::time::{Duration, Instant};

use sdk_tests::server::{Fault, ServerOptions, TestServer};
use serde_json::Value;

struct Reply {
    status: u16,
    retry_after: Option<String>,
    content_type: String,
    bytes: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
}

async fn call(server: &TestServer, method: &str, action: &str, query: &[(&str, &str)]) -> Reply {
    let response = server
        .signed_request(method, action, "2020-11-09", query)
        .send()
        .await
        .expect("send");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let retry_after = header("x-acs-retry-after");
    let content_type = header("content-type").unwrap_or_default();
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body").to_vec();
    Reply {
        status,
        retry_after,
        content_type,
        bytes,
    }
}

async fn snapshot(server: &TestServer) -> Reply {
    call(server, "GET", "GetLiveSnapshotJob", &[("JobId", "j")]).await
}

#[tokio::test]
async fn scripted_error_faults_then_normal_answers() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push_all([
        Fault::throttle(1500),
        Fault::TooManyRequests,
        Fault::ServiceUnavailable,
        Fault::InternalError,
        Fault::error(
            403,
            "Forbidden",
            "User not authorized to operate on the specified resource.",
        ),
    ]);
    assert_eq!(server.faults().pending(), 5);
    let expected = [
        (400, "Throttling.User", Some("1500")),
        (429, "Throttling", None),
        (503, "ServiceUnavailable", None),
        (500, "InternalError", None),
        (403, "Forbidden", None),
    ];
    for (status, code, retry_after) in expected {
        let reply = snapshot(&server).await;
        assert_eq!(reply.status, status);
        assert_eq!(reply.json()["Code"], code);
        assert_eq!(reply.retry_after.as_deref(), retry_after);
    }
    assert_eq!(snapshot(&server).await.status, 200);
    assert_eq!(server.faults().pending(), 0);
}

#[tokio::test]
async fn broken_bodies() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::MalformedJson);
    let reply = snapshot(&server).await;
    assert_eq!(
        (reply.status, reply.bytes.as_slice()),
        (200, &br#"{"RequestId": "abc", "Jobs": ["#[..])
    );

    server.faults().push(Fault::TruncatedJson);
    let reply = snapshot(&server).await;
    assert_eq!(reply.status, 200);
    assert!(!reply.bytes.is_empty());
    assert!(serde_json::from_slice::<Value>(&reply.bytes).is_err());

    server.faults().push(Fault::HtmlBadGateway);
    let reply = snapshot(&server).await;
    assert_eq!(reply.status, 502);
    assert!(reply.content_type.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&reply.bytes).contains("502 Bad Gateway"));
}

#[tokio::test]
async fn undocumented_enum_values_and_extra_fields() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::UndocumentedEnum);
    let body = snapshot(&server).await.json();
    assert_eq!(body["Status"], "archived");
    assert_eq!(body["StreamInput"]["Type"], "srt");

    server.faults().push(Fault::UndocumentedEnum);
    let body = call(&server, "GET", "ListLiveRecordJobs", &[]).await.json();
    assert_eq!(body["LiveRecordJobs"][0]["Status"], "archived");

    server.faults().push(Fault::ExtraFields);
    let body = call(&server, "GET", "ListLiveRecordJobs", &[("PageSize", "2")])
        .await
        .json();
    assert_eq!(body["TotalCount"], 180);
    assert!(body.get("XUnknownString").is_some());
    assert!(body["LiveRecordJobs"][1].get("XUnknownObject").is_some());
    assert!(
        body["LiveRecordJobs"][1]["StreamInput"]
            .get("XUnknownArray")
            .is_some()
    );
}

#[tokio::test]
async fn delay_and_action_targeting() {
    let server = TestServer::start(ServerOptions::default());
    server
        .faults()
        .push_for("ListLiveRecordJobs", Fault::delay(300));
    let started = Instant::now();
    assert_eq!(snapshot(&server).await.status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "the snapshot call must not be delayed"
    );
    let started = Instant::now();
    assert_eq!(
        call(&server, "GET", "ListLiveRecordJobs", &[]).await.status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn refused_requests_do_not_consume_faults() {
    let server = TestServer::start(ServerOptions::default());
    server.faults().push(Fault::ServiceUnavailable);
    let reply = call(&server, "POST", "GetLiveSnapshotJob", &[("JobId", "j")]).await; // wrong method
    assert_eq!(reply.status, 400);
    assert_eq!(server.faults().pending(), 1);
    assert_eq!(snapshot(&server).await.status, 503);
}

#[tokio::test]
async fn seeded_random_faults_are_reproducible() {
    async fn run(seed: u64) -> Vec<u16> {
        let server = TestServer::start(ServerOptions::default());
        server.faults().set_random(
            seed,
            0.5,
            vec![Fault::ServiceUnavailable, Fault::TooManyRequests],
        );
        let mut statuses = Vec::new();
        for _ in 0..16 {
            statuses.push(snapshot(&server).await.status);
        }
        statuses
    }
    let first = run(7).await;
    assert_eq!(first, run(7).await);
    assert!(
        first.contains(&200) && first.iter().any(|s| *s != 200),
        "{first:?}"
    );
}

#[tokio::test]
async fn request_log_and_counters() {
    let server = TestServer::start(ServerOptions::default());
    snapshot(&server).await;
    snapshot(&server).await;
    call(
        &server,
        "POST",
        "ListLiveTranscodeJobs",
        &[("KeyWord", "a b")],
    )
    .await;
    let counts = server.log().counts();
    assert_eq!(counts.get("GetLiveSnapshotJob"), Some(&2));
    assert_eq!(counts.get("ListLiveTranscodeJobs"), Some(&1));
    let log = server.log().entries();
    assert_eq!(log.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    let last = &log[2];
    assert_eq!((last.method.as_str(), last.status), ("POST", 200));
    assert_eq!(last.raw_query, "KeyWord=a%20b");
    assert_eq!(last.query_param("KeyWord"), Some("a b"));
    assert_eq!(last.header("x-acs-version"), Some("2020-11-09"));
    assert!(last.verdict.is_accepted());
    server.log().clear();
    assert_eq!(server.log().count("GetLiveSnapshotJob"), 0);
}
