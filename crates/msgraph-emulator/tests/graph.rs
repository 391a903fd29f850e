//! Conformance of the Graph calendar emulation with
//! shared/reference/microsoft-graph.md §2–§7 (checklist §9 "Graph").

mod common;

use chrono::{Duration, Utc};
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

fn at(offset_minutes: i64) -> Value {
    let t = Utc::now() + Duration::minutes(offset_minutes);
    json!({ "dateTime": t.format("%Y-%m-%dT%H:%M:00").to_string(), "timeZone": "UTC" })
}

fn window(days_back: i64, days_ahead: i64) -> String {
    let s = (Utc::now() - Duration::days(days_back)).format("%Y-%m-%dT00:00:00Z");
    let e = (Utc::now() + Duration::days(days_ahead)).format("%Y-%m-%dT00:00:00Z");
    format!("startDateTime={s}&endDateTime={e}")
}

/// Percent-encodes a query value (spaces as %20).
fn qenc(v: &str) -> String {
    url::form_urlencoded::byte_serialize(v.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn enc(id: &str) -> String {
    url::form_urlencoded::byte_serialize(id.as_bytes())
        .collect::<String>()
        .replace('+', "%2B")
}

async fn meeting(emu: &Emu, subject: &str, start_min: i64, fixture: &str) -> Value {
    emu.add_event(
        DANA,
        json!({
            "subject": subject, "start": at(start_min), "end": at(start_min + 30), "bodyFixture": fixture,
            "organizer": { "emailAddress": { "name": "Sam Lee", "address": "sam@fabrikam.example" } },
            "isOrganizer": false,
        }),
    )
    .await
}

/// §7.1: missing, malformed, unknown and expired tokens → 401 InvalidAuthenticationToken
/// with WWW-Authenticate; each message as the reference lists it.
#[tokio::test]
async fn bearer_validation() {
    let emu = Emu::new().await;
    let r = emu.http.get(emu.graph("/me")).send().await.expect("get");
    assert!(r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .starts_with("Bearer realm=\"\""));
    graph_error(r, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken").await;
    let v = graph_error(
        emu.get("not-a-jwt", "/me").await,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert!(v["error"]["message"]
        .as_str()
        .expect("msg")
        .contains("80049217"));
    let other = Emu::new().await;
    let foreign = other.dana_token().await;
    graph_error(
        emu.get(&foreign, "/me").await,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    let token = emu.dana_token().await;
    assert_eq!(emu.get(&token, "/me").await.status(), StatusCode::OK);
    emu.advance(5 * 3600).await;
    let v = graph_error(
        emu.get(&token, "/me").await,
        StatusCode::UNAUTHORIZED,
        "InvalidAuthenticationToken",
    )
    .await;
    assert_eq!(
        v["error"]["message"],
        "Access token has expired or is not yet valid."
    );
}

/// §7.1: scopes are checked: 403 ErrorAccessDenied (mail/calendar) and
/// Authorization_RequestDenied (/me); another user's mailbox is denied.
#[tokio::test]
async fn scope_checks() {
    let emu = Emu::new().await;
    let only_profile = emu.sign_in(DANA, "openid User.Read").await["access_token"]
        .as_str()
        .expect("at")
        .to_owned();
    assert_eq!(emu.get(&only_profile, "/me").await.status(), StatusCode::OK);
    graph_error(
        emu.get(&only_profile, &format!("/me/calendarView?{}", window(1, 1)))
            .await,
        StatusCode::FORBIDDEN,
        "ErrorAccessDenied",
    )
    .await;
    graph_error(
        emu.get(&only_profile, "/me/mailboxSettings").await,
        StatusCode::FORBIDDEN,
        "ErrorAccessDenied",
    )
    .await;
    let only_cal = emu.sign_in(DANA, "openid Calendars.Read").await["access_token"]
        .as_str()
        .expect("at")
        .to_owned();
    graph_error(
        emu.get(&only_cal, "/me").await,
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
    )
    .await;
    let r = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&only_cal)
        .json(&json!({ "subject": "x", "start": at(10), "end": at(20) }))
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::FORBIDDEN, "ErrorAccessDenied").await;
    let full = emu.dana_token().await;
    graph_error(
        emu.get(&full, "/users/someone.else@contoso.example/calendar/events")
            .await,
        StatusCode::FORBIDDEN,
        "ErrorAccessDenied",
    )
    .await;
    assert_eq!(
        emu.get(&full, &format!("/users/{DANA}/mailboxSettings"))
            .await
            .status(),
        StatusCode::OK
    );
}

/// §7.1: a CAE-capable token (claims cp1) can get an insufficient_claims challenge.
#[tokio::test]
async fn cae_claims_challenge_only_for_cp1_clients() {
    let emu = Emu::new().await;
    let plain = emu.dana_token().await;
    emu.control_patch(
        &format!("/users/{DANA}/flags"),
        json!({ "claims_challenge": true }),
    )
    .await;
    assert_eq!(
        emu.get(&plain, "/me").await.status(),
        StatusCode::OK,
        "no challenge without cp1"
    );
    let verifier = "e".repeat(43);
    let claims = r#"{"access_token":{"xms_cc":{"values":["cp1"]}}}"#;
    let url = emu.authorize_url(&[
        ("code_challenge", &verifier),
        ("code_challenge_method", "plain"),
        ("claims", claims),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    let t: Value = emu
        .redeem(&code, &verifier)
        .await
        .json()
        .await
        .expect("json");
    let cp1 = t["access_token"].as_str().expect("at");
    let r = emu.get(cp1, "/me").await;
    let challenge = r.headers()["www-authenticate"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        challenge.contains("error=\"insufficient_claims\"") && challenge.contains("claims=\""),
        "{challenge}"
    );
    graph_error(r, StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken").await;
}

/// §2.1: the window is required (400 ErrorInvalidParameter) and capped at 1825 days.
#[tokio::test]
async fn calendar_view_window_rules() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let v = graph_error(
        emu.get(&t, "/me/calendarView").await,
        StatusCode::BAD_REQUEST,
        "ErrorInvalidParameter",
    )
    .await;
    assert_eq!(v["error"]["message"], "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");
    let v = graph_error(
        emu.get(
            &t,
            "/me/calendarView?startDateTime=2025-01-01T00:00:00Z&endDateTime=2030-01-02T00:00:00Z",
        )
        .await,
        StatusCode::BAD_REQUEST,
        "ErrorInvalidRequest",
    )
    .await;
    assert!(v["error"]["message"].as_str().expect("m").contains("1825"));
    assert_eq!(
        emu.get(
            &t,
            "/me/calendarView?startDateTime=2025-01-01T00:00:00Z&endDateTime=2029-12-30T00:00:00Z"
        )
        .await
        .status(),
        StatusCode::OK
    );
    graph_error(
        emu.get(&t, &format!("/me/calendarView?{}&$top=1001", window(1, 1)))
            .await,
        StatusCode::BAD_REQUEST,
        "ErrorInvalidParameter",
    )
    .await;
}

/// §2.1: default page size 10, `$top`, and `@odata.nextLink` with `$skip` followed to the end.
#[tokio::test]
async fn calendar_view_paging() {
    let emu = Emu::new().await;
    for i in 0..13 {
        meeting(&emu, &format!("M{i:02}"), 60 + i * 60, "teams-2024").await;
    }
    let t = emu.dana_token().await;
    let first: Value = emu
        .get(
            &t,
            &format!("/me/calendarView?{}&$orderby=start/dateTime", window(1, 3)),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(first["value"].as_array().expect("value").len(), 10);
    let next = first["@odata.nextLink"].as_str().expect("nextLink");
    assert!(
        next.contains("%24top=10")
            && next.contains("%24skip=10")
            && next.contains("startDateTime="),
        "{next}"
    );
    let second: Value = emu
        .http
        .get(next)
        .bearer_auth(&t)
        .send()
        .await
        .expect("next")
        .json()
        .await
        .expect("json");
    assert_eq!(second["value"].as_array().expect("value").len(), 3);
    assert!(second.get("@odata.nextLink").is_none());
    assert_eq!(
        second["value"][2]["subject"], "M12",
        "order kept across pages"
    );
    let top: Value = emu
        .get(&t, &format!("/me/calendarView?{}&$top=50", window(1, 3)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(top["value"].as_array().expect("value").len(), 13);
    assert!(top["@odata.context"]
        .as_str()
        .expect("ctx")
        .contains("/$metadata#users('"));
}

/// §2.1/§2.2: `$select`, `$orderby`, Prefer time zone and body type with
/// Preference-Applied, `@odata.etag` = W/"changeKey".
#[tokio::test]
async fn calendar_view_select_order_and_prefer() {
    let emu = Emu::new().await;
    meeting(&emu, "Later", 300, "zoom").await;
    meeting(&emu, "Sooner", 120, "teams-2024").await;
    let t = emu.dana_token().await;
    let url = emu.graph(&format!(
        "/me/calendarView?{}&$select=subject,start,body&$orderby=start/dateTime",
        window(1, 2)
    ));
    let r = emu
        .http
        .get(&url)
        .bearer_auth(&t)
        .header("Prefer", "outlook.timezone=\"W. Europe Standard Time\"")
        .header("Prefer", "outlook.body-content-type=\"text\"")
        .send()
        .await
        .expect("get");
    let applied = r.headers()["preference-applied"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        applied.contains("outlook.timezone=\"W. Europe Standard Time\"")
            && applied.contains("outlook.body-content-type=\"text\""),
        "{applied}"
    );
    let v: Value = r.json().await.expect("json");
    let items = v["value"].as_array().expect("value");
    assert_eq!(items[0]["subject"], "Sooner");
    assert_eq!(items[1]["subject"], "Later");
    let keys: Vec<&String> = items[0].as_object().expect("object").keys().collect();
    assert!(
        keys.len() == 5 && items[0]["id"].is_string() && items[0]["@odata.etag"].is_string(),
        "{keys:?}"
    );
    assert_eq!(items[0]["start"]["timeZone"], "W. Europe Standard Time");
    assert_eq!(items[0]["body"]["contentType"], "text");
    assert!(!items[0]["body"]["content"]
        .as_str()
        .expect("text")
        .contains("<div"));
    let dt = items[0]["start"]["dateTime"].as_str().expect("dt");
    assert_eq!(dt.len(), 27, "seven fraction digits, no offset: {dt}");

    // The same event in UTC: an hour or two earlier (CET/CEST), and the etag is the change key.
    let full: Value = emu
        .get(
            &t,
            &format!("/me/calendarView?{}&$orderby=start/dateTime", window(1, 2)),
        )
        .await
        .json()
        .await
        .expect("json");
    let e = &full["value"][0];
    assert_eq!(e["start"]["timeZone"], "UTC");
    assert_eq!(
        e["@odata.etag"],
        format!("W/\"{}\"", e["changeKey"].as_str().expect("ck"))
    );
    assert_ne!(e["start"]["dateTime"], items[0]["start"]["dateTime"]);
}

/// §2.2: IDs contain `/`, `+` and `=`; encoded they work, raw they do not.
#[tokio::test]
async fn ids_need_percent_encoding() {
    let emu = Emu::new().await;
    let ev = meeting(&emu, "Encoded", 60, "teams-2024").await;
    let id = ev["id"].as_str().expect("id");
    assert!(
        id.contains('/') && id.contains('+') && id.contains('='),
        "{id}"
    );
    let t = emu.dana_token().await;
    let ok: Value = emu
        .get(&t, &format!("/me/events/{}", enc(id)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(ok["id"], id);
    assert_ne!(
        emu.get(&t, &format!("/me/events/{id}")).await.status(),
        StatusCode::OK
    );
    graph_error(
        emu.get(&t, "/me/events/AAMkAGnope").await,
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
    )
    .await;
}

fn daily_standup(start_days_ago: i64, zone: &str) -> Value {
    let d = (Utc::now() - Duration::days(start_days_ago)).date_naive();
    json!({
        "subject": "Stand-up",
        "start": { "dateTime": format!("{d}T09:30:00"), "timeZone": zone },
        "end": { "dateTime": format!("{d}T09:45:00"), "timeZone": zone },
        "recurrence": { "pattern": { "type": "daily", "interval": 1 }, "range": { "type": "noEnd", "startDate": d.to_string() } },
        "bodyFixture": "teams-2021",
    })
}

/// §2.1/§2.4: series are expanded into occurrences (type, seriesMasterId,
/// originalStart); masters never appear in calendarView; instances lists them;
/// a deleted occurrence disappears; a changed one becomes an exception.
#[tokio::test]
async fn recurring_series_expand_into_occurrences() {
    let emu = Emu::new().await;
    let master = emu
        .add_event(DANA, daily_standup(3, "Pacific Standard Time"))
        .await;
    let master_id = master["id"].as_str().expect("id").to_owned();
    assert_eq!(master["type"], "seriesMaster");
    assert_eq!(master["recurrence"]["pattern"]["type"], "daily");
    assert_eq!(master["recurrence"]["range"]["endDate"], "0001-01-01");
    let t = emu.dana_token().await;
    let view: Value = emu
        .get(
            &t,
            &format!(
                "/me/calendarView?{}&$top=100&$orderby=start/dateTime",
                window(1, 5)
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    let items = view["value"].as_array().expect("value");
    assert!(items.len() >= 5, "{}", items.len());
    for i in items {
        assert_eq!(i["type"], "occurrence");
        assert_eq!(i["seriesMasterId"], master_id.as_str());
        assert!(i["originalStart"]
            .as_str()
            .expect("originalStart")
            .ends_with('Z'));
        assert!(i["recurrence"].is_null());
        assert_eq!(i["originalStartTimeZone"], "Pacific Standard Time");
    }
    let inst: Value = emu
        .get(
            &t,
            &format!("/me/events/{}/instances?{}", enc(&master_id), window(1, 5)),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        inst["value"].as_array().expect("v").len(),
        items.len().min(10)
    );

    let occ = items[1]["id"].as_str().expect("id").to_owned();
    let got: Value = emu
        .get(&t, &format!("/me/events/{}", enc(&occ)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(got["type"], "occurrence");
    let r = emu
        .http
        .patch(emu.graph(&format!("/me/events/{}", enc(&occ))))
        .bearer_auth(&t)
        .json(&json!({ "subject": "Stand-up (moved room)" }))
        .send()
        .await
        .expect("patch");
    let patched: Value = r.json().await.expect("json");
    assert_eq!(patched["type"], "exception");
    let del = items[2]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        emu.http
            .delete(emu.graph(&format!("/me/events/{}", enc(&del))))
            .bearer_auth(&t)
            .send()
            .await
            .expect("delete")
            .status(),
        StatusCode::NO_CONTENT
    );
    let after: Value = emu
        .get(
            &t,
            &format!(
                "/me/calendarView?{}&$top=100&$orderby=start/dateTime",
                window(1, 5)
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    let after = after["value"].as_array().expect("value");
    assert_eq!(after.len(), items.len() - 1);
    assert!(after.iter().all(|i| i["id"] != del.as_str()));
    assert!(after
        .iter()
        .any(|i| i["subject"] == "Stand-up (moved room)" && i["type"] == "exception"));
    graph_error(
        emu.get(&t, &format!("/me/events/{}", enc(&del))).await,
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
    )
    .await;
}

/// §2.2: all-day events come back midnight to midnight in any requested zone.
#[tokio::test]
async fn all_day_events_are_midnight_in_any_zone() {
    let emu = Emu::new().await;
    let d = (Utc::now() + Duration::days(2)).date_naive();
    emu.add_event(DANA, json!({ "subject": "Offsite", "isAllDay": true,
        "start": { "dateTime": format!("{d}T00:00:00"), "timeZone": "Pacific Standard Time" },
        "end": { "dateTime": format!("{}T00:00:00", d + Duration::days(1)), "timeZone": "Pacific Standard Time" } })).await;
    let t = emu.dana_token().await;
    for zone in ["UTC", "Tokyo Standard Time", "America/New_York"] {
        let v: Value = emu
            .http
            .get(emu.graph(&format!("/me/calendarView?{}", window(0, 5))))
            .bearer_auth(&t)
            .header("Prefer", format!("outlook.timezone=\"{zone}\""))
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        let e = &v["value"][0];
        assert_eq!(e["isAllDay"], true);
        assert_eq!(
            e["start"]["dateTime"],
            format!("{d}T00:00:00.0000000"),
            "{zone}"
        );
        assert_eq!(
            e["end"]["dateTime"],
            format!("{}T00:00:00.0000000", d + Duration::days(1)),
            "{zone}"
        );
        assert_eq!(e["start"]["timeZone"], zone);
    }
    let bad = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&t)
        .json(&json!({ "subject": "x", "isAllDay": true, "start": { "dateTime": format!("{d}T09:00:00"), "timeZone": "UTC" }, "end": { "dateTime": format!("{d}T10:00:00"), "timeZone": "UTC" } }))
        .send()
        .await
        .expect("post");
    graph_error(bad, StatusCode::BAD_REQUEST, "ErrorInvalidRequest").await;
}

async fn follow_delta(
    emu: &Emu,
    token: &str,
    first_url: &str,
    page_size: usize,
) -> (Vec<Value>, String, usize) {
    let mut url = first_url.to_owned();
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let r = emu
            .http
            .get(&url)
            .bearer_auth(token)
            .header("Prefer", format!("odata.maxpagesize={page_size}"))
            .send()
            .await
            .expect("delta");
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["preference-applied"]
            .to_str()
            .expect("ascii")
            .contains("odata.track-changes"));
        let v: Value = r.json().await.expect("json");
        pages += 1;
        let page = v["value"].as_array().expect("value");
        assert!(page.len() <= page_size);
        items.extend(page.iter().cloned());
        if let Some(next) = v["@odata.nextLink"].as_str() {
            assert!(
                next.contains("$skiptoken=") && !next.contains("startDateTime"),
                "{next}"
            );
            url = next.to_owned();
        } else {
            let delta = v["@odata.deltaLink"]
                .as_str()
                .expect("deltaLink on the last page");
            assert!(delta.contains("$deltatoken="));
            return (items, delta.to_owned(), pages);
        }
    }
}

/// §2.3: delta rounds: nextLink pages then a deltaLink; the next round brings only
/// changes, with `@removed` for deletions and for events moved out of the window.
#[tokio::test]
async fn delta_rounds_report_changes_and_removals() {
    let emu = Emu::new().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            meeting(&emu, &format!("D{i}"), 60 * (i + 1), "teams-2024").await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    let t = emu.dana_token().await;
    let first = emu.graph(&format!("/me/calendarView/delta?{}", window(7, 31)));
    let (items, delta, pages) = follow_delta(&emu, &t, &first, 2).await;
    assert_eq!(items.len(), 5);
    assert_eq!(pages, 3);

    // Nothing changed: an empty round.
    let (none, delta, _) = follow_delta(&emu, &t, &delta, 2).await;
    assert!(none.is_empty());

    // Change one, delete one, move one out of the window, add one.
    let r = emu
        .http
        .patch(emu.graph(&format!("/me/events/{}", enc(&ids[0]))))
        .bearer_auth(&t)
        .json(&json!({ "subject": "D0 renamed" }))
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), StatusCode::OK);
    emu.http
        .delete(emu.graph(&format!("/me/events/{}", enc(&ids[1]))))
        .bearer_auth(&t)
        .send()
        .await
        .expect("delete");
    emu.http
        .patch(emu.graph(&format!("/me/events/{}", enc(&ids[2]))))
        .bearer_auth(&t)
        .json(&json!({ "start": at(60 * 24 * 60), "end": at(60 * 24 * 60 + 30) }))
        .send()
        .await
        .expect("move");
    meeting(&emu, "D5 new", 30, "zoom").await;
    let (changes, _, _) = follow_delta(&emu, &t, &delta, 10).await;
    let removed: Vec<&str> = changes
        .iter()
        .filter(|c| c.get("@removed").is_some())
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    let updated: Vec<&str> = changes
        .iter()
        .filter(|c| c.get("@removed").is_none())
        .map(|c| c["subject"].as_str().expect("subject"))
        .collect();
    assert!(
        removed.contains(&ids[1].as_str()) && removed.contains(&ids[2].as_str()),
        "{removed:?}"
    );
    assert_eq!(removed.len(), 2);
    assert!(
        updated.contains(&"D0 renamed") && updated.contains(&"D5 new"),
        "{updated:?}"
    );
    assert_eq!(updated.len(), 2);
    let r = changes
        .iter()
        .find(|c| c.get("@removed").is_some())
        .expect("removed");
    assert_eq!(r["@removed"]["reason"], "deleted");
    assert_eq!(r["@odata.type"], "#microsoft.graph.event");
}

/// §2.3: empty pages with a nextLink are legitimate; unsupported options are refused.
#[tokio::test]
async fn delta_empty_pages_and_unsupported_options() {
    let emu = Emu::with(msgraph_emulator::Settings {
        delta_empty_pages: 2,
        ..Default::default()
    })
    .await;
    meeting(&emu, "Only", 60, "teams-2024").await;
    let t = emu.dana_token().await;
    let (items, _, pages) = follow_delta(
        &emu,
        &t,
        &emu.graph(&format!("/me/calendarView/delta?{}", window(1, 2))),
        10,
    )
    .await;
    assert_eq!(items.len(), 1);
    assert_eq!(pages, 3, "two empty pages, then the data");
    graph_error(
        emu.get(
            &t,
            &format!("/me/calendarView/delta?{}&$select=subject", window(1, 2)),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "ErrorInvalidUrlQuery",
    )
    .await;
}

/// §2.3: an expired or unknown sync state → 410 SyncStateNotFound.
#[tokio::test]
async fn delta_sync_state_not_found() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let (_, delta, _) = follow_delta(
        &emu,
        &t,
        &emu.graph(&format!("/me/calendarView/delta?{}", window(1, 2))),
        10,
    )
    .await;
    emu.control_post(&format!("/users/{DANA}/sync-state/expire"), json!({}))
        .await;
    let r = emu
        .http
        .get(&delta)
        .bearer_auth(&t)
        .send()
        .await
        .expect("delta");
    graph_error(r, StatusCode::GONE, "SyncStateNotFound").await;
    graph_error(
        emu.get(&t, "/me/calendarView/delta?$deltatoken=garbage")
            .await,
        StatusCode::GONE,
        "SyncStateNotFound",
    )
    .await;
}

/// §3: mailboxSettings, its sub-paths, and 404 MailboxNotEnabledForRESTAPI.
#[tokio::test]
async fn mailbox_settings() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let v: Value = emu
        .get(&t, "/me/mailboxSettings")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(v["timeZone"], "Pacific Standard Time");
    assert_eq!(v["language"]["locale"], "en-US");
    assert_eq!(v["automaticRepliesSetting"]["status"], "disabled");
    assert_eq!(v["userPurpose"]["value"], "user");
    assert!(v["workingHours"]["daysOfWeek"].is_array());
    emu.control_patch(
        &format!("/users/{DANA}/mailbox-settings"),
        json!({ "automaticRepliesSetting": {
        "status": "scheduled", "externalAudience": "all",
        "scheduledStartDateTime": { "dateTime": "2030-07-01T07:00:00.0000000", "timeZone": "UTC" },
        "scheduledEndDateTime": { "dateTime": "2030-07-15T07:00:00.0000000", "timeZone": "UTC" },
        "internalReplyMessage": "<p>Away</p>", "externalReplyMessage": "<p>Away</p>" } }),
    )
    .await;
    let ar: Value = emu
        .get(&t, "/me/mailboxSettings/automaticRepliesSetting")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(ar["status"], "scheduled");
    assert!(ar["@odata.context"]
        .as_str()
        .expect("ctx")
        .ends_with("/mailboxSettings/automaticRepliesSetting"));
    let tz: Value = emu
        .get(&t, "/me/mailboxSettings/timeZone")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(tz["value"], "Pacific Standard Time");
    let lang: Value = emu
        .get(&t, "/me/mailboxSettings/language")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(lang["locale"], "en-US");

    emu.control_post(
        "/users",
        json!({ "upn": "onprem@contoso.example", "display_name": "On Prem", "has_mailbox": false }),
    )
    .await;
    let op = emu.sign_in("onprem@contoso.example", SCOPES).await["access_token"]
        .as_str()
        .expect("at")
        .to_owned();
    graph_error(
        emu.get(&op, "/me/mailboxSettings").await,
        StatusCode::NOT_FOUND,
        "MailboxNotEnabledForRESTAPI",
    )
    .await;
    assert_eq!(emu.get(&op, "/me").await.status(), StatusCode::OK);
}

/// §4: getSchedule: one digit per slot (0–4), the interval, per-schedule errors,
/// and the 62-day / 100-address limits.
#[tokio::test]
async fn get_schedule() {
    let emu = Emu::new().await;
    let base = (Utc::now() + Duration::days(1)).date_naive();
    let slot = |h: u32, show: &str, subject: &str| {
        json!({ "subject": subject, "showAs": show,
            "start": { "dateTime": format!("{base}T{h:02}:00:00"), "timeZone": "UTC" },
            "end": { "dateTime": format!("{base}T{:02}:00:00", h + 1), "timeZone": "UTC" } })
    };
    emu.add_event(DANA, slot(9, "busy", "1:1")).await;
    emu.add_event(DANA, slot(10, "tentative", "Maybe")).await;
    emu.add_event(DANA, slot(11, "oof", "Dentist")).await;
    emu.add_event(DANA, slot(12, "workingElsewhere", "Site visit"))
        .await;
    let mut private = slot(14, "busy", "Secret");
    private["sensitivity"] = json!("private");
    emu.add_event(DANA, private).await;
    let t = emu.dana_token().await;
    let body = json!({ "schedules": [DANA, "nobody@contoso.example"],
        "startTime": { "dateTime": format!("{base}T08:00:00"), "timeZone": "UTC" },
        "endTime": { "dateTime": format!("{base}T15:00:00"), "timeZone": "UTC" },
        "availabilityViewInterval": 60 });
    let r = emu
        .http
        .post(emu.graph("/me/calendar/getSchedule"))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["value"][0]["availabilityView"], "0213402");
    let items = v["value"][0]["scheduleItems"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    let secret = items
        .iter()
        .find(|i| i["isPrivate"] == true)
        .expect("private item");
    assert!(secret.get("subject").is_none());
    assert!(v["value"][0]["workingHours"].is_object());
    assert_eq!(
        v["value"][1]["error"]["responseCode"],
        "ErrorMailRecipientNotFound"
    );

    let mut long = body.clone();
    long["endTime"]["dateTime"] = json!(format!("{}T00:00:00", base + Duration::days(63)));
    let r = emu
        .http
        .post(emu.graph("/me/calendar/getSchedule"))
        .bearer_auth(&t)
        .json(&long)
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::BAD_REQUEST, "ErrorTimeIntervalTooBig").await;
    let mut many = body.clone();
    many["schedules"] = json!((0..101)
        .map(|i| format!("u{i}@contoso.example"))
        .collect::<Vec<_>>());
    let r = emu
        .http
        .post(emu.graph("/me/calendar/getSchedule"))
        .bearer_auth(&t)
        .json(&many)
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::BAD_REQUEST, "ErrorMailboxDataArrayTooBig").await;
}

/// §5: accept/tentativelyAccept/decline → 202 with no body; responseStatus changes;
/// the organizer cannot respond; proposedNewTime rules.
#[tokio::test]
async fn rsvp() {
    let emu = Emu::new().await;
    let ev = meeting(&emu, "Invite", 90, "teams-2024").await;
    let id = enc(ev["id"].as_str().expect("id"));
    assert_eq!(ev["responseStatus"]["response"], "notResponded");
    let t = emu.dana_token().await;
    for (action, expected) in [
        ("tentativelyAccept", "tentativelyAccepted"),
        ("decline", "declined"),
        ("accept", "accepted"),
    ] {
        let r = emu
            .http
            .post(emu.graph(&format!("/me/events/{id}/{action}")))
            .bearer_auth(&t)
            .json(&json!({ "comment": "ok", "sendResponse": true }))
            .send()
            .await
            .expect("post");
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        assert!(r.bytes().await.expect("body").is_empty());
        let v: Value = emu
            .get(&t, &format!("/me/events/{id}"))
            .await
            .json()
            .await
            .expect("json");
        assert_eq!(v["responseStatus"]["response"], expected);
        assert_ne!(v["responseStatus"]["time"], "0001-01-01T00:00:00Z");
    }
    let proposal =
        json!({ "sendResponse": false, "proposedNewTime": { "start": at(200), "end": at(230) } });
    let r = emu
        .http
        .post(emu.graph(&format!("/me/events/{id}/decline")))
        .bearer_auth(&t)
        .json(&proposal)
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::BAD_REQUEST, "ErrorInvalidRequest").await;
    let own = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&t)
        .json(&json!({ "subject": "Mine", "start": at(300), "end": at(330) }))
        .send()
        .await
        .expect("post");
    let own: Value = own.json().await.expect("json");
    let r = emu
        .http
        .post(emu.graph(&format!(
            "/me/events/{}/accept",
            enc(own["id"].as_str().expect("id"))
        )))
        .bearer_auth(&t)
        .json(&json!({}))
        .send()
        .await
        .expect("post");
    graph_error(
        r,
        StatusCode::BAD_REQUEST,
        "ErrorCalendarIsOrganizerForAccept",
    )
    .await;
    let r = emu
        .http
        .post(emu.graph("/me/events/AAMkAGmissing%3D/accept"))
        .bearer_auth(&t)
        .json(&json!({}))
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::NOT_FOUND, "ErrorItemNotFound").await;
}

/// §6.1–§6.3: create (201 + Location), transactionId idempotency, online meeting
/// block, PATCH (200 full event), extended properties, DELETE (204).
#[tokio::test]
async fn create_update_delete_events() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let prop = "String {7d5d6b1e-1c2a-4a7b-8a55-0f3e2d1c0b9a} Name TrayAppOrigin";
    let body = json!({ "subject": "Focus", "start": at(600), "end": at(660), "transactionId": "7d0b5a7e-3c2f-4a8e-9d6b-2f1c0e9a1b11",
        "isOnlineMeeting": true, "onlineMeetingProvider": "teamsForBusiness",
        "body": { "contentType": "HTML", "content": "<html><body><p>Agenda</p></body></html>" },
        "singleValueExtendedProperties": [{ "id": prop, "value": "focus-block" }] });
    let r = emu
        .http
        .post(emu.graph("/me/calendar/events"))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers().contains_key("location"));
    let created: Value = r.json().await.expect("json");
    let join = created["onlineMeeting"]["joinUrl"]
        .as_str()
        .expect("joinUrl")
        .to_owned();
    assert!(join.starts_with("https://teams.microsoft.com/l/meetup-join/"));
    assert!(created["body"]["content"]
        .as_str()
        .expect("body")
        .contains("Agenda"));
    assert!(
        created["body"]["content"]
            .as_str()
            .expect("body")
            .contains(&join.replace('&', "&amp;"))
            || created["body"]["content"]
                .as_str()
                .expect("body")
                .contains(&join)
    );
    assert_eq!(created["isOrganizer"], true);
    assert!(
        created.get("singleValueExtendedProperties").is_none(),
        "not returned unless expanded"
    );
    let again: Value = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    assert_eq!(
        again["id"], created["id"],
        "same transactionId, no duplicate"
    );
    let id = enc(created["id"].as_str().expect("id"));

    let expanded: Value = emu
        .get(
            &t,
            &format!(
                "/me/events/{id}?$expand=singleValueExtendedProperties($filter=id%20eq%20'{}')",
                qenc(prop)
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(
        expanded["singleValueExtendedProperties"][0]["value"],
        "focus-block"
    );
    let filter = format!(
        "singleValueExtendedProperties/any(ep: ep/id eq '{prop}' and ep/value eq 'focus-block')"
    );
    let found: Value = emu
        .get(&t, &format!("/me/events?$filter={}", qenc(&filter)))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(found["value"].as_array().expect("v").len(), 1);

    let r = emu
        .http
        .patch(emu.graph(&format!("/me/events/{id}")))
        .bearer_auth(&t)
        .json(&json!({ "subject": "Deep focus", "location": { "displayName": "Library" } }))
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), StatusCode::OK);
    let patched: Value = r.json().await.expect("json");
    assert_eq!(patched["subject"], "Deep focus");
    assert_eq!(patched["locations"][0]["displayName"], "Library");
    assert_ne!(patched["changeKey"], created["changeKey"]);
    assert!(patched["start"].is_object(), "the full event comes back");
    // Removing Microsoft's block from the body turns the online meeting off (§6.2).
    let r = emu
        .http
        .patch(emu.graph(&format!("/me/events/{id}")))
        .bearer_auth(&t)
        .json(&json!({ "body": { "contentType": "html", "content": "<p>no block</p>" } }))
        .send()
        .await
        .expect("patch");
    let stripped: Value = r.json().await.expect("json");
    assert_eq!(stripped["isOnlineMeeting"], false);

    assert_eq!(
        emu.http
            .delete(emu.graph(&format!("/me/events/{id}")))
            .bearer_auth(&t)
            .send()
            .await
            .expect("delete")
            .status(),
        StatusCode::NO_CONTENT
    );
    graph_error(
        emu.get(&t, &format!("/me/events/{id}")).await,
        StatusCode::NOT_FOUND,
        "ErrorItemNotFound",
    )
    .await;
    let bad = emu.http.post(emu.graph("/me/events")).bearer_auth(&t).json(&json!({ "subject": "x", "start": { "dateTime": "2030-01-01T09:00:00", "timeZone": "Mars Standard Time" }, "end": at(10) })).send().await.expect("post");
    graph_error(
        bad,
        StatusCode::BAD_REQUEST,
        "TimeZoneNotSupportedException",
    )
    .await;
}

/// §7.2: throttling with integer, decimal and HTTP-date Retry-After; ApplicationThrottled;
/// 503 with and without Retry-After; 504.
#[tokio::test]
async fn throttling_and_transient_errors() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let url = format!("/me/calendarView?{}", window(1, 1));
    for ra in ["10", "2.128", "Wed, 21 Oct 2015 07:28:00 GMT"] {
        emu.control_post(
            "/faults",
            json!({ "route": "calendarView", "status": 429, "retry_after": ra }),
        )
        .await;
        let r = emu.get(&t, &url).await;
        assert_eq!(r.headers()["retry-after"], ra);
        let v = graph_error(r, StatusCode::TOO_MANY_REQUESTS, "TooManyRequests").await;
        assert_eq!(v["error"]["innerError"]["status"], "429");
    }
    emu.control_post("/faults", json!({ "route": "calendarView", "status": 429, "code": "ApplicationThrottled", "message": "Application is over its MailboxConcurrency limit." })).await;
    graph_error(
        emu.get(&t, &url).await,
        StatusCode::TOO_MANY_REQUESTS,
        "ApplicationThrottled",
    )
    .await;
    emu.control_post(
        "/faults",
        json!({ "route": "delta", "status": 503, "retry_after": "3" }),
    )
    .await;
    let r = emu
        .get(&t, &format!("/me/calendarView/delta?{}", window(1, 1)))
        .await;
    assert_eq!(r.headers()["retry-after"], "3");
    let v = graph_error(r, StatusCode::SERVICE_UNAVAILABLE, "UnknownError").await;
    assert_eq!(v["error"]["message"], "");
    emu.control_post("/faults", json!({ "route": "*", "status": 503 }))
        .await;
    let r = emu.get(&t, "/me").await;
    assert!(r.headers().get("retry-after").is_none());
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    emu.control_post("/faults", json!({ "route": "me", "status": 504 }))
        .await;
    assert_eq!(
        emu.get(&t, "/me").await.status(),
        StatusCode::GATEWAY_TIMEOUT
    );
    assert_eq!(
        emu.get(&t, "/me").await.status(),
        StatusCode::OK,
        "rules are used up"
    );
}

/// §7.2: more than 4 concurrent requests per app and mailbox → 429 ApplicationThrottled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_than_four_concurrent_requests_are_throttled() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    emu.control_post(
        "/faults",
        json!({ "route": "me", "delay_ms": 700, "times": 0 }),
    )
    .await;
    let calls: Vec<_> = (0..6).map(|_| emu.get(&t, "/me")).collect();
    let results = futures_util::future::join_all(calls).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        4,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    let throttled = results
        .into_iter()
        .find(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .expect("429");
    assert!(throttled.headers().contains_key("retry-after"));
    let v = graph_error(
        throttled,
        StatusCode::TOO_MANY_REQUESTS,
        "ApplicationThrottled",
    )
    .await;
    assert_eq!(
        v["error"]["message"],
        "Application is over its MailboxConcurrency limit."
    );
}

