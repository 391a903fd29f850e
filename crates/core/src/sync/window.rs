//! The synced window: whole UTC days from 7 days back to 31 days ahead. It
//! moves once a day; a moved window starts a new delta round.

use chrono::{DateTime, Duration, Utc};

pub const DAYS_BEFORE: i64 = 7;
pub const DAYS_AFTER: i64 = 31;

/// `[start, end)` for `now`: midnight UTC 7 days ago to midnight after the 31st day ahead.
pub fn window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let today = now.date_naive();
    let midnight = |d: chrono::NaiveDate| d.and_hms_opt(0, 0, 0).map_or(now, |t| t.and_utc());
    (
        midnight(today - Duration::days(DAYS_BEFORE)),
        midnight(today + Duration::days(DAYS_AFTER + 1)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_days_that_move_at_midnight_utc() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let (s, e) = window(at("2026-03-10T15:30:00Z"));
        assert_eq!(s, at("2026-03-03T00:00:00Z"));
        assert_eq!(e, at("2026-04-11T00:00:00Z"));
        assert_eq!(window(at("2026-03-10T23:59:59Z")), (s, e));
        assert_ne!(window(at("2026-03-11T00:00:00Z")).0, s);
    }
}
