//! The mock server's HTTP side: a thread with its own single-threaded tokio runtime serving HTTP/1.1
//! with hyper, and the handler that routes, verifies, records and answers each request.
//!
//! Its own thread and runtime make the server independent of the test's: it works from `#[test]` and
//! from any `#[tokio::test]` flavour, and a test's runtime shutting down cannot stop it early.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming as Body};
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

use super::Example;
use super::record::ReceivedRequest;
use super::reply::{self, Kind, Reply};
use super::verify::{self, Incoming, Key, Nonces, Refusal};

/// The largest request body read; a client of these APIs sends a few KiB at most.
const MAX_REQUEST_BODY: usize = 8 << 20;

/// The replies set for one action: one-shot replies first, in order, then the standing one.
#[derive(Debug, Default)]
pub(crate) struct Script {
    pub once: VecDeque<Reply>,
    pub standing: Option<Reply>,
}

/// What the test changes while the server runs.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub nonces: Nonces,
    pub scripts: HashMap<String, Script>,
    pub log: Vec<ReceivedRequest>,
}

/// Everything the handler reads, shared by the server handle and every connection.
#[derive(Debug)]
pub(crate) struct Shared {
    pub keys: Vec<Key>,
    pub max_skew: Duration,
    pub examples: Vec<Example>,
    pub state: Mutex<State>,
    pub seq: AtomicU64,
}

impl Shared {
    /// The state, even if a test thread panicked while holding it.
    pub fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Serves `listener` on a new thread until `shutdown` fires or is dropped.
pub(crate) fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    shutdown: tokio::sync::oneshot::Receiver<()>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    std::thread::Builder::new()
        .name("mock-server".to_owned())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                let accept = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            // Out of file descriptors, say: wait rather than spin.
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        };
                        let shared = shared.clone();
                        tokio::spawn(async move {
                            let service = hyper::service::service_fn(move |request| {
                                handle(shared.clone(), request)
                            });
                            // A dropped connection ends here with an error: nothing to report.
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(TokioIo::new(stream), service)
                                .await;
                        });
                    }
                };
                // Whichever ends first; dropping the runtime then cancels every connection.
                let _ = futures::future::select(pin!(accept), shutdown).await;
            });
        })
}

/// The error that makes hyper close the connection without answering.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the test's reply")
    }
}

impl std::error::Error for DropConnection {}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Body>,
) -> Result<Response<Full<Bytes>>, DropConnection> {
    let seq = shared.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_REQUEST_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(DropConnection),
    };
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let is_form = header("content-type").split(';').next().is_some_and(|t| {
        t.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    let form = match std::str::from_utf8(&body) {
        Ok(text) if is_form => verify::decode_pairs(text),
        _ => Vec::new(),
    };
    let query = verify::decode_pairs(parts.uri.query().unwrap_or(""));
    let (action, version, host) = (
        header("x-acs-action"),
        header("x-acs-version"),
        header("host"),
    );

    let incoming = Incoming {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: &query,
        headers: &headers,
        body: &body,
    };
    let example = shared
        .examples
        .iter()
        .find(|e| e.action() == action && e.version() == version);
    let (request_id, refusal, reply) = {
        let mut state = shared.state();
        let decision = decide(&shared, &mut state, &incoming, example, &action);
        let (refusal, reply) = match decision {
            Ok(reply) => (None, reply),
            Err(refusal) => (Some(refusal), None),
        };
        let request_id = reply
            .as_ref()
            .and_then(|r| r.request_id.clone())
            .unwrap_or_else(|| format!("5E5A7E57-0000-4000-8000-{seq:012X}"));
        state.log.push(ReceivedRequest {
            action: action.clone(),
            version: version.clone(),
            method: parts.method.as_str().to_owned(),
            query: query.clone(),
            form,
            headers: headers.clone(),
            request_id: request_id.clone(),
            refused: refusal.as_ref().map(|r| r.code.to_owned()),
        });
        (request_id, refusal, reply)
    };

    let kind = match (refusal, &reply) {
        (Some(refusal), _) => Kind::Error {
            status: refusal.status,
            code: refusal.code.to_owned(),
            message: refusal.message,
            retry_after: None,
        },
        (None, Some(reply)) => {
            if !reply.delay.is_zero() {
                tokio::time::sleep(reply.delay).await;
            }
            reply.kind.clone()
        }
        (None, None) => Kind::Example,
    };
    let documented = example.and_then(Example::body);
    let rendered = reply::render(&kind, documented, &request_id, &host).ok_or(DropConnection)?;
    let mut response = Response::new(Full::new(Bytes::from(rendered.body)));
    *response.status_mut() =
        StatusCode::from_u16(rendered.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let out = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&rendered.content_type) {
        out.insert(CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        out.insert("x-acs-request-id", value);
    }
    if let Some(wait) = rendered.retry_after {
        let millis = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        out.insert("x-acs-retry-after", HeaderValue::from(millis));
    }
    Ok(response)
}

/// Routing, HTTP method, signature (with date and nonce), then the test's script: the reply to send,
/// or why the request is refused.
fn decide(
    shared: &Shared,
    state: &mut State,
    request: &Incoming<'_>,
    example: Option<&Example>,
    action: &str,
) -> Result<Option<Reply>, Refusal> {
    let scripted = state
        .scripts
        .get(action)
        .is_some_and(|s| s.standing.is_some() || !s.once.is_empty());
    if example.is_none() && !scripted {
        return Err(Refusal {
            status: 404,
            code: "InvalidAction.NotFound",
            message: format!(
                "Specified api is not found, please check your url and method. (action {action:?}, version {:?})",
                request.header("x-acs-version").unwrap_or_default()
            ),
        });
    }
    if let Some(example) = example.filter(|e| e.method().as_str() != request.method) {
        return Err(Refusal {
            status: 400,
            code: "UnsupportedHTTPMethod",
            message: format!(
                "This http method is not supported: {}; {action} accepts {}.",
                request.method,
                example.method().as_str()
            ),
        });
    }
    let now = jiff::Timestamp::now();
    verify::verify(
        request,
        &shared.keys,
        now,
        shared.max_skew,
        &mut state.nonces,
    )?;
    let script = state.scripts.get_mut(action);
    Ok(script.and_then(|s| s.once.pop_front().or_else(|| s.standing.clone())))
}

/// The address a listener on 127.0.0.1 got.
pub(crate) fn bind() -> std::io::Result<(std::net::TcpListener, SocketAddr)> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}
