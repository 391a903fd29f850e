//! Calls to Microsoft Graph with the account's access token (reference §7):
//! one refresh and one retry after a 401, waits and retries on 429/503/504
//! (see [`retry`]), at most four requests at a time per mailbox, and Graph's
//! error body decoded into something to show.

pub mod connection_test;
pub mod retry;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Semaphore;

use crate::auth::{Auth, AuthError};
pub use retry::RetryPolicy;

/// Outlook's per-mailbox concurrency limit (reference §7.2).
pub const MAX_CONCURRENT: usize = 4;

/// Graph's error body: `{"error": {"code", "message", "innerError": {...}}}`.
#[derive(Clone, Debug, Default, Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error("Microsoft Graph answered {status} {code}{}. {}", detail(message), service_advice(*status))]
    Service {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    #[error("cannot reach Microsoft Graph ({0}); check the network connection")]
    Network(String),
    #[error("Microsoft Graph sent an answer Meeting Tray does not understand ({0}); a proxy or a Wi-Fi login page may be in the way. Meeting Tray tries again by itself")]
    Malformed(String),
    /// A link in a Graph answer (nextLink, deltaLink) pointed elsewhere: the
    /// token is never sent to another host.
    #[error("Microsoft Graph sent a link to another server ({0}); it was not followed")]
    ForeignLink(String),
}

/// Graph's own message after a colon, when it sent one.
fn detail(message: &str) -> String {
    match message.trim().trim_end_matches('.') {
        "" => String::new(),
        m => format!(": {m}"),
    }
}

/// Why a request got no answer, in words: reqwest's own message ("error
/// sending request") names no cause, so the innermost one is used. Never
/// the URL: a delta link's token is in it.
pub fn network_reason(e: reqwest::Error) -> String {
    let e = e.without_url();
    if e.is_timeout() {
        return "no answer in time".to_owned();
    }
    let mut cause: &dyn std::error::Error = &e;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let text = cause.to_string();
    if e.is_connect() {
        format!("cannot connect: {text}")
    } else {
        text
    }
}

/// What to do about an error answer from Graph, by its status.
fn service_advice(status: u16) -> &'static str {
    match status {
        429 | 503 | 504 => "Microsoft 365 is busy: Meeting Tray waits and tries again by itself",
        500..=599 => "Microsoft 365 has a problem: Meeting Tray tries again by itself",
        403 => "The account lacks a permission: choose Reconnect, or ask your administrator",
        404 => "The mailbox may be missing or moved: check the account in Outlook on the web",
        _ => {
            "Meeting Tray tries again at the next sync; if it persists, see docs/TROUBLESHOOTING.md"
        }
    }
}

impl GraphError {
    /// The Graph error code (`ErrorAccessDenied` …), if Graph sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            GraphError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The HTTP status Graph answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Service { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Graph (or the sign-in service) could not be reached at all.
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            GraphError::Network(_) | GraphError::Auth(AuthError::Network(_))
        )
    }
}

/// Requests sent and response bytes received, for the sync's figures.
#[derive(Debug, Default)]
pub struct Traffic {
    pub requests: AtomicU64,
    pub bytes: AtomicU64,
}

impl Traffic {
    pub fn snapshot(&self) -> (u64, u64) {
        (
            self.requests.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }
}

#[derive(Debug, Clone)]
pub struct GraphClient {
    auth: Arc<Auth>,
    limit: Arc<Semaphore>,
    pub policy: RetryPolicy,
    pub traffic: Arc<Traffic>,
}

/// What came back from Graph before it is decoded.
struct Answer {
    status: StatusCode,
    request_id: Option<String>,
    retry_after: Option<String>,
    bytes: Vec<u8>,
}

impl GraphClient {
    pub fn new(auth: Arc<Auth>) -> GraphClient {
        GraphClient {
            auth,
            limit: Arc::new(Semaphore::new(MAX_CONCURRENT)),
            policy: RetryPolicy::default(),
            traffic: Arc::default(),
        }
    }

    pub fn auth(&self) -> &Arc<Auth> {
        &self.auth
    }