/// §9 faults: delays, malformed JSON and a dropped connection.
#[tokio::test]
async fn malformed_json_dropped_connection_and_delay() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    emu.control_post("/faults", json!({ "route": "me", "malformed_json": true }))
        .await;
    let r = emu.get(&t, "/me").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.json::<Value>().await.is_err(),
        "the body is not valid JSON"
    );
    emu.control_post("/faults", json!({ "route": "me", "drop_connection": true }))
        .await;
    // The connection closes before the response completes: an error either while
    // reading the head or the body, never a complete response.
    let dropped = match emu.http.get(emu.graph("/me")).bearer_auth(&t).send().await {
        Ok(r) => r.bytes().await.is_err(),
        Err(e) => !e.is_timeout(),
    };
    assert!(dropped, "the connection must drop");
    emu.control_post("/faults", json!({ "route": "me", "delay_ms": 3000 }))
        .await;
    let quick = emu
        .http
        .get(emu.graph("/me"))
        .bearer_auth(&t)
        .timeout(std::time::Duration::from_millis(300))
        .send()
        .await;
    assert!(quick.expect_err("times out").is_timeout());
}

/// §7.4: $batch: per-request results, an inner 429 with its own Retry-After,
/// dependsOn on a failed request → 424, more than 20 → 400.
#[tokio::test]
async fn batch() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    emu.control_post(
        "/faults",
        json!({ "route": "calendarView", "status": 429, "retry_after": "7" }),
    )
    .await;
    let body = json!({ "requests": [
        { "id": "1", "method": "GET", "url": "/me/mailboxSettings" },
        { "id": "2", "method": "GET", "url": format!("/me/calendarView?{}", window(1, 1)) },
        { "id": "3", "method": "GET", "url": "/me", "dependsOn": ["2"] },
    ] });
    let r = emu
        .http
        .post(emu.graph("/$batch"))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .expect("batch");
    assert_eq!(r.status(), StatusCode::OK);
    let v: Value = r.json().await.expect("json");
    let by_id = |id: &str| {
        v["responses"]
            .as_array()
            .expect("responses")
            .iter()
            .find(|x| x["id"] == id)
            .cloned()
            .expect("response")
    };
    assert_eq!(by_id("1")["status"], 200);
    assert_eq!(by_id("1")["body"]["timeZone"], "Pacific Standard Time");
    assert_eq!(by_id("2")["status"], 429);
    assert_eq!(by_id("2")["headers"]["retry-after"], "7");
    assert_eq!(by_id("3")["status"], 424);
    let many = json!({ "requests": (0..21).map(|i| json!({ "id": i.to_string(), "method": "GET", "url": "/me" })).collect::<Vec<_>>() });
    let r = emu
        .http
        .post(emu.graph("/$batch"))
        .bearer_auth(&t)
        .json(&many)
        .send()
        .await
        .expect("batch");
    graph_error(r, StatusCode::BAD_REQUEST, "BadRequest").await;
}

