//! From an event's fields to ranked join-link candidates and the best one.
//!
//! Rank (reference meeting-links.md §3.1): structured fields, then location,
//! then body links (an anchor's `originalsrc` before its `href`), then body
//! text, then the preview; web meeting links before video addresses (`sip:`)
//! before dial-ins (`tel:`). A truncated copy gives way to the complete link
//! (it keeps `?pwd=`); within one source the user's service preference, then
//! document order decide.

use serde::Serialize;
use url::Url;

use crate::catalogue::{self, CustomService, Kind, NATIVE_SCHEMES};
use crate::html;
use crate::open_policy;
use crate::scan;
use crate::unwrap::unwrap;

/// Where a candidate was found, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A field that exists to hold the join link (Graph `onlineMeeting.joinUrl`,
    /// `onlineMeetingUrl`, ICS `CONFERENCE`, Google `conferenceData`).
    Structured,
    Location,
    BodyLink,
    BodyText,
    Preview,
}

/// The event text a detector looks at, independent of the calendar provider.
#[derive(Clone, Debug, Default)]
pub struct EventText<'a> {
    /// (field name, value) of structured join fields, in priority order.
    pub structured: Vec<(&'a str, &'a str)>,
    /// (field name, value) of location fields (display names and URIs).
    pub locations: Vec<(&'a str, &'a str)>,
    pub body: Option<Body<'a>>,
    pub preview: Option<&'a str>,
}

#[derive(Clone, Copy, Debug)]
pub enum Body<'a> {
    Html(&'a str),
    Text(&'a str),
}

/// Whether the app may open a candidate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Safety {
    Joinable,
    /// Behind a wrapper whose target cannot be known offline; opening it means
    /// letting the wrapper's server redirect.
    WrappedTargetUnknown {
        wrapper: String,
    },
    /// Refused by the open policy.
    Refused {
        reason: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub url: String,
    pub service: String,
    pub service_name: String,
    pub kind: Kind,
    pub source: Source,
    pub field: String,
    pub native_url: Option<String>,
    pub safety: Safety,
    /// Wrappers removed to get here, outermost first.
    pub unwrapped_from: Vec<String>,
    #[serde(skip)]
    order: usize,
}

/// What the user chose: services to prefer on ties, and their own patterns.
#[derive(Clone, Debug, Default)]
pub struct Preferences {
    /// Service IDs, most preferred first.
    pub service_order: Vec<String>,
    pub custom: Vec<CustomService>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Detection {
    pub candidates: Vec<Candidate>,
}

impl Detection {
    /// The link the Join button opens: the best joinable candidate.
    pub fn best(&self) -> Option<&Candidate> {
        self.candidates
            .iter()
            .find(|c| c.safety == Safety::Joinable)
    }
}

struct Collector<'p, 'a> {
    prefs: &'p Preferences,
    found: Vec<Candidate>,
    order: usize,
    /// Raw links already looked at: a body's text repeats its anchors' hrefs
    /// and invitations repeat their join link. Sources are visited best first,
    /// so a later copy of the same text can never outrank the first one.
    /// foldhash (randomly seeded) because SipHash over long URLs showed in profiles.
    seen: foldhash::HashSet<&'a str>,
}

impl<'a> Collector<'_, 'a> {
    fn consider(&mut self, raw: &'a str, source: Source, field: &str) {
        // Most links in a body (help pages, images, options) belong to no
        // service and no wrapper: skip them before any decoding or parsing.
        if let Some(host) = scan::quick_host(raw.trim_start_matches(['<', ' '])) {
            let custom = || self.prefs.custom.iter().any(|c| c.matches_host(host));
            if !catalogue::interesting_host(host) && !custom() {
                return;
            }
        }
        if !self.seen.insert(raw.trim_start_matches(['<', ' '])) {
            return;
        }
        let decoded = html::decode_entities(raw.trim());
        let trimmed = scan::trim_trailing(
            decoded.trim_matches(|c: char| c == '<' || c == '>' || c.is_whitespace()),
        );
        if trimmed.is_empty() {
            return;
        }
        let unwrapped = unwrap(trimmed);
        let removed: Vec<String> = unwrapped.removed.iter().map(|s| (*s).to_owned()).collect();
        self.order += 1;
        let order = self.order;
        if let Some(wrapper) = unwrapped.unknown {
            // Only worth reporting if the wrapper hints at a meeting (Mimecast's domain=…).
            let hint = unwrapped.url.to_ascii_lowercase();
            let meeting_hint = [
                "zoom",
                "teams",
                "webex",
                "meet.google",
                "gotomeeting",
                "bluejeans",
                "whereby",
            ]
            .iter()
            .any(|h| hint.contains(h));
            if meeting_hint {
                self.found.push(Candidate {
                    url: unwrapped.url.into_owned(),
                    service: "unknown".into(),
                    service_name: format!("Link behind {wrapper}"),
                    kind: Kind::Video,
                    source,
                    field: field.to_owned(),
                    native_url: None,
                    safety: Safety::WrappedTargetUnknown {
                        wrapper: wrapper.to_owned(),
                    },
                    unwrapped_from: removed,
                    order,
                });
            }
            return;
        }
        let link = scan::trim_trailing(unwrapped.url.trim());
        let Some((scheme, _)) = link.split_once(':') else {
            return;
        };
        let scheme = scheme.to_ascii_lowercase();
        if let Some((_, service, kind)) = NATIVE_SCHEMES.iter().find(|(s, _, _)| *s == scheme) {
            if link.len() <= scheme.len() + 1 || link.len() > open_policy::MAX_LEN {
                return;
            }
            self.found.push(Candidate {
                url: link.to_owned(),
                service: (*service).to_owned(),
                service_name: catalogue::name_of(service).to_owned(),
                kind: *kind,
                source,
                field: field.to_owned(),
                native_url: None,
                safety: Safety::Joinable,
                unwrapped_from: removed,
                order,
            });
            return;
        }
        if scheme != "https" && scheme != "http" {
            return; // javascript:, file:, data:, smb: … are never meeting links
        }
        let Ok(url) = Url::parse(link) else { return };
        let custom = self.prefs.custom.iter().find(|c| c.matches(&url));
        let known = catalogue::classify(&url);
        let (service, name, native) = match (known, custom) {
            (Some(s), _) => (
                s.id.to_owned(),
                s.name.to_owned(),
                catalogue::native_url(s, &url),
            ),
            (None, Some(c)) => (format!("custom:{}", c.name), c.name.clone(), None),
            (None, None) => return,
        };
        let safety = match open_policy::check_url(&url) {
            Ok(()) => Safety::Joinable,
            Err(e) => Safety::Refused {
                reason: e.to_string(),
            },
        };
        self.found.push(Candidate {
            url: url.as_str().to_owned(),
            service,
            service_name: name,
            kind: Kind::Video,
            source,
            field: field.to_owned(),
            native_url: native,
            safety,
            unwrapped_from: removed,
            order,
        });
    }

    fn scan_text(&mut self, text: &'a str, source: Source, field: &str) {
        for f in scan::urls(text) {
            self.consider(f.text, source, field);
        }
    }
}

fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::Video => 0,
        Kind::VideoAddress => 1,
        Kind::Phone => 2,
    }
}

