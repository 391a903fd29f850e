//! Calls to Microsoft Graph with the account's access token: one refresh and
//! one retry after a 401 (reference §7.1), and Graph's error body decoded into
//! something to show. Retry-After handling for 429/503/504 arrives with sync.

pub mod connection_test;

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::{Auth, AuthError};

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
    #[error("Microsoft Graph answered {status} {code}: {message}")]
    Service {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    #[error("cannot reach Microsoft Graph ({0}); check the network connection")]
    Network(String),
    #[error("Microsoft Graph sent an answer Meeting Tray does not understand ({0})")]
    Malformed(String),
}

impl GraphError {
    /// The Graph error code (`ErrorAccessDenied` …), if Graph sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            GraphError::Service { code, .. } => Some(code),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GraphClient {
    auth: Arc<Auth>,
}

impl GraphClient {
    pub fn new(auth: Arc<Auth>) -> GraphClient {
        GraphClient { auth }
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

    /// Sends a request; JSON in, JSON out (`Value::Null` for empty bodies).
    pub async fn send(
        &self,
        method: Method,
        url: url::Url,
        body: Option<&Value>,
    ) -> Result<Value, GraphError> {
        let mut refreshed = false;
        loop {
            let token = self.auth.access_token().await?;
            let mut req = self
                .auth
                .http()
                .request(method.clone(), url.clone())
                .bearer_auth(token.expose())
                .header("client-request-id", crate::auth::admin::random_state());
            if let Some(b) = body {
                req = req.json(b);
            }
            let resp = req
                .send()
                .await
                .map_err(|e| GraphError::Network(e.without_url().to_string()))?;
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED && !refreshed {
                // The token may have been revoked or expired early: one refresh, one retry.
                self.auth.invalidate_access_token().await;
                refreshed = true;
                continue;
            }
            let request_id = resp
                .headers()
                .get("request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let bytes = resp
                .bytes()
                .await
                .map_err(|e| GraphError::Network(e.without_url().to_string()))?;
            if status.is_success() {
                if bytes.is_empty() {
                    return Ok(Value::Null);
                }
                return serde_json::from_slice(&bytes)
                    .map_err(|e| GraphError::Malformed(e.to_string()));
            }
            let detail = serde_json::from_slice::<ErrorBody>(&bytes)
                .map(|b| b.error)
                .unwrap_or_default();
            return Err(GraphError::Service {
                status: status.as_u16(),
                code: if detail.code.is_empty() {
                    status.canonical_reason().unwrap_or("error").to_owned()
                } else {
                    detail.code
                },
                message: detail.message,
                request_id,
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
