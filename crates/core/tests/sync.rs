//! Delta sync against the Microsoft 365 emulator over real HTTP: paging,
//! changes and removals, lost sync state, recurring series, all-day events,
//! throttling, token expiry mid-round, and what the kept meetings hold.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use meeting_tray_core::calendar::{Cache, Response, When};
use meeting_tray_core::graph::{GraphClient, RetryPolicy};
use meeting_tray_core::sync::{sync, SyncOutcome};
use meeting_tray_links::Preferences;
use msgraph_emulator::Settings;
use serde_json::{json, Value};

use common::*;

const ATTENDEE: &str = "carol.secretaddress@fabrikam.example";

fn graph(e: &Env) -> GraphClient {
    let mut g = graph_client(e);
    // Short waits: the throttling tests check that waits happen, not their length.
    g.policy = RetryPolicy {
        base: Duration::from_millis(20),
        cap: Duration::from_secs(2),
        max_retries: 5,
    };
    g
}

fn utc(t: DateTime<Utc>) -> Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

async fn add(e: &Env, subject: &str, start: DateTime<Utc>, minutes: i64, extra: Value) -> Value {
    let mut spec = json!({
        "subject": subject,
        "start": utc(start),
        "end": utc(start + chrono::Duration::minutes(minutes)),
        "organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam.lee@fabrikam.example"}},
        "attendees": [{"type": "required", "emailAddress": {"name": "Carol", "address": ATTENDEE}}],
        "responseStatus": {"response": "accepted"},
        "bodyFixture": "zoom",
    });
    for (k, v) in extra.as_object().into_iter().flatten() {
        spec[k] = v.clone();
    }
    e.control(&format!("/users/{DANA}/events"), spec).await
}

async fn run(e: &Env, g: &GraphClient, cache: Option<Cache>) -> (Cache, SyncOutcome) {
    sync(g, cache, e.now(), &Preferences::default())
        .await
        .expect("sync")
}

