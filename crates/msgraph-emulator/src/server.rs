//! The HTTP server: one loopback port, three path prefixes (`/login` for the
//! identity platform, `/graph` for Microsoft Graph, `/_emulator` for tests), the
//! request log, and fault responses shared by both services.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use tokio::net::TcpListener;

use crate::faults::{self, FaultRule};
use crate::world::{LogEntry, World};

/// Where the emulator listens, as base URLs (reference §1.1 shapes under prefixes).
#[derive(Clone, Debug)]
pub struct Urls {
    pub authority: String,
    pub graph: String,
    pub control: String,
}

#[derive(Debug)]
pub struct Shared {
    world: Mutex<World>,
    pub urls: Urls,
    /// In-flight Graph requests per (user, client): the MailboxConcurrency limit.
    pub inflight: Mutex<std::collections::HashMap<(String, String), usize>>,
}

impl Shared {
    /// The world, even if a handler panicked while holding it (the data is still usable).
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub type AppState = Arc<Shared>;

pub fn shared(world: World, addr: SocketAddr) -> AppState {
    let base = format!("http://{addr}");
    Arc::new(Shared {
        world: Mutex::new(world),
        urls: Urls {
            authority: format!("{base}/login"),
            graph: format!("{base}/graph"),
            control: format!("{base}/_emulator"),
        },
        inflight: Mutex::new(Default::default()),
    })
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/login/{*rest}", any(crate::identity::handle))
        .route("/graph/{*rest}", any(crate::graph::handle))
        .nest("/_emulator", crate::control::router())
        .route(
            "/",
            get(|| async { "msgraph-emulator: the control API is at /_emulator" }),
        )
        .layer(middleware::from_fn_with_state(state.clone(), log_requests))
        .with_state(state)
}

/// Records every service request (not the control API) for efficiency checks.
async fn log_requests(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let response = next.run(req).await;
    if path.starts_with("/_emulator") {
        return response;
    }
    // Streamed bodies (a dropped connection) have no exact size: 0.
    let bytes = response.body().size_hint().exact().unwrap_or(0);
    let mut world = state.world();
    let at = crate::tz::format_utc(world.now());
    world.log.push(LogEntry {
        at,
        method,
        route: faults::route_of(&path),
        path,
        query,
        status: response.status().as_u16(),
        bytes,
    });
    response
}

/// Which service a fault response must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Identity,
    Graph,
}

/// Applies a fault rule: waits, then answers for it, or returns None to go on.
pub async fn apply_fault(
    rule: &FaultRule,
    family: Family,
    ids: (&str, &str),
    authority: &str,
) -> Option<Response> {
    if rule.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(rule.delay_ms)).await;
    }
    if rule.drop_connection {
        let stream = futures_util::stream::once(async {
            Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "dropped by fault injection",
            ))
        });
        return Some(
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(stream))
                .unwrap_or_default(),
        );
    }
    if rule.malformed_json {
        return Some(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"value\": [{\"id\": \"AAMk",
            )
                .into_response(),
        );
    }
    if rule.wrong_shape {
        return Some(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"value\": {\"id\": 42}, \"@odata.nextLink\": 7}",
            )
                .into_response(),
        );
    }
    if rule.html_page {
        return Some(
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><body><h1>Welcome to the guest Wi-Fi</h1>\
                 <form method=post><button>Accept and connect</button></form></body></html>",
            )
                .into_response(),
        );
    }
    let status = StatusCode::from_u16(rule.status?).ok()?;
    let mut response = match family {
        Family::Graph => {
            let (code, message) = match status.as_u16() {
                429 => ("TooManyRequests", "Please retry again later."),
                503 => ("UnknownError", ""),
                504 => (
                    "GatewayTimeout",
                    "The gateway did not receive a timely response.",
                ),
                _ => ("InternalServerError", "An internal server error occurred."),
            };
            let code = rule.code.clone().unwrap_or_else(|| code.to_owned());
            let message = rule.message.clone().unwrap_or_else(|| message.to_owned());
            crate::graph::error_response(status, &code, &message, ids.0, ids.1)
        }
        Family::Identity => {
            let (error, code) = match status.as_u16() {
                500 => ("server_error", 90033),
                _ => ("temporarily_unavailable", 90006),
            };
            let error = rule.code.clone().unwrap_or_else(|| error.to_owned());
            let code = rule.aadsts.unwrap_or(code);
            let text = rule
                .message
                .clone()
                .unwrap_or_else(|| "The service is temporarily unavailable.".to_owned());
            crate::identity::aad_error(
                status,
                &error,
                code,
                &text,
                authority,
                None,
                None,
                Some(ids.1),
            )
        }
    };
    if let Some(ra) = &rule.retry_after {
        if let Ok(v) = HeaderValue::from_str(ra) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    Some(response)
}

/// A running emulator: its URLs; dropping it (or [`Running::stop`]) shuts it down.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    pub authority: String,
    pub graph: String,
    pub control: String,
    pub client_id: String,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Running {
    /// Stops serving and waits for the server task to end.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            // Fails only if the server has already stopped: nothing to do then.
            tx.send(()).ok();
        }
        if let Some(task) = self.task.take() {
            if let Err(e) = task.await {
                eprintln!("msgraph-emulator: the server task failed: {e}");
            }
        }
    }

    /// Stops listening, as if the network went away: connections are refused
    /// until [`plug_in`](Self::plug_in). The world (users, tokens, events) stays.
    pub async fn unplug(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
        if let Some(task) = self.task.take() {
            if let Err(e) = task.await {
                eprintln!("msgraph-emulator: the server task failed: {e}");
            }
        }
    }

    /// Listens again on the same address after [`unplug`](Self::unplug).
    pub async fn plug_in(&mut self) -> std::io::Result<()> {
        if self.task.is_some() {
            return Ok(());
        }
        let listener = TcpListener::bind(self.addr).await?;
        let (tx, task) = spawn(listener, self.state.clone());
        self.shutdown = Some(tx);
        self.task = Some(task);
        Ok(())
    }

    /// The one line the binary prints on start.
    pub fn announcement(&self) -> serde_json::Value {
        serde_json::json!({
            "authority": self.authority,
            "graph": self.graph,
            "control": self.control,
            "client_id": self.client_id,
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            tx.send(()).ok();
        }
    }
}

/// Binds 127.0.0.1:`port` (0 for any free port) and serves `world` on the current runtime.
pub async fn serve(world: World, port: u16) -> std::io::Result<Running> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let state = shared(world, addr);
    let (tx, task) = spawn(listener, state.clone());
    Ok(Running {
        addr,
        authority: state.urls.authority.clone(),
        graph: state.urls.graph.clone(),
        control: state.urls.control.clone(),
        client_id: crate::world::DEFAULT_CLIENT_ID.to_owned(),
        state,
        shutdown: Some(tx),
        task: Some(task),
    })
}

type Serving = (
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<()>,
);

fn spawn(listener: TcpListener, state: AppState) -> Serving {
    let app = router(state);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        // A closed channel (the handle dropped) also means: shut down.
        let shutdown = async {
            rx.await.ok();
        };
        if let Err(e) = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
        {
            eprintln!("msgraph-emulator: the server stopped: {e}");
        }
    });
    (tx, task)
}

/// Escapes text for HTML pages.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
