//! Client behaviour over real HTTP against a tiny scripted server on 127.0.0.1 that checks the
//! signature of every request it receives.

use crate::signing::{self, SignableRequest};
use crate::{
    Client, Config, Error, HttpMethod, Operation, PagedOperation, Product, QueryParams,
    RetryConfig, StaticCredentials, TimeoutKind, Timeouts, ValidationError, validate,
};
use futures::{StreamExt, TryStreamExt};
use serde::Deserialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

static TEST: Product = Product {
    code: "ICE",
    version: "2020-11-09",
    endpoint_pattern: "ice.{region}.aliyuncs.com",
    regional_endpoints: &[],
};

const AK: &str = "LTAI5tTestAccessKeyId";
const SECRET: &str = "TestAccessKeySecret";

#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    signature_ok: bool,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: body.to_owned(),
        delay: Duration::ZERO,
    }
}

type Script = Arc<dyn Fn(usize, &Received) -> Reply + Send + Sync>;

struct Server {
    url: String,
    log: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    async fn start(script: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> Server {
        let listener = match TcpListener::bind("127.0.0.1:0").await {
            Ok(l) => l,
            Err(e) => panic!("bind: {e}"),
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        let log: Arc<Mutex<Vec<Received>>> = Arc::default();
        let script: Script = Arc::new(script);
        let task_log = log.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let log = task_log.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(chunk.get(..n).unwrap_or_default()),
                        }
                    }
                    let received = parse(&String::from_utf8_lossy(&buf));
                    let n = {
                        let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
                        log.push(received.clone());
                        log.len()
                    };
                    let r = script(n, &received);
                    tokio::time::sleep(r.delay).await;
                    let mut out = format!(
                        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                        r.status,
                        r.body.len()
                    );
                    for (k, v) in &r.headers {
                        out.push_str(&format!("{k}: {v}\r\n"));
                    }
                    out.push_str("\r\n");
                    out.push_str(&r.body);
                    let _ = socket.write_all(out.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Server {
            url: format!("http://127.0.0.1:{port}"),
            log,
        }
    }

    fn requests(&self) -> Vec<Received> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn client(&self, retry: RetryConfig, timeouts: Timeouts) -> Client {
        let config = Config::builder()
            .endpoint(&self.url)
            .credentials(StaticCredentials::new(AK, SECRET))
            .retry(retry)
            .timeouts(timeouts)
            .build();
        match config
            .map_err(Error::from)
            .and_then(|c| Client::new(c, &TEST))
        {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        }
    }
}

/// Parses the request head and verifies its signature the way the service does.
fn parse(head: &str) -> Received {
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or_default().split(' ');
    let method = first.next().unwrap_or_default().to_owned();
    let target = first.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let query: Vec<(String, String)> = target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let dec = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            };
            (dec(k), dec(v))
        })
        .collect();
    let auth = headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let signed_names: Vec<&str> = auth
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .unwrap_or_default()
        .split(';')
        .collect();
    let signed: Vec<(String, String)> = headers
        .iter()
        .filter(|(k, _)| signed_names.contains(&k.as_str()))
        .cloned()
        .collect();
    let host = headers
        .iter()
        .find(|(k, _)| k == "host")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let expected = signing::authorization(
        AK,
        SECRET,
        &SignableRequest {
            method: &method,
            host: &host,
            path: "/",
            query: &query,
            headers: &signed,
            body: b"",
        },
    );
    Received {
        signature_ok: signed.len() == signed_names.len() && expected == auth,
        method,
        target,
        headers,
    }
}

