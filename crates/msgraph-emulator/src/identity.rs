//! The Microsoft identity platform v2.0 endpoints (reference §1): authorize with
//! a real sign-in and consent page, token (code + PKCE, refresh with rotation),
//! discovery, admin consent and logout, with Entra's error shapes and AADSTS codes.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::server::{apply_fault, html_escape, AppState, Family};
use crate::world::{
    AccessGrant, AppRegistration, AuthCode, BrowserSession, RefreshGrant, Revocation,
    ScriptedOutcome, User, World, GRAPH_SCOPES, OIDC_SCOPES,
};
use crate::{faults, ids};

const SESSION_COOKIE: &str = "ESTSAUTH";

/// Entra's error JSON (reference §1.5), with `Cache-Control: no-store`.
#[allow(clippy::too_many_arguments)]
pub fn aad_error(
    status: StatusCode,
    error: &str,
    code: u32,
    text: &str,
    authority: &str,
    suberror: Option<&str>,
    claims: Option<&str>,
    correlation: Option<&str>,
) -> Response {
    let trace = ids::guid();
    let correlation = correlation.map(str::to_owned).unwrap_or_else(ids::guid);
    let timestamp = Utc::now().format("%Y-%m-%d %H:%M:%SZ").to_string();
    let mut body = json!({
        "error": error,
        "error_description": format!("AADSTS{code}: {text} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}"),
        "error_codes": [code],
        "timestamp": timestamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "error_uri": format!("{authority}/error?code={code}"),
    });
    if let Some(s) = suberror {
        body["suberror"] = json!(s);
    }
    if let Some(c) = claims {
        body["claims"] = json!(c);
    }
    let mut r = (status, axum::Json(body)).into_response();
    no_store(r.headers_mut());
    r
}

fn no_store(h: &mut HeaderMap) {
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    h.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

/// An error the browser shows, with no redirect back to the app.
fn error_page(code: u32, text: &str) -> Response {
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in to your account</title></head>\
         <body><h1>Sorry, but we're having trouble signing you in.</h1>\
         <p id=\"error\">AADSTS{code}: {}</p></body></html>",
        html_escape(text)
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

/// Parsed `/authorize` parameters.
#[derive(Clone, Debug, Default)]
struct AuthRequest {
    tenant: String,
    client_id: String,
    redirect_uri: String,
    response_type: String,
    response_mode: String,
    scope: String,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    login_hint: Option<String>,
    nonce: Option<String>,
    claims: Option<String>,
    max_age: Option<i64>,
    raw_query: String,
}

impl AuthRequest {
    fn parse(tenant: &str, query: &str) -> AuthRequest {
        let mut r = AuthRequest {
            tenant: tenant.to_owned(),
            raw_query: query.to_owned(),
            ..Default::default()
        };
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            let v = v.into_owned();
            match k.as_ref() {
                "client_id" => r.client_id = v,
                "redirect_uri" => r.redirect_uri = v,
                "response_type" => r.response_type = v,
                "response_mode" => r.response_mode = v,
                "scope" => r.scope = v,
                "state" => r.state = Some(v),
                "code_challenge" => r.code_challenge = Some(v),
                "code_challenge_method" => r.code_challenge_method = Some(v),
                "prompt" => r.prompt = Some(v),
                "login_hint" => r.login_hint = Some(v),
                "nonce" => r.nonce = Some(v),
                "claims" => r.claims = Some(v),
                "max_age" => r.max_age = v.parse().ok(),
                _ => {}
            }
        }
        r
    }

    /// A client that declared CAE capability (`xms_cc` = `cp1`) can get claims challenges.
    fn cp1(&self) -> bool {
        self.claims.as_deref().is_some_and(|c| c.contains("cp1"))
    }
}

/// The tenant segment: a known tenant or an alias (§1.1). Err is (AADSTS code, text).
fn check_tenant(world: &World, segment: &str) -> Result<Option<String>, (u32, String)> {
    match segment.to_ascii_lowercase().as_str() {
        "common" | "organizations" => Ok(None),
        "consumers" => Err((
            9002332,
            "Application is configured for use by Microsoft Entra users only. Please do not use the /consumers endpoint to serve this request.".to_owned(),
        )),
        _ => world.tenant(segment).map(|t| Some(t.id.clone())).ok_or_else(|| {
            (90002, format!("Tenant '{segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."))
        }),
    }
}

/// Matches a redirect URI against the registration (§1.7): scheme, host, path and
/// query exact; the port is ignored for http loopback. Returns the URI to use,
/// with the trailing slash a path-less URI gets.
fn match_redirect(app: &AppRegistration, given: &str) -> Option<url::Url> {
    let g = url::Url::parse(given).ok()?;
    let loopback = |u: &url::Url| {
        u.scheme() == "http" && matches!(u.host_str(), Some("localhost" | "127.0.0.1"))
    };
    app.redirect_uris.iter().find_map(|reg| {
        let r = url::Url::parse(reg).ok()?;
        let same = r.scheme() == g.scheme()
            && r.host_str().map(str::to_ascii_lowercase)
                == g.host_str().map(str::to_ascii_lowercase)
            && (loopback(&r) || r.port_or_known_default() == g.port_or_known_default())
            && r.path() == g.path()
            && r.query() == g.query();
        same.then(|| g.clone())
    })
}

/// Normalises requested scopes: OIDC scopes lowercase, Graph scopes in their short
/// canonical form, `.default` expanded. Err is (error, AADSTS code, text).
fn normalize_scopes(
    world: &World,
    app: &AppRegistration,
    raw: &str,
) -> Result<Vec<String>, (&'static str, u32, String)> {
    let graph_host = world.settings.cloud.graph_host();
    let mut out: Vec<String> = Vec::new();
    for s in raw.split_whitespace() {
        let lower = s.to_ascii_lowercase();
        if OIDC_SCOPES.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        let perm = if let Some((resource, perm)) = s.rsplit_once('/').filter(|_| s.contains("://"))
        {
            let host = url::Url::parse(resource)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            if !host.eq_ignore_ascii_case(graph_host) {
                return Err((
                    "invalid_resource",
                    500011,
                    format!("The resource principal named {resource} was not found in the tenant."),
                ));
            }
            perm
        } else if let Some(perm) = s
            .strip_prefix(crate::world::GRAPH_APP_ID)
            .and_then(|p| p.strip_prefix('/'))
        {
            perm
        } else {
            s
        };
        if perm == ".default" {
            out.extend(app.required_scopes.iter().cloned());
            continue;
        }
        match GRAPH_SCOPES.iter().find(|g| g.eq_ignore_ascii_case(perm)) {
            Some(g) => out.push((*g).to_owned()),
            None => {
                return Err(("invalid_scope", 70011, format!("The provided value for the input parameter 'scope' is not valid. The scope {s} is not valid.")))
            }
        }
    }
    let mut seen = BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    Ok(out)
}

fn graph_scopes(scopes: &[String]) -> BTreeSet<String> {
    scopes
        .iter()
        .filter(|s| !OIDC_SCOPES.contains(&s.as_str()))
        .cloned()
        .collect()
}

fn consented(world: &World, user: &User, client_id: &str) -> BTreeSet<String> {
    let mut all = user.consents.get(client_id).cloned().unwrap_or_default();
    if let Some(t) = world.tenants.iter().find(|t| t.id == user.tenant_id) {
        all.extend(t.admin_consent.get(client_id).cloned().unwrap_or_default());
    }
    all
}

fn needs_consent(world: &World, user: &User, client_id: &str, scopes: &[String]) -> bool {
    let have = consented(world, user, client_id);
    !graph_scopes(scopes).is_subset(&have)
}

/// The redirect back to the app with these parameters, in the requested mode.
fn redirect_with(target: &url::Url, mode: &str, params: &[(&str, String)]) -> Response {
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    if mode == "form_post" {
        let inputs: String = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    html_escape(k),
                    html_escape(v)
                )
            })
            .collect();
        let page = format!(
            "<!doctype html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{}\">{inputs}<noscript><button>Continue</button></noscript></form></body></html>",
            html_escape(target.as_str())
        );
        return Html(page).into_response();
    }
    let mut url = target.clone();
    if mode == "fragment" {
        url.set_fragment(Some(&encoded));
    } else {
        let existing = url.query().map(str::to_owned);
        url.set_query(Some(&match existing {
            Some(q) if !q.is_empty() => format!("{q}&{encoded}"),
            _ => encoded,
        }));
    }
    (StatusCode::FOUND, [(header::LOCATION, url.to_string())]).into_response()
}

