//! A local, signature-checking stand-in for the ICE (2020-11-09) and Live (2016-11-01) RPC endpoints.
//!
//! ```no_run
//! use sdk_tests::server::{Fault, ServerOptions, TestServer};
//!
//! let server = TestServer::start(ServerOptions::default());
//! // point a client at server.endpoint() ("127.0.0.1:PORT"), protocol HTTP,
//! // AccessKey sdk_tests::server::TEST_ACCESS_KEY_ID / TEST_ACCESS_KEY_SECRET
//! server.faults().push(Fault::throttle(1500)); // the next request is throttled
//! assert_eq!(server.log().count("ListLiveRecordJobs"), 0);
//! // dropped at the end of the test: the server stops
//! ```
//!
//! Each module has one job: [`signature`] (V3 verification, a pure function), [`replay`] (date window,
//! nonces), [`routing`] (action/version → operation), [`handlers`] (the answers), [`dataset`] (seeded
//! list data), [`examples`] (spec examples), [`spec_ops`] (operations of the spec directory beyond
//! the five, with their query/body parameter placement checked), [`faults`], [`errors`] (Alibaba
//! error bodies), [`log`], and [`signer`] (a small independent V3 signer for raw test clients).
//!
//! Conventions tests can rely on:
//! - Credentials: [`TEST_ACCESS_KEY_ID`]/[`TEST_ACCESS_KEY_SECRET`], and the STS triple
//!   [`STS_ACCESS_KEY_ID`]/[`STS_ACCESS_KEY_SECRET`]/[`STS_SECURITY_TOKEN`].
//! - ListLiveRecordJobs: 180 jobs `job-0001`..`job-0180` (creation order, one hour apart from
//!   2024-01-01T00:00:00Z), default PageNo 1 / PageSize 10 / SortBy desc, filters Status, Keyword
//!   (substring of JobId or Name), StartTime/EndTime (on CreateTime). See [`dataset`].
//! - ListLiveTranscodeJobs: 57 jobs `transcode-0001`..`transcode-0057`, PageSize at most 100.
//! - `JobId=missing` (GetLiveSnapshotJob, GetLiveEditingJob) → 404 `JobNotFound`; any other id is
//!   found and echoed. `TaskId=missing` (DescribeRtcCloudRecordingFiles) → 400 `NotFound.Task`.
//! - Order of checks: action/version (404 `InvalidAction.NotFound`), HTTP method (400
//!   `UnsupportedHTTPMethod`), signature, date window, nonce, then faults, then parameters.

mod app;
pub mod dataset;
pub mod errors;
pub mod examples;
pub mod faults;
pub mod handlers;
pub mod keys;
pub mod log;
pub mod replay;
pub mod routing;
pub mod signature;
pub mod signer;
pub mod spec_ops;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;

use axum::Router;
use serde_json::Value;

pub use examples::ExampleSource;
pub use faults::{Fault, Faults};
pub use keys::{
    Credential, KeyTable, STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN,
    TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET,
};
pub use log::{LoggedRequest, RequestLog, Verdict};
pub use routing::Action;
pub use signature::{RequestParts, Verified, verify_signature};

/// The workspace's `spec/` directory, where the OpenAPI documents live.
pub fn default_spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("spec")
}

/// How to run a server. `ServerOptions::default()` is what almost every test wants.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// Known credentials (default: the test AccessKey pair and the STS triple).
    pub keys: KeyTable,
    /// Allowed distance between `x-acs-date` and now (default 15 minutes, like Alibaba Cloud).
    pub max_skew: Duration,
    /// Refuse a reused `x-acs-signature-nonce` (default true).
    pub check_nonce: bool,
    /// Refuse an HTTP method other than the official SDK's (default true).
    pub check_method: bool,
    /// Where to read the spec examples, and any operations beyond the five, from (default: the
    /// workspace's `spec/`).
    pub spec_dir: PathBuf,
    /// Seeded ListLiveRecordJobs jobs (default 180).
    pub record_jobs: usize,
    /// Seeded ListLiveTranscodeJobs jobs (default 57).
    pub transcode_jobs: usize,
    /// Port to bind on 127.0.0.1 (default 0: any free port).
    pub port: u16,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            keys: KeyTable::default(),
            max_skew: replay::DEFAULT_MAX_SKEW,
            check_nonce: true,
            check_method: true,
            spec_dir: default_spec_dir(),
            record_jobs: 180,
            transcode_jobs: 57,
            port: 0,
        }
    }
}

