//! Offline testing: [`MockServer`], a local HTTP server on 127.0.0.1 to point a client at in tests.
//!
//! It checks each request as Alibaba Cloud does (the `ACS3-HMAC-SHA256` signature over what was
//! received, the AccessKey and STS token, the `x-acs-date` window, the one-use nonce, the action and
//! its HTTP method) and answers each operation with its documented example response, unless the test
//! set other replies: a body, an error with a request id, a delay, a dropped connection, throttling
//! then success. Every request is recorded, accepted or not, so a test can assert on what its code sent.
//!
//! The generated `alibabacloud-media` crate, with its `test-util` feature, re-exports this module as
//! `alibabacloud_media::test_util` and adds `server()`, a server that knows every operation's example.
//!
//! ```
//! use alibabacloud_rpc_runtime::test_util::{MockServer, Reply};
//! use alibabacloud_rpc_runtime::{Client, Config, HttpMethod, Product, QueryParams};
//!
//! static ICE: Product = Product {
//!     code: "ICE",
//!     version: "2020-11-09",
//!     endpoint_pattern: "ice.{region}.aliyuncs.com",
//!     regional_endpoints: &[],
//! };
//!
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! let server = MockServer::start()?;
//! server
//!     .on("GetLiveSnapshotJob")
//!     .reply_once(Reply::error(404, "JobNotFound", "No such job.").with_request_id("REQ-1"));
//! let config = Config::builder()
//!     .endpoint(server.endpoint())
//!     .credentials(server.credentials())
//!     .build()?;
//! let client = Client::new(config, &ICE)?;
//! let mut query = QueryParams::new();
//! query.push("JobId", Some("job-1"));
//! let err = client
//!     .send_raw("GetLiveSnapshotJob", HttpMethod::Get, &query)
//!     .await
//!     .unwrap_err();
//! assert_eq!((err.code(), err.request_id()), (Some("JobNotFound"), Some("REQ-1")));
//! assert_eq!(server.requests()[0].param("JobId"), Some("job-1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # }).unwrap();
//! ```

mod record;
mod reply;
mod serve;
#[cfg(test)]
mod tests;
mod verify;

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

pub use record::ReceivedRequest;
pub use reply::Reply;
pub use verify::DEFAULT_MAX_CLOCK_SKEW;

use crate::credentials::StaticCredentials;
use crate::operation::HttpMethod;
use serve::{Script, Shared, State};
use verify::Key;

/// An operation's documented example response, which [`MockServer`] answers by default. The
/// generated crate embeds one per operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    version: &'static str,
    action: &'static str,
    method: HttpMethod,
    body: Option<&'static str>,
}

impl Example {
    /// `action` of API `version`, called with `method`, answered with the JSON text `body` (`None`:
    /// `{}` plus a `RequestId`).
    pub const fn new(
        version: &'static str,
        action: &'static str,
        method: HttpMethod,
        body: Option<&'static str>,
    ) -> Example {
        Example {
            version,
            action,
            method,
            body,
        }
    }

    /// The API version (`2020-11-09`).
    pub fn version(&self) -> &'static str {
        self.version
    }
    /// The action (`ListLiveRecordJobs`).
    pub fn action(&self) -> &'static str {
        self.action
    }
    /// The HTTP method the action is called with.
    pub fn method(&self) -> HttpMethod {
        self.method
    }
    /// The documented response, as JSON text.
    pub fn body(&self) -> Option<&'static str> {
        self.body
    }
}

/// Settings of a [`MockServer`]: [`MockServer::builder`].
#[derive(Debug)]
#[must_use]
pub struct MockServerBuilder {
    examples: Vec<Example>,
    keys: Vec<Key>,
    max_skew: Duration,
}

impl MockServerBuilder {
    /// Operations the server knows, with their default replies. An action neither known nor given a
    /// reply with [`MockServer::on`] is answered 404 `InvalidAction.NotFound`, as the service does.
    pub fn examples(mut self, examples: impl IntoIterator<Item = Example>) -> Self {
        self.examples.extend(examples);
        self
    }

    /// Accepts this AccessKey pair too (besides [`MockServer::ACCESS_KEY_ID`]).
    pub fn access_key(mut self, access_key_id: &str, access_key_secret: &str) -> Self {
        self.keys.push(Key {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            security_token: None,
        });
        self
    }

    /// Accepts these STS credentials: requests signed with `access_key_id` must carry exactly
    /// `security_token`.
    pub fn sts_credentials(
        mut self,
        access_key_id: &str,
        access_key_secret: &str,
        security_token: &str,
    ) -> Self {
        self.keys.push(Key {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            security_token: Some(security_token.to_owned()),
        });
        self
    }

