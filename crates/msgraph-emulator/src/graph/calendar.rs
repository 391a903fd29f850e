//! calendarView, delta, instances, events CRUD and RSVP (reference §2, §5, §6).

use std::collections::HashSet;

use axum::http::StatusCode;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{gerr, not_found, Ctx, GraphError, GraphResult, Reply};
use crate::event::{select, EventRecord, EventType, Owner, View};
use crate::world::{Mailbox, Tombstone, User, World};
use crate::{ids, tz};

const MAX_WINDOW_DAYS: i64 = 1825;

fn user<'a>(world: &'a World, ctx: &Ctx) -> Result<&'a User, GraphError> {
    world.user(&ctx.user_id).ok_or_else(not_found)
}

fn user_mut<'a>(world: &'a mut World, ctx: &Ctx) -> Result<&'a mut User, GraphError> {
    world.user_mut(&ctx.user_id).ok_or_else(not_found)
}

/// The required window of calendarView, delta's first request and instances (§2.1).
fn window(ctx: &Ctx) -> Result<(DateTime<Utc>, DateTime<Utc>), GraphError> {
    let (Some(s), Some(e)) = (ctx.q("startDateTime"), ctx.q("endDateTime")) else {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
        ));
    };
    let parse = |v: &str, name: &str| {
        tz::parse_query_instant(v).ok_or_else(|| {
            gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidParameter",
                format!("The value '{v}' of parameter '{name}' is invalid."),
            )
        })
    };
    let (start, end) = (parse(s, "StartDateTime")?, parse(e, "EndDateTime")?);
    if end - start > Duration::days(MAX_WINDOW_DAYS) {
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            format!("The range between the start and end dates is greater than the allowed range. Maximum number of days: {MAX_WINDOW_DAYS}"),
        ));
    }
    Ok((start, end))
}

fn paging(ctx: &Ctx) -> Result<(usize, usize), GraphError> {
    let top = match ctx.q("$top") {
        Some(t) => t.parse::<usize>().ok().filter(|t| (1..=1000).contains(t)).ok_or_else(|| {
            gerr(StatusCode::BAD_REQUEST, "ErrorInvalidParameter", format!("The value '{t}' of parameter '$top' is invalid: it must be between 1 and 1000."))
        })?,
        None => 10,
    };
    let skip = ctx.q("$skip").and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((top, skip))
}

fn selected(ctx: &Ctx) -> Vec<String> {
    ctx.q("$select")
        .map(|s| {
            s.split(',')
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn reject_filter(ctx: &Ctx) -> Result<(), GraphError> {
    if ctx.q("$filter").is_some() {
        // [assume] The emulator does not evaluate $filter on views; clients filter locally (§2.1).
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidUrlQueryFilter",
            "The emulator does not support $filter on this resource.",
        ));
    }
    Ok(())
}

fn sort(items: &mut [EventRecord], ctx: &Ctx, view: &View) -> Result<(), GraphError> {
    let Some(order) = ctx.q("$orderby") else {
        // Without $orderby: single instances first, then occurrences [3p].
        items.sort_by_key(|e| e.kind != EventType::SingleInstance);
        return Ok(());
    };
    let mut parts = order.split_whitespace();
    let field = parts.next().unwrap_or_default();
    let desc = parts.next().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
    match field {
        "start/dateTime" => items.sort_by_key(|e| (e.start_utc(view.mailbox_tz), e.id.clone())),
        "end/dateTime" => items.sort_by_key(|e| (e.end_utc(view.mailbox_tz), e.id.clone())),
        "subject" => items.sort_by_key(|e| (e.subject.to_lowercase(), e.id.clone())),
        "createdDateTime" => items.sort_by_key(|e| (e.created, e.id.clone())),
        "lastModifiedDateTime" => items.sort_by_key(|e| (e.modified, e.id.clone())),
        other => {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidProperty",
                format!("The property '{other}' does not support sorting."),
            ));
        }
    }
    if desc {
        items.reverse();
    }
    Ok(())
}

fn resource_path(ctx: &Ctx) -> String {
    let segs: String = ctx
        .segs
        .iter()
        .map(|s| {
            format!(
                "/{}",
                url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>()
            )
        })
        .collect();
    format!("{}{}", ctx.path, segs)
}