fn error_redirect(
    req: &AuthRequest,
    target: &url::Url,
    error: &str,
    code: u32,
    text: &str,
    subcode: Option<&str>,
) -> Response {
    let trace = ids::guid();
    let mut params = vec![
        ("error", error.to_owned()),
        (
            "error_description",
            format!(
                "AADSTS{code}: {text}\r\nTrace ID: {trace}\r\nCorrelation ID: {}\r\nTimestamp: {}",
                ids::guid(),
                Utc::now().format("%Y-%m-%d %H:%M:%SZ")
            ),
        ),
    ];
    if let Some(s) = subcode {
        params.push(("error_subcode", s.to_owned()));
    }
    if let Some(s) = &req.state {
        params.push(("state", s.clone()));
    }
    redirect_with(target, &req.response_mode, &params)
}

/// The parts of `/authorize` validation that decide whether we may redirect at all.
/// The error is the page to show, so it is a whole response.
#[allow(clippy::result_large_err)]
fn validate_client(
    world: &World,
    req: &AuthRequest,
) -> Result<(AppRegistration, url::Url), Response> {
    if let Err((code, text)) = check_tenant(world, &req.tenant) {
        return Err(error_page(code, &text));
    }
    let Some(app) = world.app(&req.client_id) else {
        return Err(error_page(
            700016,
            &format!(
                "Application with identifier '{}' was not found in the directory '{}'.",
                req.client_id, req.tenant
            ),
        ));
    };
    let Some(target) = match_redirect(app, &req.redirect_uri) else {
        return Err(error_page(
            50011,
            &format!(
                "The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application '{}'.",
                req.redirect_uri, app.client_id
            ),
        ));
    };
    Ok((app.clone(), target))
}

/// Validation that is reported to the app through the redirect.
fn validate_request(
    world: &World,
    app: &AppRegistration,
    req: &AuthRequest,
) -> Result<Vec<String>, (&'static str, u32, String)> {
    if req.response_type != "code" {
        return Err((
            "unsupported_response_type",
            700054,
            format!(
                "response_type '{}' is not enabled for the application.",
                req.response_type
            ),
        ));
    }
    if !matches!(
        req.response_mode.as_str(),
        "query" | "fragment" | "form_post"
    ) {
        return Err((
            "invalid_request",
            900144,
            "The provided value for 'response_mode' is not valid.".to_owned(),
        ));
    }
    match (&req.code_challenge, req.code_challenge_method.as_deref()) {
        (None, Some(_)) => {
            return Err((
                "invalid_request",
                501491,
                "Invalid size of Code_Challenge parameter.".to_owned(),
            ));
        }
        (Some(c), m) => {
            if !matches!(m, None | Some("S256") | Some("plain")) {
                return Err((
                    "invalid_request",
                    501492,
                    "The code_challenge_method is not valid.".to_owned(),
                ));
            }
            if c.len() < 43 || c.len() > 128 {
                return Err((
                    "invalid_request",
                    50147,
                    "Invalid size of Code_Challenge parameter.".to_owned(),
                ));
            }
        }
        (None, None) => {}
    }
    let scopes = normalize_scopes(world, app, &req.scope)?;
    if scopes.is_empty() {
        return Err((
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'scope'.".to_owned(),
        ));
    }
    Ok(scopes)
}

