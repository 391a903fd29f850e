//! /me, mailboxSettings (§3), getSchedule (§4) and the calendars list.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use super::{gerr, not_found, Ctx, GraphError, GraphResult, Reply};
use crate::tz;
use crate::world::World;

const SETTINGS: [&str; 11] = [
    "archiveFolder",
    "automaticRepliesSetting",
    "dateFormat",
    "delegateMeetingMessageDeliveryOptions",
    "language",
    "timeFormat",
    "timeZone",
    "userPurpose",
    "workingHours",
    "userPurposeV2",
    "weekStartsOn",
];

pub fn me(world: &mut World, ctx: &Ctx) -> GraphResult {
    let u = world.user(&ctx.user_id).ok_or_else(not_found)?;
    let locale = u.mailbox.settings["language"]["locale"]
        .as_str()
        .unwrap_or("en-US");
    Ok(Reply::ok(json!({
        "@odata.context": format!("{}/$metadata#users/$entity", ctx.graph),
        "businessPhones": [],
        "displayName": u.display_name,
        "givenName": u.given_name,
        "jobTitle": u.job_title,
        "mail": u.upn,
        "mobilePhone": null,
        "officeLocation": null,
        "preferredLanguage": locale,
        "surname": u.surname,
        "userPrincipalName": u.upn,
        "id": u.id,
    })))
}

pub fn get_settings(world: &mut World, ctx: &Ctx) -> GraphResult {
    let u = world.user(&ctx.user_id).ok_or_else(not_found)?;
    let settings = &u.mailbox.settings;
    match ctx.segs.get(1) {
        None => {
            let mut v = settings.clone();
            v["@odata.context"] = json!(format!(
                "{}/$metadata#users('{}')/mailboxSettings",
                ctx.graph, ctx.user_id
            ));
            // Keep @odata.context first, as Graph does.
            let mut out = serde_json::Map::new();
            if let Some(obj) = v.as_object_mut() {
                if let Some(c) = obj.remove("@odata.context") {
                    out.insert("@odata.context".into(), c);
                }
                out.extend(obj.clone());
            }
            Ok(Reply::ok(Value::Object(out)))
        }
        Some(name) => {
            let Some(field) = SETTINGS.iter().find(|f| f.eq_ignore_ascii_case(name)) else {
                return Err(gerr(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    format!("Resource not found for the segment '{name}'."),
                ));
            };
            let value = settings.get(*field).cloned().unwrap_or(Value::Null);
            let context = format!(
                "{}/$metadata#users('{}')/mailboxSettings/{field}",
                ctx.graph, ctx.user_id
            );
            Ok(Reply::ok(match value {
                Value::Object(mut o) => {
                    o.insert("@odata.context".into(), json!(context));
                    Value::Object(o)
                }
                other => json!({ "@odata.context": context, "value": other }),
            }))
        }
    }
}

pub fn patch_settings(world: &mut World, ctx: &Ctx) -> GraphResult {
    let body = ctx.object_body()?;
    let u = world.user_mut(&ctx.user_id).ok_or_else(not_found)?;
    for (k, v) in body.as_object().into_iter().flatten() {
        if k.starts_with('@') {
            continue;
        }
        if matches!(k.as_str(), "userPurpose" | "archiveFolder") {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                format!("The property '{k}' is read-only."),
            ));
        }
        if !SETTINGS.contains(&k.as_str()) {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidProperty",
                format!("The property '{k}' does not exist on mailboxSettings."),
            ));
        }
        if k == "timeZone" && v.as_str().and_then(tz::resolve).is_none() {
            return Err(gerr(StatusCode::BAD_REQUEST, "TimeZoneNotSupportedException", format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{}'.", v.as_str().unwrap_or_default())));
        }
        merge(&mut u.mailbox.settings[k.as_str()], v);
    }
    let mut out = u.mailbox.settings.clone();
    out["@odata.context"] = json!(format!(
        "{}/$metadata#users('{}')/mailboxSettings",
        ctx.graph, ctx.user_id
    ));
    Ok(Reply::ok(out))
}

