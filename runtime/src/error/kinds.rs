//! The errors that are not the service's answer: an undecodable 2xx body, a request refused before
//! sending, a timeout, a transport failure.

use crate::body::Shown;
use std::fmt;
use std::time::Duration;

use super::service::scan_request_id;

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