fn session_of(world: &World, headers: &HeaderMap) -> Option<BrowserSession> {
    let cookies = headers.get_all(header::COOKIE);
    cookies
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .and_then(|(_, v)| world.sessions.get(v).cloned())
}

/// Issues a code for `user` and redirects; records the session and consent.
fn grant_code(
    world: &mut World,
    req: &AuthRequest,
    target: &url::Url,
    user_id: &str,
    scopes: &[String],
    auth_time: DateTime<Utc>,
) -> Response {
    let now = world.now();
    let code = format!("1.A{}", ids::opaque(96));
    world.codes.insert(
        code.clone(),
        AuthCode {
            client_id: req.client_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            user_id: user_id.to_owned(),
            scopes: scopes.to_vec(),
            code_challenge: req.code_challenge.clone(),
            challenge_method: req
                .code_challenge_method
                .clone()
                .unwrap_or_else(|| "plain".to_owned()),
            issued_at: now,
            redeemed: false,
            auth_time,
            nonce: req.nonce.clone(),
            cp1: req.cp1(),
        },
    );
    let mut params = vec![("code", code)];
    if let Some(s) = &req.state {
        params.push(("state", s.clone()));
    }
    params.push(("session_state", ids::guid()));
    let sid = ids::opaque(24);
    world.sessions.insert(
        sid.clone(),
        BrowserSession {
            user_id: user_id.to_owned(),
            auth_time,
        },
    );
    let mut r = redirect_with(target, &req.response_mode, &params);
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={sid}; Path=/; HttpOnly; SameSite=Lax"
    )) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

fn admin_approval_page(app: &AppRegistration, req: &AuthRequest) -> Response {
    // The page's way back to the app arrives as access_denied + cancel [3p].
    let back = format!("?{}&__cancel=1", req.raw_query);
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Need admin approval</title></head><body>\
         <h1>Need admin approval</h1><p id=\"error\">AADSTS90094: {} needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.</p>\
         <a id=\"back\" href=\"{}\">Have an admin account? Sign in with that account</a> <a id=\"return\" href=\"{}\">Return to the application without granting consent</a></body></html>",
        html_escape(&app.display_name),
        html_escape(&back),
        html_escape(&back)
    );
    (StatusCode::OK, Html(page)).into_response()
}

fn scope_description(scope: &str) -> &'static str {
    match scope {
        "User.Read" => "Sign you in and read your profile",
        "Calendars.Read" => "Read your calendars",
        "Calendars.ReadWrite" => "Have full access to your calendars",
        "Calendars.Read.Shared" => "Read calendars you can access",
        "MailboxSettings.Read" => "Read your mailbox settings",
        "MailboxSettings.ReadWrite" => "Read and write your mailbox settings",
        "Domain.Read.All" => "Read domains",
        "offline_access" => "Maintain access to data you have given it access to",
        "openid" | "profile" | "email" => "View your basic profile",
        _ => "Access your data",
    }
}

/// The sign-in page: an account picker and, when needed, the consent screen.
fn sign_in_page(
    world: &World,
    app: &AppRegistration,
    req: &AuthRequest,
    tenant: Option<&str>,
    scopes: &[String],
    path: &str,
) -> Response {
    let users: Vec<&User> = world
        .users
        .iter()
        .filter(|u| tenant.is_none_or(|t| t == u.tenant_id))
        .collect();
    let hint = req.login_hint.as_deref().unwrap_or_default();
    let picked = users
        .iter()
        .position(|u| u.upn.eq_ignore_ascii_case(hint))
        .unwrap_or(0);
    let accounts: String = users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            format!(
                "<label class=\"account\"><input type=\"radio\" name=\"user\" value=\"{upn}\" id=\"user-{upn}\"{checked}> {name} &lt;{upn}&gt;</label><br>",
                upn = html_escape(&u.upn),
                name = html_escape(&u.display_name),
                checked = if i == picked { " checked" } else { "" }
            )
        })
        .collect();
    let consent_needed = users.get(picked).is_none_or(|u| {
        needs_consent(world, u, &app.client_id, scopes) || req.prompt.as_deref() == Some("consent")
    });
    let permissions: String = if consent_needed {
        let items: BTreeSet<&str> = scopes.iter().map(|s| scope_description(s)).collect();
        format!(
            "<h2>Permissions requested</h2><p>{} (emulated app registration) would like to:</p><ul id=\"permissions\">{}</ul>",
            html_escape(&app.display_name),
            items.iter().map(|d| format!("<li>{}</li>", html_escape(d))).collect::<String>()
        )
    } else {
        String::new()
    };
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Sign in to your account</title>\
         <style>body{{font-family:sans-serif;max-width:28rem;margin:3rem auto}}button{{margin:1rem .5rem 0 0;padding:.4rem 1.2rem}}</style></head>\
         <body><h1>Sign in</h1><p>Microsoft 365 emulator — pick an account.</p>\
         <form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"q\" value=\"{q}\">{accounts}{permissions}\
         <button type=\"submit\" name=\"action\" value=\"accept\" id=\"accept\">Accept</button>\
         <button type=\"submit\" name=\"action\" value=\"cancel\" id=\"cancel\">Cancel</button></form></body></html>",
        action = html_escape(path),
        q = html_escape(&req.raw_query),
    );
    let mut r = Html(page).into_response();
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, no-cache"),
    );
    r
}

