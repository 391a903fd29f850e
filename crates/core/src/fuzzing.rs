//! The properties the fuzz targets (`fuzz/`, nightly, `make fuzz`) check on
//! arbitrary input, one function a target. `tests/fuzz_corpus.rs` replays the
//! committed corpus through the same functions in every `cargo test`, so a
//! corpus entry that once broke a property stays a regression test.
//!
//! Each function panics when a property is broken and returns quietly on
//! input of the wrong kind (not UTF-8, not JSON). Not an API: it lives in the
//! crate only so the checks can reach the crate's private parts.

use chrono::{DateTime, Utc};
use meeting_tray_links::catalogue::{classify, NATIVE_SCHEMES};
use meeting_tray_links::unwrap::unwrap;
use meeting_tray_links::{
    check, detect, detect_in_body, open_policy, Body, CustomService, Detection, EventText,
    Preferences, Safety,
};
use serde_json::Value;
use url::Url;
use zeroize::Zeroizing;

use crate::auth::loopback::{parse_redirect, Callback, Redirect};
use crate::calendar::{Cache, Meeting, When};
use crate::secrets::sealing;
use crate::store::cache_file;
use crate::sync::{apply_page, mapping, PageEnd, SyncOutcome};

/// A check: panics when the input breaks a property.
pub type Check = fn(&[u8]);

/// Every fuzz target by name (its file in `fuzz/fuzz_targets/` and its corpus
/// folder in `fuzz/corpus/`) with its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("detect", detect_links),
    ("graph_event", graph_event),
    ("delta_page", delta_page),
    ("cache_file", cache_file),
    ("redirect", redirect),
];

/// The user's own patterns too: custom services take another path through
/// the detector.
fn preference_sets() -> [Preferences; 2] {
    [
        Preferences::default(),
        Preferences {
            service_order: vec!["zoom".into(), "teams".into()],
            custom: vec![CustomService {
                name: "Acme Video".into(),
                host: "video.acme.example".into(),
                path_prefix: "/room/".into(),
            }],
        },
    ]
}

/// A link the app may open: a native-app link of the catalogue, or an https
/// link the open policy passes that names the service it was found as.
fn assert_openable(url: &str, service: &str, prefs: &Preferences) {
    assert!(
        url.len() <= open_policy::MAX_LEN,
        "joinable but too long: {url}"
    );
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    if let Some((_, native_service, _)) = NATIVE_SCHEMES
        .iter()
        .find(|(s, _, _)| Some(*s) == scheme.as_deref())
    {
        assert_eq!(service, *native_service, "{url}");
        return;
    }
    if let Err(e) = check(url) {
        panic!("joinable but refused by the open policy ({e}): {url}");
    }
    let parsed = Url::parse(url).expect("the policy passed it");
    match classify(&parsed) {
        Some(known) => assert_eq!(service, known.id, "{url}"),
        None => assert!(
            prefs.custom.iter().any(|c| c.matches(&parsed)) && service.starts_with("custom:"),
            "joinable as {service} but no service claims it: {url}"
        ),
    }
}

fn assert_detection(d: &Detection, prefs: &Preferences) {
    let mut urls: Vec<&str> = d.candidates.iter().map(|c| c.url.as_str()).collect();
    urls.sort_unstable();
    urls.dedup();
    assert_eq!(urls.len(), d.candidates.len(), "a link listed twice");
    for c in &d.candidates {
        if c.safety == Safety::Joinable {
            assert_openable(&c.url, &c.service, prefs);
        }
    }
    assert_eq!(
        d.best(),
        d.candidates.iter().find(|c| c.safety == Safety::Joinable),
        "the Join button must take the best joinable link"
    );
}

/// The link detector on any text, as a body and in every field: each
/// joinable link passes the open policy and belongs to the service it is
/// found as; unwrapping is idempotent.
pub fn detect_links(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for prefs in preference_sets() {
        assert_detection(&detect_in_body(text, &prefs), &prefs);
        let everywhere = EventText {
            structured: vec![("onlineMeeting.joinUrl", text)],
            locations: vec![("location.displayName", text)],
            body: Some(Body::Html(text)),
            preview: Some(text),
        };
        assert_detection(&detect(&everywhere, &prefs), &prefs);
    }
    let once = unwrap(text).url.into_owned();
    assert_eq!(unwrap(&once).url, once, "unwrapping twice changed it");
}

fn assert_meeting(m: &Meeting, prefs: &Preferences) {
    match &m.when {
        When::Timed { start, end } => assert!(start <= end, "ends before it starts: {m:?}"),
        When::AllDay { start, end } => assert!(start <= end, "ends before it starts: {m:?}"),
    }
    assert!(m.links.len() <= mapping::MAX_LINKS, "{m:?}");
    for link in &m.links {
        assert_openable(&link.url, &link.service, prefs);
    }
    // The cache file holds it as JSON: it must read back as it was.
    let json = serde_json::to_vec(m).expect("a meeting serialises");
    let back: Meeting = serde_json::from_slice(&json).expect("a kept meeting reads back");
    assert_eq!(&back, m);
}