/// A calendar over `dir` with the test's account, as the app or the command
/// line makes one; several may share a folder.
fn calendar_in(e: &Env, dir: &std::path::Path) -> meeting_tray_core::calendar::Calendar {
    meeting_tray_core::calendar::Calendar::new(
        std::sync::Arc::new(e.auth_clone()),
        e.store.clone(),
        dir,
    )
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[tokio::test]
async fn first_round_pages_through_everything_and_finds_the_links() {
    let e = env_with(
        Settings {
            delta_empty_pages: 2,
            ..Settings::default()
        },
        |_| {},
    )
    .await;
    e.connect().await;
    let now = e.now();
    let fixtures = [
        "zoom",
        "teams-2024",
        "webex",
        "google-meet",
        "teams-safelinks",
    ];
    for i in 0..230 {
        let start = now + chrono::Duration::hours(2 + i);
        add(
            &e,
            &format!("Meeting {i}"),
            start,
            30,
            json!({"bodyFixture": fixtures[i as usize % 5]}),
        )
        .await;
    }
    // One in the past week, one beyond the window: only the first is kept.
    add(
        &e,
        "Last week",
        now - chrono::Duration::days(3),
        30,
        json!({}),
    )
    .await;
    add(
        &e,
        "Far ahead",
        now + chrono::Duration::days(60),
        30,
        json!({}),
    )
    .await;
    let g = graph(&e);
    let (cache, outcome) = run(&e, &g, None).await;
    assert!(outcome.full);
    assert!(
        outcome.pages >= 5,
        "230 events at 100 a page plus 2 empty pages: {outcome:?}"
    );
    assert_eq!(cache.meetings.len(), 231);
    assert!(cache.delta_link.is_some());
    let services: Vec<&str> = cache
        .meetings
        .values()
        .map(|m| m.links.first().map_or("none", |l| l.service.as_str()))
        .collect();
    for s in ["zoom", "teams", "webex", "google-meet"] {
        assert!(services.contains(&s), "{s} missing: {services:?}");
    }
    assert!(!services.contains(&"none"), "every meeting has its link");
    assert_eq!(
        cache.mailbox.time_zone.as_deref(),
        Some("Pacific Standard Time")
    );
    assert_eq!(cache.mailbox.locale.as_deref(), Some("en-US"));
    // The prefer headers were honoured: times came in UTC.
    assert!(cache
        .meetings
        .values()
        .all(|m| matches!(m.when, When::Timed { .. })));
}

#[tokio::test]
async fn delta_rounds_bring_adds_changes_and_removals_and_a_lost_state_restarts() {
    let e = env().await;
    e.connect().await;
    let now = e.now();
    let a = add(&e, "Keep", now + chrono::Duration::hours(3), 30, json!({})).await;
    let b = add(
        &e,
        "Rename me",
        now + chrono::Duration::hours(4),
        30,
        json!({}),
    )
    .await;
    let c = add(
        &e,
        "Delete me",
        now + chrono::Duration::hours(5),
        30,
        json!({}),
    )
    .await;
    let d = add(
        &e,
        "Move me out",
        now + chrono::Duration::hours(6),
        30,
        json!({}),
    )
    .await;
    let g = graph(&e);
    let (cache, first) = run(&e, &g, None).await;
    assert_eq!((first.added, cache.meetings.len()), (4, 4));

    // Nothing changed: one request (delta page and mailbox settings in one $batch).
    let before = g.traffic.snapshot().0;
    let (cache, quiet) = run(&e, &g, Some(cache)).await;
    assert_eq!(
        g.traffic.snapshot().0 - before,
        1,
        "a quiet poll costs one request"
    );
    // Throttled inside the batch: the plain requests wait it out.
    e.control(
        "/faults",
        json!({"route": "delta", "status": 429, "retry_after": "0.1", "times": 1}),
    )
    .await;
    let (cache, _) = run(&e, &g, Some(cache)).await;
    assert_eq!(
        quiet,
        SyncOutcome {
            full: false,
            added: 0,
            changed: 0,
            removed: 0,
            pages: 1
        }
    );

    let id = |v: &Value| v["id"].as_str().unwrap().to_owned();
    // Event IDs hold `/`, `+` and `=`: one path segment, percent-encoded.
    let seg =
        |v: &Value| url::form_urlencoded::byte_serialize(id(v).as_bytes()).collect::<String>();
    e.patch_control(
        &format!("/users/{DANA}/events/{}", seg(&b)),
        json!({"subject": "Renamed"}),
    )
    .await;
    e.delete_control(&format!("/users/{DANA}/events/{}", seg(&c)))
        .await;
    let far = now + chrono::Duration::days(90);
    e.patch_control(
        &format!("/users/{DANA}/events/{}", seg(&d)),
        json!({"start": utc(far), "end": utc(far + chrono::Duration::minutes(30))}),
    )
    .await;
    add(&e, "New", now + chrono::Duration::hours(7), 30, json!({})).await;
    let (cache, round) = run(&e, &g, Some(cache)).await;
    assert!(!round.full);
    assert_eq!(
        (round.added, round.changed, round.removed),
        (1, 1, 2),
        "{round:?}"
    );
    let subjects: Vec<&str> = cache
        .meetings
        .values()
        .map(|m| m.subject.as_str())
        .collect();
    assert!(
        subjects.contains(&"Renamed") && subjects.contains(&"New") && subjects.contains(&"Keep")
    );
    assert_eq!(cache.meetings.len(), 3);
    assert!(cache.meetings.contains_key(&id(&a)));

    // 410 SyncStateNotFound: a full round replaces everything.
    e.control(&format!("/users/{DANA}/sync-state/expire"), json!({}))
        .await;
    let (again, restarted) = run(&e, &g, Some(cache.clone())).await;
    assert!(restarted.full, "{restarted:?}");
    assert_eq!(again.meetings, cache.meetings);
}

#[tokio::test]
async fn a_moved_window_starts_a_new_round() {
    let e = env().await;
    e.connect().await;
    add(
        &e,
        "Soon",
        e.now() + chrono::Duration::hours(2),
        30,
        json!({}),
    )
    .await;
    let g = graph(&e);
    let (cache, _) = run(&e, &g, None).await;
    e.advance(86_400).await;
    let (moved, outcome) = run(&e, &g, Some(cache.clone())).await;
    assert!(outcome.full);
    assert!(moved.window_start > cache.window_start);
}

#[tokio::test]
async fn occurrences_are_separate_meetings_and_an_exception_keeps_its_own_time() {
    let e = env().await;
    e.connect().await;
    // Daily at 16:00 UTC from tomorrow for ten days.
    let first = (e.now() + chrono::Duration::days(1))
        .date_naive()
        .and_hms_opt(16, 0, 0)
        .unwrap()
        .and_utc();
    let series = add(
        &e,
        "Stand-up",
        first,
        15,
        json!({"recurrence": {
            "pattern": {"type": "daily", "interval": 1},
            "range": {"type": "numbered", "numberOfOccurrences": 10, "startDate": first.date_naive().to_string()}}}),
    )
    .await;
    let g = graph(&e);
    let (cache, _) = run(&e, &g, None).await;
    let occurrences: Vec<_> = cache
        .meetings
        .values()
        .filter(|m| m.subject == "Stand-up")
        .collect();
    assert_eq!(occurrences.len(), 10);
    let master = series["id"].as_str().unwrap();
    assert!(occurrences
        .iter()
        .all(|m| m.series_id.as_deref() == Some(master)));
    // Move the third occurrence by an hour (as the user, through Graph): an exception.
    let third = occurrences
        .iter()
        .find(|m| matches!(m.when, When::Timed { start, .. } if start == first + chrono::Duration::days(2)))
        .unwrap();
    let moved = first + chrono::Duration::days(2) + chrono::Duration::hours(1);
    g.send(
        reqwest::Method::PATCH,
        g.url(&["me", "events", &third.id], &[]),
        Some(&json!({"start": utc(moved), "end": utc(moved + chrono::Duration::minutes(15))})),
    )
    .await
    .unwrap();
    let (cache, round) = run(&e, &g, Some(cache)).await;
    assert_eq!(round.changed, 1, "{round:?}");
    let times: Vec<DateTime<Utc>> = cache
        .meetings
        .values()
        .filter(|m| m.subject == "Stand-up")
        .filter_map(|m| match m.when {
            When::Timed { start, .. } => Some(start),
            _ => None,
        })
        .collect();
    assert_eq!(times.len(), 10);
    assert!(times.contains(&moved));
}

#[tokio::test]
async fn all_day_events_and_times_across_a_dst_change() {
    let e = env().await;
    e.connect().await;
    // Move both clocks to 10 March 2027; US DST starts on 14 March.
    let target = at("2027-03-10T12:00:00Z");
    e.advance((target - e.now()).num_seconds()).await;
    // Months later the refresh token has expired (90 days unused): sign in again.
    e.connect().await;
    e.control(
        &format!("/users/{DANA}/events"),
        json!({"subject": "DST day off", "isAllDay": true,
            "start": {"dateTime": "2027-03-14T00:00:00", "timeZone": "Pacific Standard Time"},
            "end": {"dateTime": "2027-03-15T00:00:00", "timeZone": "Pacific Standard Time"}}),
    )
    .await;
    e.control(
        &format!("/users/{DANA}/events"),
        json!({"subject": "After the change", "responseStatus": {"response": "declined"},
            "start": {"dateTime": "2027-03-15T09:00:00", "timeZone": "Pacific Standard Time"},
            "end": {"dateTime": "2027-03-15T09:30:00", "timeZone": "Pacific Standard Time"}}),
    )
    .await;
    let g = graph(&e);
    let (cache, _) = run(&e, &g, None).await;
    let by = |s: &str| cache.meetings.values().find(|m| m.subject == s).unwrap();
    assert_eq!(
        by("DST day off").when,
        When::AllDay {
            start: NaiveDate::from_ymd_opt(2027, 3, 14).unwrap(),
            end: NaiveDate::from_ymd_opt(2027, 3, 15).unwrap()
        }
    );
    let after = by("After the change");
    // 09:00 PDT is 16:00 UTC (it would be 17:00 in standard time).
    assert_eq!(
        after.when,
        When::Timed {
            start: Utc.with_ymd_and_hms(2027, 3, 15, 16, 0, 0).unwrap(),
            end: Utc.with_ymd_and_hms(2027, 3, 15, 16, 30, 0).unwrap()
        }
    );
    assert_eq!(
        after.response,
        Response::Declined,
        "declined meetings are kept as such"
    );
}

#[tokio::test]
async fn throttling_in_every_form_is_waited_out() {
    let e = env().await;
    e.connect().await;
    for i in 0..3 {
        add(
            &e,
            &format!("M{i}"),
            e.now() + chrono::Duration::hours(2 + i),
            30,
            json!({}),
        )
        .await;
    }
    let g = graph(&e);
    let date = (Utc::now() + chrono::Duration::seconds(1))
        .to_rfc2822()
        .replace("+0000", "GMT");
    for (status, retry_after) in [
        (429, Some("0.3")),
        (429, Some("1")),
        (429, Some(date.as_str())),
        (503, None),
        (504, None),
    ] {
        let mut rule = json!({"route": "delta", "status": status, "times": 2});
        if let Some(r) = retry_after {
            rule["retry_after"] = json!(r);
        }
        e.control("/faults", rule).await;
        let started = Instant::now();
        let (cache, _) = run(&e, &g, None).await;
        assert_eq!(cache.meetings.len(), 3, "{status} {retry_after:?}");
        if retry_after == Some("0.3") {
            assert!(
                started.elapsed() >= Duration::from_millis(600),
                "two waits of 0.3 s"
            );
        }
        if retry_after == Some("1") {
            assert!(
                started.elapsed() >= Duration::from_secs(2),
                "two waits of 1 s"
            );
        }
    }
    // Retries say which attempt they are.
    let log = e.requests().await;
    assert!(log.iter().any(|r| r["status"] == 429), "{log:?}");
    // More than 4 at once is throttled by Outlook: the client never sends more.
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let g = g.clone();
        set.spawn(async move { g.get(&["me", "mailboxSettings"], &[]).await });
    }
    while let Some(r) = set.join_next().await {
        r.unwrap().unwrap();
    }
    let throttled = e.requests().await.into_iter().filter(|r| {
        r["status"] == 429 && r["path"].as_str().unwrap_or("").contains("mailboxSettings")
    });
    assert_eq!(
        throttled.count(),
        0,
        "a request was throttled for concurrency"
    );
}

