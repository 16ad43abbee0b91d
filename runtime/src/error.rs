//! The one error type every call returns, with the service's code, message and request id up front.

use crate::body::ResponseTooLargeError;
use crate::config::ConfigError;
use crate::credentials::CredentialsError;
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

mod kinds;
mod service;
#[cfg(test)]
mod tests;

pub use kinds::{DecodeError, TimeoutError, TimeoutKind, TransportError, ValidationError};
pub use service::ServiceError;
