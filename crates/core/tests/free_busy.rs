//! Free/busy through getSchedule against the emulator (issue 11): each
//! showAs maps to its state, declined and cancelled meetings leave the time
//! free, and an address without a mailbox is an error that says so.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Duration, Timelike, Utc};
use meeting_tray_core::free_busy::{availability, Availability, FreeBusyError};
use serde_json::{json, Value};

use common::*;

fn utc(t: DateTime<Utc>) -> Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

async fn add(e: &Env, subject: &str, start: DateTime<Utc>, minutes: i64, extra: Value) {
    let mut spec = json!({"subject": subject, "start": utc(start),
                          "end": utc(start + Duration::minutes(minutes))});
    for (k, v) in extra.as_object().into_iter().flatten() {
        spec[k] = v.clone();
    }
    e.control(&format!("/users/{DANA}/events"), spec).await;
}

#[tokio::test]
async fn each_show_as_is_its_state_and_free_time_is_free() {
    let e = env().await;
    e.connect().await;
    // Tomorrow from 09:00 UTC, in 30-minute slots.
    let day = (e.now() + Duration::days(1))
        .with_hour(9)
        .and_then(|t| t.with_minute(0))
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap();
    let h = |hours: i64, minutes: i64| day + Duration::hours(hours) + Duration::minutes(minutes);
    add(&e, "Review", h(1, 0), 60, json!({})).await;
    add(&e, "Maybe", h(2, 0), 30, json!({"showAs": "tentative"})).await;
    add(&e, "Dentist", h(3, 0), 60, json!({"showAs": "oof"})).await;
    add(
        &e,
        "From home",
        h(4, 0),
        30,
        json!({"showAs": "workingElsewhere"}),
    )
    .await;
    add(
        &e,
        "Declined",
        h(5, 0),
        30,
        json!({"responseStatus": {"response": "declined"}}),
    )
    .await;
    add(&e, "Cancelled", h(5, 30), 30, json!({"isCancelled": true})).await;
    add(&e, "Lunch (free)", h(6, 0), 30, json!({"showAs": "free"})).await;

    let graph = graph_client(&e);
    let a = availability(&graph, DANA, day, h(7, 0), 30).await.unwrap();
    use Availability::*;
    assert_eq!(
        a.slots,
        [
            Free,
            Free,
            Busy,
            Busy,
            Tentative,
            Free,
            OutOfOffice,
            OutOfOffice,
            WorkingElsewhere,
            Free,
            Free,
            Free,
            Free,
            Free
        ]
    );
    assert_eq!(a.at(h(1, 15)), Some((Busy, Some(h(2, 0)))));
    assert_eq!(a.at(h(2, 10)), Some((Tentative, Some(h(2, 30)))));
    assert_eq!(a.at(h(4, 40)), Some((Free, None)));
    // One request, and it asked for UTC.
    let log = e.requests().await;
    let asked: Vec<&Value> = log.iter().filter(|r| r["route"] == "getSchedule").collect();
    assert_eq!(asked.len(), 1, "{log:?}");

    // Someone without a mailbox: Graph answers 200 with an error for them.
    let err = availability(&graph, "nobody@contoso.example", day, h(1, 0), 30)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FreeBusyError::Schedule { code, .. } if code == "ErrorMailRecipientNotFound"),
        "{err}"
    );
    // A window Graph would refuse is refused before asking.
    let err = availability(&graph, DANA, day, day + Duration::days(63), 60)
        .await
        .unwrap_err();
    assert!(matches!(err, FreeBusyError::Window), "{err}");
    assert_eq!(
        e.requests()
            .await
            .iter()
            .filter(|r| r["route"] == "getSchedule")
            .count(),
        2
    );
}
