//! Outlook on the web for the user's own mailbox: where it lives is learned
//! from the `webLink` Graph gives each event (reference §3: the link opens
//! the item in Outlook on the web), so every cloud gets its own host without
//! a table of guesses. From there: a new event prefilled ("Schedule…") and
//! the automatic-replies settings.

use chrono::{DateTime, Utc};

/// `https://outlook.office365.com` from an event's `webLink`; none for
/// anything that is not an https address with a host.
pub fn origin_of(web_link: &str) -> Option<String> {
    let url = url::Url::parse(web_link).ok()?;
    if url.scheme() != "https" || url.host_str().is_none_or(str::is_empty) {
        return None;
    }
    Some(url.origin().ascii_serialization())
}

/// A new event in Outlook on the web, prefilled: the calendar's compose
/// deeplink with its `subject`, `startdt`, `enddt` (UTC, ISO 8601) and
/// `location` parameters. The location carries the scheduling keyword, so
/// the meeting gets its join details once saved.
pub fn compose_url(
    origin: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    location: Option<&str>,
) -> Option<url::Url> {
    let mut url = url::Url::parse(origin)
        .ok()?
        .join("/calendar/0/deeplink/compose")
        .ok()?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("path", "/calendar/action/compose")
            .append_pair("rru", "addevent")
            .append_pair("startdt", &start.format("%Y-%m-%dT%H:%M:%SZ").to_string())
            .append_pair("enddt", &end.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        if let Some(l) = location {
            q.append_pair("location", l);
        }
    }
    Some(url)
}

/// The mailbox's automatic replies settings page.
pub fn automatic_replies_url(origin: &str) -> Option<url::Url> {
    url::Url::parse(origin)
        .ok()?
        .join("/mail/options/mail/automaticReplies")
        .ok()
}

/// When "Schedule…" proposes to start: the next full half hour.
pub fn next_half_hour(now: DateTime<Utc>) -> DateTime<Utc> {
    let secs = now.timestamp();
    let next = (secs / 1800 + 1) * 1800;
    DateTime::from_timestamp(next, 0).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origin_comes_from_the_web_link_and_only_over_https() {
        let link =
            "https://outlook.office365.com/owa/?itemid=AAMk%2Bx%3D&exvsurl=1&path=/calendar/item";
        assert_eq!(
            origin_of(link).as_deref(),
            Some("https://outlook.office365.com")
        );
        assert_eq!(
            origin_of("https://outlook.office365.us/calendar/item/AAMk").as_deref(),
            Some("https://outlook.office365.us")
        );
        for bad in [
            "http://outlook.office365.com/owa/",
            "javascript:alert(1)",
            "",
            "owa/?itemid=1",
        ] {
            assert_eq!(origin_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn schedule_opens_a_prefilled_event_and_replies_their_settings() {
        let start = DateTime::parse_from_rfc3339("2026-03-02T10:30:00Z")
            .unwrap()
            .to_utc();
        let end = start + chrono::Duration::minutes(30);
        let url = compose_url("https://outlook.office365.com", start, end, Some("@meet")).unwrap();
        assert_eq!(url.path(), "/calendar/0/deeplink/compose");
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(
            q.contains(&("startdt".into(), "2026-03-02T10:30:00Z".into())),
            "{q:?}"
        );
        assert!(
            q.contains(&("enddt".into(), "2026-03-02T11:00:00Z".into())),
            "{q:?}"
        );
        assert!(q.contains(&("location".into(), "@meet".into())), "{q:?}");
        let none = compose_url("https://outlook.office365.com", start, end, None).unwrap();
        assert!(!none.query_pairs().any(|(k, _)| k == "location"));
        assert_eq!(
            automatic_replies_url("https://outlook.office365.com")
                .unwrap()
                .as_str(),
            "https://outlook.office365.com/mail/options/mail/automaticReplies"
        );
        assert_eq!(next_half_hour(start - chrono::Duration::minutes(12)), start);
        assert_eq!(next_half_hour(start), start + chrono::Duration::minutes(30));
    }
}
