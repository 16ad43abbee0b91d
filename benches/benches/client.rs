//! Group 3, client overhead.
//!
//! - `client_cpu/call/<op>`: one call without the network: build the typed request, validate, write
//!   the query, encode it canonically, make the date and nonce, sign (ACS3-HMAC-SHA256), build the
//!   `reqwest::Request`, then decode a typical response (a 100-item page for the list calls, the
//!   spec's example otherwise) into the generated response type. These are the steps
//!   `alibabacloud_rpc_runtime::Client` takes between `execute` and the socket (they are private to
//!   the runtime, so the bench repeats them with the runtime's public pieces).
//! - `client_cpu/decode/<op>`: the decode step alone; `client_cpu/sign`: `signing::authorization`
//!   alone, on a realistic ListLiveRecordJobs request (7 query parameters, 8 signed headers).
//! - `loopback/{sdk,reqwest}/<op>`: calls against the local signature-checking test server
//!   (`sdk_tests::server`), concurrency 4, client on one tokio thread; `sdk` is the generated client,
//!   `reqwest` a plain reqwest + serde_json loop making the same signed exchange.
//! - After the criterion groups, `loopback ratio`: both clients in alternating rounds in the same run,
//!   and the medians of the per-round ratios of throughput and of client-thread CPU per call (the
//!   figures BENCHMARKS.md reports). `SDK_BENCH_LOOPBACK_ROUNDS` (default 31) and
//!   `SDK_BENCH_LOOPBACK_CALLS` (default 500 per client per round).
//!
//! The `client_cpu` group times the benchmark thread's CPU time (`sdk_benches::cpu_iter`), not the
//! wall clock: the machine is shared.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use alibabacloud_media::ice::{
    self, get_live_editing_job::GetLiveEditingJobRequest,
    get_live_snapshot_job::GetLiveSnapshotJobRequest, list_live_record_jobs,
    list_live_record_jobs::ListLiveRecordJobsRequest, list_live_transcode_jobs,
    list_live_transcode_jobs::ListLiveTranscodeJobsRequest,
};
use alibabacloud_media::live::{
    self, describe_rtc_cloud_recording_files::DescribeRtcCloudRecordingFilesRequest,
};
use alibabacloud_rpc_runtime::{
    Config, HttpMethod, Operation, Product, QueryParams, StaticCredentials, Timestamp,
    datetime::FORMAT,
    signing::{self, EMPTY_BODY_SHA256, SignableRequest},
};
use criterion::{BenchmarkId, Criterion, Throughput};
use futures::StreamExt;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use sdk_benches::{cpu_iter, fixtures::response_body, thread_cpu_time};
use sdk_tests::server::{ServerOptions, TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET, TestServer};

const USER_AGENT: &str =
    "alibabacloud-rust-sdk/0.1.0 (linux; x86_64) alibabacloud-rpc-runtime/0.1.0";

fn ts(s: &str) -> Timestamp {
    s.parse().expect("timestamp")
}

fn list_record_jobs() -> ListLiveRecordJobsRequest {
    ListLiveRecordJobsRequest::new()
        .keyword("job")
        .start_time(ts("2024-01-01T00:00:00Z"))
        .end_time(ts("2024-01-20T00:00:00Z"))
        .status(list_live_record_jobs::RecordJobStatus::Started)
        .page_no(1)
        .page_size(100)
        .sort_by(list_live_record_jobs::SortBy::Desc)
}

fn list_transcode_jobs() -> ListLiveTranscodeJobsRequest {
    ListLiveTranscodeJobsRequest::new()
        .r#type(list_live_transcode_jobs::TranscodeType::Normal)
        .status(list_live_transcode_jobs::TranscodeJobStatus::Running)
        .page_no(1)
        .page_size(100)
        .key_word("mytask")
}

/// The request the client would build for `request`, signed, without sending it; the headers are
/// the ones `alibabacloud_rpc_runtime::Client` sends.
fn build_and_sign<O: Operation>(
    request: &O,
    product: &Product,
    base_url: &str,
    authority: &str,
    http: &reqwest::Client,
) -> reqwest::Request {
    request.validate().expect("valid request");
    let mut query = QueryParams::new();
    request.write_query(&mut query);
    let pairs = query.to_pairs();
    signed_request(
        http,
        O::METHOD,
        O::ACTION,
        &pairs,
        product.version,
        base_url,
        authority,
    )
}

