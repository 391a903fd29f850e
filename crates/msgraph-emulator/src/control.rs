//! The control API for tests and the demo (`/_emulator/…`): users, mailboxes and
//! events, the clock, token revocation and step-up, scripted sign-in outcomes,
//! fault rules, the request log and the tokens issued (for leak checks).
//! Never part of the emulated services.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use chrono::Duration;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::event::{EventRecord, Owner, View};
use crate::faults::FaultRule;
use crate::fixtures::{self, BodyKind, MeetingSeed};
use crate::server::AppState;
use crate::world::{
    NewUser, Revocation, ScriptedOutcome, Settings, World, TENANT_ID, WEB_CLIENT_ID,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(info))
        .route("/settings", get(get_settings).patch(patch_settings))
        .route("/clock", get(get_clock).post(advance_clock))
        .route("/tenant", patch(patch_tenant))
        .route("/users", get(list_users).post(add_user))
        .route("/users/{user}/flags", patch(patch_flags))
        .route(
            "/users/{user}/mailbox-settings",
            patch(patch_mailbox_settings),
        )
        .route("/users/{user}/sync-state/expire", post(expire_sync_state))
        .route("/users/{user}/tokens/revoke", post(revoke_tokens))
        .route("/users/{user}/consent/revoke", post(revoke_consent))
        .route("/users/{user}/events", get(list_events).post(add_event))
        .route(
            "/users/{user}/events/{id}",
            patch(change_event).delete(delete_event),
        )
        .route("/users/{user}/events/{id}/cancel", post(cancel_event))
        .route("/authorize-outcome", post(script_authorize))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/requests", get(list_requests).delete(clear_requests))
        .route("/tokens", get(list_tokens))
        .route("/fixtures", get(list_fixtures))
}

type Answer = Result<Json<Value>, (StatusCode, Json<Value>)>;

fn problem(status: StatusCode, message: impl Into<String>) -> (StatusCode, Json<Value>) {
    (status, Json(json!({ "error": message.into() })))
}

fn no_user(user: &str) -> (StatusCode, Json<Value>) {
    problem(StatusCode::NOT_FOUND, format!("no user '{user}'"))
}

/// `current` with the patch's top-level fields replaced, checked by its type.
fn overlay<T: serde::Serialize + serde::de::DeserializeOwned>(
    current: &T,
    patch: &Value,
) -> Result<T, (StatusCode, Json<Value>)> {
    let mut merged = json!(current);
    for (k, v) in patch.as_object().into_iter().flatten() {
        merged[k] = v.clone();
    }
    serde_json::from_value(merged).map_err(|e| problem(StatusCode::BAD_REQUEST, e.to_string()))
}

async fn info(State(s): State<AppState>) -> Json<Value> {
    let w = s.world();
    Json(json!({
        "authority": s.urls.authority,
        "graph": s.urls.graph,
        "control": s.urls.control,
        "client_id": crate::world::DEFAULT_CLIENT_ID,
        "web_client_id": WEB_CLIENT_ID,
        "tenant_id": TENANT_ID,
        "tenant_domain": crate::world::TENANT_DOMAIN,
        "now": crate::tz::format_utc(w.now()),
        "users": w.users.iter().map(|u| json!({ "id": u.id, "upn": u.upn, "display_name": u.display_name })).collect::<Vec<_>>(),
        "settings": w.settings,
    }))
}

async fn get_settings(State(s): State<AppState>) -> Json<Value> {
    Json(json!(s.world().settings))
}

async fn patch_settings(State(s): State<AppState>, Json(patch): Json<Value>) -> Answer {
    let mut w = s.world();
    let next: Settings = overlay(&w.settings, &patch)?;
    next.validate()
        .map_err(|e| problem(StatusCode::BAD_REQUEST, e))?;
    w.settings = next;
    Ok(Json(json!(w.settings)))
}

async fn get_clock(State(s): State<AppState>) -> Json<Value> {
    let w = s.world();
    Json(
        json!({ "now": crate::tz::format_utc(w.now()), "offset_seconds": w.clock_offset.num_seconds() }),
    )
}

#[derive(Deserialize)]
struct Advance {
    #[serde(default)]
    seconds: i64,
    #[serde(default)]
    days: i64,
}