/// Finds, ranks and de-duplicates the join links of one event.
pub fn detect<'a>(event: &EventText<'a>, prefs: &Preferences) -> Detection {
    let mut c = Collector {
        prefs,
        found: Vec::new(),
        order: 0,
        seen: Default::default(),
    };
    for (field, value) in &event.structured {
        c.consider(value, Source::Structured, field);
    }
    for (field, value) in &event.locations {
        // A location may be a bare URL or prose around one.
        c.scan_text(value, Source::Location, field);
    }
    match event.body {
        Some(Body::Html(h)) => {
            for a in html::anchors(h) {
                if let Some(v) = a.originalsrc.or(a.href) {
                    c.consider(v, Source::BodyLink, "body");
                }
            }
            c.scan_text(h, Source::BodyText, "body");
        }
        Some(Body::Text(t)) => c.scan_text(t, Source::BodyText, "body"),
        None => {}
    }
    if let Some(p) = event.preview {
        c.scan_text(p, Source::Preview, "bodyPreview");
    }
    rank(c.found, prefs)
}

fn rank(found: Vec<Candidate>, prefs: &Preferences) -> Detection {
    // Same URL from several places: keep its best source.
    let mut by_url: foldhash::HashMap<String, Candidate> = Default::default();
    for cand in found {
        match by_url.get_mut(&cand.url) {
            Some(existing) if (cand.source, cand.order) < (existing.source, existing.order) => {
                *existing = cand
            }
            Some(_) => {}
            None => {
                by_url.insert(cand.url.clone(), cand);
            }
        }
    }
    let mut list: Vec<Candidate> = by_url.into_values().collect();
    // A truncated copy of a longer link of the same service gives way to it,
    // lending it the better source (a rich-text copy that lost `?pwd=`).
    let snapshot = list.clone();
    list.retain(|a| {
        !snapshot.iter().any(|b| {
            b.service == a.service && b.url.len() > a.url.len() && b.url.starts_with(&a.url)
        })
    });
    for a in &mut list {
        if let Some(better) = snapshot
            .iter()
            .filter(|b| {
                b.service == a.service && a.url.len() > b.url.len() && a.url.starts_with(&b.url)
            })
            .map(|b| b.source)
            .min()
        {
            a.source = a.source.min(better);
        }
    }
    let preference = |id: &str| {
        prefs
            .service_order
            .iter()
            .position(|p| p == id)
            .unwrap_or(usize::MAX)
    };
    // Document order, not length, settles the rest: a "System reference" copy
    // of a Teams link after the short join link is not a better link.
    list.sort_by_key(|c| (kind_rank(c.kind), c.source, preference(&c.service), c.order));
    Detection { candidates: list }
}

