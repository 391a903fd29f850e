//! Mailbox time zones as Graph names them (Windows names such as
//! "W. Europe Standard Time", or IANA names), and wall-clock times in them.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone of a Graph time-zone name, if it is known.
pub fn zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if ["utc", "coordinated universal time"].contains(&name.to_ascii_lowercase().as_str()) {
        return Some(Tz::UTC);
    }
    name.parse::<Tz>().ok().or_else(|| {
        name.parse::<windows_timezones::WindowsTimezone>()
            .ok()
            .map(Tz::from)
    })
}

/// A wall-clock time in `zone` as an instant. A time skipped by a DST change
/// is taken an hour later; a repeated one, the first time round.
pub fn instant(local: NaiveDateTime, zone: Tz) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&local)
        .earliest()
        .or_else(|| {
            zone.from_local_datetime(&(local + chrono::Duration::hours(1)))
                .earliest()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// Graph's `dateTimeTimeZone` object as an instant.
pub fn graph_instant(v: &serde_json::Value) -> Option<DateTime<Utc>> {
    let local =
        NaiveDateTime::parse_from_str(v["dateTime"].as_str()?, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
    instant(local, zone(v["timeZone"].as_str().unwrap_or("UTC"))?)
}

/// An instant as Graph's `dateTimeTimeZone` object, in UTC.
pub fn graph_utc(t: DateTime<Utc>) -> serde_json::Value {
    serde_json::json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn windows_and_iana_names_and_dst_edges() {
        assert_eq!(
            zone("Pacific Standard Time"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(zone("Europe/Prague"), Some(chrono_tz::Europe::Prague));
        assert_eq!(zone("UTC"), Some(Tz::UTC));
        assert_eq!(zone("Mars Standard Time"), None);
        let t = graph_instant(
            &json!({"dateTime": "2026-07-01T08:00:00.0000000", "timeZone": "Pacific Standard Time"}),
        );
        assert_eq!(t.unwrap().to_rfc3339(), "2026-07-01T15:00:00+00:00");
        // 02:30 does not exist in Berlin on 29 March 2026: taken as 03:30 CEST.
        let gap = graph_instant(
            &json!({"dateTime": "2026-03-29T02:30:00", "timeZone": "W. Europe Standard Time"}),
        );
        assert_eq!(gap.unwrap().to_rfc3339(), "2026-03-29T01:30:00+00:00");
        assert!(graph_instant(&json!({"dateTime": "nope", "timeZone": "UTC"})).is_none());
    }
}
