//! Per-call control (timeouts and retry policy for one call, no new client) and the tracing spans of
//! calls and attempts, over real HTTP against the signature-checking test server.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use alibabacloud_media::ice::{self, get_live_snapshot_job::GetLiveSnapshotJobRequest};
use alibabacloud_media::runtime::{
    CallOptions, Config, Error, RetryConfig, StaticCredentials, error::TimeoutKind,
};
use sdk_tests::server::{
    Fault, ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

const ACTION: &str = "GetLiveSnapshotJob";

fn client(server: &TestServer) -> ice::Client {
    let config = Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .retry(
            RetryConfig::default()
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("config");
    ice::Client::new(config).expect("client")
}

fn request() -> GetLiveSnapshotJobRequest {
    GetLiveSnapshotJobRequest::new("job-1")
}

#[tokio::test]
async fn attempt_timeout_for_one_call_leaves_the_client_unchanged() {
    let server = TestServer::start(ServerOptions::default());
    let client = client(&server);
    let quick = client
        .with_options(
            &CallOptions::new()
                .attempt_timeout(Duration::from_millis(200))
                .retry(RetryConfig::disabled()),
        )
        .expect("options");
    server.faults().push(Fault::delay(1_500));
    let started = Instant::now();
    let err = quick.get_live_snapshot_job(&request()).await.err();
    assert!(
        matches!(&err, Some(Error::Timeout(t)) if t.kind == TimeoutKind::Attempt),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1_200),
        "{:?}",
        started.elapsed()
    );

    // The same delay is within the client's own 10 s attempt timeout.
    server.faults().push(Fault::delay(400));
    assert!(client.get_live_snapshot_job(&request()).await.is_ok());
}

#[tokio::test]
async fn operation_timeout_for_one_call() {
    let server = TestServer::start(ServerOptions::default());
    let client = client(&server);
    server.faults().push(Fault::delay(1_500));
    let err = client
        .with_options(&CallOptions::new().operation_timeout(Duration::from_millis(300)))
        .expect("options")
        .get_live_snapshot_job(&request())
        .await
        .err();
    assert!(
        matches!(&err, Some(Error::Timeout(t)) if t.kind == TimeoutKind::Operation),
        "{err:?}"
    );
}

#[tokio::test]
async fn retry_policy_for_one_call() {
    let server = TestServer::start(ServerOptions::default());
    let client = client(&server);
    let once = client
        .with_options(&CallOptions::new().retry(RetryConfig::disabled()))
        .expect("options");

    server.faults().push(Fault::ServiceUnavailable);
    let err = once.get_live_snapshot_job(&request()).await.err();
    assert_eq!(err.as_ref().and_then(Error::status), Some(503), "{err:?}");
    assert_eq!(
        server.log().count(ACTION),
        1,
        "no retry with the per-call policy"
    );

    server.faults().push(Fault::ServiceUnavailable);
    assert!(client.get_live_snapshot_job(&request()).await.is_ok());
    assert_eq!(
        server.log().count(ACTION),
        3,
        "the client's own policy still retries"
    );

    let five = client
        .with_options(
            &CallOptions::new().retry(
                RetryConfig::default()
                    .with_max_attempts(5)
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_backoff(Duration::from_millis(2)),
            ),
        )
        .expect("options");
    server.faults().push_n(Fault::ServiceUnavailable, 4);
    assert!(five.get_live_snapshot_job(&request()).await.is_ok());
    assert_eq!(server.log().count(ACTION), 8);
}

#[test]
fn out_of_range_options_are_refused() {
    let server = TestServer::start(ServerOptions::default());
    let client = client(&server);
    for options in [
        CallOptions::new().attempt_timeout(Duration::ZERO),
        CallOptions::new().retry(RetryConfig::default().with_max_attempts(0)),
    ] {
        assert!(matches!(
            client.with_options(&options),
            Err(Error::Config(_))
        ));
    }
}

/// One closed span: its name and the final value of each field.
#[derive(Debug, Clone)]
struct SpanRecord {
    name: &'static str,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// A layer keeping every closed span with its fields.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<SpanRecord>>>);

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> tracing_subscriber::Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
            values.record(fields);
        }
    }
    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(&id) {
            let fields = span
                .extensions()
                .get::<Fields>()
                .map(|f| f.0.clone())
                .unwrap_or_default();
            if let Ok(mut spans) = self.0.lock() {
                spans.push(SpanRecord {
                    name: span.name(),
                    fields,
                });
            }
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_call_and_attempt_has_a_span_with_operation_attempt_status_and_request_id() {
    let server = TestServer::start(ServerOptions::default());
    let client = client(&server);
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let _guard = tracing::subscriber::set_default(subscriber);

    server.faults().push(Fault::ServiceUnavailable);
    client
        .get_live_snapshot_job(&request())
        .await
        .expect("second attempt succeeds");
    server
        .faults()
        .push(Fault::error(404, "JobNotFound", "No such job."));
    assert!(client.get_live_snapshot_job(&request()).await.is_err());

    let spans = capture.0.lock().map(|s| s.clone()).unwrap_or_default();
    let attempts: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "rpc_attempt").collect();
    let calls: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "rpc_call").collect();
    assert_eq!((calls.len(), attempts.len()), (2, 3), "{spans:#?}");
    let field = |s: &SpanRecord, k: &str| s.fields.get(k).cloned().unwrap_or_default();
    let logged = server.log().entries();
    for (i, (attempt, status)) in [("1", "503"), ("2", "200"), ("1", "404")]
        .iter()
        .enumerate()
    {
        let span = attempts[i];
        assert_eq!(field(span, "operation"), ACTION);
        assert_eq!(field(span, "attempt"), *attempt);
        assert_eq!(field(span, "status"), *status);
        let id = field(span, "request_id");
        assert!(id.starts_with("5E5A7E57-"), "{span:?}");
        assert_eq!(logged.len(), 3);
    }
    assert_eq!(field(calls[0], "service"), "ICE");
    assert_eq!(field(calls[0], "operation"), ACTION);
    assert_eq!(field(calls[0], "attempts"), "2");
    assert_eq!(field(calls[0], "status"), "200");
    assert_eq!(
        field(calls[0], "request_id"),
        field(attempts[1], "request_id")
    );
    assert_eq!(field(calls[1], "attempts"), "1");
    assert_eq!(field(calls[1], "status"), "404");
    let ids: std::collections::BTreeSet<String> =
        attempts.iter().map(|s| field(s, "request_id")).collect();
    assert_eq!(ids.len(), 3, "each attempt has its own request id");
}
