//! "Start a meeting now" against the emulator (issue 11): the event is made
//! once even when the first POST's answer is lost, with the join link in its
//! body and the service as its Location.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use meeting_tray_core::graph::GraphClient;
use meeting_tray_core::meeting_source::MeetingSource;
use meeting_tray_core::quick_meeting::start_now;
use serde_json::{json, Value};

use common::*;

async fn events(e: &Env) -> Vec<Value> {
    e.control_call(reqwest::Method::GET, &format!("/users/{DANA}/events"), None)
        .await
        .as_array()
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn a_lost_answer_does_not_make_a_second_meeting() {
    let e = env().await;
    e.connect().await;
    let mut auth = e.auth_clone();
    auth.set_request_timeout(Duration::from_secs(1));
    let graph = GraphClient::new(Arc::new(auth));
    // The first POST is carried out, but its answer comes after the client
    // gave up.
    e.control(
        "/faults",
        json!({"route": "events", "method": "POST", "answer_after_ms": 2500}),
    )
    .await;
    let source = MeetingSource::Jitsi {
        base_url: "https://meet.example.org".into(),
        dial_in: Some("Dial-in: +1 555 0100, PIN 4242#".into()),
    };
    let now = e.now();
    let made = start_now(&graph, &source, "Quick sync", now, 30)
        .await
        .unwrap();
    assert!(
        made.join_url.starts_with("https://meet.example.org/"),
        "{made:?}"
    );

    let all = events(&e).await;
    assert_eq!(all.len(), 1, "one meeting, not two: {all:?}");
    let posts: Vec<Value> = e
        .requests()
        .await
        .into_iter()
        .filter(|r| r["route"] == "events" && r["method"] == "POST")
        .collect();
    // The first POST, given up by the client, never answered, so the log
    // holds only the second; without the shared transactionId that second
    // POST would have made a second meeting.
    assert_eq!(posts.len(), 1, "{posts:?}");
    let ev = &all[0];
    assert_eq!(ev["subject"], "Quick sync");
    assert_eq!(ev["location"]["displayName"], "Jitsi Meet");
    let body = ev["body"]["content"].as_str().unwrap();
    assert!(
        body.contains(&made.join_url) && body.contains("PIN 4242#"),
        "{body}"
    );
    assert_eq!(ev["id"], made.id.as_str());

    // Without a lost answer: one POST, one more meeting, another room.
    let again = start_now(&graph, &source, "Another", now, 15)
        .await
        .unwrap();
    assert_ne!(again.join_url, made.join_url);
    assert_eq!(events(&e).await.len(), 2);
    // A room that is not https is refused before anything is sent.
    let bad = MeetingSource::PersonalRoom {
        service: "Zoom".into(),
        url: "http://zoom.us/my/dana".into(),
        dial_in: None,
    };
    assert!(start_now(&graph, &bad, "No", now, 30).await.is_err());
    assert_eq!(events(&e).await.len(), 2);
}