/// Signs and builds one RPC request from its query pairs (shared by the CPU bench and the plain
/// reqwest baseline).
fn signed_request(
    http: &reqwest::Client,
    method: HttpMethod,
    action: &str,
    pairs: &[(String, String)],
    version: &str,
    base_url: &str,
    authority: &str,
) -> reqwest::Request {
    let canonical_query = signing::canonical_query_string(pairs);
    let url = format!("{base_url}/?{canonical_query}");
    let date = jiff::Timestamp::now().strftime(FORMAT).to_string();
    let nonce = format!("{:032x}", rand::random::<u128>());
    let headers: Vec<(String, String)> = [
        ("accept", "application/json"),
        ("host", authority),
        ("user-agent", USER_AGENT),
        ("x-acs-action", action),
        ("x-acs-content-sha256", EMPTY_BODY_SHA256),
        ("x-acs-date", &date),
        ("x-acs-signature-nonce", &nonce),
        ("x-acs-version", version),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let authorization = signing::authorization(
        TEST_ACCESS_KEY_ID,
        TEST_ACCESS_KEY_SECRET,
        &SignableRequest {
            method: method.as_str(),
            host: authority,
            path: "/",
            query: pairs,
            headers: &headers,
            body: b"",
        },
    );
    let mut map = HeaderMap::with_capacity(headers.len() + 1);
    for (name, value) in &headers {
        map.insert(
            HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            HeaderValue::from_str(value).expect("header value"),
        );
    }
    let mut auth = HeaderValue::from_str(&authorization).expect("authorization value");
    auth.set_sensitive(true);
    map.insert(reqwest::header::AUTHORIZATION, auth);
    let builder = match method {
        HttpMethod::Get => http.get(url),
        HttpMethod::Post => http.post(url).body(Vec::<u8>::new()),
    };
    builder.headers(map).build().expect("request builds")
}

fn bench_op<O: Operation>(
    c: &mut Criterion,
    name: &str,
    make: impl Fn() -> O,
    product: &Product,
    body: &[u8],
) {
    let http = reqwest::Client::new();
    let host = format!("{}.cn-shanghai.aliyuncs.com", product.code.to_lowercase());
    let base_url = format!("https://{host}");
    // Fail early (not inside the timing loop) if the body does not decode.
    let _: O::Output = serde_json::from_slice(body).expect("fixture decodes");
    let mut group = c.benchmark_group("client_cpu");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("call", name), |b| {
        b.iter_custom(|iters| {
            cpu_iter(iters, || {
                let request = make();
                let signed = build_and_sign(&request, product, &base_url, &host, &http);
                black_box(signed);
                let output: O::Output = serde_json::from_slice(black_box(body)).expect("decodes");
                output
            })
        })
    });
    group.bench_function(BenchmarkId::new("decode", name), |b| {
        b.iter_custom(|iters| {
            cpu_iter(iters, || {
                serde_json::from_slice::<O::Output>(black_box(body)).expect("decodes")
            })
        })
    });
    group.finish();
}