/// The seed's data promise: the cache keeps no body text and no attendee
/// address, and the file on disk holds no plain text at all.
#[tokio::test]
async fn the_cache_keeps_no_body_no_attendees_and_no_plain_text() {
    use meeting_tray_core::store::CacheFile;
    let e = env().await;
    e.connect().await;
    let subject = "Quarterly budget review QBR-5512";
    add(
        &e,
        subject,
        e.now() + chrono::Duration::hours(3),
        60,
        json!({"bodyFixture": null, "body": {"contentType": "html",
            "content": "<p>BODYSECRET-7731 agenda: layoffs.</p><p><a href=\"https://zoom.us/j/98765432101?pwd=abc\">Join Zoom</a></p>"}}),
    )
    .await;
    let cache_dir = e.dir.path().join("cache");
    let calendar = calendar_in(&e, &cache_dir);
    let (cache, report) = calendar.sync(e.now()).await.unwrap();
    assert_eq!(report.meetings, 1);
    let m = cache.meetings.values().next().unwrap();
    assert_eq!(
        m.links[0].url, "https://zoom.us/j/98765432101?pwd=abc",
        "found in the text body"
    );
    let file = CacheFile::new(&cache_dir, e.store.clone(), "microsoft");
    let raw = std::fs::read(file.path()).unwrap();
    let decrypted = serde_json::to_string(&file.load().unwrap().unwrap()).unwrap();
    assert!(
        decrypted.contains(subject),
        "the subject is kept (encrypted)"
    );
    for secret in [
        "BODYSECRET-7731",
        "layoffs",
        ATTENDEE,
        "sam.lee@fabrikam.example",
    ] {
        assert!(!decrypted.contains(secret), "{secret} is in the cache");
    }
    for plain in [subject.as_bytes(), b"Quarterly", b"zoom.us", b"\"subject\""] {
        assert!(
            !raw.windows(plain.len()).any(|w| w == plain),
            "plain text in the file"
        );
    }
    // Offline (every connection drops): the sync fails as offline and the cache still answers.
    e.control(
        "/faults",
        json!({"route": "*", "drop_connection": true, "times": 0}),
    )
    .await;
    let err = calendar.sync(e.now()).await.unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert_eq!(calendar.cached().await.unwrap().unwrap().meetings.len(), 1);
}

