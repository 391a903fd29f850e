//! Out of office against the emulator (issue 11): a scheduled automatic-replies
//! window set in zones other than UTC (as Outlook sets it, in the mailbox's
//! zone) is read as the right instants, the agenda is out of office only
//! inside it, and alerts are muted there unless the user opts in.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Duration, DurationRound, Utc};
use meeting_tray_core::agenda::{self, Filters};
use meeting_tray_core::alerts::{plan, AlertSettings, AlertState};
use meeting_tray_core::calendar::Cache;
use meeting_tray_core::sync::sync;
use meeting_tray_links::Preferences;
use serde_json::json;

use common::*;

/// `t` as a wall-clock time in `zone`, the way Graph writes it.
fn local(t: DateTime<Utc>, zone: chrono_tz::Tz, name: &str) -> serde_json::Value {
    let wall = t.with_timezone(&zone).naive_local();
    json!({"dateTime": wall.format("%Y-%m-%dT%H:%M:%S.0000000").to_string(), "timeZone": name})
}

fn at(cache: &Cache, now: DateTime<Utc>) -> agenda::Agenda {
    agenda::agenda(
        cache,
        &Filters::default(),
        now,
        now - Duration::days(1),
        now + Duration::days(2),
        &Utc,
    )
}

#[tokio::test]
async fn a_scheduled_window_in_other_zones_mutes_alerts_inside_it_only() {
    let e = env().await;
    e.connect().await;
    let now = e.now().duration_trunc(Duration::seconds(1)).unwrap();
    let (start, end) = (now - Duration::hours(1), now + Duration::hours(2));
    // Start in Tokyo's wall-clock time, end in Los Angeles's: neither is UTC.
    e.patch_control(
        &format!("/users/{DANA}/mailbox-settings"),
        json!({"automaticRepliesSetting": {
            "status": "Scheduled",
            "externalAudience": "all",
            "scheduledStartDateTime": local(start, chrono_tz::Asia::Tokyo, "Tokyo Standard Time"),
            "scheduledEndDateTime": local(end, chrono_tz::America::Los_Angeles, "Pacific Standard Time"),
        }}),
    )
    .await;
    let meeting = now + Duration::minutes(30);
    let after = end + Duration::hours(1);
    for (subject, when) in [("Inside", meeting), ("After", after)] {
        e.control(
            &format!("/users/{DANA}/events"),
            json!({
                "subject": subject,
                "start": {"dateTime": when.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"},
                "end": {"dateTime": (when + Duration::minutes(30)).format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"},
                "bodyFixture": "zoom",
            }),
        )
        .await;
    }
    let g = graph_client(&e);
    let (cache, _) = sync(&g, None, e.now(), &Preferences::default())
        .await
        .unwrap();
    let replies = &cache.mailbox.automatic_replies;
    assert_eq!(replies.status, "scheduled");
    assert_eq!(
        replies.scheduled_start,
        Some(start),
        "the start, given in Tokyo's time"
    );
    assert_eq!(
        replies.scheduled_end,
        Some(end),
        "the end, given in Los Angeles's time"
    );

    assert!(at(&cache, now).out_of_office);
    assert!(!at(&cache, start - Duration::minutes(1)).out_of_office);
    assert!(
        !at(&cache, end).out_of_office,
        "the end is not part of the window"
    );

    // One minute before "Inside": muted by default, alerted when opted in.
    let due_at = meeting - Duration::minutes(1);
    let quiet = AlertSettings::default();
    assert!(
        quiet.quiet_when_out_of_office,
        "muted unless the user opts in"
    );
    let p = plan(&at(&cache, due_at), &quiet, &AlertState::default(), due_at);
    assert!(p.due.is_empty(), "{:?}", p.due);
    let opted_in = AlertSettings {
        quiet_when_out_of_office: false,
        ..AlertSettings::default()
    };
    let p = plan(
        &at(&cache, due_at),
        &opted_in,
        &AlertState::default(),
        due_at,
    );
    assert_eq!(p.due.len(), 1, "{:?}", p.due);
    // After the window the alerts come again.
    let due_after = after - Duration::minutes(1);
    let p = plan(
        &at(&cache, due_after),
        &quiet,
        &AlertState::default(),
        due_after,
    );
    assert_eq!(p.due.len(), 1, "{:?}", p.due);
}