/// §7.1/§7.3: request-id, client-request-id echoed (or equal to request-id),
/// x-ms-ags-diagnostic on every response, errors included.
#[tokio::test]
async fn correlation_headers() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let r = emu
        .http
        .get(emu.graph("/me"))
        .bearer_auth(&t)
        .header("client-request-id", "9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff")
        .send()
        .await
        .expect("get");
    assert_eq!(
        r.headers()["client-request-id"],
        "9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff"
    );
    assert!(
        r.headers().contains_key("request-id") && r.headers().contains_key("x-ms-ags-diagnostic")
    );
    let r = emu.get(&t, "/me/events/AAMkAGmissing").await;
    assert_eq!(r.headers()["client-request-id"], r.headers()["request-id"]);
    let v: Value = r.json().await.expect("json");
    assert_eq!(
        v["error"]["innerError"]["client-request-id"],
        v["error"]["innerError"]["request-id"]
    );
}

/// §8: each invitation body style is served in event bodies (Teams generations,
/// Safe Links with /ap/ and originalsrc, government hosts, short /meet/ links).
#[tokio::test]
async fn body_fixtures_are_served() {
    let emu = Emu::new().await;
    let names: Vec<String> =
        serde_json::from_value(emu.control_get("/fixtures").await).expect("names");
    assert!(names.len() >= 12, "{names:?}");
    for (i, name) in names.iter().enumerate() {
        meeting(&emu, name, 60 + i as i64 * 45, name).await;
    }
    let t = emu.dana_token().await;
    let v: Value = emu
        .get(&t, &format!("/me/calendarView?{}&$top=100", window(1, 3)))
        .await
        .json()
        .await
        .expect("json");
    let body_of = |n: &str| {
        v["value"]
            .as_array()
            .expect("v")
            .iter()
            .find(|e| e["subject"] == n)
            .map(|e| e["body"]["content"].as_str().unwrap_or_default().to_owned())
            .unwrap_or_default()
    };
    assert!(body_of("teams-2024").contains("Join the meeting now"));
    assert!(body_of("teams-safelinks").contains("safelinks.protection.outlook.com/ap/"));
    assert!(body_of("teams-safelinks").contains("originalsrc="));
    assert!(body_of("teams-gcc-high").contains("gov.teams.microsoft.us"));
    assert!(body_of("teams-dod").contains("dod.teams.microsoft.us"));
    assert!(body_of("teams-2025-short").contains("teams.microsoft.com/meet/"));
    assert!(body_of("zoom-safelinks-only").contains("safelinks.protection.outlook.com"));
    let teams = v["value"]
        .as_array()
        .expect("v")
        .iter()
        .find(|e| e["subject"] == "teams-2021")
        .expect("teams-2021");
    assert!(teams["onlineMeeting"]["joinUrl"]
        .as_str()
        .expect("joinUrl")
        .contains("meetup-join"));
    assert_eq!(teams["isOnlineMeeting"], true);
}