/// One page of a list with `$top`/`$skip` and an `@odata.nextLink` that keeps the options.
fn page(
    ctx: &Ctx,
    context: String,
    items: Vec<Value>,
    top: usize,
    skip: usize,
    keep: &[&str],
) -> Value {
    let total = items.len();
    let value: Vec<Value> = items.into_iter().skip(skip).take(top).collect();
    let mut body = json!({ "@odata.context": context, "value": value });
    if skip.saturating_add(top) < total {
        let mut qs = url::form_urlencoded::Serializer::new(String::new());
        for k in keep {
            if let Some(v) = ctx.q(k) {
                qs.append_pair(k, v);
            }
        }
        qs.append_pair("$top", &top.to_string());
        qs.append_pair("$skip", &skip.saturating_add(top).to_string());
        body["@odata.nextLink"] = json!(format!(
            "{}{}?{}",
            ctx.graph,
            resource_path(ctx),
            qs.finish()
        ));
    }
    body
}

fn context_url(ctx: &Ctx, what: &str, sel: &[String]) -> String {
    let sel = if sel.is_empty() {
        String::new()
    } else {
        format!("({})", sel.join(","))
    };
    format!(
        "{}/$metadata#users('{}')/{what}{sel}",
        ctx.graph, ctx.user_id
    )
}

pub fn calendar_view(world: &mut World, ctx: &Ctx) -> GraphResult {
    let (from, to) = window(ctx)?;
    let (top, skip) = paging(ctx)?;
    reject_filter(ctx)?;
    let mut sel = selected(ctx);
    // These two cannot be $selected on calendarView (§2.1): they are left out.
    let asked = !sel.is_empty();
    sel.retain(|f| f != "createdDateTime" && f != "lastModifiedDateTime");
    if asked && sel.is_empty() {
        sel.push("id".to_owned());
    }
    let (view, applied) = ctx.view(world);
    let mailbox = &user(world, ctx)?.mailbox;
    let mut items: Vec<EventRecord> = mailbox
        .events
        .values()
        .flat_map(|e| e.instances(from, to, view.mailbox_tz))
        .collect();
    sort(&mut items, ctx, &view)?;
    let json: Vec<Value> = items
        .iter()
        .map(|e| select(e.to_json(&view), &sel))
        .collect();
    let body = page(
        ctx,
        context_url(ctx, "calendarView", &sel),
        json,
        top,
        skip,
        &["startDateTime", "endDateTime", "$select", "$orderby"],
    );
    Ok(Reply::ok_with(body, applied))
}

/// What a delta link or skip token carries; opaque to clients.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct DeltaState {
    /// Mailbox sync generation (expiring it makes the token 410).
    g: u64,
    u: String,
    s: i64,
    e: i64,
    /// Version the client has seen (0: initial sync).
    v: u64,
    /// Version this round reports up to.
    t: u64,
    /// Offset in this round.
    o: usize,
    /// Empty pages still to serve.
    z: u32,
    /// The round's frozen result, once it spans pages: changes made while a
    /// client pages must not shift what it has not read yet.
    #[serde(default)]
    r: Option<String>,
}

fn encode(state: &DeltaState) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(state).unwrap_or_default())
}

fn decode(token: &str) -> Option<DeltaState> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(token).ok()?).ok()
}

fn removed(id: &str) -> Value {
    json!({ "@odata.type": "#microsoft.graph.event", "id": id, "@removed": { "reason": "deleted" } })
}

fn delta_items(mailbox: &Mailbox, st: &DeltaState, view: &View) -> Vec<Value> {
    let from = Utc.timestamp_opt(st.s, 0).single().unwrap_or_default();
    let to = Utc.timestamp_opt(st.e, 0).single().unwrap_or_default();
    let in_round = |v: u64| v > st.v && v <= st.t;
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut records: Vec<&EventRecord> = mailbox
        .events
        .values()
        .filter(|r| in_round(r.version))
        .collect();
    records.sort_by_key(|r| r.version);
    for r in records {
        let insts = r.instances(from, to, view.mailbox_tz);
        if st.v > 0 {
            // A changed occurrence moved out of the window is gone for this view.
            for ex in r.exceptions.values() {
                if !ex.overlaps(from, to, view.mailbox_tz) && seen.insert(ex.id.clone()) {
                    out.push(removed(&ex.id));
                }
            }
        }
        if insts.is_empty() {
            // Changed, but not (or no longer) in the window: removed for this view.
            if st.v > 0 && seen.insert(r.id.clone()) {
                out.push(removed(&r.id));
            }
            continue;
        }
        for i in insts {
            if seen.insert(i.id.clone()) {
                out.push(i.to_json(view));
            }
        }
    }
    if st.v > 0 {
        for t in mailbox.tombstones.iter().filter(|t| in_round(t.version)) {
            if seen.insert(t.id.clone()) {
                out.push(removed(&t.id));
            }
        }
    }
    out
}

