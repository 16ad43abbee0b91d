//! The one error type every call returns, with the service's code, message and request id up front.

use crate::body::{ResponseTooLargeError, SHOWN_BODY_BYTES, Shown, prefix};
use crate::config::ConfigError;
use crate::credentials::CredentialsError;
use std::fmt;
use std::time::Duration;

/// Everything that can go wrong with a call. Payloads are boxed so `Result<T, Error>` stays small.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with a non-2xx status.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The service answered 2xx but the body is not the documented shape.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request broke a documented limit; nothing was sent.
    #[error(transparent)]
    Validation(Box<ValidationError>),
    /// A connect, per-attempt or whole-operation timeout expired.
    #[error(transparent)]
    Timeout(Box<TimeoutError>),
    /// The HTTP exchange failed (DNS, connect, TLS, reset...).
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// No usable credentials.
    #[error(transparent)]
    Credentials(Box<CredentialsError>),
    /// The client configuration is unusable.
    #[error(transparent)]
    Config(Box<ConfigError>),
    /// The response body is longer than the client's limit; only its first bytes were read.
    #[error(transparent)]
    ResponseTooLarge(Box<ResponseTooLargeError>),
}

impl Error {
    /// The service error code (`Throttling.User`, `JobNotFound`...), if the service sent one.
    pub fn code(&self) -> Option<&str> {
        self.as_service().and_then(|e| e.code.as_deref())
    }

    /// The service error message, if the service sent one.
    pub fn message(&self) -> Option<&str> {
        self.as_service().and_then(|e| e.message.as_deref())
    }

    /// The request id to quote to Alibaba Cloud support, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::ResponseTooLarge(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::ResponseTooLarge(e) => Some(e.status),
            _ => None,
        }
    }

    /// The raw response body (lossy UTF-8), when a response was received; only its first bytes when
    /// it was over the client's limit.
    pub fn raw_body(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(&e.raw_body),
            Error::Decode(e) => Some(&e.raw_body),
            Error::ResponseTooLarge(e) => Some(&e.head),
            _ => None,
        }
    }

    /// The operation (API action) that failed, when known.
    pub fn operation(&self) -> Option<&str> {
        match self {
            Error::Service(e) => Some(e.operation),
            Error::Decode(e) => Some(e.operation),
            Error::Validation(e) => Some(e.operation),
            Error::Timeout(e) => Some(e.operation),
            Error::Transport(e) => Some(e.operation),
            Error::ResponseTooLarge(e) => Some(e.operation),
            Error::Credentials(_) | Error::Config(_) => None,
        }
    }

    /// The service error, if this is one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// Whether repeating the same call may succeed: throttling, HTTP 429/5xx, connect failures and
    /// connect/per-attempt timeouts. Validation, decode, credential and config errors never are.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Timeout(e) => e.kind != TimeoutKind::Operation,
            Error::Transport(e) => e.is_connect(),
            _ => false,
        }
    }

    /// How long the service asked us to wait (`x-acs-retry-after`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.as_service().and_then(|e| e.retry_after)
    }
}

impl From<ServiceError> for Error {
    fn from(e: ServiceError) -> Self {
        Error::Service(Box::new(e))
    }
}
impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Error::Decode(Box::new(e))
    }
}
impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Error::Validation(Box::new(e))
    }
}
impl From<TimeoutError> for Error {
    fn from(e: TimeoutError) -> Self {
        Error::Timeout(Box::new(e))
    }
}
impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(Box::new(e))
    }
}
impl From<CredentialsError> for Error {
    fn from(e: CredentialsError) -> Self {
        Error::Credentials(Box::new(e))
    }
}
impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Error::Config(Box::new(e))
    }
}

/// Per-operation error-code enums implement this so users can `match` the documented codes.
pub trait ErrorCode: for<'a> From<&'a str> {
    /// The typed code of `error`, if it is a service error carrying a code.
    fn from_error(error: &Error) -> Option<Self> {
        error.code().map(Self::from)
    }
}