fn cpu(c: &mut Criterion) {
    let page = Some(100);
    bench_op(
        c,
        "ListLiveRecordJobs_100",
        list_record_jobs,
        &ice::PRODUCT,
        &response_body("ListLiveRecordJobs", page),
    );
    bench_op(
        c,
        "ListLiveTranscodeJobs_100",
        list_transcode_jobs,
        &ice::PRODUCT,
        &response_body("ListLiveTranscodeJobs", page),
    );
    bench_op(
        c,
        "GetLiveEditingJob",
        || GetLiveEditingJobRequest::new().job_id("****d80e4e4044975745c14b****"),
        &ice::PRODUCT,
        &response_body("GetLiveEditingJob", None),
    );
    bench_op(
        c,
        "GetLiveSnapshotJob",
        || GetLiveSnapshotJobRequest::new("****a046-263c-3560-978a-fb287782****"),
        &ice::PRODUCT,
        &response_body("GetLiveSnapshotJob", None),
    );
    bench_op(
        c,
        "DescribeRtcCloudRecordingFiles",
        || DescribeRtcCloudRecordingFilesRequest::new("******73-8501-****-8ac1-72295a******"),
        &live::PRODUCT,
        &response_body("DescribeRtcCloudRecordingFiles", None),
    );

    // Signing alone, on the list call's query and the client's headers.
    let request = list_record_jobs();
    let mut query = QueryParams::new();
    request.write_query(&mut query);
    let pairs = query.to_pairs();
    let headers: Vec<(String, String)> = [
        ("accept", "application/json"),
        ("host", "ice.cn-shanghai.aliyuncs.com"),
        ("user-agent", USER_AGENT),
        ("x-acs-action", "ListLiveRecordJobs"),
        ("x-acs-content-sha256", EMPTY_BODY_SHA256),
        ("x-acs-date", "2024-01-01T00:00:00Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
        ("x-acs-version", "2020-11-09"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let signable = SignableRequest {
        method: "GET",
        host: "ice.cn-shanghai.aliyuncs.com",
        path: "/",
        query: &pairs,
        headers: &headers,
        body: b"",
    };
    let mut group = c.benchmark_group("client_cpu");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("sign", |b| {
        b.iter_custom(|iters| {
            cpu_iter(iters, || {
                signing::authorization(
                    TEST_ACCESS_KEY_ID,
                    TEST_ACCESS_KEY_SECRET,
                    black_box(&signable),
                )
            })
        })
    });
    group.finish();
}

/// The two loopback clients: the generated SDK client and a plain reqwest + serde_json loop.
struct Loopback {
    _server: TestServer,
    runtime: tokio::runtime::Runtime,
    sdk: ice::Client,
    http: reqwest::Client,
    base_url: String,
    authority: String,
}

const CONCURRENCY: usize = 4;
const JOB_ID: &str = "****a046-263c-3560-978a-fb287782****";

impl Loopback {
    fn start() -> Loopback {
        let server = TestServer::start(ServerOptions::default());
        let config = Config::builder()
            .endpoint(server.url())
            .credentials(StaticCredentials::new(
                TEST_ACCESS_KEY_ID,
                TEST_ACCESS_KEY_SECRET,
            ))
            .build()
            .expect("config");
        let sdk = ice::Client::new(config).expect("client");
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("reqwest client");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("client runtime");
        Loopback {
            base_url: server.url(),
            authority: server.endpoint(),
            _server: server,
            runtime,
            sdk,
            http,
        }
    }

    /// `calls` GetLiveSnapshotJob calls through the generated client, `CONCURRENCY` in flight.
    /// Returns (wall time, CPU time of the client thread).
    fn sdk_get(&self, calls: u64) -> (Duration, Duration) {
        let sdk = &self.sdk;
        self.runtime.block_on(async {
            let start = Instant::now();
            let cpu = thread_cpu_time();
            futures::stream::iter(0..calls)
                .map(|_| async move {
                    let out = sdk
                        .get_live_snapshot_job(&GetLiveSnapshotJobRequest::new(JOB_ID))
                        .await
                        .expect("sdk call");
                    black_box(out);
                })
                .buffer_unordered(CONCURRENCY)
                .for_each(|()| async {})
                .await;
            (start.elapsed(), thread_cpu_time().saturating_sub(cpu))
        })
    }

    /// The same exchange with plain reqwest: the same query, headers and signature (made with the
    /// runtime's public signer), the same decode into the generated response type; no retries,
    /// timeouts, credential provider or error classification.
    fn reqwest_get(&self, calls: u64) -> (Duration, Duration) {
        let this = self;
        self.runtime.block_on(async {
            let start = Instant::now();
            let cpu = thread_cpu_time();
            futures::stream::iter(0..calls)
                .map(|_| async move {
                    let pairs = vec![("JobId".to_owned(), JOB_ID.to_owned())];
                    let request = signed_request(
                        &this.http,
                        HttpMethod::Get,
                        "GetLiveSnapshotJob",
                        &pairs,
                        ice::PRODUCT.version,
                        &this.base_url,
                        &this.authority,
                    );
                    let response = this.http.execute(request).await.expect("reqwest call");
                    assert!(response.status().is_success(), "{}", response.status());
                    let body = response.bytes().await.expect("body");
                    let out: ice::GetLiveSnapshotJobResponse =
                        serde_json::from_slice(&body).expect("decodes");
                    black_box(out);
                })
                .buffer_unordered(CONCURRENCY)
                .for_each(|()| async {})
                .await;
            (start.elapsed(), thread_cpu_time().saturating_sub(cpu))
        })
    }
}

fn loopback(c: &mut Criterion, lb: &Arc<Loopback>) {
    let mut group = c.benchmark_group("loopback");
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group.sample_size(20);
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("sdk", "GetLiveSnapshotJob"), |b| {
        b.iter_custom(|iters| lb.sdk_get(iters).0)
    });
    group.bench_function(BenchmarkId::new("reqwest", "GetLiveSnapshotJob"), |b| {
        b.iter_custom(|iters| lb.reqwest_get(iters).0)
    });
    group.finish();
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Alternating rounds, in the same run: the ratios are what BENCHMARKS.md reports. Short rounds, many
/// of them, so that the machine's load drifts little within a pair.
fn loopback_ratio(lb: &Loopback) {
    let rounds = env_or("SDK_BENCH_LOOPBACK_ROUNDS", 31);
    let calls = env_or("SDK_BENCH_LOOPBACK_CALLS", 500);
    // Warm both connection pools and the server.
    lb.sdk_get(200);
    lb.reqwest_get(200);
    let (mut sdk_rates, mut raw_rates, mut rate_ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sdk_cpu, mut raw_cpu, mut cpu_ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (s, r) = if round % 2 == 0 {
            let s = lb.sdk_get(calls);
            (s, lb.reqwest_get(calls))
        } else {
            let r = lb.reqwest_get(calls);
            (lb.sdk_get(calls), r)
        };
        let rate = |d: Duration| calls as f64 / d.as_secs_f64();
        let per_call_us = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
        sdk_rates.push(rate(s.0));
        raw_rates.push(rate(r.0));
        rate_ratios.push(rate(s.0) / rate(r.0));
        sdk_cpu.push(per_call_us(s.1));
        raw_cpu.push(per_call_us(r.1));
        cpu_ratios.push(s.1.as_secs_f64() / r.1.as_secs_f64());
    }
    println!(
        "loopback ratio (GetLiveSnapshotJob, concurrency {CONCURRENCY}, {rounds} alternating rounds of {calls} calls per client):"
    );
    println!(
        "  calls/s: sdk median {:.0}, reqwest median {:.0}; sdk/reqwest per round: median {:.3} (quartiles {:.3}..{:.3})",
        median(&mut sdk_rates),
        median(&mut raw_rates),
        median(&mut rate_ratios),
        quantile(&rate_ratios, 0.25),
        quantile(&rate_ratios, 0.75),
    );
    println!(
        "  client-thread CPU per call: sdk median {:.1} us, reqwest median {:.1} us; sdk/reqwest per round: median {:.3} (quartiles {:.3}..{:.3})",
        median(&mut sdk_cpu),
        median(&mut raw_cpu),
        median(&mut cpu_ratios),
        quantile(&cpu_ratios, 0.25),
        quantile(&cpu_ratios, 0.75),
    );
}

/// `values` must be sorted.
fn quantile(values: &[f64], q: f64) -> f64 {
    let i = ((values.len().saturating_sub(1)) as f64 * q).round() as usize;
    values.get(i).copied().unwrap_or(f64::NAN)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut c = Criterion::default().configure_from_args();
    cpu(&mut c);
    let listing = args
        .iter()
        .any(|a| a == "--list" || a == "--test" || a == "--exact");
    let filter = args.iter().find(|a| !a.starts_with('-'));
    let wants_loopback =
        filter.is_none_or(|f| "loopback".contains(f.as_str()) || f.contains("loopback"));
    if wants_loopback {
        let lb = Arc::new(Loopback::start());
        loopback(&mut c, &lb);
        if !listing {
            loopback_ratio(&lb);
        }
    }
    c.final_summary();
}