pub fn delta(world: &mut World, ctx: &Ctx) -> GraphResult {
    for unsupported in ["$select", "$filter", "$orderby", "$expand", "$search"] {
        if ctx.q(unsupported).is_some() {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidUrlQuery",
                "The following parameters are not supported with change tracking over the 'CalendarView' resource: '$orderby, $filter, $select, $expand, $search'.",
            ));
        }
    }
    let (view, mut applied) = ctx.view(world);
    let empties = world.settings.delta_empty_pages;
    let default_size = world.settings.delta_default_page_size;
    let u = user(world, ctx)?;
    let gone = || {
        gerr(
            StatusCode::GONE,
            "SyncStateNotFound",
            "The sync state generation is not found. Restart the sync with a full resync.",
        )
    };
    let mut st = match (ctx.q("$skiptoken"), ctx.q("$deltatoken")) {
        (Some(tok), _) => decode(tok).ok_or_else(gone)?,
        (None, Some(tok)) => {
            let d = decode(tok).ok_or_else(gone)?;
            DeltaState {
                t: u.mailbox.version,
                o: 0,
                z: empties,
                r: None,
                ..d
            }
        }
        (None, None) => {
            let (from, to) = window(ctx)?;
            DeltaState {
                g: u.mailbox.sync_generation,
                u: u.id.clone(),
                s: from.timestamp(),
                e: to.timestamp(),
                v: 0,
                t: u.mailbox.version,
                o: 0,
                z: empties,
                r: None,
            }
        }
    };
    let window_ok = [st.s, st.e]
        .iter()
        .all(|t| Utc.timestamp_opt(*t, 0).single().is_some_and(tz::in_range));
    if st.g != u.mailbox.sync_generation || st.u != u.id || !window_ok {
        return Err(gone());
    }
    let size = ctx
        .prefer
        .max_page_size
        .unwrap_or(default_size)
        .clamp(1, 1000);
    if let Some(n) = ctx.prefer.max_page_size {
        applied.push(format!("odata.maxpagesize={n}"));
    }
    applied.insert(0, "odata.track-changes".to_owned());
    let link = format!("{}{}", ctx.graph, resource_path(ctx));
    let mut body =
        json!({ "@odata.context": format!("{}/$metadata#Collection(event)", ctx.graph) });
    if st.z > 0 {
        st.z -= 1;
        body["value"] = json!([]);
        body["@odata.nextLink"] = json!(format!("{link}?$skiptoken={}", encode(&st)));
        return Ok(Reply::ok_with(body, applied));
    }
    let items = match &st.r {
        Some(round) => world.delta_rounds.get(round).cloned().ok_or_else(gone)?,
        None => delta_items(&u.mailbox, &st, &view),
    };
    let value: Vec<Value> = items.iter().skip(st.o).take(size).cloned().collect();
    body["value"] = Value::Array(value);
    let next_offset = st.o.saturating_add(size);
    if next_offset < items.len() {
        let round = st.r.clone().unwrap_or_else(|| ids::opaque(12));
        if st.r.is_none() {
            world.delta_rounds.insert(round.clone(), items);
        }
        let next = DeltaState {
            o: next_offset,
            r: Some(round),
            ..st.clone()
        };
        body["@odata.nextLink"] = json!(format!("{link}?$skiptoken={}", encode(&next)));
    } else {
        if let Some(round) = &st.r {
            world.delta_rounds.remove(round);
        }
        let done = DeltaState {
            v: st.t,
            o: 0,
            z: 0,
            r: None,
            ..st.clone()
        };
        body["@odata.deltaLink"] = json!(format!("{link}?$deltatoken={}", encode(&done)));
    }
    Ok(Reply::ok_with(body, applied))
}

/// Finds an event or occurrence: (record key, occurrence date if an occurrence ID).
fn locate(mailbox: &Mailbox, id: &str) -> Result<(String, Option<chrono::NaiveDate>), GraphError> {
    if mailbox.events.contains_key(id) {
        return Ok((id.to_owned(), None));
    }
    if let Some((master, date)) = ids::parse_occurrence_id(id) {
        if let Some(m) = mailbox.events.get(&master) {
            if m.has_occurrence(date) {
                return Ok((master, Some(date)));
            }
        }
    }
    Err(not_found())
}

