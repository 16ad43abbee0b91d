//! The ECS instance metadata service: `PUT /latest/api/token` (IMDSv2), the role list and the role's
//! credentials, from a [`Rotation`].

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use serde_json::json;

use super::rotation::Rotation;
use super::{Mode, Running, misbehave};

pub const ROLE: &str = "EcsTestRole";
const TOKEN: &str = "imds-session-token-0123456789";

/// Counters and switches of a running metadata server.
#[derive(Debug)]
pub struct ImdsState {
    pub rotation: Rotation,
    /// Refuse reads without a token (IMDSv2 only).
    pub require_token: AtomicBool,
    /// Answer 403 to the token request (an instance where IMDSv2 is unavailable).
    pub refuse_token: AtomicBool,
    pub mode: Mutex<Mode>,
    pub token_requests: AtomicU32,
    pub role_requests: AtomicU32,
    pub credential_requests: AtomicU32,
    /// Credential reads that carried the session token.
    pub reads_with_token: AtomicU32,
}

pub struct ImdsServer {
    pub state: Arc<ImdsState>,
    running: Running,
}

impl ImdsServer {
    pub fn start(lifetime: Duration) -> ImdsServer {
        ImdsServer::with_rotation(Rotation::new(lifetime))
    }

    pub fn with_rotation(rotation: Rotation) -> ImdsServer {
        let state = Arc::new(ImdsState {
            rotation,
            require_token: AtomicBool::new(false),
            refuse_token: AtomicBool::new(false),
            mode: Mutex::new(Mode::Normal),
            token_requests: AtomicU32::new(0),
            role_requests: AtomicU32::new(0),
            credential_requests: AtomicU32::new(0),
            reads_with_token: AtomicU32::new(0),
        });
        let router = Router::new()
            .route("/latest/api/token", put(token))
            .route("/latest/meta-data/ram/security-credentials/", get(roles))
            .route(
                "/latest/meta-data/ram/security-credentials/{role}",
                get(credentials),
            )
            .with_state(state.clone());
        ImdsServer {
            state,
            running: Running::start(router),
        }
    }

    pub fn url(&self) -> String {
        self.running.url()
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.state.mode.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    pub fn credential_requests(&self) -> u32 {
        self.state.credential_requests.load(Ordering::SeqCst)
    }
}

fn mode(state: &ImdsState) -> Mode {
    state.mode.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

async fn token(State(state): State<Arc<ImdsState>>, headers: HeaderMap) -> Response {
    state.token_requests.fetch_add(1, Ordering::SeqCst);
    if mode(&state) == Mode::Hang {
        return super::hang().await;
    }
    if state.refuse_token.load(Ordering::SeqCst) {
        return (StatusCode::FORBIDDEN, "token service disabled").into_response();
    }
    let ttl = headers
        .get("x-aliyun-ecs-metadata-token-ttl-seconds")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u32>().ok());
    match ttl {
        Some(1..=21600) => TOKEN.into_response(),
        _ => (StatusCode::BAD_REQUEST, "missing or bad ttl").into_response(),
    }
}

/// `None` when the read may go on; else the refusal.
fn check_token(state: &ImdsState, headers: &HeaderMap) -> Option<Response> {
    match headers
        .get("x-aliyun-ecs-metadata-token")
        .map(|v| v.as_bytes())
    {
        Some(t) if t == TOKEN.as_bytes() => {
            state.reads_with_token.fetch_add(1, Ordering::SeqCst);
            None
        }
        Some(_) => Some((StatusCode::UNAUTHORIZED, "bad token").into_response()),
        None if state.require_token.load(Ordering::SeqCst) => {
            Some((StatusCode::UNAUTHORIZED, "token required").into_response())
        }
        None => None,
    }
}

async fn roles(State(state): State<Arc<ImdsState>>, headers: HeaderMap) -> Response {
    state.role_requests.fetch_add(1, Ordering::SeqCst);
    if let Some(refusal) = check_token(&state, &headers) {
        return refusal;
    }
    if let Some(r) = misbehave(&mode(&state)).await {
        return r;
    }
    ROLE.into_response()
}

async fn credentials(
    State(state): State<Arc<ImdsState>>,
    Path(role): Path<String>,
    headers: HeaderMap,
) -> Response {
    state.credential_requests.fetch_add(1, Ordering::SeqCst);
    if let Some(refusal) = check_token(&state, &headers) {
        return refusal;
    }
    if let Some(r) = misbehave(&mode(&state)).await {
        return r;
    }
    if role != ROLE {
        return (StatusCode::NOT_FOUND, "no such role").into_response();
    }
    let mut doc = state.rotation.next();
    if let Some(map) = doc.as_object_mut() {
        map.insert("Code".into(), json!("Success"));
        map.insert("LastUpdated".into(), json!("2024-01-01T00:00:00Z"));
    }
    axum::Json(doc).into_response()
}
