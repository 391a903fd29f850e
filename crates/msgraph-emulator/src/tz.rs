//! Time zones as Graph speaks them: Windows names ("W. Europe Standard Time") or
//! IANA names, and `dateTimeTimeZone` values with seven fractional digits.

use chrono::{DateTime, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// Resolves a Graph time-zone name: "UTC", an IANA name or a Windows name.
pub fn resolve(name: &str) -> Option<Tz> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("utc") || name.eq_ignore_ascii_case("Coordinated Universal Time") {
        return Some(Tz::UTC);
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz);
    }
    name.parse::<windows_timezones::WindowsTimezone>()
        .ok()
        .map(Tz::from)
}

/// The instant of a wall-clock time in a zone. A time in a DST gap moves forward
/// by the gap (as Exchange does); an ambiguous one takes the earlier instant.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        LocalResult::None => {
            let Some(later) = local.checked_add_signed(chrono::Duration::hours(1)) else {
                return Utc.from_utc_datetime(&local);
            };
            match tz.from_local_datetime(&later) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                LocalResult::None => Utc.from_utc_datetime(&local),
            }
        }
    }
}

/// Graph's wall-clock format: `2025-03-11T14:00:00.0000000` (7 digits, no offset).
pub fn format_local(local: NaiveDateTime) -> String {
    use chrono::Timelike;
    format!(
        "{}.{:07}",
        local.format("%Y-%m-%dT%H:%M:%S"),
        local.nanosecond() / 100
    )
}

/// UTC instants as Graph writes them in `createdDateTime` and friends.
pub fn format_utc(t: DateTime<Utc>) -> String {
    format!("{}Z", format_local(t.naive_utc()))
}

/// Years Exchange can store; outside them a date is refused, which also keeps
/// every later calculation far from chrono's limits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1601..=9999;

/// Whether an instant lies in the years Exchange can store.
pub fn in_range(t: DateTime<Utc>) -> bool {
    use chrono::Datelike;
    YEARS.contains(&t.year())
}

/// Parses a `dateTime` of a dateTimeTimeZone (no offset; fractions optional).
pub fn parse_local(s: &str) -> Option<NaiveDateTime> {
    use chrono::Datelike;
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    })
    .filter(|t| YEARS.contains(&t.year()))
}

/// Parses a query-string instant: with an offset it is used; without, UTC (reference §2.1).
pub fn parse_query_instant(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Some(t.with_timezone(&Utc)).filter(|t| in_range(*t));
    }
    parse_local(s).map(|l| Utc.from_utc_datetime(&l))
}

/// `{"dateTime": …, "timeZone": …}` for an instant shown in `zone_name`.
pub fn date_time_time_zone(t: DateTime<Utc>, tz: Tz, zone_name: &str) -> serde_json::Value {
    serde_json::json!({
        "dateTime": format_local(t.with_timezone(&tz).naive_local()),
        "timeZone": zone_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_windows_iana_and_utc_names() {
        assert_eq!(
            resolve("W. Europe Standard Time"),
            Some(chrono_tz::Europe::Berlin)
        );
        assert_eq!(
            resolve("Pacific Standard Time"),
            Some(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(resolve("Europe/Prague"), Some(chrono_tz::Europe::Prague));
        assert_eq!(resolve("UTC"), Some(Tz::UTC));
        assert_eq!(resolve("Mars Standard Time"), None);
    }

    #[test]
    fn formats_seven_fraction_digits() {
        let t = parse_local("2025-03-11T14:00:00.1234567").expect("parses");
        assert_eq!(format_local(t), "2025-03-11T14:00:00.1234567");
        assert_eq!(
            format_local(parse_local("2025-03-11T14:00").expect("parses")),
            "2025-03-11T14:00:00.0000000"
        );
    }

    #[test]
    fn query_instants_use_the_offset_or_utc() {
        let with = parse_query_instant("2025-03-10T08:00:00-08:00").expect("parses");
        let without = parse_query_instant("2025-03-10T16:00:00").expect("parses");
        assert_eq!(with, without);
    }

    #[test]
    fn refuses_years_exchange_cannot_store() {
        assert!(parse_local("+262143-12-31T23:30:00").is_none());
        assert!(parse_local("1600-12-31T00:00:00").is_none());
        assert!(parse_query_instant("10000-01-01T00:00:00Z").is_none());
        assert!(parse_local("9999-12-31T23:59:59").is_some());
    }

    #[test]
    fn dst_gap_moves_forward() {
        let gap = parse_local("2025-03-30T02:30:00").expect("parses");
        let t = to_utc(gap, chrono_tz::Europe::Berlin);
        assert_eq!(format_utc(t), "2025-03-30T01:30:00.0000000Z");
    }
}
