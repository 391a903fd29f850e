//! The scheduling keyword against the emulator (issue 11): only the user's
//! own upcoming meetings and series with the keyword get join details, once
//! across devices, with the body kept byte for byte around the block; Teams
//! meetings and invitations are left alone; turned off, nothing changes.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Duration, Utc};
use meeting_tray_core::calendar::Cache;
use meeting_tray_core::i18n::{texts, Lang};
use meeting_tray_core::meeting_source::MeetingSource;
use meeting_tray_core::scheduling_keyword::{split_block, KeywordProcessor, MARKER_ID};
use meeting_tray_core::settings::{KeywordSource, MeetingSettings, Settings};
use meeting_tray_core::sync::sync;
use serde_json::{json, Value};

use common::*;

fn utc(t: DateTime<Utc>) -> Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

/// An event in Dana's calendar, organized by her unless `extra` says otherwise.
async fn add(e: &Env, subject: &str, start: DateTime<Utc>, location: &str, extra: Value) -> String {
    let mut spec = json!({
        "subject": subject,
        "start": utc(start),
        "end": utc(start + Duration::minutes(30)),
        "location": {"displayName": location},
        "body": {"contentType": "text", "content": format!("About {subject}.\n")},
    });
    for (k, v) in extra.as_object().into_iter().flatten() {
        spec[k] = v.clone();
    }
    let ev = e.control(&format!("/users/{DANA}/events"), spec).await;
    ev["id"].as_str().unwrap().to_owned()
}

async fn event(e: &Env, id: &str) -> Value {
    let all = e
        .control_call(reqwest::Method::GET, &format!("/users/{DANA}/events"), None)
        .await;
    all.as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("no event {id}"))
}

/// The marker as Graph gives it back (reference §6.2), or none.
async fn marker(e: &Env, id: &str) -> Option<String> {
    let g = graph_client(e);
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARKER_ID}')");
    let v = g
        .get(&["me", "events", id], &[("$expand", &expand)])
        .await
        .unwrap();
    v["singleValueExtendedProperties"][0]["value"]
        .as_str()
        .map(str::to_owned)
}

async fn patches(e: &Env) -> usize {
    e.requests()
        .await
        .iter()
        .filter(|r| r["method"] == "PATCH")
        .count()
}

async fn synced(e: &Env, cache: Option<Cache>) -> Cache {
    let g = graph_client(e);
    let prefs = Settings {
        meetings: settings(),
        ..Settings::default()
    }
    .link_preferences();
    sync(&g, cache, e.now(), &prefs).await.unwrap().0
}

fn settings() -> MeetingSettings {
    MeetingSettings {
        source: Some(MeetingSource::Jitsi {
            base_url: "https://meet.example.org".into(),
            dial_in: Some("+1 555 0100, PIN 4242#".into()),
        }),
        more_keywords: vec![KeywordSource {
            keyword: "@zoom".into(),
            source: MeetingSource::PersonalRoom {
                service: "Zoom".into(),
                url: "https://contoso.zoom.us/my/dana".into(),
                dial_in: None,
            },
        }],
        ..MeetingSettings::default()
    }
}

