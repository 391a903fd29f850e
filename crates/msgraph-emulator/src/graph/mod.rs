//! Microsoft Graph v1.0, the calendar part (reference §2–§7): bearer validation,
//! scope checks, the MailboxConcurrency limit, faults, correlation headers, and
//! dispatch to the resource handlers.

mod calendar;
mod mailbox;
mod misc;

use std::collections::BTreeSet;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::event::View;
use crate::server::{apply_fault, AppState, Family};
use crate::world::World;
use crate::{faults, tz};

/// Graph's error body (§7.1) with the correlation headers.
pub fn error_response(
    status: StatusCode,
    code: &str,
    message: &str,
    request_id: &str,
    client_request_id: &str,
) -> Response {
    let date = Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string();
    let mut inner =
        json!({ "date": date, "request-id": request_id, "client-request-id": client_request_id });
    if status == StatusCode::TOO_MANY_REQUESTS {
        inner["code"] = json!("429");
        inner["status"] = json!("429");
        inner["message"] = json!("Please retry after");
    }
    let body = json!({ "error": { "code": code, "message": message, "innerError": inner } });
    (status, axum::Json(body)).into_response()
}

/// A refusal from a handler.
#[derive(Debug)]
pub struct GraphError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub headers: Vec<(header::HeaderName, String)>,
}

pub fn gerr(status: StatusCode, code: &str, message: impl Into<String>) -> GraphError {
    GraphError {
        status,
        code: code.to_owned(),
        message: message.into(),
        headers: Vec::new(),
    }
}

pub fn not_found() -> GraphError {
    gerr(
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
        "The specified object was not found in the store.",
    )
}

impl From<crate::event::Invalid> for GraphError {
    fn from(e: crate::event::Invalid) -> Self {
        gerr(StatusCode::BAD_REQUEST, e.code, e.message)
    }
}

/// What a handler answers.
#[derive(Debug, Default)]
pub struct Reply {
    pub status: u16,
    pub body: Option<Value>,
    pub preference_applied: Vec<String>,
    pub location: Option<String>,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body: Some(body),
            ..Default::default()
        }
    }
    /// 200 with the Preference-Applied values the handler honoured.
    pub fn ok_with(body: Value, preference_applied: Vec<String>) -> Reply {
        Reply {
            status: 200,
            body: Some(body),
            preference_applied,
            location: None,
        }
    }
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            ..Default::default()
        }
    }
}

pub type GraphResult = Result<Reply, GraphError>;

/// Parsed `Prefer` headers (several headers, or comma-joined, §2.1).
#[derive(Clone, Debug, Default)]
pub struct Prefer {
    pub timezone: Option<String>,
    pub body_type: Option<String>,
    pub max_page_size: Option<usize>,
    pub immutable_id: bool,
}

fn parse_prefer(headers: &HeaderMap) -> Prefer {
    let mut p = Prefer::default();
    for v in headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for part in v.split(',') {
            let Some((k, val)) = part.trim().split_once('=') else {
                continue;
            };
            let val = val.trim().trim_matches('"').to_owned();
            match k.trim().to_ascii_lowercase().as_str() {
                "outlook.timezone" => p.timezone = Some(val),
                "outlook.body-content-type" => p.body_type = Some(val.to_ascii_lowercase()),
                "odata.maxpagesize" => p.max_page_size = val.parse().ok(),
                "idtype" => p.immutable_id = val.eq_ignore_ascii_case("ImmutableId"),
                _ => {}
            }
        }
    }
    p
}

/// Everything a handler needs about the request.
#[derive(Debug)]
pub struct Ctx {
    pub method: Method,
    /// Decoded path segments after `me` / `users/{id}`.
    pub segs: Vec<String>,
    pub query: Vec<(String, String)>,
    pub prefer: Prefer,
    pub body: Option<Value>,
    pub user_id: String,
    pub client_id: String,
    pub graph: String,
    /// The path as requested, up to the resource (for nextLinks and @odata.context).
    pub path: String,
}