/// GET shows the page (or answers at once); POST is the page's form.
async fn authorize(
    state: &AppState,
    tenant: &str,
    method: &Method,
    headers: &HeaderMap,
    query: &str,
    body: &Bytes,
) -> Response {
    let path = format!("/login/{tenant}/oauth2/v2.0/authorize");
    let posted: Vec<(String, String)> = if method == Method::POST {
        url::form_urlencoded::parse(body).into_owned().collect()
    } else {
        Vec::new()
    };
    let form = |k: &str| posted.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let query = form("q").unwrap_or_else(|| query.to_owned());
    let mut req = AuthRequest::parse(tenant, &query);
    if req.response_mode.is_empty() {
        req.response_mode = "query".to_owned();
    }
    let mut world = state.world();
    let (app, target) = match validate_client(&world, &req) {
        Ok(v) => v,
        Err(page) => return page,
    };
    if query.contains("__cancel=1") {
        return error_redirect(
            &req,
            &target,
            "access_denied",
            65004,
            "The user has cancelled the sign-in.",
            Some("cancel"),
        );
    }
    let scopes = match validate_request(&world, &app, &req) {
        Ok(s) => s,
        Err((error, code, text)) => return error_redirect(&req, &target, error, code, &text, None),
    };
    let tenant_id = check_tenant(&world, tenant).ok().flatten();
    let now = world.now();

    if method == Method::POST {
        if form("action").as_deref() != Some("accept") {
            let text = "User declined to consent to access the app.";
            return error_redirect(&req, &target, "access_denied", 65004, text, Some("cancel"));
        }
        let Some(user) = form("user").and_then(|u| world.user(&u).cloned()) else {
            return error_page(50034, "The user account does not exist in the directory.");
        };
        return finish_interactive(&mut world, &app, &req, &target, &user, &scopes, now);
    }

    if let Some(outcome) = world.next_authorize.take() {
        return match outcome {
            ScriptedOutcome::Success { user } => {
                let found = match user {
                    Some(u) => world.user(&u).cloned(),
                    None => world.users.first().cloned(),
                };
                match found {
                    Some(u) => {
                        finish_interactive(&mut world, &app, &req, &target, &u, &scopes, now)
                    }
                    None => error_page(50034, "The user account does not exist in the directory."),
                }
            }
            ScriptedOutcome::Cancel => error_redirect(
                &req,
                &target,
                "access_denied",
                65004,
                "The user has cancelled the sign-in.",
                Some("cancel"),
            ),
            ScriptedOutcome::DeclineConsent => error_redirect(
                &req,
                &target,
                "access_denied",
                65004,
                "User declined to consent to access the app.",
                None,
            ),
            ScriptedOutcome::AdminApprovalRequired => admin_approval_page(&app, &req),
            ScriptedOutcome::NoCallback => {
                Html("<!doctype html><html><body><p>Signing in…</p></body></html>").into_response()
            }
        };
    }

    let session = session_of(&world, headers);
    let prompt = req.prompt.clone().unwrap_or_default();
    let fresh_enough = |s: &BrowserSession| {
        req.max_age
            .is_none_or(|m| (now - s.auth_time).num_seconds() <= m)
    };
    if prompt == "none" {
        let Some(s) = session.filter(|s| fresh_enough(s)) else {
            return error_redirect(
                &req,
                &target,
                "login_required",
                50058,
                "A silent sign-in request was sent but no user is signed in.",
                None,
            );
        };
        let Some(user) = world.user(&s.user_id).cloned() else {
            return error_redirect(
                &req,
                &target,
                "login_required",
                50058,
                "A silent sign-in request was sent but no user is signed in.",
                None,
            );
        };
        if user.flags.require_mfa {
            return error_redirect(&req, &target, "interaction_required", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", None);
        }
        if needs_consent(&world, &user, &app.client_id, &scopes) {
            return error_redirect(
                &req,
                &target,
                "consent_required",
                65001,
                "The user or administrator has not consented to use the application.",
                None,
            );
        }
        return grant_code(&mut world, &req, &target, &user.id, &scopes, s.auth_time);
    }
    // Single sign-on: an existing session with consent needs no page (unless asked).
    if let Some(s) = session.filter(|s| fresh_enough(s)) {
        if let Some(user) = world.user(&s.user_id).cloned() {
            let forced = matches!(prompt.as_str(), "login" | "consent" | "select_account");
            if !forced
                && !user.flags.require_mfa
                && !needs_consent(&world, &user, &app.client_id, &scopes)
            {
                return grant_code(&mut world, &req, &target, &user.id, &scopes, s.auth_time);
            }
        }
    }
    sign_in_page(&world, &app, &req, tenant_id.as_deref(), &scopes, &path)
}

fn finish_interactive(
    world: &mut World,
    app: &AppRegistration,
    req: &AuthRequest,
    target: &url::Url,
    user: &User,
    scopes: &[String],
    now: DateTime<Utc>,
) -> Response {
    if check_tenant(world, &req.tenant)
        .ok()
        .flatten()
        .is_some_and(|t| t != user.tenant_id)
    {
        return error_page(
            50020,
            "User account from identity provider does not exist in tenant.",
        );
    }
    if needs_consent(world, user, &app.client_id, scopes) {
        let allowed = world
            .tenants
            .iter()
            .find(|t| t.id == user.tenant_id)
            .is_none_or(|t| t.user_consent_allowed);
        if !allowed {
            return admin_approval_page(app, req);
        }
        if let Some(u) = world.user_mut(&user.id) {
            u.consents
                .entry(app.client_id.clone())
                .or_default()
                .extend(graph_scopes(scopes));
        }
    }
    if let Some(u) = world.user_mut(&user.id) {
        u.flags.require_mfa = false; // satisfied interactively
    }
    grant_code(world, req, target, &user.id, scopes, now)
}

fn b64json(v: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(v.to_string())
}

/// A JWT-shaped token: header.payload.signature. Clients must treat access tokens
/// as opaque; the signature is random because nothing verifies it.
fn jwt(claims: serde_json::Value) -> String {
    let header = json!({ "typ": "JWT", "alg": "RS256", "kid": "emulator" });
    format!(
        "{}.{}.{}",
        b64json(&header),
        b64json(&claims),
        ids::opaque(64)
    )
}

struct Issue<'a> {
    user: &'a User,
    client_id: &'a str,
    /// What this access token is for (the request's `scope`, or the grant's).
    scopes: Vec<String>,
    /// What the grant holds: a refresh token is bound to user and client, not
    /// to the scopes one refresh asked for (§1.4).
    grant_scopes: Vec<String>,
    auth_time: DateTime<Utc>,
    nonce: Option<String>,
    cp1: bool,
    issued_at: DateTime<Utc>,
}