/// A non-2xx answer from the service. Fields are what the JSON error body carried. `Debug` and
/// `Display` show at most a few KiB of the body and of the message.
#[derive(Clone)]
#[non_exhaustive]
pub struct ServiceError {
    /// API action, e.g. `GetLiveSnapshotJob`.
    pub operation: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// `Code` from the body.
    pub code: Option<String>,
    /// `Message` from the body.
    pub message: Option<String>,
    /// `RequestId` from the body, else the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// `HostId` from the body.
    pub host_id: Option<String>,
    /// `Recommend` (a diagnosis link) from the body.
    pub recommend: Option<String>,
    /// `AccessDeniedDetail` from the body (RAM policy diagnostics), as sent.
    pub access_denied_detail: Option<serde_json::Value>,
    /// The `x-acs-retry-after` header (milliseconds), when present and positive.
    pub retry_after: Option<Duration>,
    /// The body, lossy UTF-8 (kept even when it is not JSON, e.g. an HTML 502 page).
    pub raw_body: String,
}

impl ServiceError {
    /// Builds the error from the parts of an HTTP response. Never fails: a body that is not JSON
    /// leaves code and message empty and is kept in `raw_body`. Public so mocks can build one.
    pub fn from_response(
        operation: &'static str,
        status: u16,
        request_id_header: Option<&str>,
        retry_after_header: Option<&str>,
        body: &[u8],
    ) -> ServiceError {
        let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
        // Some gateways wrap the error as {"Error": {...}}; the SDK reads the same fields there.
        let err = parsed
            .as_ref()
            .and_then(|v| v.get("Error").filter(|e| e.is_object()).or(Some(v)));
        let field = |upper: &str, lower: &str| -> Option<String> {
            let v = err?.get(upper).or_else(|| err?.get(lower))?;
            scalar_to_string(v)
        };
        let raw_body = String::from_utf8_lossy(body).into_owned();
        ServiceError {
            operation,
            status,
            code: field("Code", "code"),
            message: field("Message", "message"),
            request_id: field("RequestId", "requestId")
                .or_else(|| request_id_header.map(str::to_owned))
                .or_else(|| scan_request_id(&raw_body)),
            host_id: field("HostId", "hostId"),
            recommend: field("Recommend", "recommend"),
            access_denied_detail: err
                .and_then(|e| {
                    e.get("AccessDeniedDetail")
                        .or_else(|| e.get("accessDeniedDetail"))
                })
                .filter(|v| !v.is_null())
                .cloned(),
            retry_after: retry_after_header.and_then(parse_retry_after),
            raw_body,
        }
    }

    /// Throttling (`x-acs-retry-after`, HTTP 429, a `Throttling*` code) or a 5xx.
    pub fn is_throttling(&self) -> bool {
        self.retry_after.is_some()
            || self.status == 429
            || self
                .code
                .as_deref()
                .is_some_and(|c| c.starts_with("Throttling"))
    }