fn instance(mailbox: &Mailbox, key: &str, date: Option<chrono::NaiveDate>) -> Option<EventRecord> {
    let rec = mailbox.events.get(key)?;
    Some(match date {
        None => rec.clone(),
        Some(d) => match rec.exceptions.get(&d) {
            Some(ex) => ex.clone(),
            None => {
                let mut occ = rec.exception_for(d);
                occ.kind = EventType::Occurrence;
                occ
            }
        },
    })
}

/// `$expand=singleValueExtendedProperties($filter=id eq '…')` (§6.2).
fn expand_extended(v: &mut Value, rec: &EventRecord, ctx: &Ctx) {
    let Some(expand) = ctx.q("$expand") else {
        return;
    };
    if !expand.starts_with("singleValueExtendedProperties") {
        return;
    }
    let wanted = expand
        .split("id eq '")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .map(str::to_owned);
    let props: Vec<Value> = rec
        .extended
        .iter()
        .filter(|(id, _)| wanted.as_deref().is_none_or(|w| w.eq_ignore_ascii_case(id)))
        .map(|(id, value)| json!({ "id": id, "value": value }))
        .collect();
    if !props.is_empty() {
        v["singleValueExtendedProperties"] = Value::Array(props);
    }
}

pub fn get_event(world: &mut World, ctx: &Ctx, id: &str) -> GraphResult {
    let (view, applied) = ctx.view(world);
    let mailbox = &user(world, ctx)?.mailbox;
    let (key, date) = locate(mailbox, id)?;
    let rec = instance(mailbox, &key, date).ok_or_else(not_found)?;
    let sel = selected(ctx);
    let mut v = select(rec.to_json(&view), &sel);
    expand_extended(&mut v, &rec, ctx);
    v.as_object_mut().map(|o| {
        o.insert(
            "@odata.context".into(),
            json!(format!(
                "{}/$metadata#users('{}')/events/$entity",
                ctx.graph, ctx.user_id
            )),
        )
    });
    Ok(Reply::ok_with(v, applied))
}

/// `$filter=singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')`, the one form supported.
fn extended_filter(filter: &str) -> Result<(String, Option<String>), GraphError> {
    let grab = |marker: &str| {
        filter
            .split(marker)
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .map(str::to_owned)
    };
    match (filter.starts_with("singleValueExtendedProperties/any("), grab("ep/id eq '")) {
        (true, Some(id)) => Ok((id, grab("ep/value eq '"))),
        _ => Err(gerr(StatusCode::BAD_REQUEST, "ErrorInvalidUrlQueryFilter", "The emulator supports only singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…') here.")),
    }
}

pub fn list_events(world: &mut World, ctx: &Ctx) -> GraphResult {
    let (top, skip) = paging(ctx)?;
    let filter = ctx.q("$filter").map(extended_filter).transpose()?;
    let sel = selected(ctx);
    let (view, applied) = ctx.view(world);
    let mailbox = &user(world, ctx)?.mailbox;
    let mut items: Vec<EventRecord> = mailbox
        .events
        .values()
        .filter(|e| match &filter {
            None => true,
            Some((id, value)) => e
                .extended
                .iter()
                .any(|(k, v)| k.eq_ignore_ascii_case(id) && value.as_ref().is_none_or(|w| w == v)),
        })
        .cloned()
        .collect();
    if ctx.q("$orderby").is_some() {
        sort(&mut items, ctx, &view)?;
    }
    let json: Vec<Value> = items
        .iter()
        .map(|e| {
            let mut v = select(e.to_json(&view), &sel);
            expand_extended(&mut v, e, ctx);
            v
        })
        .collect();
    let body = page(
        ctx,
        context_url(ctx, "events", &sel),
        json,
        top,
        skip,
        &["$select", "$orderby", "$filter", "$expand"],
    );
    Ok(Reply::ok_with(body, applied))
}

fn owner_of(u: &User) -> Owner {
    Owner {
        name: u.display_name.clone(),
        address: u.upn.clone(),
    }
}

