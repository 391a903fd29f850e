//! Join links of Graph events: the mapping from Graph's event JSON to the
//! provider-neutral input of the link detector, and `detect`'s input handling.

use meeting_tray_links::{detect, detect_in_body, Body, Detection, EventText, Preferences};
use serde_json::Value;

/// A string value that says something (Graph sends "" for absent locations).
fn s(v: &Value) -> Option<&str> {
    v.as_str().filter(|s| !s.trim().is_empty())
}

/// The detector's input from a Graph event object (reference microsoft-graph.md
/// §8.2 "Join-link resolution order").
pub fn graph_event_text(event: &Value) -> EventText<'_> {
    let mut text = EventText::default();
    if let Some(u) = s(&event["onlineMeeting"]["joinUrl"]) {
        text.structured.push(("onlineMeeting.joinUrl", u));
    }
    if let Some(u) = s(&event["onlineMeetingUrl"]) {
        text.structured.push(("onlineMeetingUrl", u));
    }
    if let Some(u) = s(&event["location"]["locationUri"]) {
        text.locations.push(("location.locationUri", u));
    }
    if let Some(d) = s(&event["location"]["displayName"]) {
        text.locations.push(("location.displayName", d));
    }
    for loc in event["locations"].as_array().into_iter().flatten() {
        if let Some(u) = s(&loc["locationUri"]) {
            text.locations.push(("locations.locationUri", u));
        }
        if let Some(d) = s(&loc["displayName"]) {
            text.locations.push(("locations.displayName", d));
        }
    }
    if let Some(content) = s(&event["body"]["content"]) {
        let html = event["body"]["contentType"]
            .as_str()
            .is_none_or(|t| t.eq_ignore_ascii_case("html"));
        text.body = Some(if html {
            Body::Html(content)
        } else {
            Body::Text(content)
        });
    }
    text.preview = s(&event["bodyPreview"]);
    text
}

/// What `meeting-tray detect` was given.
#[derive(Debug, PartialEq, Eq)]
pub enum DetectInput {
    GraphEvent,
    Body,
}

/// Detects in a Graph event JSON object or, failing that, a raw HTML/text body.
pub fn detect_input(input: &str, prefs: &Preferences) -> (DetectInput, Detection) {
    let trimmed = input.trim_start();
    if trimmed.starts_with('{') {
        if let Ok(event @ Value::Object(_)) = serde_json::from_str::<Value>(trimmed) {
            return (
                DetectInput::GraphEvent,
                detect(&graph_event_text(&event), prefs),
            );
        }
    }
    (DetectInput::Body, detect_in_body(input, prefs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_graph_fields_in_resolution_order() {
        let ev = json!({
            "onlineMeeting": { "joinUrl": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_a%40thread.v2/0" },
            "location": { "displayName": "https://zoom.us/j/123456789", "locationUri": "" },
            "locations": [{ "displayName": "Room 1" }],
            "body": { "contentType": "html", "content": "<p>https://meet.google.com/abc-defg-hij</p>" },
            "bodyPreview": "https://whereby.com/x",
        });
        let t = graph_event_text(&ev);
        assert_eq!(t.structured.len(), 1);
        assert_eq!(t.locations.len(), 2);
        assert!(matches!(t.body, Some(Body::Html(_))));
        let d = detect(&t, &Preferences::default());
        let services: Vec<&str> = d.candidates.iter().map(|c| c.service.as_str()).collect();
        assert_eq!(services, ["teams", "zoom", "google-meet", "whereby"]);
    }

    #[test]
    fn autodetects_json_events_and_bodies() {
        let (kind, d) = detect_input(
            r#"{"onlineMeetingUrl": "https://zoom.us/j/123456789"}"#,
            &Preferences::default(),
        );
        assert_eq!(kind, DetectInput::GraphEvent);
        assert_eq!(d.best().map(|c| c.service.as_str()), Some("zoom"));
        let (kind, d) = detect_input(
            "{ not json } https://meet.jit.si/standup",
            &Preferences::default(),
        );
        assert_eq!(kind, DetectInput::Body);
        assert_eq!(d.best().map(|c| c.service.as_str()), Some("jitsi"));
    }
}