/// Graph event JSON to the meeting kept: only events with an id, never a
/// series master, start at or before the end, at most three links each of
/// which may be opened, and what is kept reads back from the cache's JSON.
pub fn graph_event(data: &[u8]) {
    let Ok(event) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    for prefs in preference_sets() {
        let Some(m) = mapping::meeting(&event, &prefs) else {
            continue;
        };
        assert_eq!(Some(m.id.as_str()), event["id"].as_str());
        assert_ne!(event["type"].as_str(), Some("seriesMaster"));
        assert_meeting(&m, &prefs);
    }
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().expect("a fixed time")
}

/// The cache a page is applied to: the emulator's window around 2026-03-10
/// with one meeting a page can change or remove.
fn seed_cache() -> Cache {
    let mut cache = Cache::empty(at("2026-03-03T00:00:00Z"), at("2026-04-11T00:00:00Z"));
    let kept = Meeting {
        id: "AAMkAGI2TG93AAA=".into(),
        series_id: None,
        subject: "Weekly sync".into(),
        when: When::Timed {
            start: at("2026-03-10T16:00:00Z"),
            end: at("2026-03-10T16:30:00Z"),
        },
        organizer_name: Some("Sam Lee".into()),
        response: crate::calendar::Response::Accepted,
        show_as: crate::calendar::ShowAs::Busy,
        is_cancelled: false,
        links: Vec::new(),
        change_key: Some("ck0".into()),
        location_keywords: Vec::new(),
        join_details_added: false,
    };
    cache.meetings.insert(kept.id.clone(), kept);
    cache
}

/// A delta or calendarView page: the counts match what happened to the
/// cache, every meeting is kept under its own id and is sound, the same page
/// applied again (a retried request) changes nothing, the next link wins
/// over the delta link, and the cache it makes saves and loads unchanged.
pub fn delta_page(data: &[u8]) {
    let Ok(page) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let prefs = Preferences::default();
    let mut cache = seed_cache();
    let before = cache.meetings.len();
    let mut outcome = SyncOutcome::default();
    let end = apply_page(&mut cache, &page, &prefs, &mut outcome);
    assert_eq!(outcome.pages, 1);
    assert_eq!(
        cache.meetings.len() + outcome.removed,
        before + outcome.added,
        "{outcome:?}"
    );
    let items = page["value"].as_array().map_or(0, Vec::len);
    assert!(
        outcome.added + outcome.changed + outcome.removed <= items,
        "{outcome:?} from {items} items"
    );
    for (id, m) in &cache.meetings {
        assert_eq!(id, &m.id);
        assert_meeting(m, &prefs);
    }
    let next = page["@odata.nextLink"].as_str();
    let delta = page["@odata.deltaLink"].as_str();
    match end {
        PageEnd::Next(n) => assert_eq!(Some(n), next),
        PageEnd::Delta(d) => assert!(next.is_none() && Some(d) == delta),
        PageEnd::Unfinished => assert!(next.is_none() && delta.is_none()),
    }

    let once = cache.clone();
    let mut again = SyncOutcome::default();
    assert_eq!(apply_page(&mut cache, &page, &prefs, &mut again), end);
    assert_eq!(cache, once, "the same page twice changed the cache");

    let key = fuzz_key();
    let aad = cache_file::aad(FUZZ_ACCOUNT);
    let sealed = cache_file::seal(&key, &aad, &cache).expect("a synced cache saves");
    let loaded = cache_file::open(&key, &aad, &sealed).expect("a saved cache loads");
    cache.purge_outside_window();
    assert_eq!(loaded, cache, "the cache changed through its file");
}

/// The key and account the cache checks seal with; the corpus's sealed
/// files were made with them.
const FUZZ_KEY: [u8; sealing::KEY_LEN] = *b"meeting-tray fuzz key, not real!";
const FUZZ_ACCOUNT: &str = "fuzz";

fn fuzz_key() -> sealing::Key {
    Zeroizing::new(FUZZ_KEY)
}

/// `sealed` with the bit `mask` of byte `at` flipped.
fn flipped(sealed: &[u8], at: usize, mask: u8) -> Vec<u8> {
    let mut bad = sealed.to_vec();
    bad[at] ^= mask;
    bad
}

/// Asserts that a valid file opens and that no changed, cut or lengthened
/// copy of it, nor the same file under another account, does. `seed` picks
/// one more byte to flip.
fn assert_tamper_evident(key: &sealing::Key, aad: &[u8], sealed: &[u8], seed: &[u8]) {
    let cache = cache_file::open(key, aad, sealed).expect("a valid file opens");
    let pick = seed.iter().fold(0usize, |a, b| {
        a.wrapping_mul(31).wrapping_add(usize::from(*b))
    });
    let mask = seed.first().map_or(1, |b| b | 1);
    let mut places = vec![
        0,
        cache_file::MAGIC.len(),
        cache_file::MAGIC.len() + sealing::NONCE_LEN,
        sealed.len() - 1,
        pick % sealed.len(),
    ];
    places.dedup();
    for at in places {
        assert!(
            cache_file::open(key, aad, &flipped(sealed, at, mask)).is_err(),
            "opened with byte {at} changed"
        );
    }
    assert!(cache_file::open(key, aad, &sealed[..sealed.len() - 1]).is_err());
    let mut longer = sealed.to_vec();
    longer.push(mask);
    assert!(cache_file::open(key, aad, &longer).is_err());
    assert!(cache_file::open(key, &cache_file::aad("other"), sealed).is_err());
    // And it saves again to the same cache.
    let again = cache_file::seal(key, aad, &cache).expect("a loaded cache saves");
    let mut purged = cache;
    purged.purge_outside_window();
    assert_eq!(cache_file::open(key, aad, &again).ok(), Some(purged));
}

