//! [`ServiceError`]: a non-2xx answer, read leniently from whatever body came back.

use crate::body::{SHOWN_BODY_BYTES, Shown, prefix};
use std::fmt;
use std::time::Duration;

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