/// Moves the emulated clock forward (tokens, codes and inactivity use it).
async fn advance_clock(State(s): State<AppState>, Json(a): Json<Advance>) -> Answer {
    // At most 200 years either way, so "now" stays far from chrono's limits.
    let limit = Duration::days(200 * 366);
    let step = Duration::try_seconds(a.seconds)
        .zip(Duration::try_days(a.days))
        .and_then(|(s, d)| s.checked_add(&d))
        .filter(|d| d.abs() <= limit);
    let mut w = s.world();
    let next = step
        .and_then(|d| w.clock_offset.checked_add(&d))
        .filter(|o| o.abs() <= limit);
    let Some(offset) = next else {
        return Err(problem(
            StatusCode::BAD_REQUEST,
            "the clock moves at most 200 years from real time",
        ));
    };
    w.clock_offset = offset;
    Ok(Json(
        json!({ "now": crate::tz::format_utc(w.now()), "offset_seconds": w.clock_offset.num_seconds() }),
    ))
}

#[derive(Deserialize)]
struct TenantPatch {
    user_consent_allowed: Option<bool>,
    /// Clears tenant-wide consent.
    #[serde(default)]
    clear_admin_consent: bool,
}

async fn patch_tenant(State(s): State<AppState>, Json(p): Json<TenantPatch>) -> Json<Value> {
    let mut w = s.world();
    for t in &mut w.tenants {
        if let Some(v) = p.user_consent_allowed {
            t.user_consent_allowed = v;
        }
        if p.clear_admin_consent {
            t.admin_consent.clear();
        }
    }
    Json(json!({ "ok": true }))
}

/// Every access and refresh token issued so far: a test searches the files
/// and logs of the app for them (none may hold one).
async fn list_tokens(State(s): State<AppState>) -> Json<Value> {
    let w = s.world();
    let mut access: Vec<&String> = w.access_tokens.keys().collect();
    let mut refresh: Vec<&String> = w.refresh_tokens.keys().collect();
    access.sort();
    refresh.sort();
    Json(json!({ "access": access, "refresh": refresh }))
}

async fn list_users(State(s): State<AppState>) -> Json<Value> {
    let w = s.world();
    Json(json!(w
        .users
        .iter()
        .map(|u| json!({ "id": u.id, "upn": u.upn, "display_name": u.display_name, "is_admin": u.is_admin, "has_mailbox": u.has_mailbox, "flags": u.flags }))
        .collect::<Vec<_>>()))
}

async fn add_user(State(s): State<AppState>, Json(spec): Json<NewUser>) -> Answer {
    if spec.upn.is_empty() || !spec.upn.contains('@') {
        return Err(problem(StatusCode::BAD_REQUEST, "upn must be an address"));
    }
    if crate::tz::resolve(&spec.time_zone).is_none() {
        return Err(problem(
            StatusCode::BAD_REQUEST,
            format!("unknown time zone '{}'", spec.time_zone),
        ));
    }
    let mut w = s.world();
    if w.user(&spec.upn).is_some() {
        return Err(problem(StatusCode::CONFLICT, "user exists"));
    }
    let u = w.add_user(spec);
    Ok(Json(json!({ "id": u.id, "upn": u.upn })))
}

async fn patch_flags(
    State(s): State<AppState>,
    Path(user): Path<String>,
    Json(patch): Json<Value>,
) -> Answer {
    let mut w = s.world();
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    u.flags = overlay(&u.flags, &patch)?;
    Ok(Json(json!(u.flags)))
}

async fn patch_mailbox_settings(
    State(s): State<AppState>,
    Path(user): Path<String>,
    Json(patch): Json<Value>,
) -> Answer {
    let mut w = s.world();
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    for (k, v) in patch.as_object().into_iter().flatten() {
        u.mailbox.settings[k.as_str()] = v.clone();
    }
    Ok(Json(u.mailbox.settings.clone()))
}

async fn expire_sync_state(State(s): State<AppState>, Path(user): Path<String>) -> Answer {
    let mut w = s.world();
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    u.mailbox.sync_generation += 1;
    Ok(Json(
        json!({ "sync_generation": u.mailbox.sync_generation }),
    ))
}