/// The cache file decoder, with a fixed key: the bytes as a whole file open
/// only if they are a valid file, which no flipped byte leaves valid; the
/// bytes as the JSON inside a valid file either decode to a current-schema
/// cache that saves and loads unchanged or are refused; and a byte flipped
/// in a valid file (that one, or a saved cache) is always refused.
pub fn cache_file(data: &[u8]) {
    let key = fuzz_key();
    let aad = cache_file::aad(FUZZ_ACCOUNT);
    if cache_file::open(&key, &aad, data).is_ok() {
        // Only a real file opens, so every byte of it counts.
        for at in 0..data.len() {
            assert!(
                cache_file::open(&key, &aad, &flipped(data, at, 0x01)).is_err(),
                "opened with byte {at} changed"
            );
        }
        assert_tamper_evident(&key, &aad, data, data);
    }
    let sealed = sealing::seal(&key, cache_file::MAGIC, &aad, data).expect("sealing works");
    if let Ok(cache) = cache_file::open(&key, &aad, &sealed) {
        assert_eq!(cache.schema, crate::calendar::model::SCHEMA_VERSION);
        assert_tamper_evident(&key, &aad, &sealed, data);
    } else {
        // Still a valid file to damage where the input says.
        let valid = cache_file::seal(&key, &aad, &seed_cache()).expect("the seed saves");
        assert_tamper_evident(&key, &aad, &valid, data);
    }
}

/// The sign-in redirect: the first line of the input is the state the app
/// sent, the rest the browser's request head. A code or an error is taken
/// only with that state: never with any other, and the lines after the
/// request line change nothing.
pub fn redirect(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (state, head) = text.split_once('\n').unwrap_or(("s", text));
    let got = parse_redirect(head, state);
    let request_line = head.lines().next().unwrap_or("");
    let same = |a: &Redirect, b: &Redirect| match (a, b) {
        (Redirect::Nothing, Redirect::Nothing) | (Redirect::WrongState, Redirect::WrongState) => {
            true
        }
        (Redirect::Done(Callback::Code(x)), Redirect::Done(Callback::Code(y))) => x == y,
        (Redirect::Done(Callback::Error(x)), Redirect::Done(Callback::Error(y))) => x == y,
        _ => false,
    };
    assert!(same(&got, &parse_redirect(request_line, state)), "{got:?}");
    let others = [format!("{state}x"), String::new(), "0".repeat(43)];
    for other in others.iter().filter(|o| *o != state) {
        let forged = parse_redirect(head, other);
        match &got {
            Redirect::Nothing => assert!(matches!(forged, Redirect::Nothing), "{forged:?}"),
            Redirect::Done(_) => assert!(
                matches!(forged, Redirect::WrongState),
                "taken with state {other:?} as well as {state:?}: {forged:?}"
            ),
            // The head may carry the other state.
            Redirect::WrongState => assert!(!matches!(forged, Redirect::Nothing)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sealed_corpus_file_opens_under_the_fuzz_key() {
        // Else the corpus replay would never reach the valid-file branch.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fuzz/corpus/cache_file/sealed-full.cache"
        );
        let sealed = std::fs::read(path).unwrap();
        let aad = cache_file::aad(FUZZ_ACCOUNT);
        let cache = cache_file::open(&fuzz_key(), &aad, &sealed).unwrap();
        assert_eq!(cache.meetings.len(), 3);
    }

    #[test]
    #[should_panic(expected = "refused by the open policy")]
    fn a_joinable_link_the_policy_refuses_is_caught() {
        assert_openable("https://192.0.2.1/j/1", "zoom", &Preferences::default());
    }

    #[test]
    #[should_panic(expected = "no service claims it")]
    fn a_joinable_link_of_no_service_is_caught() {
        assert_openable("https://example.org/j/1", "zoom", &Preferences::default());
    }

    #[test]
    #[should_panic(expected = "ends before it starts")]
    fn a_meeting_that_ends_before_it_starts_is_caught() {
        let mut m = seed_cache().meetings.into_values().next().unwrap();
        m.when = When::Timed {
            start: at("2026-03-10T16:00:00Z"),
            end: at("2026-03-10T15:00:00Z"),
        };
        assert_meeting(&m, &Preferences::default());
    }

    #[test]
    #[should_panic(expected = "a valid file opens")]
    fn a_file_that_does_not_open_is_caught() {
        let aad = cache_file::aad(FUZZ_ACCOUNT);
        assert_tamper_evident(&fuzz_key(), &aad, b"MTCACHv1 not sealed at all", b"");
    }
}