/// The request log records what clients did, for efficiency checks.
#[tokio::test]
async fn request_log() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    emu.http
        .delete(format!("{}/requests", emu.running.control))
        .send()
        .await
        .expect("clear");
    emu.get(&t, &format!("/me/calendarView?{}", window(1, 1)))
        .await;
    let log = emu.control_get("/requests").await;
    let entries = log.as_array().expect("entries");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["method"], "GET");
    assert_eq!(entries[0]["route"], "calendarView");
    assert_eq!(entries[0]["status"], 200);
    assert!(entries[0]["query"]
        .as_str()
        .expect("q")
        .contains("startDateTime"));
    assert!(entries[0]["bytes"].as_u64().expect("bytes") > 10);
}

/// Malformed requests get documented errors, never a panic; the server stays up.
#[tokio::test]
async fn malformed_requests_never_break_the_server() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let junk = [
        "{",
        "[]",
        "null",
        "\"x\"",
        "{\"start\": 5}",
        "{\"schedules\": \"x\"}",
        "{\"requests\": [{}]}",
    ];
    let paths = [
        "/me/events",
        "/me/calendar/getSchedule",
        "/$batch",
        "/subscriptions",
        "/me/events/AAMk%2F/accept",
    ];
    for p in paths {
        for j in junk {
            let r = emu
                .http
                .post(emu.graph(p))
                .bearer_auth(&t)
                .header("content-type", "application/json")
                .body(j)
                .send()
                .await
                .expect("post");
            assert!(
                r.status().is_client_error() || r.status() == StatusCode::OK,
                "{p} {j}: {}",
                r.status()
            );
        }
    }
    for q in [
        "startDateTime=x&endDateTime=y",
        "startDateTime=2025-01-01&endDateTime=2024-01-01",
        "$top=abc&startDateTime=2025-01-01T00:00:00Z&endDateTime=2025-01-02T00:00:00Z",
    ] {
        let r = emu.get(&t, &format!("/me/calendarView?{q}")).await;
        assert!(
            r.status().is_client_error() || r.status().is_success(),
            "{q}"
        );
    }
    let r = emu
        .http
        .post(format!(
            "{}/organizations/oauth2/v2.0/token",
            emu.authority()
        ))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%&&&=")
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        emu.get(&t, "/me").await.status(),
        StatusCode::OK,
        "still serving"
    );
}