#[tokio::test]
async fn own_meetings_with_the_keyword_get_join_details_once() {
    let e = env().await;
    e.connect().await;
    let now = e.now();
    let html = "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body dir=\"ltr\">\r\n<p>Agenda: Müller &amp; Søn&nbsp;—\u{a0}<b>bold</b></p>\r\n</body></html>";
    let review = add(
        &e,
        "Review",
        now + Duration::hours(2),
        "Room 4 @meet",
        json!({"body": {"contentType": "html", "content": html}}),
    )
    .await;
    let plain = add(&e, "Plain", now + Duration::hours(3), "@MEET", json!({})).await;
    let zoom = add(&e, "Zoom one", now + Duration::hours(4), "@zoom", json!({})).await;
    let invited = add(
        &e,
        "Invited",
        now + Duration::hours(2),
        "@meet",
        json!({
            "organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam.lee@fabrikam.example"}},
            "responseStatus": {"response": "accepted"},
        }),
    )
    .await;
    // Made as Teams makes one: through Graph, which adds the online meeting
    // and its block to the body (reference §6.1).
    let teams = graph_client(&e)
        .send(
            reqwest::Method::POST,
            graph_client(&e).url(&["me", "events"], &[]),
            Some(&json!({
                "subject": "Teams",
                "start": utc(now + Duration::hours(5)),
                "end": utc(now + Duration::hours(6)),
                "location": {"displayName": "@meet"},
                "isOnlineMeeting": true,
                "onlineMeetingProvider": "teamsForBusiness",
            })),
        )
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let past = add(&e, "Past", now - Duration::hours(2), "@meet", json!({})).await;
    let email = add(
        &e,
        "Address",
        now + Duration::hours(6),
        "dana@meet.example",
        json!({}),
    )
    .await;
    let first = (now + Duration::days(1)).date_naive();
    let series = add(
        &e,
        "Stand-up",
        first.and_hms_opt(9, 0, 0).unwrap().and_utc(),
        "@meet",
        json!({"recurrence": {
            "pattern": {"type": "daily", "interval": 1},
            "range": {"type": "numbered", "numberOfOccurrences": 5, "startDate": first.to_string()}}}),
    )
    .await;
    let untouched: Vec<(String, Value)> = {
        let mut v = Vec::new();
        for id in [&invited, &teams, &past, &email] {
            v.push((id.clone(), event(&e, id).await));
        }
        v
    };

    // Device one.
    let cache = synced(&e, None).await;
    let before = patches(&e).await;
    let mut one = KeywordProcessor::default();
    let g = graph_client(&e);
    let rules = settings().keyword_rules();
    let report = one.run(&g, &cache, &rules, Lang::De, e.now()).await;
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    let mut added = report.added.clone();
    added.sort();
    assert_eq!(added, ["Plain", "Review", "Stand-up", "Zoom one"]);
    assert_eq!(patches(&e).await - before, 4, "one PATCH per meeting");

    // The HTML body: the block right after <body …>, the rest byte for byte.
    let r = event(&e, &review).await;
    let body = r["body"]["content"].as_str().unwrap();
    let (b, block, a) = split_block(body).unwrap();
    assert_eq!(format!("{b}{a}"), html);
    assert!(b.ends_with("<body dir=\"ltr\">"), "{b}");
    let heading = texts(Lang::De).text("join-details-heading");
    assert!(block.contains(&heading), "in the mailbox language: {block}");
    assert!(block.contains("PIN 4242#"), "{block}");
    let link = marker(&e, &review).await.expect("the marker is set");
    assert!(link.starts_with("https://meet.example.org/"), "{link}");
    assert!(block.contains(&format!("href=\"{link}\"")), "{block}");
    assert_eq!(r["location"]["displayName"], "Room 4 Jitsi Meet");

    let p = event(&e, &plain).await;
    let body = p["body"]["content"].as_str().unwrap();
    assert!(body.ends_with("\n\nAbout Plain.\n"), "{body}");
    assert_eq!(p["location"]["displayName"], "Jitsi Meet");
    let z = event(&e, &zoom).await;
    assert_eq!(z["location"]["displayName"], "Zoom");
    assert!(z["body"]["content"]
        .as_str()
        .unwrap()
        .contains("https://contoso.zoom.us/my/dana"));
    let s = event(&e, &series).await;
    assert_eq!(s["type"], "seriesMaster");
    assert_eq!(s["location"]["displayName"], "Jitsi Meet");
    assert!(marker(&e, &series).await.is_some());
    for (id, was) in &untouched {
        assert_eq!(&event(&e, id).await, was, "left alone: {}", was["subject"]);
        assert_eq!(marker(&e, id).await, None);
    }

    // The next sync brings the links and shows which meetings were changed.
    let cache = synced(&e, Some(cache)).await;
    let changed: Vec<&str> = {
        let mut v: Vec<&str> = cache
            .meetings
            .values()
            .filter(|m| m.join_details_added)
            .map(|m| m.subject.as_str())
            .collect();
        v.dedup();
        v
    };
    assert!(
        changed.contains(&"Review") && changed.contains(&"Stand-up"),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"Invited") && !changed.contains(&"Teams"),
        "{changed:?}"
    );
    let occurrence = cache
        .meetings
        .values()
        .find(|m| m.subject == "Stand-up")
        .unwrap();
    assert!(
        occurrence.links[0]
            .url
            .starts_with("https://meet.example.org/"),
        "{occurrence:?}"
    );
    // Nothing more for device one: the keywords are gone from Location.
    let before = patches(&e).await;
    let again = one.run(&g, &cache, &rules, Lang::De, e.now()).await;
    assert!(again.added.is_empty() && again.failed.is_empty());
    assert_eq!(patches(&e).await, before);

    // Device two, after someone typed @meet into the Location again: the
    // marker says it is done; nothing is written twice.
    g.send(
        reqwest::Method::PATCH,
        g.url(&["me", "events", &review], &[]),
        Some(&json!({"location": {"displayName": "Room 5 @meet"}})),
    )
    .await
    .unwrap();
    let before = patches(&e).await;
    let before_body = event(&e, &review).await["body"].clone();
    let cache_two = synced(&e, None).await;
    let mut two = KeywordProcessor::default();
    let report = two.run(&g, &cache_two, &rules, Lang::En, e.now()).await;
    assert!(report.added.is_empty(), "{:?}", report.added);
    assert_eq!(patches(&e).await, before, "no PATCH from device two");
    assert_eq!(event(&e, &review).await["body"], before_body);
}