/// A running server. Stops when dropped.
pub struct TestServer {
    addr: SocketAddr,
    faults: Faults,
    log: Arc<RequestLog>,
    examples: examples::Examples,
    /// The server's own runtime, so it works from sync tests and any tokio flavour alike, and
    /// stops (without blocking) when the handle is dropped.
    runtime: Option<tokio::runtime::Runtime>,
}

impl TestServer {
    /// Starts a server on 127.0.0.1. Panics if it cannot bind or build its runtime (test setup only).
    pub fn start(options: ServerOptions) -> TestServer {
        match TestServer::try_start(options) {
            Ok(server) => server,
            Err(e) => panic!("cannot start the test server: {e}"),
        }
    }

    /// Like [`TestServer::start`], returning the error instead of panicking.
    pub fn try_start(options: ServerOptions) -> std::io::Result<TestServer> {
        let examples = examples::Examples::load(&options.spec_dir);
        for warning in &examples.warnings {
            tracing::warn!("spec examples: {warning}");
        }
        let spec_ops = spec_ops::SpecOperations::load(&options.spec_dir);
        for warning in &spec_ops.warnings {
            tracing::warn!("spec operations: {warning}");
        }
        let first_item = |action: Action, field: &str| {
            examples
                .get(action)
                .get(field)
                .and_then(|items| items.get(0))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let data = dataset::Dataset::seed(
            options.record_jobs,
            options.transcode_jobs,
            &first_item(Action::ListLiveRecordJobs, "LiveRecordJobs"),
            &first_item(Action::ListLiveTranscodeJobs, "JobList"),
        );
        let faults = Faults::default();
        let log = Arc::new(RequestLog::default());
        let state = Arc::new(app::AppState {
            keys: options.keys,
            max_skew: options.max_skew,
            check_method: options.check_method,
            nonces: replay::NonceCache::new(options.check_nonce),
            data,
            examples: examples.clone(),
            spec_ops,
            faults: faults.clone(),
            log: log.clone(),
            seq: AtomicU64::new(0),
        });

        let listener = std::net::TcpListener::bind(("127.0.0.1", options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("test-server")
            .enable_all()
            .build()?;
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let router = Router::new().fallback(app::handle).with_state(state);
        runtime.spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!("test server stopped: {e}");
            }
        });
        Ok(TestServer {
            addr,
            faults,
            log,
            examples,
            runtime: Some(runtime),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `127.0.0.1:PORT`, the form the SDKs take as an endpoint.
    pub fn endpoint(&self) -> String {
        self.addr.to_string()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The fault handle (clone it freely).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// A request signed by hand with the test key (fresh date and nonce), ready to send: for tests of
    /// the server itself, independent of the runtime's client.
    pub fn signed_request(
        &self,
        method: &str,
        action: &str,
        version: &str,
        query: &[(&str, &str)],
    ) -> reqwest::RequestBuilder {
        let host = self.endpoint();
        let call = signer::RpcCall {
            method,
            host: &host,
            action,
            version,
            query,
        };
        let prepared =
            signer::Signer::test_key().prepare(&call, &signer::now_date(), &signer::fresh_nonce());
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut request = reqwest::Client::new()
            .request(method, format!("{}/?{}", self.url(), prepared.query_string));
        for (name, value) in &prepared.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        request
    }

    /// The request log and counters.
    pub fn log(&self) -> &RequestLog {
        &self.log
    }

    /// Where `action`'s example came from (spec file or built-in page example).
    pub fn example_source(&self, action: Action) -> Option<&ExampleSource> {
        self.examples.source(action)
    }

    /// Runs the server until the process is killed (for the `test-server` binary).
    pub fn run_forever(self) -> ! {
        loop {
            std::thread::park();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}