fn merge(target: &mut Value, patch: &Value) {
    match (target.as_object_mut(), patch.as_object()) {
        (Some(t), Some(p)) => {
            for (k, v) in p {
                merge(t.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        _ => *target = patch.clone(),
    }
}

fn dttz(v: &Value, name: &str) -> Result<DateTime<Utc>, GraphError> {
    let zone = v["timeZone"].as_str().unwrap_or("UTC");
    let tz = tz::resolve(zone).ok_or_else(|| {
        gerr(StatusCode::BAD_REQUEST, "TimeZoneNotSupportedException", format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'."))
    })?;
    let local = v["dateTime"]
        .as_str()
        .and_then(tz::parse_local)
        .ok_or_else(|| {
            gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                format!("'{name}' is required."),
            )
        })?;
    Ok(tz::to_utc(local, tz))
}

fn digit(show_as: &str) -> u8 {
    match show_as {
        "tentative" => 1,
        "busy" => 2,
        "oof" => 3,
        "workingElsewhere" => 4,
        _ => 0,
    }
}

/// Which status wins a slot where items overlap: oof, busy, tentative, working elsewhere.
fn rank(d: u8) -> u8 {
    match d {
        3 => 4,
        2 => 3,
        1 => 2,
        4 => 1,
        _ => 0,
    }
}

pub fn get_schedule(world: &mut World, ctx: &Ctx) -> GraphResult {
    let body = ctx.object_body()?;
    let schedules: Vec<String> = body["schedules"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if schedules.is_empty() {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            "'schedules' must name at least one address.",
        ));
    }
    if schedules.len() > 100 {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorMailboxDataArrayTooBig",
            "The number of mailboxes in the request exceeds the allowed size = 100.",
        ));
    }
    let start = dttz(&body["startTime"], "startTime")?;
    let end = dttz(&body["endTime"], "endTime")?;
    if end <= start {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            "endTime must be after startTime.",
        ));
    }
    if end - start > Duration::days(62) {
        return Err(gerr(StatusCode::BAD_REQUEST, "ErrorTimeIntervalTooBig", "The time interval between start and end time is too big. The maximum allowed is 62 days."));
    }
    let interval = body["availabilityViewInterval"].as_i64().unwrap_or(30);
    if !(5..=1440).contains(&interval) {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "availabilityViewInterval must be between 5 and 1440 minutes.",
        ));
    }
    let (view, applied) = ctx.view(world);
    let slots = ((end - start).num_minutes() + interval - 1) / interval;
    let mut value = Vec::new();
    for address in &schedules {
        let Some(u) = world
            .users
            .iter()
            .find(|u| u.upn.eq_ignore_ascii_case(address) && u.has_mailbox)
        else {
            value.push(json!({
                "scheduleId": address, "availabilityView": "", "scheduleItems": [],
                "error": { "message": "Mailbox not found for the given address.", "responseCode": "ErrorMailRecipientNotFound" },
            }));
            continue;
        };
        let mailbox_tz = tz::resolve(&u.mailbox.time_zone()).unwrap_or(Tz::UTC);
        // Each item's instants once: the slot loop below compares them many times.
        let mut items: Vec<_> = u
            .mailbox
            .events
            .values()
            .flat_map(|e| e.instances(start, end, mailbox_tz))
            .filter(|e| !e.is_cancelled && e.response != "declined" && e.show_as != "free")
            .map(|e| (e.start_utc(mailbox_tz), e.end_utc(mailbox_tz), e))
            .collect();
        items.sort_by_key(|(s, _, _)| *s);
        let mut availability = String::new();
        for i in 0..slots {
            let s = start + Duration::minutes(i * interval);
            let e = s + Duration::minutes(interval);
            let d = items
                .iter()
                .filter(|(is, ie, _)| *is < e && *ie > s)
                .map(|(_, _, it)| digit(&it.show_as))
                .max_by_key(|d| rank(*d))
                .unwrap_or(0);
            availability.push(char::from(b'0' + d));
        }
        let schedule_items: Vec<Value> = items
            .iter()
            .map(|(is, ie, it)| {
                let private = matches!(it.sensitivity.as_str(), "private" | "confidential");
                let mut v = json!({
                    "isPrivate": private,
                    "status": it.show_as,
                    "start": tz::date_time_time_zone(*is, view.tz, &view.zone_name),
                    "end": tz::date_time_time_zone(*ie, view.tz, &view.zone_name),
                });
                if !private {
                    v["subject"] = json!(it.subject);
                    v["location"] = json!(it.location["displayName"].as_str().unwrap_or_default());
                }
                v
            })
            .collect();
        value.push(json!({
            "scheduleId": address,
            "availabilityView": availability,
            "scheduleItems": schedule_items,
            "workingHours": u.mailbox.settings["workingHours"],
        }));
    }
    Ok(Reply {
        status: 200,
        body: Some(json!({
            "@odata.context": format!("{}/$metadata#Collection(microsoft.graph.scheduleInformation)", ctx.graph),
            "value": value,
        })),
        preference_applied: applied,
        location: None,
    })
}

pub fn calendars(world: &mut World, ctx: &Ctx) -> GraphResult {
    let u = world.user(&ctx.user_id).ok_or_else(not_found)?;
    let cal = json!({
        "id": u.mailbox.calendar_id, "name": "Calendar", "color": "auto", "isDefaultCalendar": true,
        "canEdit": true, "canShare": true, "canViewPrivateItems": true, "isRemovable": false,
        "owner": { "name": u.display_name, "address": u.upn },
        "defaultOnlineMeetingProvider": "teamsForBusiness",
        "allowedOnlineMeetingProviders": ["teamsForBusiness"],
    });
    if ctx.segs.len() >= 2 {
        if ctx.segs[1] != u.mailbox.calendar_id {
            return Err(not_found());
        }
        return Ok(Reply::ok(cal));
    }
    Ok(Reply::ok(json!({
        "@odata.context": format!("{}/$metadata#users('{}')/calendars", ctx.graph, ctx.user_id),
        "value": [cal],
    })))
}