#[tokio::test]
async fn an_expired_token_in_the_middle_of_a_round_is_refreshed() {
    let e = env().await;
    e.connect().await;
    for i in 0..150 {
        add(
            &e,
            &format!("M{i}"),
            e.now() + chrono::Duration::hours(2 + i),
            30,
            json!({}),
        )
        .await;
    }
    // The second page answers 401 once: the client refreshes and goes on.
    e.control("/faults", json!({"route": "delta", "status": 401, "code": "InvalidAuthenticationToken", "skip": 1, "times": 1}))
        .await;
    let g = graph(&e);
    let (cache, outcome) = run(&e, &g, None).await;
    assert_eq!(cache.meetings.len(), 150);
    assert!(outcome.pages >= 2);
    let log = e.requests().await;
    assert!(log.iter().any(|r| r["status"] == 401), "the fault was hit");
    assert!(
        log.iter()
            .filter(|r| r["path"].as_str().unwrap_or("").ends_with("/token"))
            .count()
            >= 2,
        "a refresh happened after sign-in"
    );
}

/// The app's sync loop keeps its calendar (and the cache in memory); a
/// disconnect made elsewhere still empties it, so nothing old is written back.
#[tokio::test]
async fn a_long_lived_calendar_follows_the_cache_file() {
    let e = env().await;
    e.connect().await;
    add(
        &e,
        "Soon",
        e.now() + chrono::Duration::hours(2),
        30,
        json!({}),
    )
    .await;
    let dir = e.dir.path().join("data");
    let app = calendar_in(&e, &dir);
    let (_, first) = app.sync(e.now()).await.unwrap();
    assert!(first.outcome.full);
    let (_, quiet) = app.sync(e.now()).await.unwrap();
    assert!(!quiet.outcome.full, "the delta link comes from memory");
    // The command line's disconnect removes the file.
    let cli = calendar_in(&e, &dir);
    cli.forget().await.unwrap();
    assert_eq!(app.cached().await.unwrap(), None);
    let (_, again) = app.sync(e.now()).await.unwrap();
    assert!(again.outcome.full, "a removed cache starts over");
}