/// Puts a copy of an organizer's meeting into each emulated attendee's calendar.
fn invite(world: &mut World, organizer_id: &str, ev: &EventRecord) {
    for a in &ev.attendees {
        let Some(u) = world.users.iter_mut().find(|u| {
            u.upn.eq_ignore_ascii_case(&a.address) && u.id != organizer_id && u.has_mailbox
        }) else {
            continue;
        };
        let mut copy = ev.clone();
        copy.id = ids::event_id();
        copy.is_organizer = false;
        copy.response = "notResponded".to_owned();
        copy.response_time = None;
        copy.transaction_id = None;
        copy.extended.clear();
        copy.version = u.mailbox.bump();
        u.mailbox.events.insert(copy.id.clone(), copy);
    }
}

pub fn create_event(world: &mut World, ctx: &Ctx) -> GraphResult {
    let body = ctx.object_body()?;
    let now = world.now();
    let (view, applied) = ctx.view(world);
    let txn = body["transactionId"].as_str().map(str::to_owned);
    let location = |id: &str| {
        let enc: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
        format!("{}/users('{}')/events('{}')", ctx.graph, ctx.user_id, enc)
    };
    if let Some(t) = &txn {
        // A retried POST with the same transactionId does not create a duplicate (§6.1).
        if let Some(existing) = world
            .transactions
            .get(&(ctx.user_id.clone(), t.clone()))
            .cloned()
        {
            let u = user(world, ctx)?;
            if let Some(e) = u.mailbox.events.get(&existing) {
                return Ok(Reply {
                    status: 201,
                    body: Some(e.to_json(&view)),
                    preference_applied: applied,
                    location: Some(location(&existing)),
                });
            }
        }
    }
    let owner = owner_of(user(world, ctx)?);
    let mut ev = EventRecord::from_graph(&body, &owner, now, false)?;
    if body["isOnlineMeeting"].as_bool() == Some(true) {
        ev.make_online(
            body["onlineMeetingProvider"]
                .as_str()
                .unwrap_or("teamsForBusiness"),
        );
    }
    let u = user_mut(world, ctx)?;
    ev.version = u.mailbox.bump();
    let id = ev.id.clone();
    u.mailbox.events.insert(id.clone(), ev.clone());
    if let Some(t) = txn {
        world
            .transactions
            .insert((ctx.user_id.clone(), t), id.clone());
    }
    if !ev.attendees.is_empty() {
        invite(world, &ctx.user_id, &ev);
    }
    Ok(Reply {
        status: 201,
        body: Some(ev.to_json(&view)),
        preference_applied: applied,
        location: Some(location(&id)),
    })
}

/// Tombstones the instance IDs a change made disappear, so delta reports them.
fn tombstone_lost(
    mailbox: &mut Mailbox,
    before: &std::collections::BTreeSet<String>,
    after: &std::collections::BTreeSet<String>,
    version: u64,
) {
    for id in before.difference(after) {
        mailbox.tombstones.push(Tombstone {
            id: id.clone(),
            version,
        });
    }
}

/// Copies an organizer's change to the attendees' copies (same iCalUId).
fn propagate(world: &mut World, organizer_id: &str, ev: &EventRecord) {
    let now = world.now();
    for u in world.users.iter_mut().filter(|u| u.id != organizer_id) {
        let mailbox_tz = tz::resolve(&u.mailbox.time_zone()).unwrap_or(chrono_tz::Tz::UTC);
        let Some(key) = u
            .mailbox
            .events
            .values()
            .find(|e| e.ical_uid == ev.ical_uid && !e.is_organizer)
            .map(|e| e.id.clone())
        else {
            continue;
        };
        let version = u.mailbox.bump();
        let mailbox = &mut u.mailbox;
        if let Some(copy) = mailbox.events.get_mut(&key) {
            let before = copy.instance_ids(now, mailbox_tz);
            copy.subject = ev.subject.clone();
            copy.body = ev.body.clone();
            copy.body_type = ev.body_type.clone();
            (copy.start, copy.start_zone, copy.end, copy.end_zone) =
                (ev.start, ev.start_zone.clone(), ev.end, ev.end_zone.clone());
            copy.is_all_day = ev.is_all_day;
            copy.location = ev.location.clone();
            copy.locations = ev.locations.clone();
            copy.recurrence = ev.recurrence.clone();
            copy.kind = ev.kind;
            copy.is_online_meeting = ev.is_online_meeting;
            copy.online_meeting = ev.online_meeting.clone();
            copy.modified = ev.modified;
            copy.change_key = ids::change_key();
            copy.version = version;
            let after = copy.instance_ids(now, mailbox_tz);
            tombstone_lost(mailbox, &before, &after, version);
        }
    }
}