#[derive(Deserialize, Default)]
struct RevokeSpec {
    /// "revoked" (AADSTS50173, the default) or "expired" (AADSTS70008).
    #[serde(default)]
    kind: Option<String>,
}

async fn revoke_tokens(
    State(s): State<AppState>,
    Path(user): Path<String>,
    body: Option<Json<RevokeSpec>>,
) -> Answer {
    let mut w = s.world();
    let id = w.user(&user).ok_or_else(|| no_user(&user))?.id.clone();
    let kind = match body.and_then(|b| b.0.kind).as_deref() {
        Some("expired") => Revocation::Expired,
        _ => Revocation::Revoked,
    };
    let mut n = 0;
    for g in w.refresh_tokens.values_mut().filter(|g| g.user_id == id) {
        g.revoked = Some(kind);
        n += 1;
    }
    // Sessions go too: "revoke all sessions" signs the browser out as well.
    w.sessions.retain(|_, s| s.user_id != id);
    Ok(Json(json!({ "revoked_refresh_tokens": n })))
}

async fn revoke_consent(State(s): State<AppState>, Path(user): Path<String>) -> Answer {
    let mut w = s.world();
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    u.consents.clear();
    let tenant = u.tenant_id.clone();
    if let Some(t) = w.tenants.iter_mut().find(|t| t.id == tenant) {
        t.admin_consent.clear();
    }
    Ok(Json(json!({ "ok": true })))
}

fn view_for(w: &World, user: &str) -> View {
    let mailbox_tz = w
        .user(user)
        .and_then(|u| crate::tz::resolve(&u.mailbox.time_zone()))
        .unwrap_or(chrono_tz::Tz::UTC);
    View {
        zone_name: "UTC".to_owned(),
        tz: chrono_tz::Tz::UTC,
        body_as_text: false,
        mailbox_tz,
    }
}

async fn list_events(State(s): State<AppState>, Path(user): Path<String>) -> Answer {
    let w = s.world();
    let u = w.user(&user).ok_or_else(|| no_user(&user))?;
    let view = view_for(&w, &user);
    Ok(Json(json!(u
        .mailbox
        .events
        .values()
        .map(|e| e.to_json(&view))
        .collect::<Vec<_>>())))
}

/// Adds an event as it would arrive (an invitation, or the user's own), with the
/// Graph event JSON plus: `bodyFixture` (an invitation style, see /fixtures),
/// `organizer`, `isOrganizer`, `responseStatus`, `isCancelled`, `onlineMeeting`.
pub fn add_event_to(
    w: &mut World,
    user: &str,
    spec: &Value,
) -> Result<EventRecord, (StatusCode, Json<Value>)> {
    let now = w.now();
    let counter = w
        .users
        .iter()
        .map(|u| u.mailbox.events.len() as u64)
        .sum::<u64>();
    let u = w.user(user).ok_or_else(|| no_user(user))?;
    let owner = Owner {
        name: u.display_name.clone(),
        address: u.upn.clone(),
    };
    let mut spec = spec.clone();
    if let Some(name) = spec["bodyFixture"].as_str() {
        let kind = BodyKind::parse(name).ok_or_else(|| {
            problem(
                StatusCode::BAD_REQUEST,
                format!("unknown bodyFixture '{name}'"),
            )
        })?;
        let organizer = spec["organizer"]["emailAddress"]["address"]
            .as_str()
            .unwrap_or(&owner.address)
            .to_owned();
        let seed = MeetingSeed {
            tenant_id: TENANT_ID,
            organizer_id: &organizer,
            organizer_email: &organizer,
            recipient_email: &owner.address,
            n: counter + 1,
        };
        let inv = fixtures::invitation(kind, &seed);
        spec["body"] = json!({ "contentType": "html", "content": inv.html });
        if let Some(om) = inv.online_meeting {
            spec["onlineMeeting"] = json!(om);
            spec["onlineMeetingProvider"] = json!("teamsForBusiness");
            if spec["location"].is_null() {
                spec["location"] = json!({ "displayName": "Microsoft Teams Meeting" });
            }
        }
    }
    let ev = EventRecord::from_graph(&spec, &owner, now, true)
        .map_err(|e| problem(StatusCode::BAD_REQUEST, e.to_string()))?;
    let u = w.user_mut(user).ok_or_else(|| no_user(user))?;
    let mut ev = ev;
    ev.version = u.mailbox.bump();
    u.mailbox.events.insert(ev.id.clone(), ev.clone());
    Ok(ev)
}