/// §6.4: subscriptions, shape only: 201 with the fields, HTTPS required, capped expiry, 204 on delete.
#[tokio::test]
async fn subscriptions_shape() {
    let emu = Emu::new().await;
    let t = emu.dana_token().await;
    let exp = (Utc::now() + Duration::minutes(4000))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let body = json!({ "changeType": "created,updated,deleted", "notificationUrl": "https://hooks.example.net/n", "resource": "/me/events", "expirationDateTime": exp, "clientState": "s" });
    let r = emu
        .http
        .post(emu.graph("/subscriptions"))
        .bearer_auth(&t)
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::CREATED);
    let sub: Value = r.json().await.expect("json");
    assert!(sub["id"].is_string() && sub["expirationDateTime"].is_string());
    let mut http = body.clone();
    http["notificationUrl"] = json!("http://hooks.example.net/n");
    assert_eq!(
        emu.http
            .post(emu.graph("/subscriptions"))
            .bearer_auth(&t)
            .json(&http)
            .send()
            .await
            .expect("post")
            .status(),
        StatusCode::BAD_REQUEST
    );
    let mut long = body.clone();
    long["expirationDateTime"] = json!((Utc::now() + Duration::minutes(5000))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string());
    assert_eq!(
        emu.http
            .post(emu.graph("/subscriptions"))
            .bearer_auth(&t)
            .json(&long)
            .send()
            .await
            .expect("post")
            .status(),
        StatusCode::BAD_REQUEST
    );
    let del = emu
        .http
        .delete(emu.graph(&format!(
            "/subscriptions/{}",
            sub["id"].as_str().expect("id")
        )))
        .bearer_auth(&t)
        .send()
        .await
        .expect("delete");
    assert_eq!(del.status(), StatusCode::NO_CONTENT);
}