#[tokio::test]
async fn turned_off_nothing_changes() {
    let e = env().await;
    e.connect().await;
    let now = e.now();
    let id = add(&e, "Planning", now + Duration::hours(2), "@meet", json!({})).await;
    let was = event(&e, &id).await;
    let cache = synced(&e, None).await;
    let g = graph_client(&e);
    let off = MeetingSettings {
        keyword_enabled: false,
        ..settings()
    };
    let mut p = KeywordProcessor::default();
    let report = p
        .run(&g, &cache, &off.keyword_rules(), Lang::En, e.now())
        .await;
    assert!(report.added.is_empty());
    assert_eq!(event(&e, &id).await, was);
    assert_eq!(patches(&e).await, 0);
    // No source set: the keyword waits too.
    let none = MeetingSettings {
        source: None,
        more_keywords: Vec::new(),
        ..settings()
    };
    assert!(none.keyword_rules().is_empty());
    // Signed in read-only: no permission to write, so no keyword either.
    let read_only = Settings {
        account: meeting_tray_core::auth::AuthSettings {
            read_only: true,
            ..Default::default()
        },
        meetings: settings(),
        ..Settings::default()
    };
    assert!(read_only.keyword_rules().is_empty() && !read_only.can_start_meeting());
    let writable = Settings {
        meetings: settings(),
        ..Settings::default()
    };
    assert_eq!(writable.keyword_rules().len(), 2);
    assert!(writable.can_start_meeting());
    // Turned on again: done now.
    let report = p
        .run(&g, &cache, &settings().keyword_rules(), Lang::En, e.now())
        .await;
    assert_eq!(report.added, ["Planning"]);
    assert_eq!(
        event(&e, &id).await["location"]["displayName"],
        "Jitsi Meet"
    );
}

#[tokio::test]
async fn a_refusal_is_reported_once_and_a_passing_error_is_tried_again() {
    let mut e = env().await;
    e.connect().await;
    let now = e.now();
    let id = add(&e, "Budget", now + Duration::hours(2), "@meet", json!({})).await;
    let cache = synced(&e, None).await;
    let g = graph_client(&e);
    let rules = settings().keyword_rules();
    let mut p = KeywordProcessor::default();

    // Refused (a policy that forbids the change): reported, not retried.
    e.control(
        "/faults",
        json!({"route": "event", "method": "PATCH", "status": 403, "code": "ErrorAccessDenied"}),
    )
    .await;
    let report = p.run(&g, &cache, &rules, Lang::En, e.now()).await;
    assert!(report.added.is_empty());
    assert_eq!(report.failed.len(), 1, "{:?}", report.failed);
    assert_eq!(report.failed[0].subject, "Budget");
    assert!(
        report.failed[0].error.contains("403"),
        "{:?}",
        report.failed
    );
    assert!(!report.wants_retry());
    let before = patches(&e).await;
    let again = p.run(&g, &cache, &rules, Lang::En, e.now()).await;
    assert!(again.failed.is_empty() && again.added.is_empty());
    assert_eq!(
        patches(&e).await,
        before,
        "not tried again until it changes"
    );

    // No network: retried at the next run, and then it goes through.
    let mut q = KeywordProcessor::default();
    e.emu.unplug().await;
    let report = q.run(&g, &cache, &rules, Lang::En, e.now()).await;
    assert!(report.wants_retry(), "{:?}", report.failed);
    e.emu.plug_in().await.unwrap();
    let report = q.run(&g, &cache, &rules, Lang::En, e.now()).await;
    assert_eq!(report.added, ["Budget"], "{:?}", report.failed);
    assert_eq!(
        event(&e, &id).await["location"]["displayName"],
        "Jitsi Meet"
    );
}

