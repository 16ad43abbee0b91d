//! Local stand-ins for the services credentials come from, for tests and the interop script:
//! [`imds`] (the ECS metadata service, IMDSv2 token protocol), [`sts`] (STS AssumeRole and
//! AssumeRoleWithOIDC, checking V3 signatures with the test server's own verifier) and [`uri`] (a
//! credentials URI). All hand out credentials from one [`rotation`], whose keys the RPC test server
//! can be told to accept, so a client can call ICE with them.
//!
//! Each server runs on its own runtime on 127.0.0.1 and stops when dropped.

pub mod imds;
pub mod rotation;
pub mod sts;
pub mod uri;
pub mod v1;

use std::net::SocketAddr;

use axum::Router;

/// How a server misbehaves, for the failure tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Answer properly.
    #[default]
    Normal,
    /// Accept the connection and never answer.
    Hang,
    /// Answer 200 with this body.
    Body(String),
    /// Answer this status with a short text body.
    Status(u16),
}

/// A running server: its address and its runtime (dropping it stops the server).
pub struct Running {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Running {
    /// Serves `router` on 127.0.0.1 (any free port). Panics if it cannot (test setup only).
    pub fn start(router: Router) -> Running {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("creds-server")
            .enable_all()
            .build()
            .expect("server runtime");
        // Bound here (not with block_on) so servers start from async tests too.
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking");
        let addr = listener.local_addr().expect("local address");
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(listener).expect("tokio listener")
        };
        runtime.spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!("credentials test server stopped: {e}");
            }
        });
        Running {
            addr,
            runtime: Some(runtime),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Waits forever (the answer of a hanging server).
pub(crate) async fn hang() -> axum::response::Response {
    std::future::pending::<()>().await;
    axum::response::Response::default()
}

/// The response for a misbehaving mode, or `None` for [`Mode::Normal`].
pub(crate) async fn misbehave(mode: &Mode) -> Option<axum::response::Response> {
    use axum::response::IntoResponse;
    match mode {
        Mode::Normal => None,
        Mode::Hang => Some(hang().await),
        Mode::Body(body) => Some((axum::http::StatusCode::OK, body.clone()).into_response()),
        Mode::Status(status) => Some(
            (
                axum::http::StatusCode::from_u16(*status)
                    .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
                "test server error",
            )
                .into_response(),
        ),
    }
}