fn issue_tokens(
    world: &mut World,
    authority: &str,
    i: Issue<'_>,
    correlation: Option<&str>,
) -> Response {
    let now = world.now();
    let lifetime = world.settings.access_token_lifetime_seconds;
    let graph = graph_scopes(&i.scopes);
    let access = jwt(json!({
        "aud": format!("https://{}", world.settings.cloud.graph_host()),
        "iss": format!("https://sts.windows.net/{}/", i.user.tenant_id),
        "iat": now.timestamp(), "nbf": now.timestamp(), "exp": now.timestamp() + lifetime,
        "scp": graph.iter().cloned().collect::<Vec<_>>().join(" "),
        "oid": i.user.id, "tid": i.user.tenant_id, "appid": i.client_id,
        "xms_cc": if i.cp1 { json!(["cp1"]) } else { json!([]) },
        "uti": ids::opaque(16),
    }));
    world.access_tokens.insert(
        access.clone(),
        AccessGrant {
            user_id: i.user.id.clone(),
            client_id: i.client_id.to_owned(),
            scopes: graph.clone(),
            expires_at: now + Duration::seconds(lifetime),
            cp1: i.cp1,
        },
    );
    let shown: Vec<String> = graph
        .iter()
        .cloned()
        .chain(
            i.scopes
                .iter()
                .filter(|s| matches!(s.as_str(), "openid" | "profile" | "email"))
                .cloned(),
        )
        .collect();
    let mut body = json!({
        "token_type": "Bearer",
        "scope": shown.join(" "),
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access,
    });
    if i.grant_scopes.iter().any(|s| s == "offline_access") {
        let rt = format!("1.AVEA{}", ids::opaque(360));
        world.refresh_tokens.insert(
            rt.clone(),
            RefreshGrant {
                user_id: i.user.id.clone(),
                client_id: i.client_id.to_owned(),
                scopes: i.grant_scopes.clone(),
                issued_at: i.issued_at,
                last_used: now,
                auth_time: i.auth_time,
                revoked: None,
                cp1: i.cp1,
            },
        );
        body["refresh_token"] = json!(rt);
    }
    if i.grant_scopes.iter().any(|s| s == "openid") {
        let mut claims = json!({
            "aud": i.client_id,
            "iss": format!("{authority}/{}/v2.0", i.user.tenant_id),
            "iat": now.timestamp(), "nbf": now.timestamp(), "exp": now.timestamp() + 3600,
            "auth_time": i.auth_time.timestamp(),
            "name": i.user.display_name,
            "oid": i.user.id,
            "preferred_username": i.user.upn,
            "sub": URL_SAFE_NO_PAD.encode(Sha256::digest(format!("{}{}", i.user.id, i.client_id))),
            "tid": i.user.tenant_id,
            "ver": "2.0",
        });
        if i.scopes.iter().any(|s| s == "email") {
            claims["email"] = json!(i.user.upn);
        }
        if let Some(n) = i.nonce {
            claims["nonce"] = json!(n);
        }
        body["id_token"] = json!(jwt(claims));
    }
    let mut r = (StatusCode::OK, axum::Json(body)).into_response();
    no_store(r.headers_mut());
    if let Some(c) = correlation.and_then(|c| HeaderValue::from_str(c).ok()) {
        r.headers_mut().insert("client-request-id", c);
    }
    r
}

/// The scopes a token is for: the request's `scope` or else the grant's. Each
/// Graph scope must have been consented (§1.5: 65001 + consent_required).
/// The error is the response to send.
#[allow(clippy::result_large_err)]
fn token_scopes(
    world: &World,
    app: &AppRegistration,
    user: &User,
    asked: Option<String>,
    granted: &[String],
    authority: &str,
    corr: Option<&str>,
) -> Result<Vec<String>, Response> {
    let scopes = match asked {
        Some(s) => normalize_scopes(world, app, &s).map_err(|(e, c, t)| {
            aad_error(
                StatusCode::BAD_REQUEST,
                e,
                c,
                &t,
                authority,
                None,
                None,
                corr,
            )
        })?,
        None => granted.to_vec(),
    };
    if needs_consent(world, user, &app.client_id, &scopes) {
        return Err(aad_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            65001,
            "The user or administrator has not consented to use the application.",
            authority,
            Some("consent_required"),
            None,
            corr,
        ));
    }
    Ok(scopes)
}

fn pkce_ok(code: &AuthCode, verifier: Option<&str>) -> bool {
    let Some(challenge) = &code.code_challenge else {
        return true;
    };
    let Some(v) = verifier else { return false };
    let valid = (43..=128).contains(&v.len())
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    if !valid {
        return false;
    }
    if code.challenge_method == "S256" {
        URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())) == *challenge
    } else {
        v == challenge
    }
}