/// A quiet poll (nothing changed) leaves the encrypted file alone until the
/// copy on disk is ten minutes old; a change is written at once.
#[tokio::test]
async fn quiet_polls_rewrite_the_cache_file_only_every_ten_minutes() {
    let e = env().await;
    e.connect().await;
    add(
        &e,
        "Standup",
        e.now() + chrono::Duration::hours(2),
        15,
        json!({}),
    )
    .await;
    let dir = e.dir.path().join("data");
    let app = calendar_in(&e, &dir);
    let file = dir.join("calendar-microsoft.cache");
    let bytes = || std::fs::read(&file).unwrap();
    // Early in the emulator's day, so that no poll below moves the window.
    let base = e.now().date_naive().and_hms_opt(1, 0, 0).unwrap().and_utc();
    let min = chrono::Duration::minutes;

    let (_, first) = app.sync(base).await.unwrap();
    assert!(!first.unchanged, "a first sync is a change");
    let written = bytes();
    let (cache, quiet) = app.sync(base + min(5)).await.unwrap();
    assert!(quiet.unchanged, "{quiet:?}");
    assert_eq!(bytes(), written, "a quiet poll 5 min later writes nothing");
    assert_eq!(cache.last_sync, Some(base + min(5)));
    assert_eq!(
        app.cached().await.unwrap().unwrap().last_sync,
        Some(base + min(5)),
        "the app's own copy moves on"
    );
    let reader = calendar_in(&e, &dir);
    assert_eq!(
        reader.cached().await.unwrap().unwrap().last_sync,
        Some(base),
        "another process reads the copy on disk"
    );

    let (_, later) = app.sync(base + min(10)).await.unwrap();
    assert!(later.unchanged);
    assert_ne!(
        bytes(),
        written,
        "10 min after the last write it is written again"
    );
    let rewritten = bytes();
    assert_eq!(
        reader.cached().await.unwrap().unwrap().last_sync,
        Some(base + min(10))
    );

    add(
        &e,
        "Review",
        e.now() + chrono::Duration::hours(3),
        30,
        json!({}),
    )
    .await;
    let (cache, changed) = app.sync(base + min(11)).await.unwrap();
    assert!(
        !changed.unchanged && changed.outcome.added == 1,
        "{changed:?}"
    );
    assert_ne!(bytes(), rewritten, "a change is written at once");
    assert_eq!(
        reader.cached().await.unwrap().unwrap().meetings.len(),
        cache.meetings.len()
    );
}

