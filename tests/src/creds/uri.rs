//! A credentials URI: `GET /credentials` answers the metadata service's document.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::rotation::Rotation;
use super::{Mode, Running, misbehave};

#[derive(Debug)]
pub struct UriState {
    pub rotation: Rotation,
    pub mode: Mutex<Mode>,
    pub requests: AtomicU32,
}

pub struct UriServer {
    pub state: Arc<UriState>,
    running: Running,
}

impl UriServer {
    pub fn start(lifetime: Duration) -> UriServer {
        UriServer::with_rotation(Rotation::new(lifetime))
    }

    pub fn with_rotation(rotation: Rotation) -> UriServer {
        let state = Arc::new(UriState {
            rotation,
            mode: Mutex::new(Mode::Normal),
            requests: AtomicU32::new(0),
        });
        let router = Router::new()
            .route("/credentials", get(answer))
            .with_state(state.clone());
        UriServer {
            state,
            running: Running::start(router),
        }
    }

    /// The URI to give the provider.
    pub fn uri(&self) -> String {
        format!("{}/credentials", self.running.url())
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.state.mode.lock().unwrap_or_else(|e| e.into_inner()) = mode;
    }

    pub fn requests(&self) -> u32 {
        self.state.requests.load(Ordering::SeqCst)
    }
}

async fn answer(State(state): State<Arc<UriState>>) -> Response {
    state.requests.fetch_add(1, Ordering::SeqCst);
    let mode = state.mode.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(r) = misbehave(&mode).await {
        return r;
    }
    let mut doc = state.rotation.next();
    if let Some(map) = doc.as_object_mut() {
        map.insert("Code".into(), json!("Success"));
    }
    axum::Json(doc).into_response()
}
