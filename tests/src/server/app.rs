//! The HTTP side: one axum fallback handler that routes, verifies, applies faults, answers and logs.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use serde_json::Value;

use super::dataset::Dataset;
use super::errors::ApiError;
use super::examples::Examples;
use super::faults::{Fault, Faults};
use super::handlers::{self, Params};
use super::keys::KeyTable;
use super::log::{LoggedRequest, RequestLog, Verdict};
use super::replay::{NonceCache, check_date};
use super::routing::{self, Operation};
use super::signature::{Rejection, RequestParts, decode_query, verify_signature};
use super::spec_ops::{SpecOperation, SpecOperations};

/// Everything a request handler needs, shared by all connections of one server.
pub(crate) struct AppState {
    pub keys: KeyTable,
    pub max_skew: Duration,
    pub check_method: bool,
    pub nonces: NonceCache,
    pub data: Dataset,
    pub examples: Examples,
    /// Operations read from the spec directory beyond the built-in five.
    pub spec_ops: SpecOperations,
    pub faults: Faults,
    pub log: Arc<RequestLog>,
    pub seq: AtomicU64,
}

/// What the handler decided, before it becomes an HTTP response.
enum Outcome {
    Json(Value),
    Error(ApiError),
    Raw {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
}

const MALFORMED_BODY: &str = r#"{"RequestId": "abc", "Jobs": ["#;
const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n";

pub(crate) async fn handle(
    State(state): State<Arc<AppState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let seq = state.seq.fetch_add(1, Ordering::Relaxed) + 1;
    let request_id = format!("5E5A7E57-0000-4000-8000-{seq:012X}");
    let header_list: Vec<(String, Vec<u8>)> = headers
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_bytes().to_vec()))
        .collect();
    let text_header = |name: &str| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let action = text_header("x-acs-action");
    let version = text_header("x-acs-version");
    let raw_query = uri.query().unwrap_or("").to_owned();
    let query = decode_query(&raw_query);
    let form = form_parameters(&headers, &body);
    let op = routing::lookup(
        action.as_deref().unwrap_or(""),
        version.as_deref().unwrap_or(""),
    );
    let spec_op = match op {
        Some(_) => None,
        None => state.spec_ops.lookup(
            action.as_deref().unwrap_or(""),
            version.as_deref().unwrap_or(""),
        ),
    };

    let parts = RequestParts {
        method: method.as_str(),
        path: uri.path(),
        raw_query: &raw_query,
        headers: &header_list,
        body: &body,
    };
    let (verdict, fault, outcome) = match spec_op {
        Some(spec_op) => decide_spec(&state, spec_op, &parts, &query, &form),
        None => decide(&state, op, &parts, &query).await,
    };

    let product = match (op, spec_op) {
        (Some(op), _) => op.product,
        (None, Some(spec_op)) => spec_op.product.as_str(),
        (None, None) => "ICE",
    };
    let host_id = text_header("host")
        .filter(|h| !h.is_empty())
        .or_else(|| op.map(|op| op.host.to_owned()))
        .unwrap_or_else(|| "ice.cn-shanghai.aliyuncs.com".to_owned());
    let (status, error_code, response) = render(outcome, &request_id, &host_id, product);

    tracing::debug!(seq, ?action, %method, status, ?error_code, "request");
    state.log.record(LoggedRequest {
        seq,
        action,
        version,
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        raw_query,
        query,
        body: body.to_vec(),
        form,
        headers: header_list
            .iter()
            .map(|(n, v)| (n.clone(), String::from_utf8_lossy(v).into_owned()))
            .collect(),
        verdict,
        status,
        error_code,
        fault,
    });
    response
}

/// Routing, method, signature, replay, fault, answer — in that order.
async fn decide(
    state: &AppState,
    op: Option<&'static Operation>,
    parts: &RequestParts<'_>,
    query: &[(String, String)],
) -> (Verdict, Option<Fault>, Outcome) {
    let Some(op) = op else {
        return (
            Verdict::NotChecked,
            None,
            Outcome::Error(ApiError::invalid_action()),
        );
    };
    if state.check_method && parts.method != op.method {
        return (
            Verdict::NotChecked,
            None,
            Outcome::Error(ApiError::unsupported_method(parts.method, op.method)),
        );
    }
    let (verdict, refusal) = authenticate(state, parts);
    if let Some(error) = refusal {
        return (verdict, None, Outcome::Error(error));
    }

    let fault = state.faults.take(op.name);
    let outcome = answer(state, op, query, fault.as_ref()).await;
    (verdict, fault, outcome)
}

/// Signature, date window and nonce: the verdict, and the error to answer when it refuses.
fn authenticate(state: &AppState, parts: &RequestParts<'_>) -> (Verdict, Option<ApiError>) {
    let verified = verify_signature(parts, &state.keys).and_then(|verified| {
        check_date(
            parts.header("x-acs-date"),
            jiff::Timestamp::now(),
            state.max_skew,
        )?;
        state
            .nonces
            .check_and_record(parts.header("x-acs-signature-nonce"))?;
        Ok(verified)
    });
    match verified {
        Ok(verified) => (
            Verdict::Accepted {
                access_key_id: verified.access_key_id,
            },
            None,
        ),
        Err(rejection) => {
            let canonical_request = match &rejection {
                Rejection::SignatureDoesNotMatch {
                    canonical_request, ..
                } => Some(canonical_request.clone()),
                _ => None,
            };
            let error = ApiError::from(&rejection);
            let verdict = Verdict::Rejected {
                code: error.code.clone(),
                message: error.message.clone(),
                canonical_request,
            };
            (verdict, Some(error))
        }
    }
}