impl Ctx {
    /// The request's JSON body, which must be an object.
    pub fn object_body(&self) -> Result<Value, GraphError> {
        match &self.body {
            Some(v @ Value::Object(_)) => Ok(v.clone()),
            Some(_) => Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "The request body must be a JSON object.",
            )),
            None => Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "The request body is empty.",
            )),
        }
    }

    pub fn q(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The view the Prefer headers ask for, and the Preference-Applied values honoured.
    pub fn view(&self, world: &World) -> (View, Vec<String>) {
        let mailbox_tz = world
            .user(&self.user_id)
            .and_then(|u| tz::resolve(&u.mailbox.time_zone()))
            .unwrap_or(Tz::UTC);
        let mut applied = Vec::new();
        let (zone_name, tz) = match self
            .prefer
            .timezone
            .as_deref()
            .and_then(|z| tz::resolve(z).map(|t| (z, t)))
        {
            Some((z, t)) => {
                applied.push(format!("outlook.timezone=\"{z}\""));
                (z.to_owned(), t)
            }
            None => ("UTC".to_owned(), Tz::UTC),
        };
        let body_as_text = self.prefer.body_type.as_deref() == Some("text");
        if self.prefer.immutable_id {
            // Emulated IDs never change when items move, so the preference holds.
            applied.push("IdType=\"ImmutableId\"".to_owned());
        }
        if let Some(b) = &self.prefer.body_type {
            applied.push(format!("outlook.body-content-type=\"{b}\""));
        }
        (
            View {
                zone_name,
                tz,
                body_as_text,
                mailbox_tz,
            },
            applied,
        )
    }
}

fn scope_ok(route: &str, method: &Method, scopes: &BTreeSet<String>) -> bool {
    let has = |s: &str| scopes.contains(s);
    let read_cal =
        has("Calendars.Read") || has("Calendars.ReadWrite") || has("Calendars.Read.Shared");
    match route {
        "me" => has("User.Read") || scopes.iter().any(|s| s.starts_with("User.")),
        "mailboxSettings" if method == Method::GET => {
            has("MailboxSettings.Read") || has("MailboxSettings.ReadWrite")
        }
        "mailboxSettings" => has("MailboxSettings.ReadWrite"),
        "calendarView" | "delta" | "instances" | "getSchedule" | "calendars" => read_cal,
        "events" | "event" if method == Method::GET => read_cal,
        "events" | "event" | "rsvp" | "cancel" => has("Calendars.ReadWrite"),
        "subscriptions" => read_cal,
        _ => true,
    }
}

/// Validates the bearer token (§7.1 401 forms) and returns (user, client, scopes, cp1).
fn authenticate(
    world: &World,
    headers: &HeaderMap,
) -> Result<(String, String, BTreeSet<String>, bool), GraphError> {
    let unauthorized = |message: &str| {
        let mut e = gerr(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        );
        e.headers.push((
            header::WWW_AUTHENTICATE,
            format!(
                "Bearer realm=\"\", authorization_uri=\"https://{}/common/oauth2/authorize\", client_id=\"{}\"",
                world.settings.cloud.login_host(),
                crate::world::GRAPH_APP_ID
            ),
        ));
        e
    };
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let token = auth
        .strip_prefix("Bearer ")
        .or_else(|| auth.strip_prefix("bearer "))
        .unwrap_or_default()
        .trim();
    if token.is_empty() {
        return Err(unauthorized("Access token is empty."));
    }
    if token.split('.').count() != 3 {
        return Err(unauthorized(
            "CompactToken parsing failed with error code: 80049217",
        ));
    }
    let Some(grant) = world.access_tokens.get(token) else {
        return Err(unauthorized(
            "Access token validation failure. Invalid audience.",
        ));
    };
    if grant.expires_at <= world.now() {
        return Err(unauthorized(
            "Access token has expired or is not yet valid.",
        ));
    }
    Ok((
        grant.user_id.clone(),
        grant.client_id.clone(),
        grant.scopes.clone(),
        grant.cp1,
    ))
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

struct InflightGuard<'a> {
    state: &'a AppState,
    key: (String, String),
}

impl Drop for InflightGuard<'_> {
    fn drop(&mut self) {
        let mut map = self
            .state
            .inflight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = map.get_mut(&self.key) {
            *n = n.saturating_sub(1);
        }
    }
}

fn finish(mut r: Response, request_id: &str, client_request_id: &str) -> Response {
    let h = r.headers_mut();
    let put = |h: &mut HeaderMap, k: &'static str, v: &str| {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(k, v);
        }
    };
    put(h, "request-id", request_id);
    put(h, "client-request-id", client_request_id);
    put(
        h,
        "x-ms-ags-diagnostic",
        r#"{"ServerInfo":{"DataCenter":"Emulator","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"LOCAL0000000001"}}"#,
    );
    put(h, "strict-transport-security", "max-age=31536000");
    r
}

fn reply_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let mut r = match reply.body {
        Some(body) => (status, axum::Json(body)).into_response(),
        None => status.into_response(),
    };
    if r.headers().contains_key(header::CONTENT_TYPE) {
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
        );
    }
    if !reply.preference_applied.is_empty() {
        if let Ok(v) = HeaderValue::from_str(&reply.preference_applied.join(", ")) {
            r.headers_mut().insert("preference-applied", v);
        }
    }
    if let Some(loc) = reply.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        r.headers_mut().insert(header::LOCATION, loc);
    }
    r
}