#[tokio::test]
async fn two_instances_at_the_same_moment_leave_one_block() {
    let e = env().await;
    e.connect().await;
    let id = add(&e, "Sync", e.now() + Duration::hours(1), "@meet", json!({})).await;
    let cache = synced(&e, None).await;
    let rules = settings().keyword_rules();
    // Two app instances (two computers), each with its own Graph client,
    // see the meeting in the same sync round and run together.
    let (g1, g2) = (graph_client(&e), graph_client(&e));
    let (mut one, mut two) = (KeywordProcessor::default(), KeywordProcessor::default());
    let now = e.now();
    let (a, b) = tokio::join!(
        one.run(&g1, &cache, &rules, Lang::En, now),
        two.run(&g2, &cache, &rules, Lang::En, now)
    );
    assert!(a.failed.is_empty() && b.failed.is_empty(), "{a:?} {b:?}");
    let ev = event(&e, &id).await;
    let body = ev["body"]["content"].as_str().unwrap();
    // Each write replaces the whole body, computed from the same original:
    // whichever lands last, there is one block, and the mark names its room.
    let (before, block, after) = split_block(body).unwrap();
    assert_eq!(format!("{before}{after}"), "About Sync.\n");
    assert!(split_block(after).is_none(), "a second block: {body}");
    let link = marker(&e, &id).await.unwrap();
    assert!(block.contains(&link), "{block} / {link}");
    assert_eq!(ev["location"]["displayName"], "Jitsi Meet");
}

#[tokio::test]
async fn one_occurrence_with_the_keyword_is_left_alone() {
    let e = env().await;
    e.connect().await;
    let first = (e.now() + Duration::days(1)).date_naive();
    let series = add(
        &e,
        "Weekly",
        first.and_hms_opt(10, 0, 0).unwrap().and_utc(),
        "Room 4",
        json!({"recurrence": {
            "pattern": {"type": "daily", "interval": 1},
            "range": {"type": "numbered", "numberOfOccurrences": 3, "startDate": first.to_string()}}}),
    )
    .await;
    let cache = synced(&e, None).await;
    let g = graph_client(&e);
    // The keyword typed into one occurrence only (it becomes an exception).
    let occurrence = cache
        .meetings
        .values()
        .find(|m| m.subject == "Weekly")
        .unwrap()
        .id
        .clone();
    g.send(
        reqwest::Method::PATCH,
        g.url(&["me", "events", &occurrence], &[]),
        Some(&json!({"location": {"displayName": "@meet"}})),
    )
    .await
    .unwrap();
    let cache = synced(&e, Some(cache)).await;
    assert!(
        cache.meetings[&occurrence].location_keywords == ["@meet"],
        "{:?}",
        cache.meetings[&occurrence]
    );
    let master_before = event(&e, &series).await;
    let before = patches(&e).await;
    let mut p = KeywordProcessor::default();
    let report = p
        .run(&g, &cache, &settings().keyword_rules(), Lang::En, e.now())
        .await;
    assert!(
        report.added.is_empty() && report.failed.is_empty(),
        "{report:?}"
    );
    assert_eq!(patches(&e).await, before, "nothing written");
    assert_eq!(event(&e, &series).await, master_before);
    let occurrence_now = g.get(&["me", "events", &occurrence], &[]).await.unwrap();
    assert_eq!(occurrence_now["location"]["displayName"], "@meet");
}

