//! Subscriptions (shape only, §6.4) and `$batch` (§7.4).

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::{dispatch, error_response, gerr, Ctx, GraphResult, Reply};
use crate::server::AppState;
use crate::world::World;
use crate::{ids, tz};

pub fn subscriptions(world: &mut World, ctx: &Ctx) -> GraphResult {
    let now = world.now();
    let max =
        Duration::try_minutes(world.settings.subscription_max_minutes).unwrap_or(Duration::MAX);
    let id = ctx.segs.get(1).cloned();
    let invalid = |m: &str| gerr(StatusCode::BAD_REQUEST, "InvalidRequest", m.to_owned());
    let expiration = |v: &Value| -> Result<DateTime<Utc>, super::GraphError> {
        let t = v["expirationDateTime"]
            .as_str()
            .and_then(tz::parse_query_instant)
            .ok_or_else(|| invalid("expirationDateTime is required."))?;
        if t <= now || t - now > max {
            return Err(invalid(&format!(
                "Subscription expiration can only be {} minutes in the future.",
                max.num_minutes()
            )));
        }
        Ok(t)
    };
    match (ctx.method.clone(), id) {
        (Method::POST, None) => {
            let body = ctx.body.clone().unwrap_or(Value::Null);
            for field in ["changeType", "notificationUrl", "resource"] {
                if body[field].as_str().is_none_or(str::is_empty) {
                    return Err(invalid(&format!("'{field}' is required.")));
                }
            }
            if !body["notificationUrl"]
                .as_str()
                .unwrap_or_default()
                .starts_with("https://")
            {
                return Err(gerr(
                    StatusCode::BAD_REQUEST,
                    "ValidationError",
                    "The Notification Url must be HTTPS.",
                ));
            }
            let exp = expiration(&body)?;
            let sid = ids::guid();
            let sub = json!({
                "@odata.context": format!("{}/$metadata#subscriptions/$entity", ctx.graph),
                "id": sid,
                "resource": body["resource"],
                "applicationId": ctx.client_id,
                "changeType": body["changeType"],
                "clientState": body["clientState"],
                "notificationUrl": body["notificationUrl"],
                "lifecycleNotificationUrl": body["lifecycleNotificationUrl"],
                "expirationDateTime": tz::format_utc(exp),
                "creatorId": ctx.user_id,
                "latestSupportedTlsVersion": "v1_2",
                "notificationContentType": null,
                "includeResourceData": false,
            });
            world.subscriptions.insert(sid, sub.clone());
            Ok(Reply {
                status: 201,
                body: Some(sub),
                ..Default::default()
            })
        }
        (Method::GET, None) => Ok(Reply::ok(json!({
            "@odata.context": format!("{}/$metadata#subscriptions", ctx.graph),
            "value": world.subscriptions.values().cloned().collect::<Vec<_>>(),
        }))),
        (Method::PATCH, Some(id)) => {
            let exp = expiration(&ctx.body.clone().unwrap_or(Value::Null))?;
            let sub = world.subscriptions.get_mut(&id).ok_or_else(|| {
                gerr(
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    "Resource could not be discovered.",
                )
            })?;
            sub["expirationDateTime"] = json!(tz::format_utc(exp));
            Ok(Reply::ok(sub.clone()))
        }
        (Method::DELETE, Some(id)) => match world.subscriptions.remove(&id) {
            Some(_) => Ok(Reply::status(204)),
            None => Err(gerr(
                StatusCode::NOT_FOUND,
                "ResourceNotFound",
                "Resource could not be discovered.",
            )),
        },
        (Method::GET, Some(id)) => world
            .subscriptions
            .get(&id)
            .cloned()
            .map(Reply::ok)
            .ok_or_else(|| {
                gerr(
                    StatusCode::NOT_FOUND,
                    "ResourceNotFound",
                    "Resource could not be discovered.",
                )
            }),
        _ => Err(gerr(
            StatusCode::METHOD_NOT_ALLOWED,
            "BadRequest",
            "Method not allowed.",
        )),
    }
}

/// JSON batching: up to 20 requests, run in order so `dependsOn` holds; each is
/// throttled on its own (an inner 429 carries its own Retry-After).
pub async fn batch(
    state: &AppState,
    headers: &HeaderMap,
    body: Option<Value>,
    request_id: &str,
) -> Response {
    let bad = |m: &str| {
        error_response(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            m,
            request_id,
            request_id,
        )
    };
    let Some(requests) = body
        .as_ref()
        .and_then(|b| b["requests"].as_array())
        .cloned()
    else {
        return bad("The batch body must have a 'requests' array.");
    };
    if requests.len() > 20 {
        return bad("The number of batch requests exceeded the maximum of 20.");
    }
    let mut statuses: Vec<(String, u16)> = Vec::new();
    let mut responses = Vec::new();
    for r in requests {
        let id = r["id"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| r["id"].to_string());
        let depends: Vec<String> = r["dependsOn"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|d| d.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let failed_dep = depends
            .iter()
            .any(|d| statuses.iter().any(|(i, s)| i == d && *s >= 400));
        if failed_dep {
            responses.push(json!({ "id": id, "status": 424, "body": { "error": { "code": "FailedDependency", "message": "A request this one depends on failed." } } }));
            statuses.push((id, 424));
            continue;
        }
        let method = r["method"]
            .as_str()
            .unwrap_or("GET")
            .parse::<Method>()
            .unwrap_or(Method::GET);
        let url = r["url"].as_str().unwrap_or_default();
        let url = url.strip_prefix("/v1.0").unwrap_or(url);
        let mut builder = Request::builder().method(method).uri(format!(
            "/graph/v1.0{}{url}",
            if url.starts_with('/') { "" } else { "/" }
        ));
        if let Some(auth) = headers.get(header::AUTHORIZATION) {
            builder = builder.header(header::AUTHORIZATION, auth.clone());
        }
        for (k, v) in r["headers"].as_object().into_iter().flatten() {
            if let Some(v) = v.as_str() {
                builder = builder.header(k.as_str(), v);
            }
        }
        let inner_body = if r["body"].is_null() {
            Body::empty()
        } else {
            Body::from(r["body"].to_string())
        };
        let Ok(req) = builder.body(inner_body) else {
            responses.push(json!({ "id": id, "status": 400, "body": { "error": { "code": "BadRequest", "message": "Invalid request URL." } } }));
            statuses.push((id, 400));
            continue;
        };
        let rid = ids::guid();
        let resp = dispatch(state, req, &rid, &rid).await;
        let status = resp.status().as_u16();
        let mut out_headers = serde_json::Map::new();
        for name in [
            "retry-after",
            "location",
            "content-type",
            "preference-applied",
        ] {
            if let Some(v) = resp.headers().get(name).and_then(|v| v.to_str().ok()) {
                out_headers.insert(name.to_owned(), json!(v));
            }
        }
        let bytes = axum::body::to_bytes(resp.into_body(), 8 << 20)
            .await
            .unwrap_or_default();
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let mut entry = json!({ "id": id, "status": status, "headers": out_headers });
        if !body.is_null() {
            entry["body"] = body;
        }
        responses.push(entry);
        statuses.push((id, status));
    }
    (
        StatusCode::OK,
        axum::Json(json!({ "responses": responses })),
    )
        .into_response()
}