#[derive(Clone)]
struct ListJobs {
    keyword: Option<String>,
    page_no: Option<i32>,
    page_size: Option<i32>,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
struct ListJobsOutput {
    #[serde(default)]
    total_count: Option<i64>,
    #[serde(default)]
    jobs: Vec<String>,
}

impl Operation for ListJobs {
    type Output = ListJobsOutput;
    const ACTION: &'static str = "ListLiveRecordJobs";
    const METHOD: HttpMethod = HttpMethod::Get;
    fn write_query(&self, query: &mut QueryParams) {
        query.push("Keyword", self.keyword.as_deref());
        query.push("PageNo", self.page_no.as_ref());
        query.push("PageSize", self.page_size.as_ref());
    }
    fn validate(&self) -> Result<(), ValidationError> {
        if let Some(size) = self.page_size {
            validate::at_most(Self::ACTION, "PageSize", size.into(), 100)?;
        }
        Ok(())
    }
}

impl PagedOperation for ListJobs {
    type Item = String;
    fn page_number(&self) -> Option<i64> {
        self.page_no.map(i64::from)
    }
    fn set_page_number(&mut self, page: i64) {
        self.page_no = i32::try_from(page).ok();
    }
    fn total_count(output: &ListJobsOutput) -> Option<i64> {
        output.total_count
    }
    fn into_items(output: ListJobsOutput) -> Vec<String> {
        output.jobs
    }
    fn page_size(&self) -> Option<i64> {
        self.page_size.map(i64::from)
    }
}

fn list(keyword: Option<&str>, page_no: Option<i32>, page_size: Option<i32>) -> ListJobs {
    ListJobs {
        keyword: keyword.map(str::to_owned),
        page_no,
        page_size,
    }
}

fn fast_retry(attempts: u32) -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(attempts)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_millis(20))
}