async fn token(state: &AppState, tenant: &str, headers: &HeaderMap, body: &Bytes) -> Response {
    let authority = state.urls.authority.clone();
    let correlation = headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let echo = headers
        .get("return-client-request-id")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let corr = correlation.as_deref();
    let fail = |status: StatusCode, error: &str, code: u32, text: &str| {
        aad_error(status, error, code, text, &authority, None, None, corr)
    };
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !form_type.starts_with("application/x-www-form-urlencoded") {
        return fail(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            "The request body must contain the following parameter: 'grant_type'.",
        );
    }
    let params: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let p = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let missing = |name: &str| {
        fail(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            900144,
            &format!("The request body must contain the following parameter: '{name}'."),
        )
    };
    let Some(grant_type) = p("grant_type") else {
        return missing("grant_type");
    };
    let Some(client_id) = p("client_id") else {
        return missing("client_id");
    };
    let mut world = state.world();
    if let Err((code, text)) = check_tenant(&world, tenant) {
        return fail(StatusCode::BAD_REQUEST, "invalid_request", code, &text);
    }
    let Some(app) = world.app(&client_id).cloned() else {
        return fail(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!("Application with identifier '{client_id}' was not found in the directory '{tenant}'."),
        );
    };
    if p("client_secret").is_some() || p("client_assertion").is_some() {
        return fail(StatusCode::UNAUTHORIZED, "invalid_client", 700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.");
    }
    if !app.public_client {
        return fail(StatusCode::UNAUTHORIZED, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    let now = world.now();
    let response = match grant_type.as_str() {
        "authorization_code" => {
            let Some(code_value) = p("code") else {
                return missing("code");
            };
            let Some(redirect_uri) = p("redirect_uri") else {
                return missing("redirect_uri");
            };
            let Some(code) = world.codes.get(&code_value).cloned() else {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    9002313,
                    "Invalid request. Request is malformed or invalid.",
                );
            };
            if code.redeemed {
                return fail(StatusCode::BAD_REQUEST, "invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
            }
            if code.client_id != client_id {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    70000,
                    "The provided authorization code was issued to another client.",
                );
            }
            if now - code.issued_at > Duration::minutes(10) {
                return fail(StatusCode::BAD_REQUEST, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
            }
            if redirect_uri != code.redirect_uri {
                // [assume] Entra reports a redirect mismatch at redemption like this.
                return fail(StatusCode::BAD_REQUEST, "invalid_grant", 50011, &format!("The redirect URI '{redirect_uri}' specified in the request does not match the redirect URI used to obtain the authorization code."));
            }
            if !pkce_ok(&code, p("code_verifier").as_deref()) {
                return fail(StatusCode::BAD_REQUEST, "invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
            }
            if let Some(c) = world.codes.get_mut(&code_value) {
                c.redeemed = true;
            }
            let Some(user) = world.user(&code.user_id).cloned() else {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    50034,
                    "The user account does not exist in the directory.",
                );
            };
            let scopes = match token_scopes(
                &world,
                &app,
                &user,
                p("scope"),
                &code.scopes,
                &authority,
                corr,
            ) {
                Ok(s) => s,
                Err(refused) => return refused,
            };
            let issue = Issue {
                user: &user,
                client_id: &client_id,
                scopes,
                grant_scopes: code.scopes.clone(),
                auth_time: code.auth_time,
                nonce: code.nonce.clone(),
                cp1: code.cp1,
                issued_at: now,
            };
            issue_tokens(&mut world, &authority, issue, corr)
        }
        "refresh_token" => {
            let Some(rt) = p("refresh_token") else {
                return missing("refresh_token");
            };
            let Some(grant) = world.refresh_tokens.get(&rt).cloned() else {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    9002313,
                    "Invalid request. Request is malformed or invalid.",
                );
            };
            if grant.client_id != client_id {
                return aad_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    70000,
                    "The refresh token was issued to a different client.",
                    &authority,
                    Some("client_mismatch"),
                    None,
                    corr,
                );
            }
            match grant.revoked {
                Some(Revocation::Revoked) => return fail(StatusCode::BAD_REQUEST, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password."),
                Some(Revocation::Expired | Revocation::Rotated) => return fail(StatusCode::BAD_REQUEST, "invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."),
                None => {}
            }
            if now - grant.last_used
                > Duration::try_days(world.settings.refresh_inactivity_days)
                    .unwrap_or(Duration::MAX)
            {
                let text = format!(
                    "The refresh token has expired due to inactivity. The token was issued on {} and was inactive for {}.00:00:00.",
                    crate::tz::format_utc(grant.issued_at),
                    world.settings.refresh_inactivity_days
                );
                return aad_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    700082,
                    &text,
                    &authority,
                    Some("bad_token"),
                    None,
                    corr,
                );
            }
            let Some(user) = world.user(&grant.user_id).cloned() else {
                return fail(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    50034,
                    "The user account does not exist in the directory.",
                );
            };
            if let Some(days) = user.flags.sign_in_frequency_days {
                if now - grant.auth_time > Duration::try_days(days).unwrap_or(Duration::MAX) {
                    return fail(StatusCode::BAD_REQUEST, "invalid_grant", 70043, "The refresh token has expired or is invalid due to sign-in frequency checks by conditional access.");
                }
            }
            if user.flags.require_mfa {
                let claims = r#"{"access_token":{"capolids":{"essential":true,"values":["9d5c3f1e-0000-4000-8000-000000000001"]}}}"#;
                return aad_error(StatusCode::BAD_REQUEST, "invalid_grant", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", &authority, Some("basic_action"), Some(claims), corr);
            }
            let scopes = match token_scopes(
                &world,
                &app,
                &user,
                p("scope"),
                &grant.scopes,
                &authority,
                corr,
            ) {
                Ok(s) => s,
                Err(refused) => return refused,
            };
            if world.settings.strict_refresh_rotation {
                if let Some(g) = world.refresh_tokens.get_mut(&rt) {
                    g.revoked = Some(Revocation::Rotated);
                }
            } else if let Some(g) = world.refresh_tokens.get_mut(&rt) {
                g.last_used = now;
            }
            let issue = Issue {
                user: &user,
                client_id: &client_id,
                scopes,
                grant_scopes: grant.scopes.clone(),
                auth_time: grant.auth_time,
                nonce: None,
                cp1: grant.cp1,
                issued_at: grant.issued_at,
            };
            issue_tokens(&mut world, &authority, issue, corr)
        }
        other => {
            return fail(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                70003,
                &format!("The app requested an unsupported grant type '{other}'."),
            );
        }
    };
    let mut response = response;
    if !echo {
        response.headers_mut().remove("client-request-id");
    }
    response
}

fn discovery(state: &AppState, tenant: &str) -> Response {
    let world = state.world();
    let issuer_tenant = match check_tenant(&world, tenant) {
        Ok(Some(id)) => id,
        Ok(None) => "{tenantid}".to_owned(),
        Err((code, text)) => {
            return (StatusCode::BAD_REQUEST, axum::Json(json!({ "error": "invalid_tenant", "error_description": format!("AADSTS{code}: {text}") })))
                .into_response()
        }
    };
    let a = &state.urls.authority;
    let cloud = world.settings.cloud;
    let (scope, sub) = cloud.region_scopes();
    let mut doc = json!({
        "token_endpoint": format!("{a}/{tenant}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{a}/{tenant}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": format!("{a}/{issuer_tenant}/v2.0"),
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("https://{}/oidc/userinfo", cloud.graph_host()),
        "authorization_endpoint": format!("{a}/{tenant}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{a}/{tenant}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{a}/{tenant}/oauth2/v2.0/logout"),
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "preferred_username", "name", "tid", "ver", "oid", "email"],
        "kerberos_endpoint": format!("{a}/{tenant}/kerberos"),
        "tenant_region_scope": scope,
        "cloud_instance_name": cloud.cloud_instance_name(),
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": cloud.graph_host(),
        "rbac_url": "https://pas.windows.net",
    });
    if let Some(s) = sub {
        doc["tenant_region_sub_scope"] = json!(s);
    }
    axum::Json(doc).into_response()
}

/// Tenant-wide admin consent (§1.8): an admin picks Accept or Cancel.
async fn admin_consent(
    state: &AppState,
    tenant: &str,
    method: &Method,
    query: &str,
    body: &Bytes,
) -> Response {
    let posted: Vec<(String, String)> = if method == Method::POST {
        url::form_urlencoded::parse(body).into_owned().collect()
    } else {
        Vec::new()
    };
    let form = |k: &str| posted.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let query = form("q").unwrap_or_else(|| query.to_owned());
    let params: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let p = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut world = state.world();
    if tenant.eq_ignore_ascii_case("common") || tenant.eq_ignore_ascii_case("consumers") {
        return error_page(
            90130,
            "Admin consent needs a tenant: use the tenant ID or 'organizations', not 'common'.",
        );
    }
    let tenant_id = match check_tenant(&world, tenant) {
        Ok(t) => t,
        Err((code, text)) => return error_page(code, &text),
    };
    let client_id = p("client_id").unwrap_or_default();
    let Some(app) = world.app(&client_id).cloned() else {
        return error_page(700016, &format!("Application with identifier '{client_id}' was not found in the directory '{tenant}'."));
    };
    let Some(target) = match_redirect(&app, &p("redirect_uri").unwrap_or_default()) else {
        return error_page(50011, "The redirect URI specified in the request does not match the redirect URIs configured for the application.");
    };
    let default_scope = format!("https://{}/.default", world.settings.cloud.graph_host());
    let scopes = match normalize_scopes(&world, &app, &p("scope").unwrap_or(default_scope)) {
        Ok(s) => s,
        Err((_, code, text)) => return error_page(code, &text),
    };
    let state_param = p("state");
    let scope_text = p("scope").unwrap_or_default();
    let out = |extra: Vec<(&str, String)>, tid: &str| {
        let mut ps = vec![
            ("admin_consent", "True".to_owned()),
            ("tenant", tid.to_owned()),
            ("scope", scope_text.clone()),
        ];
        ps.extend(extra);
        if let Some(s) = &state_param {
            ps.push(("state", s.clone()));
        }
        redirect_with(&target, "query", &ps)
    };
    if method == Method::POST {
        let admin = form("user").and_then(|u| world.user(&u).cloned());
        let tid = admin
            .as_ref()
            .map(|a| a.tenant_id.clone())
            .or(tenant_id.clone())
            .unwrap_or_default();
        let deny = |code: u32, text: &str| {
            let desc = format!("AADSTS{code}: {text} Trace ID: {}", ids::guid());
            out(
                vec![
                    ("error", "access_denied".to_owned()),
                    ("error_description", desc),
                ],
                &tid,
            )
        };
        if form("action").as_deref() != Some("accept") {
            return deny(65004, "User declined to consent to access the app.");
        }
        // Only an administrator of the tenant named in the path can consent for it.
        let of_tenant = |a: &User| tenant_id.as_deref().is_none_or(|t| t == a.tenant_id);
        let Some(admin) = admin.filter(|a| a.is_admin && of_tenant(a)) else {
            return deny(90094, "The grant requires admin permission.");
        };
        if let Some(t) = world.tenants.iter_mut().find(|t| t.id == admin.tenant_id) {
            t.admin_consent
                .entry(app.client_id.clone())
                .or_default()
                .extend(graph_scopes(&scopes));
        }
        return out(Vec::new(), &admin.tenant_id);
    }
    let admins: String = world
        .users
        .iter()
        .filter(|u| tenant_id.as_deref().is_none_or(|t| t == u.tenant_id))
        .map(|u| format!("<label><input type=\"radio\" name=\"user\" value=\"{0}\" id=\"user-{0}\"> {1}{2}</label><br>", html_escape(&u.upn), html_escape(&u.display_name), if u.is_admin { " (administrator)" } else { "" }))
        .collect();
    let page = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Permissions requested — accept for your organization</title></head><body>\
         <h1>Permissions requested</h1><p>{} wants these permissions for everyone in your organization:</p><ul id=\"permissions\">{}</ul>\
         <form method=\"post\" action=\"/login/{}/v2.0/adminconsent\"><input type=\"hidden\" name=\"q\" value=\"{}\">{admins}\
         <button name=\"action\" value=\"accept\" id=\"accept\">Accept</button> <button name=\"action\" value=\"cancel\" id=\"cancel\">Cancel</button></form></body></html>",
        html_escape(&app.display_name),
        scopes.iter().map(|s| format!("<li>{}</li>", html_escape(scope_description(s)))).collect::<String>(),
        html_escape(tenant),
        html_escape(&query)
    );
    Html(page).into_response()
}

fn logout(state: &AppState, headers: &HeaderMap, query: &str) -> Response {
    let mut world = state.world();
    if let Some(sid) = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
    {
        world.sessions.remove(&sid);
    }
    let next = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "post_logout_redirect_uri")
        .map(|(_, v)| v.into_owned());
    let mut r = match next {
        Some(to) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
        None => {
            Html("<!doctype html><html><body><p>You signed out of your account.</p></body></html>")
                .into_response()
        }
    };
    r.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static("ESTSAUTH=; Path=/; Max-Age=0"),
    );
    r
}

