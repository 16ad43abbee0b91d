//! What the mock server answers to one accepted request.

use std::time::Duration;

use serde_json::{Map, Value, json};

/// One answer of [`MockServer`](super::MockServer): a body, an Alibaba Cloud error, or a dropped
/// connection, optionally after a delay.
///
/// Every answer carries a request id, in the `x-acs-request-id` header and, for errors and example
/// bodies, as `RequestId` in the body: a fresh one per request, or the one set with
/// [`with_request_id`](Reply::with_request_id).
///
/// ```
/// use alibabacloud_rpc_runtime::test_util::Reply;
/// use std::time::Duration;
///
/// let not_found = Reply::error(404, "JobNotFound", "No such job.").with_request_id("REQ-1");
/// let slow = Reply::example().with_delay(Duration::from_secs(2));
/// let throttled = Reply::throttled(Duration::from_millis(50));
/// # let _ = (not_found, slow, throttled);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub(crate) kind: Kind,
    pub(crate) delay: Duration,
    pub(crate) request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    /// The operation's documented example (or `{}` when it has none).
    Example,
    /// 200 with this JSON, as given.
    Json(Value),
    /// Any status, content type and bytes.
    Raw {
        status: u16,
        content_type: String,
        body: Vec<u8>,
    },
    /// Alibaba Cloud's error body.
    Error {
        status: u16,
        code: String,
        message: String,
        retry_after: Option<Duration>,
    },
    /// Close the connection without answering.
    Drop,
}

impl Reply {
    fn of(kind: Kind) -> Reply {
        Reply {
            kind,
            delay: Duration::ZERO,
            request_id: None,
        }
    }

    /// HTTP 200 with the operation's documented example response (what the server answers when
    /// nothing else is set), its `RequestId` replaced by this request's id.
    pub fn example() -> Reply {
        Reply::of(Kind::Example)
    }

    /// HTTP 200 with `body` as the response, sent as given.
    pub fn json(body: Value) -> Reply {
        Reply::of(Kind::Json(body))
    }

    /// Any status, content type and body: an HTML page from a proxy, a truncated JSON...
    pub fn raw(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::of(Kind::Raw {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        })
    }

    /// An Alibaba Cloud error: `status` with `{"RequestId","HostId","Code","Message","Recommend"}`.
    /// The client returns it as `Error::Service`; 5xx and `Throttling*` codes are retried.
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::of(Kind::Error {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            retry_after: None,
        })
    }

    /// Flow control: HTTP 400 `Throttling.User` with `x-acs-retry-after` (milliseconds), which the
    /// client honours before retrying.
    pub fn throttled(retry_after: Duration) -> Reply {
        Reply::of(Kind::Error {
            status: 400,
            code: "Throttling.User".to_owned(),
            message: "Request was denied due to user flow control.".to_owned(),
            retry_after: Some(retry_after),
        })
    }

    /// HTTP 503 `ServiceUnavailable`, which the client retries.
    pub fn service_unavailable() -> Reply {
        Reply::error(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )
    }

    /// The connection is closed without an answer: the client sees `Error::Transport` (not retried,
    /// as the request may have been carried out).
    pub fn drop_connection() -> Reply {
        Reply::of(Kind::Drop)
    }

    /// Waits `delay` before answering (or dropping), for timeouts: a delay longer than the client's
    /// per-attempt timeout gives `Error::Timeout`.
    pub fn with_delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    /// Answers with this request id instead of a fresh one.
    pub fn with_request_id(mut self, request_id: &str) -> Reply {
        self.request_id = Some(request_id.to_owned());
        self
    }
}

/// A reply made concrete for one request.
pub(crate) struct Rendered {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
}

const JSON: &str = "application/json;charset=utf-8";

/// The HTTP answer of `kind`; `None` for a dropped connection. `example` is the operation's
/// documented response, `host` the `host` header for `HostId`.
pub(crate) fn render(
    kind: &Kind,
    example: Option<&str>,
    request_id: &str,
    host: &str,
) -> Option<Rendered> {
    let json = |status: u16, value: &Value, retry_after: Option<Duration>| Rendered {
        status,
        content_type: JSON.to_owned(),
        body: serde_json::to_vec(value).unwrap_or_default(),
        retry_after,
    };
    match kind {
        Kind::Example => {
            let documented = example
                .and_then(|text| serde_json::from_str::<Value>(text).ok())
                .unwrap_or_else(|| Value::Object(Map::new()));
            Some(json(200, &with_request_id(documented, request_id), None))
        }
        Kind::Json(value) => Some(json(200, value, None)),
        Kind::Raw {
            status,
            content_type,
            body,
        } => Some(Rendered {
            status: *status,
            content_type: content_type.clone(),
            body: body.clone(),
            retry_after: None,
        }),
        Kind::Error {
            status,
            code,
            message,
            retry_after,
        } => Some(json(
            *status,
            &error_body(request_id, host, code, message),
            *retry_after,
        )),
        Kind::Drop => None,
    }
}

/// Alibaba Cloud's error body.
pub(crate) fn error_body(request_id: &str, host: &str, code: &str, message: &str) -> Value {
    json!({
        "RequestId": request_id,
        "HostId": host,
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&requestId={request_id}"),
    })
}

/// The example with this request's `RequestId` in place of the documented one.
fn with_request_id(mut value: Value, request_id: &str) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    }
    value
}
