//! STS 2015-04-01: `AssumeRole` (V3 signature checked by the RPC test server's verifier, date
//! window and nonce checked) and `AssumeRoleWithOIDC` (unsigned; the OIDC token must be one the
//! server was told to accept). Answers carry credentials from a [`Rotation`].

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::rotation::Rotation;
use super::{Mode, Running, misbehave};
use crate::server::errors::ApiError;
use crate::server::replay::{DEFAULT_MAX_SKEW, NonceCache, check_date};
use crate::server::signature::decode_query;
use crate::server::{KeyTable, RequestParts, verify_signature};

/// One request the server answered (or refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StsCall {
    pub action: String,
    /// The verified AccessKeyId (AssumeRole), `None` for AssumeRoleWithOIDC.
    pub signed_by: Option<String>,
    pub params: Vec<(String, String)>,
    pub status: u16,
}

impl StsCall {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

pub struct StsState {
    pub rotation: Rotation,
    pub keys: Mutex<KeyTable>,
    pub oidc_tokens: Mutex<Vec<String>>,
    pub mode: Mutex<Mode>,
    pub calls: Mutex<Vec<StsCall>>,
    /// Answer this many next requests with 503 ServiceUnavailable (a retryable error).
    pub fail_next: AtomicU32,
    nonces: NonceCache,
    seq: AtomicU32,
}

pub struct StsServer {
    pub state: Arc<StsState>,
    running: Running,
}

impl StsServer {
    /// Accepts AssumeRole signed by any key of `keys` and AssumeRoleWithOIDC with any of `tokens`.
    pub fn start(lifetime: Duration, keys: KeyTable, tokens: &[&str]) -> StsServer {
        StsServer::with_rotation(Rotation::new(lifetime), keys, tokens)
    }

    pub fn with_rotation(rotation: Rotation, keys: KeyTable, tokens: &[&str]) -> StsServer {
        let state = Arc::new(StsState {
            rotation,
            keys: Mutex::new(keys),
            oidc_tokens: Mutex::new(tokens.iter().map(|t| (*t).to_owned()).collect()),
            mode: Mutex::new(Mode::Normal),
            calls: Mutex::new(Vec::new()),
            fail_next: AtomicU32::new(0),
            nonces: NonceCache::new(true),
            seq: AtomicU32::new(0),
        });
        let router = Router::new().fallback(handle).with_state(state.clone());
        StsServer {
            state,
            running: Running::start(router),
        }
    }