/// Every `/login/…` request.
pub async fn handle(State(state): State<AppState>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    let headers = req.headers().clone();
    let body = match axum::body::to_bytes(req.into_body(), 1 << 20).await {
        Ok(b) => b,
        Err(_) => return (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response(),
    };
    let route = faults::route_of(&path);
    // Browser pages only fail when a rule names them; "*" means API calls (token).
    let fault = if route == "token" || state.world().faults.iter().any(|f| f.route == route) {
        faults::take(&mut state.world(), &route, method.as_str())
    } else {
        None
    };
    if let Some(rule) = fault {
        let corr = headers
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if let Some(r) =
            apply_fault(&rule, Family::Identity, ("", &corr), &state.urls.authority).await
        {
            return r;
        }
    }
    let segs: Vec<&str> = path.trim_start_matches("/login/").split('/').collect();
    match (method.clone(), segs.as_slice()) {
        (Method::GET | Method::POST, [tenant, "oauth2", "v2.0", "authorize"]) => {
            authorize(&state, tenant, &method, &headers, &query, &body).await
        }
        (Method::POST, [tenant, "oauth2", "v2.0", "token"]) => {
            token(&state, tenant, &headers, &body).await
        }
        (Method::GET, [tenant, "v2.0", ".well-known", "openid-configuration"]) => {
            discovery(&state, tenant)
        }
        (Method::GET | Method::POST, [tenant, "v2.0", "adminconsent"]) => {
            admin_consent(&state, tenant, &method, &query, &body).await
        }
        (Method::GET, [_, "oauth2", "v2.0", "logout"]) => logout(&state, &headers, &query),
        (Method::GET, [_, "discovery", "v2.0", "keys"]) => {
            axum::Json(json!({ "keys": [] })).into_response()
        }
        (Method::GET, ["error"]) => Html(
            "<!doctype html><html><body><p>See the AADSTS error code reference.</p></body></html>",
        )
        .into_response(),
        _ => (StatusCode::NOT_FOUND, "no such identity endpoint").into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> AppRegistration {
        World::new(Default::default()).apps[0].clone()
    }

    #[test]
    fn redirect_port_is_ignored_only_for_loopback_and_path_must_match() {
        let a = app();
        assert_eq!(
            match_redirect(&a, "http://localhost:53817")
                .map(|u| u.to_string())
                .as_deref(),
            Some("http://localhost:53817/")
        );
        assert!(match_redirect(&a, "http://127.0.0.1:4000/").is_some());
        assert!(match_redirect(&a, "http://localhost:4000/callback").is_none());
        assert!(match_redirect(&a, "http://[::1]:4000/").is_none());
        assert!(match_redirect(&a, "https://localhost:4000/").is_none());
    }

    #[test]
    fn scopes_are_normalised() {
        let w = World::new(Default::default());
        let a = app();
        let s = normalize_scopes(
            &w,
            &a,
            "openid OFFLINE_ACCESS https://graph.microsoft.com/calendars.readwrite User.Read",
        )
        .expect("valid");
        assert_eq!(
            s,
            vec![
                "openid",
                "offline_access",
                "Calendars.ReadWrite",
                "User.Read"
            ]
        );
        let d = normalize_scopes(&w, &a, "https://graph.microsoft.com/.default").expect("valid");
        assert_eq!(d, a.required_scopes);
        assert_eq!(
            normalize_scopes(&w, &a, "https://graph.microsoft.us/User.Read")
                .expect_err("other cloud")
                .1,
            500011
        );
        assert_eq!(
            normalize_scopes(&w, &a, "Nope.Nope")
                .expect_err("unknown")
                .1,
            70011
        );
    }
}