pub fn patch_event(world: &mut World, ctx: &Ctx, id: &str) -> GraphResult {
    let body = ctx.object_body()?;
    let now = world.now();
    let (view, applied) = ctx.view(world);
    let u = user_mut(world, ctx)?;
    let (key, date) = locate(&u.mailbox, id)?;
    let version = u.mailbox.bump();
    let mailbox = &mut u.mailbox;
    let Some(rec) = mailbox.events.get_mut(&key) else {
        return Err(not_found());
    };
    let result = match date {
        Some(d) => {
            let mut ex = rec.exception_for(d);
            ex.patch(&body, now)?;
            // An occurrence may not move onto or past a neighbouring one (§6.2).
            let neighbours = rec
                .recurrence
                .as_ref()
                .and_then(|r| r.occurrence_dates(d + Duration::days(400)).ok())
                .unwrap_or_default();
            let prev = neighbours.iter().rev().find(|x| **x < d).copied();
            let next = neighbours.iter().find(|x| **x > d).copied();
            let day = ex.start.date();
            if prev.is_some_and(|p| day <= p) || next.is_some_and(|n| day >= n) {
                return Err(gerr(
                    StatusCode::BAD_REQUEST,
                    "ErrorOccurrenceCrossingBoundary",
                    "An occurrence cannot be moved to or beyond the day of an adjacent occurrence.",
                ));
            }
            ex.version = version;
            rec.exceptions.insert(d, ex.clone());
            rec.version = version;
            ex
        }
        None => {
            let before = rec.instance_ids(now, view.mailbox_tz);
            rec.patch(&body, now)?;
            rec.version = version;
            let after = rec.instance_ids(now, view.mailbox_tz);
            let updated = rec.clone();
            tombstone_lost(mailbox, &before, &after, version);
            updated
        }
    };
    if result.is_organizer && date.is_none() {
        propagate(world, &ctx.user_id, &result);
    }
    Ok(Reply::ok_with(result.to_json(&view), applied))
}

/// Marks the attendees' copies of an organizer's meeting as cancelled.
fn cancel_copies(world: &mut World, organizer_id: &str, ical_uid: &str) {
    for u in world.users.iter_mut().filter(|u| u.id != organizer_id) {
        let keys: Vec<String> = u
            .mailbox
            .events
            .values()
            .filter(|e| e.ical_uid == ical_uid)
            .map(|e| e.id.clone())
            .collect();
        for key in keys {
            let version = u.mailbox.bump();
            if let Some(copy) = u.mailbox.events.get_mut(&key) {
                copy.mark_cancelled(version);
            }
        }
    }
}

pub fn delete_event(world: &mut World, ctx: &Ctx, id: &str) -> GraphResult {
    let now = world.now();
    let (view, _) = ctx.view(world);
    let u = user_mut(world, ctx)?;
    let (key, date) = locate(&u.mailbox, id)?;
    let removed = match date {
        Some(d) => {
            let version = u.mailbox.bump();
            if let Some(rec) = u.mailbox.events.get_mut(&key) {
                rec.cancelled_occurrences.insert(d);
                rec.exceptions.remove(&d);
            }
            u.mailbox.tombstones.push(Tombstone {
                id: id.to_owned(),
                version,
            });
            None
        }
        None => u.mailbox.remove_event(&key, now, view.mailbox_tz),
    };
    // Deleting an organizer's meeting sends a cancellation to the attendees (§6.3).
    if let Some(rec) = removed.filter(|r| r.is_organizer && !r.attendees.is_empty()) {
        cancel_copies(world, &ctx.user_id, &rec.ical_uid);
    }
    Ok(Reply::status(204))
}