/// A spec-defined operation: method, signature (which covers the body through its SHA-256), replay,
/// where each parameter arrived, then the spec's example. Faults apply only to the built-in five.
fn decide_spec(
    state: &AppState,
    op: &SpecOperation,
    parts: &RequestParts<'_>,
    query: &[(String, String)],
    form: &[(String, String)],
) -> (Verdict, Option<Fault>, Outcome) {
    if state.check_method && parts.method != op.method {
        return (
            Verdict::NotChecked,
            None,
            Outcome::Error(ApiError::unsupported_method(parts.method, &op.method)),
        );
    }
    let (verdict, refusal) = authenticate(state, parts);
    if let Some(error) = refusal {
        return (verdict, None, Outcome::Error(error));
    }
    if !parts.body.is_empty() && form.is_empty() {
        let error = ApiError::new(
            400,
            "InvalidParameter",
            "A request body must be application/x-www-form-urlencoded.",
        );
        return (verdict, None, Outcome::Error(error));
    }
    let outcome = match op.check_parameters(query, form) {
        Ok(()) => Outcome::Json(op.example.clone()),
        Err(error) => Outcome::Error(error),
    };
    (verdict, None, outcome)
}

/// The parameters of an `application/x-www-form-urlencoded` body (none for any other body).
fn form_parameters(headers: &HeaderMap, body: &[u8]) -> Vec<(String, String)> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    match std::str::from_utf8(body) {
        Ok(text) if is_form => decode_query(text),
        _ => Vec::new(),
    }
}

/// The answer of an accepted request, with `fault` applied.
async fn answer(
    state: &AppState,
    op: &Operation,
    query: &[(String, String)],
    fault: Option<&Fault>,
) -> Outcome {
    let early = match fault {
        Some(Fault::Throttle { retry_after_ms }) => Some(Outcome::Error(
            ApiError::new(
                400,
                "Throttling.User",
                "Request was denied due to user flow control.",
            )
            .with_retry_after(*retry_after_ms),
        )),
        Some(Fault::TooManyRequests) => Some(Outcome::Error(ApiError::new(
            429,
            "Throttling",
            "Request was denied due to request throttling.",
        ))),
        Some(Fault::ServiceUnavailable) => Some(Outcome::Error(ApiError::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        ))),
        Some(Fault::InternalError) => Some(Outcome::Error(ApiError::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        ))),
        Some(Fault::Error {
            status,
            code,
            message,
        }) => Some(Outcome::Error(ApiError::new(
            *status,
            code,
            message.clone(),
        ))),
        Some(Fault::MalformedJson) => Some(Outcome::Raw {
            status: 200,
            content_type: "application/json;charset=utf-8",
            body: MALFORMED_BODY.as_bytes().to_vec(),
        }),
        Some(Fault::HtmlBadGateway) => Some(Outcome::Raw {
            status: 502,
            content_type: "text/html",
            body: HTML_502.as_bytes().to_vec(),
        }),
        Some(Fault::Delay { millis }) => {
            tokio::time::sleep(Duration::from_millis(*millis)).await;
            None
        }
        _ => None,
    };
    if let Some(outcome) = early {
        return outcome;
    }
    let mut body = match handlers::respond(op, &Params::new(query), &state.data, &state.examples) {
        Ok(body) => body,
        Err(error) => return Outcome::Error(error),
    };
    match fault {
        Some(Fault::UndocumentedEnum) => handlers::undocumented_enums(op.action, &mut body),
        Some(Fault::ExtraFields) => handlers::add_extra_fields(&mut body),
        Some(Fault::TruncatedJson) => {
            let mut bytes = serde_json::to_vec(&body).unwrap_or_default();
            bytes.truncate(bytes.len() / 2);
            return Outcome::Raw {
                status: 200,
                content_type: "application/json;charset=utf-8",
                body: bytes,
            };
        }
        _ => {}
    }
    Outcome::Json(body)
}

/// Turns an outcome into the HTTP response; returns (status, error code, response).
fn render(
    outcome: Outcome,
    request_id: &str,
    host_id: &str,
    product: &str,
) -> (u16, Option<String>, Response) {
    let (status, code, content_type, body, retry_after) = match outcome {
        Outcome::Json(mut value) => {
            if let Value::Object(map) = value {
                // Every real answer carries a fresh RequestId; keep it first, like Alibaba.
                let mut with_id = serde_json::Map::new();
                with_id.insert("RequestId".into(), Value::String(request_id.to_owned()));
                with_id.extend(map.into_iter().filter(|(key, _)| key != "RequestId"));
                value = Value::Object(with_id);
            }
            let body = serde_json::to_vec(&value).unwrap_or_default();
            (200, None, "application/json;charset=utf-8", body, None)
        }
        Outcome::Error(error) => {
            let body =
                serde_json::to_vec(&error.body(request_id, host_id, product)).unwrap_or_default();
            (
                error.status,
                Some(error.code),
                "application/json;charset=utf-8",
                body,
                error.retry_after_ms,
            )
        }
        Outcome::Raw {
            status,
            content_type,
            body,
        } => (status, None, content_type, body, None),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", value);
    }
    if let Some(millis) = retry_after {
        headers.insert("x-acs-retry-after", HeaderValue::from(millis));
    }
    (status, code, response)
}
