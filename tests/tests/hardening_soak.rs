//! A bounded soak: one shared client makes calls continuously (bounded concurrency, seeded faults) for
//! `HARDENING_SOAK_SECS` seconds (default 30; CI uses the default, `scripts/soak.sh` runs longer).
//! Resident memory and the client's open connections are sampled every second; after a warm-up both must
//! stay flat, every call must end within its bound, and once the client is dropped its connections close.
//!
//! The test server runs in this process too, with nonce checking off (its replay cache would grow by
//! design) and its request log cleared at every sample, so what is measured is the client's footprint.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use alibabacloud_media::Error;
use alibabacloud_media::ice::{
    self, get_live_editing_job::GetLiveEditingJobRequest,
    get_live_snapshot_job::GetLiveSnapshotJobRequest,
    list_live_record_jobs::ListLiveRecordJobsRequest,
    list_live_transcode_jobs::ListLiveTranscodeJobsRequest,
};
use alibabacloud_media::runtime::{Config, RetryConfig, StaticCredentials, Timeouts};
use sdk_tests::server::{
    Fault, ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer,
};

const CONCURRENCY: usize = 16;
const READ: Duration = Duration::from_millis(400);
const BOUND: Duration = Duration::from_secs(10);
/// Allowed growth of resident memory after the warm-up.
const RSS_SLACK_KB: u64 = 20 * 1024;
/// Allowed connections beyond one per concurrent call.
const SOCKET_SLACK: usize = 8;