pub fn instances(world: &mut World, ctx: &Ctx, id: &str) -> GraphResult {
    let (from, to) = window(ctx)?;
    let (top, skip) = paging(ctx)?;
    let sel = selected(ctx);
    let (view, applied) = ctx.view(world);
    let mailbox = &user(world, ctx)?.mailbox;
    let rec = mailbox.events.get(id).ok_or_else(not_found)?;
    if rec.recurrence.is_none() {
        // [assume] A non-series ID has no instances.
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            "ErrorInvalidRequest",
            "The specified event is not a recurring series master.",
        ));
    }
    let mut items = rec.instances(from, to, view.mailbox_tz);
    items.sort_by_key(|e| e.start_utc(view.mailbox_tz));
    let json: Vec<Value> = items
        .iter()
        .map(|e| select(e.to_json(&view), &sel))
        .collect();
    let body = page(
        ctx,
        context_url(ctx, "events", &sel),
        json,
        top,
        skip,
        &["startDateTime", "endDateTime", "$select"],
    );
    Ok(Reply::ok_with(body, applied))
}

/// accept / tentativelyAccept / decline (§5): 202 with no body.
pub fn respond(world: &mut World, ctx: &Ctx, id: &str, action: &str) -> GraphResult {
    let response = match action {
        "accept" => "accepted",
        "tentativelyAccept" => "tentativelyAccepted",
        "decline" => "declined",
        _ => {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Unknown action.",
            ))
        }
    };
    // The body is optional here: every field has a default.
    let body = if ctx.body.is_some() {
        ctx.object_body()?
    } else {
        json!({})
    };
    let send = body["sendResponse"].as_bool().unwrap_or(true);
    let proposed = body.get("proposedNewTime").is_some_and(|p| !p.is_null());
    let now = world.now();
    let u = user_mut(world, ctx)?;
    let address = u.upn.clone();
    let (key, date) = locate(&u.mailbox, id)?;
    let rec = u.mailbox.events.get(&key).ok_or_else(not_found)?;
    if rec.is_organizer {
        let code = match action {
            "accept" => "ErrorCalendarIsOrganizerForAccept",
            "decline" => "ErrorCalendarIsOrganizerForDecline",
            _ => "ErrorCalendarIsOrganizerForTentative",
        };
        return Err(gerr(
            StatusCode::BAD_REQUEST,
            code,
            "The organizer cannot respond to their own meeting.",
        ));
    }
    if proposed {
        if action == "accept" {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "proposedNewTime is not a parameter of accept.",
            ));
        }
        if !rec.allow_new_time_proposals {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "The organizer does not allow new time proposals for this meeting.",
            ));
        }
        if !send {
            return Err(gerr(
                StatusCode::BAD_REQUEST,
                "ErrorInvalidRequest",
                "proposedNewTime requires sendResponse to be true.",
            ));
        }
    }
    let ical = rec.ical_uid.clone();
    let version = u.mailbox.bump();
    let Some(rec) = u.mailbox.events.get_mut(&key) else {
        return Err(not_found());
    };
    match date {
        Some(d) => {
            let mut ex = rec.exception_for(d);
            ex.response = response.to_owned();
            ex.response_time = Some(now);
            ex.change_key = ids::change_key();
            ex.version = version;
            rec.exceptions.insert(d, ex);
        }
        None => {
            rec.response = response.to_owned();
            rec.response_time = Some(now);
            for ex in rec.exceptions.values_mut() {
                ex.response = response.to_owned();
                ex.response_time = Some(now);
            }
            rec.change_key = ids::change_key();
        }
    }
    rec.version = version;
    if send {
        // The organizer's copy shows this attendee's answer.
        for org in world.users.iter_mut() {
            let Some(k) = org
                .mailbox
                .events
                .values()
                .find(|e| e.ical_uid == ical && e.is_organizer)
                .map(|e| e.id.clone())
            else {
                continue;
            };
            let v = org.mailbox.bump();
            if let Some(e) = org.mailbox.events.get_mut(&k) {
                for a in e
                    .attendees
                    .iter_mut()
                    .filter(|a| a.address.eq_ignore_ascii_case(&address))
                {
                    a.response = response.to_owned();
                    a.time = Some(now);
                }
                e.version = v;
            }
        }
    }
    Ok(Reply::status(202))
}

/// The organizer cancels with a message (§6.3): 202.
pub fn cancel(world: &mut World, ctx: &Ctx, id: &str) -> GraphResult {
    let u = user(world, ctx)?;
    let (key, _) = locate(&u.mailbox, id)?;
    let rec = u.mailbox.events.get(&key).ok_or_else(not_found)?;
    if !rec.is_organizer {
        return Err(gerr(
            StatusCode::FORBIDDEN,
            "ErrorAccessDenied",
            "Only the organizer can cancel a meeting.",
        ));
    }
    delete_event(world, ctx, id)?;
    Ok(Reply::status(202))
}
