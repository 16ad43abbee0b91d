//! The client under load and faults: 1,000 concurrent calls through one shared client against the local
//! test server, which throttles 10% of answers (with a short `x-acs-retry-after`), fails 5% with 503 and
//! delays 3% past the per-attempt timeout (seeded, so every run draws the same faults). Every call ends
//! with a value or a typed error within its bound, none hangs, retries happen, and the retry budget keeps
//! the total number of requests bounded. See docs/HARDENING.md; the soak is `hardening_soak.rs`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alibabacloud_media::Error;
use alibabacloud_media::ice::{
    self, get_live_snapshot_job::GetLiveSnapshotJobRequest,
    list_live_record_jobs::ListLiveRecordJobsRequest,
};
use alibabacloud_media::runtime::{Config, RetryBudget, RetryConfig, StaticCredentials, Timeouts};
use sdk_tests::server::{
    Fault, ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

const CALLS: usize = 1_000;
const BUDGET: u32 = 500;
const RETRY_AFTER_MS: u64 = 20;
/// Per-attempt timeout; the slow answers take longer.
const READ: Duration = Duration::from_millis(1_000);
const SLOW_MS: u64 = 1_300;
const OPERATION: Duration = Duration::from_secs(8);
/// What a call may take at most, whatever happens: the operation timeout plus scheduling slack.
const BOUND: Duration = Duration::from_secs(12);

/// Counts the client's retry decisions from its own log events (every runtime event carries a message).
#[derive(Default)]
struct RetryEvents {
    retrying: AtomicUsize,
    budget_exhausted: AtomicUsize,
}

struct Message(String);
impl Visit for Message {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.0 = format!("{value:?}");
        }
    }
}

struct Counter(Arc<RetryEvents>);
impl<S: tracing::Subscriber> Layer<S> for Counter {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut m = Message(String::new());
        event.record(&mut m);
        match m.0.as_str() {
            "retrying" => self.0.retrying.fetch_add(1, Ordering::Relaxed),
            "not retrying: client retry budget exhausted" => {
                self.0.budget_exhausted.fetch_add(1, Ordering::Relaxed)
            }
            _ => 0,
        };
    }
}

/// Soft limit on open files: each concurrent call holds a client and a server socket.
fn open_files_limit() -> usize {
    std::fs::read_to_string("/proc/self/limits")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("Max open files"))
                .and_then(|l| l.split_whitespace().nth(3))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(usize::MAX)
}

fn outcome(result: &Result<(), Error>) -> String {
    match result {
        Ok(()) => "ok".to_owned(),
        Err(Error::Service(e)) => {
            format!("service {} {}", e.status, e.code.as_deref().unwrap_or("-"))
        }
        Err(Error::Timeout(e)) => format!("timeout {}", e.kind),
        Err(Error::Transport(_)) => "transport".to_owned(),
        Err(Error::Decode(_)) => "decode".to_owned(),
        Err(other) => format!("other: {other}"),
    }
}

/// The retry events are counted by one global subscriber, so the tests here run one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn retry_events() -> &'static Arc<RetryEvents> {
    static EVENTS: std::sync::OnceLock<Arc<RetryEvents>> = std::sync::OnceLock::new();
    EVENTS.get_or_init(|| {
        let events = Arc::new(RetryEvents::default());
        let subscriber = tracing_subscriber::registry().with(Counter(events.clone()));
        tracing::subscriber::set_global_default(subscriber)
            .expect("no other global subscriber in this test binary");
        events
    })
}