#[tokio::test]
async fn answering_an_invitation_reaches_graph_and_the_cache_at_once() {
    use meeting_tray_core::calendar::Answer;
    let e = env().await;
    e.connect().await;
    let invite = add(
        &e,
        "Design review",
        e.now() + chrono::Duration::hours(3),
        30,
        json!({"responseStatus": {"response": "notResponded"}}),
    )
    .await;
    let own = add(
        &e,
        "My own",
        e.now() + chrono::Duration::hours(4),
        30,
        json!({"isOrganizer": true, "responseStatus": {"response": "organizer"}}),
    )
    .await;
    let dir = e.dir.path().join("data");
    let cal = calendar_in(&e, &dir);
    cal.sync(e.now()).await.unwrap();
    let id = invite["id"].as_str().unwrap();

    cal.respond(id, Answer::Tentative, Some("  Running late  "), true)
        .await
        .unwrap();
    let cached = cal.cached().await.unwrap().unwrap();
    assert_eq!(cached.meetings[id].response, Response::TentativelyAccepted);
    let sent = e.requests().await;
    let post = sent
        .iter()
        .rev()
        .find(|r| {
            r["method"] == "POST"
                && r["path"]
                    .as_str()
                    .unwrap_or("")
                    .ends_with("/tentativelyAccept")
        })
        .expect("the answer went to Graph");
    assert_eq!(post["status"], 202, "{post}");
    let events = e
        .control_call(reqwest::Method::GET, &format!("/users/{DANA}/events"), None)
        .await;
    let ev = events
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap();
    assert_eq!(ev["responseStatus"]["response"], "tentativelyAccepted");
    // The next sync confirms it.
    let (synced, _) = cal.sync(e.now()).await.unwrap();
    assert_eq!(synced.meetings[id].response, Response::TentativelyAccepted);

    // The organizer cannot answer their own meeting: an error, the cache unchanged.
    let own_id = own["id"].as_str().unwrap();
    let err = cal
        .respond(own_id, Answer::Decline, None, true)
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("ErrorCalendarIsOrganizerForDecline")
            || err.to_string().contains("organizer"),
        "{err}"
    );
    let cached = cal.cached().await.unwrap().unwrap();
    assert_eq!(cached.meetings[own_id].response, Response::Organizer);
}

/// The cache keeps no bodies, so new link rules (a preferred service, an
/// in-house video host) take effect through one full round, not a delta.
#[tokio::test]
async fn changed_link_rules_read_the_whole_calendar_again() {
    use meeting_tray_links::CustomService;
    let e = env().await;
    e.connect().await;
    add(
        &e,
        "Town hall",
        e.now() + chrono::Duration::hours(2),
        60,
        json!({
            "bodyFixture": null,
            "body": {"contentType": "text", "content": "Join at https://video.acme.example/room/4411 (in-house)"},
        }),
    )
    .await;
    let dir = e.dir.path().join("data");
    let mut cal = calendar_in(&e, &dir);
    let (cache, first) = cal.sync(e.now()).await.unwrap();
    assert!(first.outcome.full);
    let town_hall = |c: &Cache| {
        c.meetings
            .values()
            .find(|m| m.subject == "Town hall")
            .unwrap()
            .links
            .clone()
    };
    assert!(
        town_hall(&cache).is_empty(),
        "an unknown host is no meeting link"
    );
    let (_, quiet) = cal.sync(e.now()).await.unwrap();
    assert!(!quiet.outcome.full);

    cal.link_preferences.custom = vec![CustomService {
        name: "Acme Video".into(),
        host: "video.acme.example".into(),
        path_prefix: "/room/".into(),
    }];
    let (cache, again) = cal.sync(e.now()).await.unwrap();
    assert!(again.outcome.full, "new rules start a full round");
    let links = town_hall(&cache);
    assert_eq!(links.len(), 1, "{links:?}");
    assert_eq!(links[0].url, "https://video.acme.example/room/4411");
    assert_eq!(links[0].service_name, "Acme Video");
    // The rules are recorded: the next round is a delta again, also for a
    // calendar that reads the file afresh (the command line).
    let (_, settled) = cal.sync(e.now()).await.unwrap();
    assert!(!settled.outcome.full);
    let mut cli = calendar_in(&e, &dir);
    cli.link_preferences = cal.link_preferences.clone();
    let (_, cli_round) = cli.sync(e.now()).await.unwrap();
    assert!(!cli_round.outcome.full);
}