    /// The Graph v1.0 URL of `segments` (each percent-encoded: event IDs hold
    /// `/`, `+` and `=`), with `query` pairs.
    pub fn url(&self, segments: &[&str], query: &[(&str, &str)]) -> url::Url {
        let mut url = self.auth.config().graph.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().push("v1.0").extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    /// A link from a Graph answer (nextLink, deltaLink), checked to lead to
    /// the same Graph server before the token goes with it.
    pub fn same_origin(&self, link: &str) -> Result<url::Url, GraphError> {
        let url = url::Url::parse(link).map_err(|_| GraphError::ForeignLink(link.to_owned()))?;
        let base = &self.auth.config().graph;
        let prefix = base.path().trim_end_matches('/');
        if url.origin() != base.origin() || !url.path().starts_with(prefix) {
            return Err(GraphError::ForeignLink(
                url.host_str().unwrap_or("?").to_owned(),
            ));
        }
        Ok(url)
    }

    /// Sends a request; JSON in, JSON out (`Value::Null` for empty bodies).
    pub async fn send(
        &self,
        method: Method,
        url: url::Url,
        body: Option<&Value>,
    ) -> Result<Value, GraphError> {
        self.send_with(method, url, body, &[]).await
    }

    #[allow(clippy::too_many_arguments)] // one request's parts, passed through once
    async fn attempt(
        &self,
        token: &crate::secrets::Secret,
        method: &Method,
        url: &url::Url,
        body: Option<&Value>,
        prefer: &[&str],
        client_request_id: &str,
        attempt: u32,
    ) -> Result<Answer, GraphError> {
        let mut req = self
            .auth
            .http()
            .request(method.clone(), url.clone())
            .bearer_auth(token.expose())
            .header("client-request-id", client_request_id);
        for p in prefer {
            req = req.header("Prefer", *p);
        }
        if attempt > 0 {
            req = req.header("Retry-Attempt", attempt.to_string());
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        // Held for the request only, never across a wait.
        let _permit = self
            .limit
            .acquire()
            .await
            .map_err(|_| GraphError::Network("shutting down".to_owned()))?;
        self.traffic.requests.fetch_add(1, Ordering::Relaxed);
        let offline = |e: reqwest::Error| GraphError::Network(network_reason(e));
        let resp = req.send().await.map_err(offline)?;
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let (status, request_id, retry_after) =
            (resp.status(), header("request-id"), header("retry-after"));
        let bytes = resp.bytes().await.map_err(offline)?.to_vec();
        self.traffic
            .bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(Answer {
            status,
            request_id,
            retry_after,
            bytes,
        })
    }

    /// [`send`](Self::send) with `Prefer` preferences (one header each).
    pub async fn send_with(
        &self,
        method: Method,
        url: url::Url,
        body: Option<&Value>,
        prefer: &[&str],
    ) -> Result<Value, GraphError> {
        let mut refreshed = false;
        let mut retries = 0u32;
        let client_request_id = crate::auth::admin::random_state();
        loop {
            let token = self.auth.access_token().await?;
            let a = self
                .attempt(
                    &token,
                    &method,
                    &url,
                    body,
                    prefer,
                    &client_request_id,
                    retries,
                )
                .await?;
            if a.status == StatusCode::UNAUTHORIZED {
                if !refreshed {
                    // The token may have been revoked or expired early: one refresh, one retry.
                    self.auth.invalidate_access_token(&token).await;
                    refreshed = true;
                    continue;
                }
                // Refused again with a fresh token: only a new sign-in helps (§7.1).
                self.auth.graph_refused().await;
                return Err(GraphError::Auth(AuthError::GraphRefused));
            }
            if retry::retryable(a.status.as_u16()) && retries < self.policy.max_retries {
                retries += 1;
                let hint = a
                    .retry_after
                    .as_deref()
                    .and_then(|v| retry::parse_retry_after(v, chrono::Utc::now()));
                let wait = self.policy.delay(retries, hint);
                tracing::info!(
                    status = a.status.as_u16(),
                    retries,
                    ?wait,
                    "Graph asked to wait"
                );
                tokio::time::sleep(wait).await;
                continue;
            }
            if a.status.is_success() {
                if a.bytes.is_empty() {
                    return Ok(Value::Null);
                }
                return serde_json::from_slice(&a.bytes)
                    .map_err(|e| GraphError::Malformed(e.to_string()));
            }
            let detail = serde_json::from_slice::<ErrorBody>(&a.bytes)
                .map(|b| b.error)
                .unwrap_or_default();
            return Err(GraphError::Service {
                status: a.status.as_u16(),
                code: if detail.code.is_empty() {
                    a.status.canonical_reason().unwrap_or("error").to_owned()
                } else {
                    detail.code
                },
                message: detail.message,
                request_id: a.request_id,
            });
        }
    }

    pub async fn get(
        &self,
        segments: &[&str],
        query: &[(&str, &str)],
    ) -> Result<Value, GraphError> {
        self.send(Method::GET, self.url(segments, query), None)
            .await
    }
}