#[test]
fn thousand_concurrent_calls_under_faults_all_end_and_retries_stay_bounded() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let events = retry_events();
    events.retrying.store(0, Ordering::Relaxed);
    events.budget_exhausted.store(0, Ordering::Relaxed);

    let server = TestServer::start(ServerOptions::default());
    let mut faults = Vec::new();
    faults.extend(std::iter::repeat_n(Fault::throttle(RETRY_AFTER_MS), 10));
    faults.extend(std::iter::repeat_n(Fault::ServiceUnavailable, 5));
    faults.extend(std::iter::repeat_n(Fault::delay(SLOW_MS), 3));
    // 18% of requests get a fault, uniformly one of the 18 above: 10% throttled, 5% 503, 3% slow.
    server.faults().set_random(0x0005_eed6, 0.18, faults);

    let config = Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(20))
                .with_max_backoff(Duration::from_millis(200))
                .with_budget(BUDGET),
        )
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_secs(2))
                .with_read(READ)
                .with_operation(OPERATION),
        )
        .build()
        .unwrap();
    let client = ice::Client::new(config).unwrap();

    // 1,000 at once, unless the open-files limit cannot hold two sockets per call.
    let concurrency = CALLS.min(open_files_limit().saturating_sub(200) / 2).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let start = Instant::now();
    let results: Vec<(Result<(), Error>, Duration, bool)> = runtime.block_on(async {
        let gate = Arc::new(tokio::sync::Semaphore::new(concurrency));
        let tasks: Vec<_> = (0..CALLS)
            .map(|i| {
                let client = client.clone();
                let gate = gate.clone();
                tokio::spawn(async move {
                    let _permit = gate.acquire_owned().await;
                    let began = Instant::now();
                    let call = async {
                        if i % 2 == 0 {
                            client
                                .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(format!(
                                    "job-{i}"
                                )))
                                .await
                                .map(|_| ())
                        } else {
                            client
                                .list_live_record_jobs(
                                    &ListLiveRecordJobsRequest::new()
                                        .page_no(1 + (i % 18) as i32)
                                        .page_size(10),
                                )
                                .await
                                .map(|_| ())
                        }
                    };
                    match tokio::time::timeout(BOUND, call).await {
                        Ok(result) => (result, began.elapsed(), false),
                        Err(_) => (Ok(()), began.elapsed(), true),
                    }
                })
            })
            .collect();
        let mut out = Vec::with_capacity(CALLS);
        for task in tasks {
            out.push(task.await.unwrap());
        }
        out
    });
    let elapsed = start.elapsed();

    // One quiet call afterwards: its sequence number counts every request the server received.
    server.faults().clear();
    runtime
        .block_on(client.get_live_snapshot_job(&GetLiveSnapshotJobRequest::new("last")))
        .unwrap();
    let received = server
        .log()
        .entries()
        .iter()
        .map(|e| e.seq)
        .max()
        .unwrap_or(0) as usize
        - 1;
    let faulted = server
        .log()
        .entries()
        .iter()
        .filter(|e| e.fault.is_some())
        .count();

    let hung = results.iter().filter(|(_, _, hung)| *hung).count();
    let slowest = results.iter().map(|(_, d, _)| *d).max().unwrap_or_default();
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for (result, _, _) in &results {
        *outcomes.entry(outcome(result)).or_default() += 1;
    }
    let ok = outcomes.get("ok").copied().unwrap_or(0);
    let retries = events.retrying.load(Ordering::Relaxed);
    let refused = events.budget_exhausted.load(Ordering::Relaxed);
    // Tokens ever spent ≤ the bucket plus what successes refunded.
    let max_retries = (BUDGET as usize + ok * RetryBudget::SUCCESS_REFUND as usize)
        / RetryBudget::RETRY_COST as usize;
    eprintln!(
        "{CALLS} calls ({concurrency} at once) in {:.2} s, slowest {:.2} s: {outcomes:?}",
        elapsed.as_secs_f64(),
        slowest.as_secs_f64()
    );
    eprintln!(
        "server received {received} requests ({faulted} logged with a fault); client retried {retries} times (at most {max_retries} by the budget), refused {refused} retries for lack of budget"
    );

    assert_eq!(hung, 0, "calls exceeded {BOUND:?}");
    assert!(slowest < BOUND);
    assert!(
        outcomes.keys().all(|k| !k.starts_with("other")),
        "unexpected errors: {outcomes:?}"
    );
    assert!(retries > 0, "the faults must cause retries");
    assert!(
        retries <= max_retries,
        "{retries} retries exceed the budget's {max_retries}"
    );
    assert!(received >= CALLS, "{received} requests for {CALLS} calls");
    assert!(
        received <= CALLS + retries,
        "{received} requests > {CALLS} calls + {retries} retries"
    );
    assert!(
        received <= CALLS + max_retries,
        "the server was flooded: {received} requests"
    );
    assert!(
        ok >= CALLS * 8 / 10,
        "most calls should succeed after retries: {outcomes:?}"
    );
}

/// With the budget at zero a fully throttled server gets exactly one request per call: no retry storm.
#[test]
fn an_empty_budget_means_no_retries_at_all() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let server = TestServer::start(ServerOptions::default());
    server
        .faults()
        .set_random(1, 1.0, vec![Fault::throttle(RETRY_AFTER_MS)]);
    let config = Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .retry(RetryConfig::default().with_max_attempts(5).with_budget(4))
        .build()
        .unwrap();
    let client = ice::Client::new(config).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let results: Vec<_> = runtime.block_on(futures::future::join_all((0..100).map(|i| {
        let client = client.clone();
        async move {
            client
                .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(format!("j{i}")))
                .await
        }
    })));
    assert!(
        results
            .iter()
            .all(|r| matches!(r, Err(e) if e.code() == Some("Throttling.User")))
    );
    assert_eq!(server.log().count("GetLiveSnapshotJob"), 100);
}