/// Detects in a bare body (HTML or text, autodetected).
pub fn detect_in_body(body: &str, prefs: &Preferences) -> Detection {
    let body = if html::looks_like_html(body) {
        Body::Html(body)
    } else {
        Body::Text(body)
    };
    detect(
        &EventText {
            body: Some(body),
            ..EventText::default()
        },
        prefs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best(body: &str) -> Option<String> {
        detect_in_body(body, &Preferences::default())
            .best()
            .map(|c| c.url.clone())
    }

    #[test]
    fn structured_beats_body_and_teams_beats_a_stale_zoom_link() {
        let ev = EventText {
            structured: vec![(
                "onlineMeeting.joinUrl",
                "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            )],
            body: Some(Body::Text("Old link: https://zoom.us/j/123456789?pwd=old")),
            ..EventText::default()
        };
        let d = detect(&ev, &Preferences::default());
        assert_eq!(d.best().expect("best").service, "teams");
        assert_eq!(d.candidates.len(), 2);
    }

    #[test]
    fn longer_link_wins_and_keeps_the_password() {
        let body =
            "Zoom https://zoom.us/j/123456789 or with password https://zoom.us/j/123456789?pwd=abc";
        assert_eq!(
            best(body).as_deref(),
            Some("https://zoom.us/j/123456789?pwd=abc")
        );
        assert_eq!(
            detect_in_body(body, &Preferences::default())
                .candidates
                .len(),
            1
        );
    }

    #[test]
    fn webex_in_angle_brackets_gets_no_percent_3e() {
        let body = "Join: <https://acme.webex.com/acme/j.php?MTID=m0a1b2c3>\r\nThanks";
        assert_eq!(
            best(body).as_deref(),
            Some("https://acme.webex.com/acme/j.php?MTID=m0a1b2c3")
        );
    }

    #[test]
    fn look_alikes_and_bad_schemes_are_never_meeting_links() {
        for body in [
            "https://teams.microsoft.com.evil.example/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            "https://zoom.us.example.org/j/123456789",
            "https://zoom.us@evil.example/j/123456789",
            "https://xn--zom-3ma.us/j/123456789",
            "javascript:alert(1) file:///etc/passwd data:text/html,x smb://host/share",
        ] {
            assert_eq!(best(body), None, "{body}");
        }
    }

    #[test]
    fn sip_and_tel_are_fallbacks() {
        let d = detect_in_body("Dial tel:+15550100000,,123# or video sip:123@acme.webex.com or https://acme.webex.com/meet/alice", &Preferences::default());
        let kinds: Vec<Kind> = d.candidates.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [Kind::Video, Kind::VideoAddress, Kind::Phone]);
        assert_eq!(
            detect_in_body("tel:+15550100000", &Preferences::default())
                .best()
                .expect("tel")
                .service,
            "phone"
        );
    }

    #[test]
    fn preference_breaks_ties_within_a_source() {
        let body = "https://zoom.us/j/123456789 https://meet.google.com/abc-defg-hij";
        let prefs = Preferences {
            service_order: vec!["google-meet".into()],
            custom: vec![],
        };
        assert_eq!(
            detect_in_body(body, &prefs).best().expect("best").service,
            "google-meet"
        );
    }

    #[test]
    fn originalsrc_is_preferred_and_mimecast_is_flagged() {
        let html = r#"<html><body><a href="https://protect-eu.mimecast.com/s/AbC?domain=zoom.us">Join Zoom</a></body></html>"#;
        let d = detect_in_body(html, &Preferences::default());
        assert!(d.best().is_none());
        assert!(matches!(
            d.candidates[0].safety,
            Safety::WrappedTargetUnknown { .. }
        ));
        let html = r#"<html><body><a href="https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2F&amp;reserved=0" originalsrc="https://zoom.us/j/987654321?pwd=x">Join</a></body></html>"#;
        assert_eq!(
            best(html).as_deref(),
            Some("https://zoom.us/j/987654321?pwd=x")
        );
    }

    #[test]
    fn custom_patterns_are_joinable() {
        let prefs = Preferences {
            service_order: vec![],
            custom: vec![CustomService {
                name: "Acme".into(),
                host: "video.acme.example".into(),
                path_prefix: "/r/".into(),
            }],
        };
        let d = detect_in_body("Room: https://video.acme.example/r/42", &prefs);
        assert_eq!(d.best().expect("custom").service, "custom:Acme");
    }
}