/// The binary announces its URLs as one JSON line and serves the demo mailbox.
#[tokio::test]
async fn binary_announces_urls_and_serves_the_demo_mailbox() {
    use tokio::io::AsyncBufReadExt;
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_msgraph-emulator"))
        .args(["--port", "0", "--mailbox", "demo"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let line = lines.next_line().await.expect("read").expect("a line");
    let a: Value = serde_json::from_str(&line).expect("JSON line");
    for k in ["authority", "graph", "control", "client_id"] {
        assert!(a[k].as_str().expect(k).len() > 5, "{k}");
    }
    assert!(a["authority"]
        .as_str()
        .expect("a")
        .starts_with("http://127.0.0.1:"));
    let info: Value = client()
        .get(a["control"].as_str().expect("c"))
        .send()
        .await
        .expect("info")
        .json()
        .await
        .expect("json");
    let users: Vec<&str> = info["users"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| u["upn"].as_str().expect("upn"))
        .collect();
    assert!(
        users.contains(&"dana.reyes@contoso.example")
            && users.contains(&"jana.novakova@contoso.example"),
        "{users:?}"
    );
    child.kill().await.expect("kill");
}

/// §6.2: an occurrence may not move onto or past the day of a neighbouring one.
#[tokio::test]
async fn occurrence_crossing_boundary() {
    let emu = Emu::new().await;
    let master = emu.add_event(DANA, daily_standup(1, "UTC")).await;
    let t = emu.dana_token().await;
    let inst: Value = emu
        .get(
            &t,
            &format!(
                "/me/events/{}/instances?{}",
                enc(master["id"].as_str().expect("id")),
                window(0, 4)
            ),
        )
        .await
        .json()
        .await
        .expect("json");
    let occ = &inst["value"][1];
    let day = occ["start"]["dateTime"].as_str().expect("dt")[..10].to_owned();
    let next_day = (chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("date")
        + Duration::days(1))
    .to_string();
    let moved = json!({ "start": { "dateTime": format!("{next_day}T11:00:00"), "timeZone": "UTC" }, "end": { "dateTime": format!("{next_day}T11:15:00"), "timeZone": "UTC" } });
    let r = emu
        .http
        .patch(emu.graph(&format!(
            "/me/events/{}",
            enc(occ["id"].as_str().expect("id"))
        )))
        .bearer_auth(&t)
        .json(&moved)
        .send()
        .await
        .expect("patch");
    graph_error(
        r,
        StatusCode::BAD_REQUEST,
        "ErrorOccurrenceCrossingBoundary",
    )
    .await;
    let same_day = json!({ "start": { "dateTime": format!("{day}T15:00:00"), "timeZone": "UTC" }, "end": { "dateTime": format!("{day}T15:15:00"), "timeZone": "UTC" } });
    let r = emu
        .http
        .patch(emu.graph(&format!(
            "/me/events/{}",
            enc(occ["id"].as_str().expect("id"))
        )))
        .bearer_auth(&t)
        .json(&same_day)
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), StatusCode::OK);
}