    /// Whether the same call may succeed later.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || (500..=599).contains(&self.status)
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("code", &self.code.as_deref().map(Shown))
            .field("message", &self.message.as_deref().map(Shown))
            .field("request_id", &self.request_id.as_deref().map(Shown))
            .field("host_id", &self.host_id.as_deref().map(Shown))
            .field("recommend", &self.recommend.as_deref().map(Shown))
            .field(
                "access_denied_detail",
                &self
                    .access_denied_detail
                    .as_ref()
                    .map(|v| prefix(&v.to_string(), SHOWN_BODY_BYTES).to_owned()),
            )
            .field("retry_after", &self.retry_after)
            .field("raw_body", &Shown(&self.raw_body))
            .finish()
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: HTTP {}", self.operation, self.status)?;
        let code = self.code.as_deref().map(|c| prefix(c, 256));
        let message = self.message.as_deref().map(|m| prefix(m, SHOWN_BODY_BYTES));
        match (code, message) {
            (Some(c), Some(m)) => write!(f, " {c}: {m}")?,
            (Some(c), None) => write!(f, " {c}")?,
            (None, Some(m)) => write!(f, ": {m}")?,
            (None, None) => {
                let snippet = body_snippet(&self.raw_body);
                if !snippet.is_empty() {
                    write!(f, ": {snippet}")?;
                }
            }
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", prefix(id, 256))?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// A 2xx response whose body did not decode into the operation's output type. `Debug` shows at most
/// a few KiB of the body.
#[non_exhaustive]
pub struct DecodeError {
    /// API action.
    pub operation: &'static str,
    /// HTTP status code.
    pub status: u16,
    /// From `x-acs-request-id`, else found leniently in the body.
    pub request_id: Option<String>,
    /// The body, lossy UTF-8.
    pub raw_body: String,
    /// What serde reported.
    pub source: serde_json::Error,
}

impl DecodeError {
    /// Builds the error, looking for a request id in the header, then leniently in the body.
    pub fn new(
        operation: &'static str,
        status: u16,
        request_id_header: Option<&str>,
        body: &[u8],
        source: serde_json::Error,
    ) -> DecodeError {
        let raw_body = String::from_utf8_lossy(body).into_owned();
        let request_id = request_id_header
            .map(str::to_owned)
            .or_else(|| scan_request_id(&raw_body));
        DecodeError {
            operation,
            status,
            request_id,
            raw_body,
            source,
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id.as_deref().map(Shown))
            .field("raw_body", &Shown(&self.raw_body))
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} returned HTTP {} with a body that could not be decoded: {}",
            self.operation, self.status, self.source
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A request that breaks a documented limit, caught before sending.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: invalid {field}: {reason}")]
pub struct ValidationError {
    /// API action.
    pub operation: &'static str,
    /// Wire name of the offending parameter.
    pub field: &'static str,
    /// What is wrong, in words.
    pub reason: String,
}

impl ValidationError {
    /// Builds a validation error.
    pub fn new(operation: &'static str, field: &'static str, reason: impl Into<String>) -> Self {
        ValidationError {
            operation,
            field,
            reason: reason.into(),
        }
    }
}

/// Which timeout expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Establishing the connection (TCP + TLS).
    Connect,
    /// One attempt: sending the request and reading the whole response.
    Attempt,
    /// The whole operation, all attempts and backoff included.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "connect",
            TimeoutKind::Attempt => "per-attempt",
            TimeoutKind::Operation => "operation",
        })
    }
}

/// A timeout expired.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{operation} timed out: {kind} timeout ({limit:?}) expired after {elapsed:?}")]
#[non_exhaustive]
pub struct TimeoutError {
    /// API action.
    pub operation: &'static str,
    /// Which timeout.
    pub kind: TimeoutKind,
    /// The configured limit.
    pub limit: Duration,
    /// Time spent when it expired.
    pub elapsed: Duration,
}

impl TimeoutError {
    /// Builds a timeout error.
    pub fn new(
        operation: &'static str,
        kind: TimeoutKind,
        limit: Duration,
        elapsed: Duration,
    ) -> Self {
        TimeoutError {
            operation,
            kind,
            limit,
            elapsed,
        }
    }
}