    /// How far `x-acs-date` may be from the server's clock (default 15 minutes, as the service).
    pub fn max_clock_skew(mut self, skew: Duration) -> Self {
        self.max_skew = skew;
        self
    }

    /// Binds a free port on 127.0.0.1 and starts serving on a thread of its own.
    pub fn start(self) -> std::io::Result<MockServer> {
        let (listener, addr) = serve::bind()?;
        let shared = Arc::new(Shared {
            keys: self.keys,
            max_skew: self.max_skew,
            examples: self.examples,
            state: Mutex::new(State::default()),
            seq: AtomicU64::new(0),
        });
        let (shutdown, stop) = tokio::sync::oneshot::channel();
        let thread = serve::spawn(listener, shared.clone(), stop)?;
        Ok(MockServer {
            addr,
            shared,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }
}

/// A local server standing in for Alibaba Cloud in tests; see the [module docs](self). It stops
/// when dropped.
#[derive(Debug)]
pub struct MockServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockServer {
    /// The AccessKeyId every server accepts ([`MockServer::credentials`]).
    pub const ACCESS_KEY_ID: &'static str = "LTAI5tMockServerKeyId";
    /// The secret of [`MockServer::ACCESS_KEY_ID`].
    pub const ACCESS_KEY_SECRET: &'static str = "MockServerKeySecret";

    /// Settings: known operations, more keys, the clock skew allowed.
    pub fn builder() -> MockServerBuilder {
        MockServerBuilder {
            examples: Vec::new(),
            keys: vec![Key {
                access_key_id: Self::ACCESS_KEY_ID.to_owned(),
                access_key_secret: Self::ACCESS_KEY_SECRET.to_owned(),
                security_token: None,
            }],
            max_skew: DEFAULT_MAX_CLOCK_SKEW,
        }
    }

    /// A server that knows no operation: give each action its replies with [`MockServer::on`].
    pub fn start() -> std::io::Result<MockServer> {
        Self::builder().start()
    }

    /// `http://127.0.0.1:PORT`, for `Config::builder().endpoint(..)`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The socket address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Credentials the server accepts, for `Config::builder().credentials(..)`.
    pub fn credentials(&self) -> StaticCredentials {
        StaticCredentials::new(Self::ACCESS_KEY_ID, Self::ACCESS_KEY_SECRET)
    }

    /// The replies of `action`: chain [`ActionMock::reply_once`] and [`ActionMock::reply`].
    pub fn on(&self, action: &str) -> ActionMock<'_> {
        ActionMock {
            server: self,
            action: action.to_owned(),
        }
    }

    /// Every request received so far, in arrival order, refused ones included. The server keeps them
    /// all until [`reset`](MockServer::reset).
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared.state().log.clone()
    }

    /// Forgets the replies set and the requests received.
    pub fn reset(&self) {
        let mut state = self.shared.state();
        state.scripts.clear();
        state.log.clear();
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The replies of one action of a [`MockServer`]: first the one-shot replies, in the order they were
/// added, then the standing reply (by default the operation's example).
///
/// Throttling, then success: `server.on("ListLiveRecordJobs").reply_once(Reply::throttled(..))`.
#[derive(Debug)]
pub struct ActionMock<'a> {
    server: &'a MockServer,
    action: String,
}

impl ActionMock<'_> {
    fn script<R>(&self, f: impl FnOnce(&mut Script) -> R) -> R {
        let mut state = self.server.shared.state();
        f(state.scripts.entry(self.action.clone()).or_default())
    }

    /// Answers every later request of the action with `reply`, once the one-shot replies are used.
    pub fn reply(self, reply: Reply) -> Self {
        self.script(|s| s.standing = Some(reply));
        self
    }

    /// Answers the next request of the action (after earlier one-shot replies) with `reply`.
    pub fn reply_once(self, reply: Reply) -> Self {
        self.reply_times(1, reply)
    }

    /// Answers the next `n` requests of the action (after earlier one-shot replies) with `reply`.
    pub fn reply_times(self, n: usize, reply: Reply) -> Self {
        self.script(|s| s.once.extend(std::iter::repeat_n(reply, n)));
        self
    }

    /// One-shot replies not used yet.
    pub fn pending(&self) -> usize {
        self.script(|s| s.once.len())
    }

    /// The requests of this action received so far, refused ones included.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        let state = self.server.shared.state();
        state
            .log
            .iter()
            .filter(|r| r.action == self.action)
            .cloned()
            .collect()
    }
}