fn soak_secs() -> u64 {
    std::env::var("HARDENING_SOAK_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

/// `VmRSS` of this process, in kB.
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Established TCP connections whose remote port is `port`: the client's connections to the server.
fn client_connections(port: u16) -> usize {
    ["/proc/self/net/tcp", "/proc/self/net/tcp6"]
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| {
            text.lines()
                .skip(1)
                .filter(|line| {
                    let cols: Vec<&str> = line.split_whitespace().collect();
                    let remote_port = cols
                        .get(2)
                        .and_then(|a| a.rsplit(':').next())
                        .and_then(|p| u16::from_str_radix(p, 16).ok());
                    remote_port == Some(port) && cols.get(3) == Some(&"01")
                })
                .count()
        })
        .sum::<usize>()
}

/// Open file descriptors of this process.
fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

#[derive(Debug, Clone, Copy)]
struct Sample {
    at: f64,
    rss_kb: u64,
    connections: usize,
    fds: usize,
    calls: usize,
}

fn outcome(result: &Result<(), Error>) -> String {
    match result {
        Ok(()) => "ok".to_owned(),
        Err(Error::Service(e)) => format!("service {}", e.status),
        Err(Error::Timeout(e)) => format!("timeout {}", e.kind),
        Err(Error::Transport(_)) => "transport".to_owned(),
        Err(other) => format!("other: {other}"),
    }
}

#[test]
fn soak_memory_and_connections_stay_flat() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: the soak needs Linux to sample memory and sockets; skipped");
        return;
    }
    let secs = soak_secs();
    let warmup = Duration::from_secs((secs / 5).clamp(3, 30));
    let server = TestServer::start(ServerOptions {
        check_nonce: false,
        ..ServerOptions::default()
    });
    let port = server.addr().port();
    let mut faults = vec![Fault::throttle(10); 5];
    faults.extend([Fault::ServiceUnavailable, Fault::ServiceUnavailable]);
    faults.push(Fault::delay(READ.as_millis() as u64 + 200));
    server.faults().set_random(0x50ac, 0.08, faults);

    let config = Config::builder()
        .endpoint(server.url())
        .credentials(StaticCredentials::new(
            TEST_ACCESS_KEY_ID,
            TEST_ACCESS_KEY_SECRET,
        ))
        .retry(RetryConfig::default().with_initial_backoff(Duration::from_millis(10)))
        .timeouts(
            Timeouts::default()
                .with_read(READ)
                .with_operation(Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    let client = ice::Client::new(config).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let calls = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|w| {
            let (client, stop, calls) = (client.clone(), stop.clone(), calls.clone());
            runtime.spawn(async move {
                let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
                let mut hung = 0;
                let mut i = w;
                while !stop.load(Ordering::Relaxed) {
                    i += CONCURRENCY;
                    let call = async {
                        match i % 4 {
                            0 => client
                                .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(format!(
                                    "job-{i}"
                                )))
                                .await
                                .map(|_| ()),
                            1 => client
                                .list_live_record_jobs(
                                    &ListLiveRecordJobsRequest::new().page_no(1 + (i % 18) as i32),
                                )
                                .await
                                .map(|_| ()),
                            2 => client
                                .list_live_transcode_jobs(&ListLiveTranscodeJobsRequest::new())
                                .await
                                .map(|_| ()),
                            _ => client
                                .get_live_editing_job(
                                    &GetLiveEditingJobRequest::new().job_id(format!("edit-{i}")),
                                )
                                .await
                                .map(|_| ()),
                        }
                    };
                    match tokio::time::timeout(BOUND, call).await {
                        Ok(result) => *outcomes.entry(outcome(&result)).or_default() += 1,
                        Err(_) => hung += 1,
                    }
                    calls.fetch_add(1, Ordering::Relaxed);
                }
                (outcomes, hung)
            })
        })
        .collect();

    let mut samples = Vec::new();
    while start.elapsed() < Duration::from_secs(secs) {
        std::thread::sleep(Duration::from_secs(1));
        server.log().clear();
        samples.push(Sample {
            at: start.elapsed().as_secs_f64(),
            rss_kb: rss_kb(),
            connections: client_connections(port),
            fds: open_fds(),
            calls: calls.load(Ordering::Relaxed),
        });
    }
    stop.store(true, Ordering::Relaxed);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut hung = 0;
    for worker in workers {
        let (o, h) = runtime.block_on(worker).unwrap();
        hung += h;
        for (k, v) in o {
            *outcomes.entry(k).or_default() += v;
        }
    }
    let total = calls.load(Ordering::Relaxed);

    // Dropping the last handle of the client closes its pooled connections.
    drop(client);
    let closed_by = Instant::now();
    while client_connections(port) > 0 && closed_by.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left_open = client_connections(port);

    for s in &samples {
        eprintln!(
            "t={:5.1}s rss={:7} kB client connections={:3} fds={:4} calls={}",
            s.at, s.rss_kb, s.connections, s.fds, s.calls
        );
    }
    let after: Vec<&Sample> = samples
        .iter()
        .filter(|s| s.at >= warmup.as_secs_f64())
        .collect();
    let baseline = after.first().map_or(0, |s| s.rss_kb);
    let peak = after.iter().map(|s| s.rss_kb).max().unwrap_or(0);
    let fd_base = after.first().map_or(0, |s| s.fds);
    let fd_peak = after.iter().map(|s| s.fds).max().unwrap_or(0);
    let max_connections = samples.iter().map(|s| s.connections).max().unwrap_or(0);
    eprintln!(
        "soak {secs} s: {total} calls ({:.0}/s) {outcomes:?}; RSS after {:.0} s warm-up {baseline} kB, peak {peak} kB (+{} kB); fds {fd_base} → peak {fd_peak}; client connections peak {max_connections}, {left_open} open after drop",
        total as f64 / secs as f64,
        warmup.as_secs_f64(),
        peak.saturating_sub(baseline)
    );

    assert_eq!(hung, 0, "calls exceeded {BOUND:?}");
    assert!(total > 0);
    assert!(
        outcomes.keys().all(|k| !k.starts_with("other")),
        "unexpected errors: {outcomes:?}"
    );
    assert!(
        outcomes.get("ok").copied().unwrap_or(0) * 10 >= total * 8,
        "{outcomes:?}"
    );
    assert!(!after.is_empty(), "the soak is shorter than its warm-up");
    assert!(
        peak.saturating_sub(baseline) <= RSS_SLACK_KB,
        "resident memory grew by {} kB after warm-up",
        peak - baseline
    );
    assert!(
        max_connections <= CONCURRENCY + SOCKET_SLACK,
        "{max_connections} connections for {CONCURRENCY} concurrent calls"
    );
    assert!(
        fd_peak <= fd_base + CONCURRENCY + SOCKET_SLACK,
        "open files grew from {fd_base} to {fd_peak}"
    );
    assert_eq!(
        left_open, 0,
        "connections left open after the client was dropped"
    );
}