async fn add_event(
    State(s): State<AppState>,
    Path(user): Path<String>,
    Json(spec): Json<Value>,
) -> Answer {
    let mut w = s.world();
    let ev = add_event_to(&mut w, &user, &spec)?;
    let view = view_for(&w, &user);
    Ok(Json(ev.to_json(&view)))
}

/// Changes an event as its organizer would (time, subject, body…), seen by this user.
async fn change_event(
    State(s): State<AppState>,
    Path((user, id)): Path<(String, String)>,
    Json(patch): Json<Value>,
) -> Answer {
    let mut w = s.world();
    let now = w.now();
    let view = view_for(&w, &user);
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    let version = u.mailbox.bump();
    let mailbox = &mut u.mailbox;
    let ev = mailbox
        .events
        .get_mut(&id)
        .ok_or_else(|| problem(StatusCode::NOT_FOUND, "no such event"))?;
    let before = ev.instance_ids(now, view.mailbox_tz);
    ev.patch(&patch, now)
        .map_err(|e| problem(StatusCode::BAD_REQUEST, e.to_string()))?;
    if let Some(c) = patch["isCancelled"].as_bool() {
        ev.is_cancelled = c;
    }
    if let Some(r) = patch["responseStatus"]["response"].as_str() {
        ev.response = r.to_owned();
        ev.response_time = Some(now);
    }
    ev.version = version;
    let after = ev.instance_ids(now, view.mailbox_tz);
    let out = ev.to_json(&view);
    for gone in before.difference(&after) {
        mailbox.tombstones.push(crate::world::Tombstone {
            id: gone.clone(),
            version,
        });
    }
    Ok(Json(out))
}

/// The organizer cancelled: the attendee's copy stays, marked and renamed (§2.2).
async fn cancel_event(
    State(s): State<AppState>,
    Path((user, id)): Path<(String, String)>,
) -> Answer {
    let mut w = s.world();
    let view = view_for(&w, &user);
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    let version = u.mailbox.bump();
    let ev = u
        .mailbox
        .events
        .get_mut(&id)
        .ok_or_else(|| problem(StatusCode::NOT_FOUND, "no such event"))?;
    ev.mark_cancelled(version);
    Ok(Json(ev.to_json(&view)))
}

async fn delete_event(
    State(s): State<AppState>,
    Path((user, id)): Path<(String, String)>,
) -> Answer {
    let mut w = s.world();
    let now = w.now();
    let view = view_for(&w, &user);
    let u = w.user_mut(&user).ok_or_else(|| no_user(&user))?;
    u.mailbox
        .remove_event(&id, now, view.mailbox_tz)
        .ok_or_else(|| problem(StatusCode::NOT_FOUND, "no such event"))?;
    Ok(Json(json!({ "deleted": id })))
}

async fn script_authorize(
    State(s): State<AppState>,
    Json(outcome): Json<ScriptedOutcome>,
) -> Json<Value> {
    s.world().next_authorize = Some(outcome);
    Json(json!({ "ok": true }))
}

async fn list_faults(State(s): State<AppState>) -> Json<Value> {
    Json(json!(s.world().faults))
}

async fn add_fault(State(s): State<AppState>, Json(rule): Json<FaultRule>) -> Answer {
    if rule.route.is_empty() {
        return Err(problem(
            StatusCode::BAD_REQUEST,
            "route is required (a route name or \"*\")",
        ));
    }
    s.world().faults.push(rule);
    Ok(Json(json!({ "ok": true })))
}

async fn clear_faults(State(s): State<AppState>) -> Json<Value> {
    s.world().faults.clear();
    Json(json!({ "ok": true }))
}

async fn list_requests(State(s): State<AppState>) -> Json<Value> {
    Json(json!(s.world().log))
}

async fn clear_requests(State(s): State<AppState>) -> Response {
    s.world().log.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn list_fixtures() -> Json<Value> {
    Json(json!(BodyKind::ALL
        .iter()
        .map(|k| k.name())
        .collect::<Vec<_>>()))
}