/// §5/§6: meetings between emulated users: creating invites the attendee, the
/// attendee's answer reaches the organizer's copy, a proposal needs
/// allowNewTimeProposals, and deleting the meeting cancels the attendee's copy.
#[tokio::test]
async fn meetings_between_emulated_users() {
    let emu = Emu::new().await;
    let jana = "jana@contoso.example";
    emu.control_post("/users", json!({ "upn": jana, "display_name": "Jana Nováková", "time_zone": "Central Europe Standard Time", "locale": "cs-CZ" })).await;
    let dana = emu.dana_token().await;
    let body = json!({ "subject": "Planning", "start": at(120), "end": at(150), "allowNewTimeProposals": false,
        "attendees": [{ "type": "required", "emailAddress": { "name": "Jana", "address": jana } }] });
    let created: Value = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&dana)
        .json(&body)
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let jt = emu.sign_in(jana, SCOPES).await["access_token"]
        .as_str()
        .expect("at")
        .to_owned();
    let theirs: Value = emu
        .get(&jt, &format!("/me/calendarView?{}", window(0, 2)))
        .await
        .json()
        .await
        .expect("json");
    let copy = &theirs["value"][0];
    assert_eq!(copy["subject"], "Planning");
    assert_eq!(copy["isOrganizer"], false);
    assert_eq!(copy["responseStatus"]["response"], "notResponded");
    assert_eq!(copy["iCalUId"], created["iCalUId"]);
    let copy_id = enc(copy["id"].as_str().expect("id"));

    let proposal =
        json!({ "sendResponse": true, "proposedNewTime": { "start": at(200), "end": at(230) } });
    let r = emu
        .http
        .post(emu.graph(&format!("/me/events/{copy_id}/tentativelyAccept")))
        .bearer_auth(&jt)
        .json(&proposal)
        .send()
        .await
        .expect("post");
    graph_error(r, StatusCode::BAD_REQUEST, "ErrorInvalidRequest").await;
    let r = emu
        .http
        .post(emu.graph(&format!("/me/events/{copy_id}/decline")))
        .bearer_auth(&jt)
        .json(&json!({ "sendResponse": true }))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let org: Value = emu
        .get(
            &dana,
            &format!("/me/events/{}", enc(created["id"].as_str().expect("id"))),
        )
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(org["attendees"][0]["status"]["response"], "declined");

    let r = emu
        .http
        .delete(emu.graph(&format!(
            "/me/events/{}",
            enc(created["id"].as_str().expect("id"))
        )))
        .bearer_auth(&dana)
        .send()
        .await
        .expect("delete");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let after: Value = emu
        .get(&jt, &format!("/me/events/{copy_id}"))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(after["isCancelled"], true);
    assert_eq!(after["subject"], "Canceled: Planning");
}

