//! Any bytes, as a body or a structured field: detection must not panic, every
//! joinable link must pass the open policy, and unwrapping must be idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meeting_tray_links::unwrap::unwrap;
use meeting_tray_links::{check, detect, detect_in_body, Body, EventText, Kind, Preferences, Safety};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let prefs = Preferences::default();
    for d in [
        detect_in_body(text, &prefs),
        detect(&EventText { structured: vec![("joinUrl", text)], locations: vec![("location", text)], body: Some(Body::Html(text)), preview: Some(text) }, &prefs),
    ] {
        for c in &d.candidates {
            if c.safety == Safety::Joinable && c.kind == Kind::Video && c.url.starts_with("https://") {
                assert!(check(&c.url).is_ok(), "joinable but refused by the open policy: {}", c.url);
            }
        }
    }
    let once = unwrap(text).url.into_owned();
    assert_eq!(unwrap(&once).url, once);
});