/// The HTTP exchange failed below the HTTP level.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// API action.
    pub operation: &'static str,
    /// True when the connection could not be established (DNS, refused, TLS handshake).
    pub connect: bool,
    /// The underlying error (boxed so the HTTP library stays out of the public API).
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// Builds a transport error.
    pub fn new(
        operation: &'static str,
        connect: bool,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            operation,
            connect,
            source: source.into(),
        }
    }

    /// Whether the failure happened while connecting (safe to retry: nothing reached the service).
    pub fn is_connect(&self) -> bool {
        self.connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.connect {
            "could not connect"
        } else {
            "HTTP transport error"
        };
        write!(f, "{}: {what}: {}", self.operation, self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// `x-acs-retry-after` is milliseconds; only a positive integer counts (as in the official SDK).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let ms: u64 = value.trim().parse().ok()?;
    (ms > 0).then(|| Duration::from_millis(ms))
}

fn scalar_to_string(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Finds `"RequestId":"..."` in a body that may not be valid JSON (truncated, wrong shape).
pub(crate) fn scan_request_id(body: &str) -> Option<String> {
    for key in ["\"RequestId\"", "\"requestId\""] {
        let Some(pos) = body.find(key) else { continue };
        let rest = body.get(pos + key.len()..)?.trim_start();
        let rest = rest.strip_prefix(':')?.trim_start();
        let rest = rest.strip_prefix('"')?;
        let end = rest.find('"')?;
        let id = rest.get(..end)?;
        if !id.is_empty() && id.len() <= 128 {
            return Some(id.to_owned());
        }
    }
    None
}

/// A short one-line excerpt of a non-JSON body for `Display` (an HTML error page can be huge).
fn body_snippet(body: &str) -> String {
    const MAX: usize = 160;
    // Whitespace is collapsed, so a few KiB are enough to fill the excerpt.
    let body = prefix(body, SHOWN_BODY_BYTES);
    let one_line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        one_line
    } else {
        let mut s: String = one_line.chars().take(MAX).collect();
        s.push('…');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_error_display_is_one_informative_line() {
        let e = ServiceError::from_response(
            "GetLiveSnapshotJob",
            404,
            None,
            None,
            br#"{"RequestId":"3B-1","HostId":"ice.aliyuncs.com","Code":"JobNotFound","Message":"No such job.","Recommend":"https://x"}"#,
        );
        assert_eq!(
            e.to_string(),
            "GetLiveSnapshotJob failed: HTTP 404 JobNotFound: No such job. (request id 3B-1)"
        );
        let err = Error::from(e);
        assert_eq!(
            err.to_string(),
            "GetLiveSnapshotJob failed: HTTP 404 JobNotFound: No such job. (request id 3B-1)"
        );
        assert_eq!(err.code(), Some("JobNotFound"));
        assert_eq!(err.message(), Some("No such job."));
        assert_eq!(err.request_id(), Some("3B-1"));
        assert_eq!(err.status(), Some(404));
        assert_eq!(
            err.as_service().and_then(|s| s.host_id.as_deref()),
            Some("ice.aliyuncs.com")
        );
        assert_eq!(
            err.as_service().and_then(|s| s.recommend.as_deref()),
            Some("https://x")
        );
        assert!(!err.is_retryable());
    }

    #[test]
    fn html_502_keeps_raw_body_without_code() {
        let body = b"<html>\n<body>502 Bad Gateway</body></html>";
        let e = Error::from(ServiceError::from_response(
            "Op",
            502,
            Some("rid-h"),
            None,
            body,
        ));
        assert_eq!(e.code(), None);
        assert_eq!(
            e.raw_body(),
            Some("<html>\n<body>502 Bad Gateway</body></html>")
        );
        assert_eq!(e.request_id(), Some("rid-h"));
        assert_eq!(
            e.to_string(),
            "Op failed: HTTP 502: <html> <body>502 Bad Gateway</body></html> (request id rid-h)"
        );
        assert!(e.is_retryable());
    }

    #[test]
    fn throttling_classification() {
        let throttled = |status, code: &str, retry: Option<&str>| {
            let body = format!(r#"{{"Code":"{code}","Message":"m"}}"#);
            ServiceError::from_response("Op", status, None, retry, body.as_bytes())
        };
        assert!(throttled(400, "Throttling.User", None).is_retryable());
        assert!(throttled(400, "Throttling", None).is_retryable());
        assert!(throttled(400, "Throttling.Api", None).is_retryable());
        assert!(throttled(429, "Whatever", None).is_retryable());
        assert!(throttled(503, "ServiceUnavailable", None).is_retryable());
        assert!(!throttled(400, "InvalidParameter", None).is_retryable());
        assert!(!throttled(403, "NotThrottling", None).is_retryable());
        let e = throttled(400, "InvalidParameter", Some("1500"));
        assert!(e.is_retryable());
        assert_eq!(e.retry_after, Some(Duration::from_millis(1500)));
        assert_eq!(throttled(400, "X", Some("0")).retry_after, None);
        assert_eq!(throttled(400, "X", Some("soon")).retry_after, None);
    }

    #[test]
    fn access_denied_detail_and_lower_case_fields() {
        let e = ServiceError::from_response(
            "Op",
            403,
            None,
            None,
            br#"{"requestId":"r","code":"Forbidden.RAM","message":"no","AccessDeniedDetail":{"PolicyType":"AccountLevelIdentityBasedPolicy"}}"#,
        );
        assert_eq!(e.code.as_deref(), Some("Forbidden.RAM"));
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(
            e.access_denied_detail
                .as_ref()
                .and_then(|d| d.get("PolicyType"))
                .and_then(|v| v.as_str()),
            Some("AccountLevelIdentityBasedPolicy")
        );
    }

    #[test]
    fn decode_error_finds_request_id_leniently() {
        let body = br#"{"RequestId" : "abc-123", "LiveRecordJobs": "not-a-list""#;
        let source = match serde_json::from_slice::<serde_json::Value>(body) {
            Err(e) => e,
            Ok(_) => panic!("body should not parse"),
        };
        let e = Error::from(DecodeError::new(
            "ListLiveRecordJobs",
            200,
            None,
            body,
            source,
        ));
        assert_eq!(e.request_id(), Some("abc-123"));
        assert_eq!(e.status(), Some(200));
        assert!(
            e.to_string()
                .starts_with("ListLiveRecordJobs returned HTTP 200")
        );
        assert!(e.to_string().ends_with("(request id abc-123)"));
        assert!(std::error::Error::source(&e).is_some());
        assert!(!e.is_retryable());
    }

    #[test]
    fn scan_request_id_never_panics_on_garbage() {
        for s in [
            "",
            "\"RequestId\"",
            "\"RequestId\":",
            "\"RequestId\":\"",
            "\"RequestId\": 5",
            "é\"RequestId\"é",
        ] {
            let _ = scan_request_id(s);
        }
        assert_eq!(scan_request_id("xx\"RequestId\":\"\"").as_deref(), None);
    }

    #[test]
    fn other_variants_display_and_retryability() {
        let t = Error::from(TimeoutError::new(
            "Op",
            TimeoutKind::Attempt,
            Duration::from_secs(10),
            Duration::from_secs(10),
        ));
        assert!(t.is_retryable());
        assert!(t.to_string().contains("per-attempt timeout"));
        let op = Error::from(TimeoutError::new(
            "Op",
            TimeoutKind::Operation,
            Duration::from_secs(60),
            Duration::from_secs(61),
        ));
        assert!(!op.is_retryable());
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "refused");
        let c = Error::from(TransportError::new("Op", true, io));
        assert!(c.is_retryable());
        assert_eq!(c.to_string(), "Op: could not connect: refused");
        let v = Error::from(ValidationError::new("Op", "JobId", "must not be empty"));
        assert_eq!(v.to_string(), "Op: invalid JobId: must not be empty");
        assert!(!v.is_retryable());
        assert_eq!(v.operation(), Some("Op"));
    }

    #[derive(Debug, PartialEq)]
    enum Codes {
        JobNotFound,
        Unknown(String),
    }
    impl From<&str> for Codes {
        fn from(s: &str) -> Self {
            match s {
                "JobNotFound" => Codes::JobNotFound,
                other => Codes::Unknown(other.to_owned()),
            }
        }
    }
    impl ErrorCode for Codes {}

    #[test]
    fn error_code_trait_maps_codes() {
        let e = Error::from(ServiceError::from_response(
            "Op",
            404,
            None,
            None,
            br#"{"Code":"JobNotFound"}"#,
        ));
        assert_eq!(Codes::from_error(&e), Some(Codes::JobNotFound));
        let v = Error::from(ValidationError::new("Op", "f", "r"));
        assert_eq!(Codes::from_error(&v), None);
        let _ = Codes::Unknown(String::new());
    }
}