/// §2.3: a round that spans pages is frozen: changes made while the client pages
/// neither skip nor repeat items; they arrive in the next round.
#[tokio::test]
async fn delta_round_is_stable_while_the_mailbox_changes() {
    let emu = Emu::new().await;
    let mut ids = Vec::new();
    for i in 0..6 {
        ids.push(
            meeting(&emu, &format!("S{i}"), 60 * (i + 1), "zoom").await["id"]
                .as_str()
                .expect("id")
                .to_owned(),
        );
    }
    let t = emu.dana_token().await;
    let first = emu
        .http
        .get(emu.graph(&format!("/me/calendarView/delta?{}", window(1, 2))))
        .bearer_auth(&t)
        .header("Prefer", "odata.maxpagesize=2")
        .send()
        .await
        .expect("delta");
    let page: Value = first.json().await.expect("json");
    let mut seen: Vec<String> = page["value"]
        .as_array()
        .expect("v")
        .iter()
        .map(|e| e["id"].as_str().expect("id").to_owned())
        .collect();
    // Delete an event the client has already read, mid-round.
    let gone = seen[0].clone();
    emu.http
        .delete(emu.graph(&format!("/me/events/{}", enc(&gone))))
        .bearer_auth(&t)
        .send()
        .await
        .expect("delete");
    let next = page["@odata.nextLink"]
        .as_str()
        .expect("nextLink")
        .to_owned();
    let (rest, delta, _) = follow_delta(&emu, &t, &next, 2).await;
    seen.extend(
        rest.iter()
            .map(|e| e["id"].as_str().expect("id").to_owned()),
    );
    seen.sort();
    let mut all = ids.clone();
    all.sort();
    assert_eq!(seen, all, "every event of the round exactly once");
    let (changes, _, _) = follow_delta(&emu, &t, &delta, 10).await;
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["id"], gone.as_str());
    assert!(changes[0].get("@removed").is_some());
}

/// §2.3: an occurrence moved out of the window (later the same day, past the
/// window's end) is reported as removed; so is a deleted occurrence.
#[tokio::test]
async fn delta_reports_occurrences_leaving_the_window() {
    let emu = Emu::new().await;
    emu.add_event(DANA, daily_standup(0, "UTC")).await;
    let t = emu.dana_token().await;
    let today = Utc::now().date_naive();
    let last = today + Duration::days(2);
    let first = emu.graph(&format!(
        "/me/calendarView/delta?startDateTime={today}T00:00:00Z&endDateTime={last}T12:00:00Z"
    ));
    let (items, delta, _) = follow_delta(&emu, &t, &first, 50).await;
    assert_eq!(items.len(), 3);
    let on_last = items
        .iter()
        .find(|i| {
            i["start"]["dateTime"]
                .as_str()
                .expect("dt")
                .starts_with(&last.to_string())
        })
        .expect("last day");
    let moved = on_last["id"].as_str().expect("id").to_owned();
    let later = json!({ "start": { "dateTime": format!("{last}T15:00:00"), "timeZone": "UTC" }, "end": { "dateTime": format!("{last}T15:15:00"), "timeZone": "UTC" } });
    let r = emu
        .http
        .patch(emu.graph(&format!("/me/events/{}", enc(&moved))))
        .bearer_auth(&t)
        .json(&later)
        .send()
        .await
        .expect("patch");
    assert_eq!(r.status(), StatusCode::OK);
    let deleted = items
        .iter()
        .find(|i| i["id"] != moved.as_str())
        .expect("another")["id"]
        .as_str()
        .expect("id")
        .to_owned();
    emu.http
        .delete(emu.graph(&format!("/me/events/{}", enc(&deleted))))
        .bearer_auth(&t)
        .send()
        .await
        .expect("delete");
    let (changes, _, _) = follow_delta(&emu, &t, &delta, 50).await;
    let removed: Vec<&str> = changes
        .iter()
        .filter(|c| c.get("@removed").is_some())
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert!(removed.contains(&moved.as_str()), "{changes:?}");
    assert!(removed.contains(&deleted.as_str()), "{changes:?}");
}

/// Dates a calendar cannot hold, huge `$skip`s and out-of-range delta tokens are
/// refused or handled; the server keeps serving.
#[tokio::test]
async fn extreme_values_do_not_break_the_server() {
    let emu = Emu::new().await;
    emu.add_event(DANA, daily_standup(1, "UTC")).await;
    let t = emu.dana_token().await;
    let far = json!({ "subject": "x", "start": { "dateTime": "+262143-12-31T23:30:00", "timeZone": "Pacific Standard Time" }, "end": { "dateTime": "+262143-12-31T23:45:00", "timeZone": "Pacific Standard Time" } });
    let r = emu
        .http
        .post(emu.graph("/me/events"))
        .bearer_auth(&t)
        .json(&far)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = emu.get(&t, "/me/calendarView?startDateTime=2025-01-01T00:00:00Z&endDateTime=+262143-01-01T00:00:00Z").await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = emu
        .get(
            &t,
            &format!(
                "/me/calendarView?{}&$skip=18446744073709551615",
                window(1, 1)
            ),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let token = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        r#"{"g":1,"u":"x","s":0,"e":8210298412799,"v":0,"t":0,"o":0,"z":0}"#,
    );
    graph_error(
        emu.get(&t, &format!("/me/calendarView/delta?$skiptoken={token}"))
            .await,
        StatusCode::GONE,
        "SyncStateNotFound",
    )
    .await;
    let r = emu
        .http
        .post(format!("{}/clock", emu.running.control))
        .json(&json!({ "days": 9_000_000_000_000i64 }))
        .send()
        .await
        .expect("clock");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        emu.get(&t, &format!("/me/calendarView?{}", window(1, 1)))
            .await
            .status(),
        StatusCode::OK,
        "still serving"
    );
}