fn error_into_response(e: GraphError, request_id: &str, client_request_id: &str) -> Response {
    let mut r = error_response(e.status, &e.code, &e.message, request_id, client_request_id);
    for (k, v) in e.headers {
        if let Ok(v) = HeaderValue::from_str(&v) {
            r.headers_mut().insert(k, v);
        }
    }
    r
}

/// Every `/graph/…` request.
pub async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let request_id = crate::ids::guid();
    let client_request_id = req
        .headers()
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| request_id.clone());
    let response = dispatch(&state, req, &request_id, &client_request_id).await;
    finish(response, &request_id, &client_request_id)
}

/// Handles one Graph request (also each request inside a `$batch`).
pub fn dispatch<'a>(
    state: &'a AppState,
    req: Request,
    request_id: &'a str,
    client_request_id: &'a str,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Response> + Send + 'a>> {
    Box::pin(async move {
        let fail = |e: GraphError| error_into_response(e, request_id, client_request_id);
        let method = req.method().clone();
        let raw_path = req.uri().path().to_owned();
        let query: Vec<(String, String)> =
            url::form_urlencoded::parse(req.uri().query().unwrap_or_default().as_bytes())
                .into_owned()
                .collect();
        let headers = req.headers().clone();
        let body_bytes = match axum::body::to_bytes(req.into_body(), 4 << 20).await {
            Ok(b) => b,
            Err(_) => {
                return fail(gerr(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "RequestEntityTooLarge",
                    "The request is too large.",
                ))
            }
        };
        let rest = raw_path.strip_prefix("/graph").unwrap_or(&raw_path);
        let segs: Vec<String> = rest
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        match segs.first().map(String::as_str) {
            Some("v1.0") => {}
            Some("beta") => {
                return fail(gerr(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    "The emulator serves v1.0 only.",
                ));
            }
            _ => {
                return fail(gerr(
                    StatusCode::NOT_FOUND,
                    "BadRequest",
                    "Invalid version.",
                ))
            }
        }
        let route = faults::route_of(&raw_path);
        let body: Option<Value> = if body_bytes.is_empty() {
            None
        } else {
            match serde_json::from_slice(&body_bytes) {
                Ok(v) => Some(v),
                Err(_) if matches!(method, Method::POST | Method::PATCH) => {
                    return fail(gerr(
                        StatusCode::BAD_REQUEST,
                        "BadRequest",
                        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
                    ))
                }
                Err(_) => None,
            }
        };

        let auth = {
            let world = state.world();
            authenticate(&world, &headers)
        };
        let (user_id, client_id, scopes, cp1) = match auth {
            Ok(a) => a,
            Err(e) => return fail(e),
        };
        if route == "batch" {
            return misc::batch(state, &headers, body, request_id).await;
        }

        // Claims challenge for CAE-capable clients (§7.1).
        {
            let mut world = state.world();
            if let Some(u) = world.user_mut(&user_id) {
                if u.flags.claims_challenge && cp1 {
                    u.flags.claims_challenge = false;
                    let mut e = gerr(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp");
                    let claims = base64::Engine::encode(
                        &base64::engine::general_purpose::STANDARD,
                        r#"{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}"#,
                    );
                    e.headers.push((header::WWW_AUTHENTICATE, format!("Bearer realm=\"\", authorization_uri=\"https://{}/common/oauth2/authorize\", error=\"insufficient_claims\", claims=\"{claims}\"", world.settings.cloud.login_host())));
                    return fail(e);
                }
            }
        }

        // me | users/{id-or-upn}: only the signed-in user's own mailbox (delegated).
        let (resource_segs, path_prefix) = match segs.get(1).map(String::as_str) {
            Some("me") => (segs[2..].to_vec(), "/me".to_owned()),
            Some("users") if segs.len() >= 3 => {
                let world = state.world();
                let own = world.user(&user_id).is_some_and(|u| {
                    u.id.eq_ignore_ascii_case(&segs[2]) || u.upn.eq_ignore_ascii_case(&segs[2])
                });
                if !own {
                    return fail(gerr(
                        StatusCode::FORBIDDEN,
                        "ErrorAccessDenied",
                        "Access is denied. Check credentials and try again.",
                    ));
                }
                (segs[3..].to_vec(), format!("/users/{}", segs[2]))
            }
            Some("subscriptions") => (segs[1..].to_vec(), String::new()),
            _ => {
                return fail(gerr(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    format!(
                        "Resource not found for the segment '{}'.",
                        segs.get(1).cloned().unwrap_or_default()
                    ),
                ))
            }
        };
        if !scope_ok(&route, &method, &scopes) {
            let (code, msg) = if route == "me" {
                (
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.",
                )
            } else {
                (
                    "ErrorAccessDenied",
                    "Access is denied. Check credentials and try again.",
                )
            };
            return fail(gerr(StatusCode::FORBIDDEN, code, msg));
        }

        // The MailboxConcurrency limit: per app and mailbox (§7.2).
        let key = (user_id.clone(), client_id.clone());
        let over = {
            let mut map = state.inflight.lock().unwrap_or_else(|e| e.into_inner());
            let n = map.entry(key.clone()).or_insert(0);
            *n += 1;
            let limit = state.world().settings.concurrency_limit;
            *n > limit
        };
        let _guard = InflightGuard { state, key };
        if over {
            let mut e = gerr(
                StatusCode::TOO_MANY_REQUESTS,
                "ApplicationThrottled",
                "Application is over its MailboxConcurrency limit.",
            );
            e.headers.push((header::RETRY_AFTER, "1".to_owned()));
            return fail(e);
        }
        let fault = faults::take(&mut state.world(), &route, method.as_str());
        let answer_late = fault.as_ref().map_or(0, |r| r.answer_after_ms);
        if let Some(rule) = fault {
            if let Some(r) = apply_fault(
                &rule,
                Family::Graph,
                (request_id, client_request_id),
                &state.urls.authority,
            )
            .await
            {
                return r;
            }
        }

        let has_mailbox = state.world().user(&user_id).is_some_and(|u| u.has_mailbox);
        if !has_mailbox && route != "me" && route != "subscriptions" {
            return fail(gerr(
                StatusCode::NOT_FOUND,
                "MailboxNotEnabledForRESTAPI",
                "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
            ));
        }
        let ctx = Ctx {
            method,
            segs: resource_segs,
            query,
            prefer: parse_prefer(&headers),
            body,
            user_id,
            client_id,
            graph: format!("{}/v1.0", state.urls.graph),
            path: path_prefix,
        };
        let result = {
            let mut world = state.world();
            route_request(&mut world, &ctx, &route)
        };
        if answer_late > 0 {
            // Done, but the answer is late: a client that gave up meanwhile
            // never learns the request took effect (a retried POST).
            tokio::time::sleep(std::time::Duration::from_millis(answer_late)).await;
        }
        match result {
            Ok(reply) => reply_response(reply),
            Err(e) => fail(e),
        }
    })
}

fn route_request(world: &mut World, ctx: &Ctx, route: &str) -> GraphResult {
    let mut segs: Vec<&str> = ctx
        .segs
        .iter()
        .map(String::as_str)
        .filter(|s| *s != "calendar")
        .collect();
    if segs.len() > 2 && segs[0] == "calendars" {
        segs.drain(..2);
    }
    let m = &ctx.method;
    match (m.clone(), route, segs.as_slice()) {
        (Method::GET, "me", []) => mailbox::me(world, ctx),
        (Method::GET, "calendarView", _) => calendar::calendar_view(world, ctx),
        (Method::GET, "delta", _) => calendar::delta(world, ctx),
        (Method::GET, "events", _) => calendar::list_events(world, ctx),
        (Method::POST, "events", _) => calendar::create_event(world, ctx),
        (Method::GET, "event", ["events", id]) => calendar::get_event(world, ctx, id),
        (Method::PATCH, "event", ["events", id]) => calendar::patch_event(world, ctx, id),
        (Method::DELETE, "event", ["events", id]) => calendar::delete_event(world, ctx, id),
        (Method::GET, "instances", ["events", id, _]) => calendar::instances(world, ctx, id),
        (Method::POST, "rsvp", ["events", id, action]) => calendar::respond(world, ctx, id, action),
        (Method::POST, "cancel", ["events", id, _]) => calendar::cancel(world, ctx, id),
        (Method::GET, "mailboxSettings", _) => mailbox::get_settings(world, ctx),
        (Method::PATCH, "mailboxSettings", _) => mailbox::patch_settings(world, ctx),
        (Method::POST, "getSchedule", _) => mailbox::get_schedule(world, ctx),
        (Method::GET, "calendars", _) => mailbox::calendars(world, ctx),
        (_, "subscriptions", _) => misc::subscriptions(world, ctx),
        _ => Err(gerr(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!(
                "The emulator does not serve {} {}{}.",
                m,
                ctx.path,
                ctx.segs.iter().map(|s| format!("/{s}")).collect::<String>()
            ),
        )),
    }
}