    /// `http://127.0.0.1:PORT`, the STS endpoint to configure.
    pub fn url(&self) -> String {
        self.running.url()
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.state.mode.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    pub fn calls(&self) -> Vec<StsCall> {
        self.state
            .calls
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn accept_token(&self, token: &str) {
        self.state
            .oidc_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(token.to_owned());
    }
}

fn error(status: u16, code: &str, message: &str, request_id: &str) -> Response {
    let body = ApiError::new(status, code, message).body(request_id, "sts.aliyuncs.com", "Sts");
    let mut response = (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        axum::Json(body),
    )
        .into_response();
    if let Ok(v) = request_id.parse() {
        response.headers_mut().insert("x-acs-request-id", v);
    }
    response
}

async fn handle(
    State(state): State<Arc<StsState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let seq = state.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let request_id = format!("57500000-0000-4000-8000-{seq:012X}");
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    let raw_query = uri.query().unwrap_or("").to_owned();
    let params = decode_query(&raw_query);
    // V3 names the action in a header; the legacy style the Python credentials library uses, in the query.
    let legacy = !headers.contains_key("x-acs-action");
    let action = if legacy {
        params
            .iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    } else {
        header("x-acs-action").to_owned()
    };
    let mut call = StsCall {
        action: action.clone(),
        signed_by: None,
        params: params.clone(),
        status: 200,
    };
    let response = if legacy {
        answer_legacy(&state, &method, &mut call, &request_id).await
    } else {
        answer(
            &state,
            &method,
            &uri,
            &headers,
            &body,
            &mut call,
            &request_id,
        )
        .await
    };
    call.status = response.status().as_u16();
    state
        .calls
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(call);
    response
}

async fn answer(
    state: &StsState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
    call: &mut StsCall,
    request_id: &str,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    };
    if header("x-acs-version") != "2015-04-01"
        || !matches!(call.action.as_str(), "AssumeRole" | "AssumeRoleWithOIDC")
    {
        return error(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found.",
            request_id,
        );
    }
    if method != Method::POST {
        return error(
            400,
            "UnsupportedHTTPMethod",
            "STS actions take POST.",
            request_id,
        );
    }
    if let Err(r) = check_date(
        headers.get("x-acs-date").map(|v| v.as_bytes()),
        jiff::Timestamp::now(),
        DEFAULT_MAX_SKEW,
    ) {
        return error(r.status(), r.code(), &r.message(), request_id);
    }
    if call.action == "AssumeRole" {
        let header_list: Vec<(String, Vec<u8>)> = headers
            .iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
            .collect();
        let parts = RequestParts {
            method: method.as_str(),
            path: uri.path(),
            raw_query: uri.query().unwrap_or(""),
            headers: &header_list,
            body,
        };
        let keys = state.keys.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match verify_signature(&parts, &keys) {
            Ok(v) => call.signed_by = Some(v.access_key_id),
            Err(r) => return error(r.status(), r.code(), &r.message(), request_id),
        }
        if let Err(r) = state
            .nonces
            .check_and_record(headers.get("x-acs-signature-nonce").map(|v| v.as_bytes()))
        {
            return error(r.status(), r.code(), &r.message(), request_id);
        }
    } else {
        if headers.contains_key("authorization") {
            return error(
                400,
                "InvalidParameter",
                "AssumeRoleWithOIDC is not signed.",
                request_id,
            );
        }
        let token = call.param("OIDCToken").unwrap_or("").to_owned();
        let known = state
            .oidc_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&token);
        if !known {
            return error(
                400,
                "InvalidParameter.OIDCToken.Invalid",
                "The OIDC token is not valid.",
                request_id,
            );
        }
        if call.param("OIDCProviderArn").unwrap_or("").is_empty() {
            return error(
                400,
                "MissingOIDCProviderArn",
                "OIDCProviderArn is mandatory.",
                request_id,
            );
        }
    }
    issue(state, call, request_id).await
}

/// A legacy-style request (GET, parameters and V1 signature in the query).
async fn answer_legacy(
    state: &StsState,
    method: &Method,
    call: &mut StsCall,
    request_id: &str,
) -> Response {
    let param = |name: &str| call.param(name).unwrap_or("").to_owned();
    if param("Version") != "2015-04-01"
        || !matches!(call.action.as_str(), "AssumeRole" | "AssumeRoleWithOIDC")
    {
        return error(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found.",
            request_id,
        );
    }
    if call.action == "AssumeRole" {
        let keys = state.keys.lock().unwrap_or_else(|e| e.into_inner()).clone();
        match super::v1::verify(method.as_str(), &call.params, &keys) {
            Ok(id) => call.signed_by = Some(id),
            Err(reason) => return error(400, "SignatureDoesNotMatch", &reason, request_id),
        }
    } else {
        let known = state
            .oidc_tokens
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(&param("OIDCToken"));
        if !known {
            return error(
                400,
                "InvalidParameter.OIDCToken.Invalid",
                "The OIDC token is not valid.",
                request_id,
            );
        }
    }
    issue(state, call, request_id).await
}

/// Checks the role parameters and answers with the next credentials.
async fn issue(state: &StsState, call: &StsCall, request_id: &str) -> Response {
    for name in ["RoleArn", "RoleSessionName"] {
        if call.param(name).unwrap_or("").is_empty() {
            let e = ApiError::missing_parameter(name);
            return error(e.status, &e.code, &e.message, request_id);
        }
    }
    let duration: u32 = call
        .param("DurationSeconds")
        .and_then(|d| d.parse().ok())
        .unwrap_or(3600);
    if !(900..=43200).contains(&duration) {
        return error(
            400,
            "InvalidParameter.DurationSeconds",
            "DurationSeconds out of range.",
            request_id,
        );
    }
    let failing = state
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if failing {
        return error(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
            request_id,
        );
    }
    let mode = state.mode.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(r) = misbehave(&mode).await {
        return r;
    }
    let role = call.param("RoleArn").unwrap_or("").to_owned();
    let session = call.param("RoleSessionName").unwrap_or("").to_owned();
    let mut response = axum::Json(json!({
        "RequestId": request_id,
        "AssumedRoleUser": {
            "Arn": format!("{role}/{session}"),
            "AssumedRoleId": format!("3000000000000000:{session}"),
        },
        "Credentials": state.rotation.next(),
    }))
    .into_response();
    if let Ok(v) = request_id.parse() {
        response.headers_mut().insert("x-acs-request-id", v);
    }
    response
}