#[tokio::test]
async fn wire_format_headers_and_signature() {
    let server =
        Server::start(|_, _| reply(200, r#"{"RequestId":"r1","TotalCount":0,"Jobs":[]}"#)).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let out = client
        .execute(&list(Some("模板1 a*b~c/d:e"), Some(1), Some(20)))
        .await;
    assert_eq!(out.map(|o| o.total_count).ok(), Some(Some(0)));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.target,
        "/?Keyword=%E6%A8%A1%E6%9D%BF1%20a%2Ab~c%2Fd%3Ae&PageNo=1&PageSize=20"
    );
    assert!(r.signature_ok, "signature must verify: {r:?}");
    assert_eq!(r.header("x-acs-action"), Some("ListLiveRecordJobs"));
    assert_eq!(r.header("x-acs-version"), Some("2020-11-09"));
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.header("x-acs-content-sha256"),
        Some(signing::EMPTY_BODY_SHA256)
    );
    assert_eq!(
        r.header("host"),
        Some(server.url.trim_start_matches("http://"))
    );
    let nonce = r.header("x-acs-signature-nonce").unwrap_or_default();
    assert!(
        nonce.len() == 32
            && nonce
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
    let date = r.header("x-acs-date").unwrap_or_default();
    assert!(
        crate::datetime::parse_lenient(date).is_ok() && date.len() == 20 && date.ends_with('Z')
    );
    assert!(r.header("x-acs-security-token").is_none());
    let auth = r.header("authorization").unwrap_or_default();
    assert!(auth.starts_with("ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId,SignedHeaders=accept;host;user-agent;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="), "{auth}");
}

#[tokio::test]
async fn sts_headers_are_sent_and_signed() {
    let server = Server::start(|_, _| reply(200, r#"{"Jobs":[]}"#)).await;
    let client = Config::builder()
        .endpoint(&server.url)
        .credentials(StaticCredentials::sts(AK, SECRET, "sts-token-value"))
        .build()
        .map_err(Error::from)
        .and_then(|c| Client::new(c, &TEST));
    let client = client.unwrap_or_else(|e| panic!("{e}"));
    let op = HttpPost;
    assert!(client.execute(&op).await.is_ok());
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/");
    assert!(r.signature_ok);
    assert_eq!(r.header("x-acs-security-token"), Some("sts-token-value"));
    assert_eq!(r.header("x-acs-accesskey-id"), Some(AK));
    assert!(
        r.header("authorization")
            .unwrap_or_default()
            .contains("x-acs-accesskey-id;x-acs-action")
    );
    assert!(
        r.header("authorization")
            .unwrap_or_default()
            .contains("x-acs-security-token;x-acs-signature-nonce")
    );
}

struct HttpPost;
impl Operation for HttpPost {
    type Output = serde_json::Value;
    const ACTION: &'static str = "GetLiveEditingJob";
    const METHOD: HttpMethod = HttpMethod::Post;
    fn write_query(&self, _: &mut QueryParams) {}
    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }
}

#[tokio::test]
async fn throttling_is_retried_with_fresh_nonce_and_date() {
    let server = Server::start(|n, _| {
        if n < 3 {
            let mut r = reply(
                400,
                r#"{"RequestId":"t","Code":"Throttling.User","Message":"slow down"}"#,
            );
            r.headers.push(("x-acs-retry-after", "10".to_owned()));
            r
        } else {
            reply(200, r#"{"Jobs":["a"]}"#)
        }
    })
    .await;
    let client = server.client(fast_retry(3), Timeouts::default());
    let out = client.execute(&list(None, None, None)).await;
    assert_eq!(out.map(|o| o.jobs).ok(), Some(vec!["a".to_owned()]));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs.iter().all(|r| r.signature_ok));
    let nonces: std::collections::HashSet<_> = reqs
        .iter()
        .map(|r| r.header("x-acs-signature-nonce"))
        .collect();
    assert_eq!(nonces.len(), 3, "each attempt has its own nonce");
}

#[tokio::test]
async fn attempts_are_bounded_and_last_error_returned() {
    let server = Server::start(|_, _| {
        reply(
            503,
            r#"{"Code":"ServiceUnavailable","Message":"busy","RequestId":"r9"}"#,
        )
    })
    .await;
    let client = server.client(fast_retry(3), Timeouts::default());
    let err = client.execute(&list(None, None, None)).await.err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        err.as_ref().and_then(Error::code),
        Some("ServiceUnavailable")
    );
    assert_eq!(
        err.map(|e| e.to_string()).as_deref(),
        Some("ListLiveRecordJobs failed: HTTP 503 ServiceUnavailable: busy (request id r9)")
    );
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = Server::start(|_, _| {
        reply(
            404,
            r#"{"Code":"JobNotFound","Message":"No such job.","RequestId":"3B-1"}"#,
        )
    })
    .await;
    let client = server.client(fast_retry(3), Timeouts::default());
    let err = client.execute(&list(None, None, None)).await.err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(err.as_ref().and_then(Error::status), Some(404));
    assert_eq!(err.as_ref().and_then(Error::request_id), Some("3B-1"));
}

#[tokio::test]
async fn retry_budget_exhaustion_stops_retries() {
    let server = Server::start(|_, _| reply(429, r#"{"Code":"Throttling"}"#)).await;
    // Budget for exactly one retry across the whole client.
    let client = server.client(fast_retry(3).with_budget(5), Timeouts::default());
    assert!(client.execute(&list(None, None, None)).await.is_err());
    assert_eq!(
        server.requests().len(),
        2,
        "one retry, then the budget is empty"
    );
    assert_eq!(client.retry_budget_available(), 0);
    let clone = client.clone();
    assert!(clone.execute(&list(None, None, None)).await.is_err());
    assert_eq!(
        server.requests().len(),
        3,
        "clones share the budget: no retry at all"
    );
}

#[tokio::test]
async fn html_502_is_a_service_error_with_raw_body() {
    let server = Server::start(|_, _| reply(502, "<html><body>Bad Gateway</body></html>")).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let err = client.execute(&list(None, None, None)).await.err();
    assert!(matches!(err, Some(Error::Service(_))));
    assert_eq!(err.as_ref().and_then(Error::code), None);
    assert_eq!(
        err.as_ref().and_then(Error::raw_body),
        Some("<html><body>Bad Gateway</body></html>")
    );
}

#[tokio::test]
async fn bad_2xx_body_is_a_decode_error() {
    let server =
        Server::start(|_, _| reply(200, r#"{"RequestId":"d-1","Jobs":"not-a-list"}"#)).await;
    let client = server.client(fast_retry(3), Timeouts::default());
    let err = client.execute(&list(None, None, None)).await.err();
    assert!(matches!(err, Some(Error::Decode(_))));
    assert_eq!(err.as_ref().and_then(Error::request_id), Some("d-1"));
    assert_eq!(server.requests().len(), 1, "decode errors are not retried");
}

#[tokio::test]
async fn validation_failure_sends_nothing() {
    let server = Server::start(|_, _| reply(200, "{}")).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let err = client.execute(&list(None, None, Some(101))).await.err();
    assert!(matches!(err, Some(Error::Validation(_))));
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn per_attempt_timeout() {
    let server = Server::start(|_, _| Reply {
        delay: Duration::from_millis(500),
        ..reply(200, "{}")
    })
    .await;
    let client = server.client(
        RetryConfig::disabled(),
        Timeouts::default().with_read(Duration::from_millis(100)),
    );
    let err = client.execute(&list(None, None, None)).await.err();
    match err {
        Some(Error::Timeout(t)) => assert_eq!(t.kind, TimeoutKind::Attempt),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn operation_timeout_bounds_all_attempts() {
    let server = Server::start(|_, _| Reply {
        delay: Duration::from_millis(150),
        ..reply(200, "{}")
    })
    .await;
    let client = server.client(
        fast_retry(5),
        Timeouts::default()
            .with_read(Duration::from_millis(100))
            .with_operation(Duration::from_millis(250)),
    );
    let started = std::time::Instant::now();
    let err = client.execute(&list(None, None, None)).await.err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(matches!(err, Some(Error::Timeout(_))));
}

#[tokio::test]
async fn connect_error_is_a_retryable_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0");
        l.ok()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.port())
            .unwrap_or(1)
    };
    let client = Config::builder()
        .endpoint(format!("http://127.0.0.1:{port}"))
        .credentials(StaticCredentials::new(AK, SECRET))
        .retry(RetryConfig::disabled())
        .build()
        .map_err(Error::from)
        .and_then(|c| Client::new(c, &TEST))
        .unwrap_or_else(|e| panic!("{e}"));
    let err = client.execute(&list(None, None, None)).await.err();
    match &err {
        Some(Error::Transport(t)) => assert!(t.is_connect()),
        other => panic!("expected a connect error, got {other:?}"),
    }
    assert!(err.is_some_and(|e| e.is_retryable()));
}

fn page_of(r: &Received, total: Option<i64>, all: &[&str], size: usize) -> Reply {
    let page: usize = r
        .target
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("PageNo="))
        .and_then(|p| p.parse().ok())
        .unwrap_or(1);
    let items: Vec<&str> = all
        .iter()
        .skip((page - 1) * size)
        .take(size)
        .copied()
        .collect();
    let body = match total {
        Some(t) => serde_json::json!({"TotalCount": t, "Jobs": items}),
        None => serde_json::json!({"Jobs": items}),
    };
    reply(200, &body.to_string())
}

#[tokio::test]
async fn items_stop_exactly_at_total_count() {
    let server = Server::start(|_, r| page_of(r, Some(5), &["a", "b", "c", "d", "e"], 2)).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let items: Result<Vec<String>, Error> =
        client.items(list(None, None, Some(2))).try_collect().await;
    assert_eq!(
        items.ok(),
        Some(
            vec!["a", "b", "c", "d", "e"]
                .into_iter()
                .map(String::from)
                .collect()
        )
    );
    assert_eq!(server.requests().len(), 3, "no request after the last item");
}

#[tokio::test]
async fn pages_without_total_stop_at_short_page_and_start_at_given_page() {
    let server = Server::start(|_, r| page_of(r, None, &["a", "b", "c", "d", "e"], 2)).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let pages: Vec<_> = client.pages(list(None, Some(2), Some(2))).collect().await;
    let pages: Vec<Vec<String>> = pages
        .into_iter()
        .filter_map(Result::ok)
        .map(|p| p.jobs)
        .collect();
    assert_eq!(
        pages,
        vec![vec!["c".to_owned(), "d".to_owned()], vec!["e".to_owned()]]
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn pages_without_page_size_stop_at_empty_page_and_errors_end_the_stream() {
    let server = Server::start(|_, r| page_of(r, None, &["a", "b", "c"], 2)).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let items: Vec<_> = client.items(list(None, None, None)).collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(
        server.requests().len(),
        2,
        "a shorter page than the first one is the last"
    );

    let server = Server::start(|n, r| {
        if n == 1 {
            page_of(r, Some(10), &["a", "b"], 2)
        } else {
            reply(404, r#"{"Code":"Gone"}"#)
        }
    })
    .await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let results: Vec<_> = client.items(list(None, None, Some(2))).collect().await;
    assert_eq!(results.len(), 3);
    assert!(
        results
            .last()
            .is_some_and(|r| r.as_ref().err().and_then(Error::code) == Some("Gone"))
    );
}

#[tokio::test]
async fn streams_are_send_and_static() {
    fn assert_send<T: Send + 'static>(_: &T) {}
    let server = Server::start(|_, r| page_of(r, Some(1), &["a"], 2)).await;
    let client = server.client(RetryConfig::disabled(), Timeouts::default());
    let stream = client.items(list(None, None, Some(2)));
    assert_send(&stream);
    let handle = tokio::spawn(async move { stream.collect::<Vec<_>>().await.len() });
    assert_eq!(handle.await.ok(), Some(1));
}