#[tokio::test]
async fn places_are_kept_and_a_block_copied_without_the_mark_is_not_doubled() {
    let e = env().await;
    e.connect().await;
    let now = e.now();
    let room = json!({"displayName": "Room 4", "locationType": "conferenceRoom",
        "locationEmailAddress": "room4@contoso.example",
        "uniqueId": "room4@contoso.example", "uniqueIdType": "directory"});
    let two = add(
        &e,
        "Two places",
        now + Duration::hours(2),
        "",
        json!({"locations": [room, {"displayName": "@meet"}]}),
    )
    .await;
    let board = add(
        &e,
        "Board",
        now + Duration::hours(3),
        "",
        json!({"location": {"displayName": "Board room @meet", "locationType": "conferenceRoom",
            "locationEmailAddress": "board@contoso.example"}}),
    )
    .await;
    // A meeting copied by hand from one that has a block: the mark did not
    // come along.
    let b = meeting_tray_core::scheduling_keyword::block(
        &meeting_tray_core::meeting_source::JoinDetails {
            service: "Jitsi Meet".into(),
            url: "https://meet.example.org/abcdefghijklmnopqrst".into(),
            dial_in: None,
        },
        texts(Lang::En),
        false,
    );
    let copied_body = format!("{b}Notes.\n");
    let copy = add(
        &e,
        "Copy",
        now + Duration::hours(4),
        "@meet",
        json!({"body": {"contentType": "text", "content": copied_body}}),
    )
    .await;
    let cache = synced(&e, None).await;
    let g = graph_client(&e);
    let report = KeywordProcessor::default()
        .run(&g, &cache, &settings().keyword_rules(), Lang::En, e.now())
        .await;
    assert_eq!(report.added.len(), 3, "{report:?}");

    let v = event(&e, &two).await;
    let places = v["locations"].as_array().unwrap();
    assert_eq!(places.len(), 2, "{places:?}");
    assert_eq!(
        places[0]["locationEmailAddress"], "room4@contoso.example",
        "{places:?}"
    );
    assert_eq!(places[0]["displayName"], "Room 4");
    assert_eq!(places[1]["displayName"], "Jitsi Meet");

    let v = event(&e, &board).await;
    assert_eq!(v["location"]["displayName"], "Board room Jitsi Meet");
    assert_eq!(
        v["location"]["locationEmailAddress"],
        "board@contoso.example"
    );
    assert_eq!(v["location"]["locationType"], "conferenceRoom");

    let v = event(&e, &copy).await;
    assert_eq!(
        v["body"]["content"],
        copied_body.as_str(),
        "no second block"
    );
    assert_eq!(v["location"]["displayName"], "Jitsi Meet");
    assert!(marker(&e, &copy).await.is_some());
}

#[tokio::test]
async fn what_the_cache_got_wrong_is_checked_again_on_the_event_itself() {
    use meeting_tray_core::scheduling_keyword::{process_event, Outcome};
    let e = env().await;
    e.connect().await;
    let now = e.now();
    let invited = add(
        &e,
        "Invited",
        now + Duration::hours(2),
        "@meet",
        json!({"organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam.lee@fabrikam.example"}},
               "responseStatus": {"response": "accepted"}}),
    )
    .await;
    let past = add(&e, "Past", now - Duration::hours(2), "@meet", json!({})).await;
    let first = (now + Duration::days(1)).date_naive();
    add(
        &e,
        "Daily",
        first.and_hms_opt(8, 0, 0).unwrap().and_utc(),
        "@meet",
        json!({"recurrence": {
            "pattern": {"type": "daily", "interval": 1},
            "range": {"type": "numbered", "numberOfOccurrences": 2, "startDate": first.to_string()}}}),
    )
    .await;
    let moved = add(&e, "Moved", now + Duration::hours(5), "Room 2", json!({})).await;
    let cache = synced(&e, None).await;
    let occurrence = cache
        .meetings
        .values()
        .find(|m| m.subject == "Daily")
        .unwrap()
        .id
        .clone();
    let g = graph_client(&e);
    let rules = settings().keyword_rules();
    let before = patches(&e).await;
    for (id, want) in [
        (&invited, Outcome::NotOrganizer),
        (&past, Outcome::Past),
        (&occurrence, Outcome::Occurrence),
        (&moved, Outcome::NoKeyword),
    ] {
        let (got, _) = process_event(&g, id, &rules, Lang::En, e.now())
            .await
            .unwrap();
        assert_eq!(got, want);
    }
    assert_eq!(patches(&e).await, before, "nothing written");
}
