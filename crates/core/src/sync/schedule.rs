//! When to sync next: a pure function of the calendar, the last result and
//! now. Every five minutes normally, every minute when a meeting starts
//! within a quarter of an hour, backing off while offline or failing; never
//! more often than once a minute.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::calendar::{Cache, When};

pub const NORMAL: Duration = Duration::from_secs(5 * 60);
pub const NEAR_A_MEETING: Duration = Duration::from_secs(60);
/// A meeting starting within this is "near".
pub const NEAR: chrono::Duration = chrono::Duration::minutes(15);
/// The longest wait after failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(15 * 60);

/// How the last sync ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LastSync {
    Ok,
    /// Graph or the network could not be reached; `n` failures in a row.
    Offline(u32),
    /// Another error (throttled past retries, server errors); `n` in a row.
    Failed(u32),
    /// The account needs the user (reconnect, configuration): wait for them.
    NeedsUser,
}

/// The wait before the next sync. `None`: do not sync until something
/// changes (a reconnect, a Refresh).
pub fn next_sync(cache: Option<&Cache>, last: LastSync, now: DateTime<Utc>) -> Option<Duration> {
    let regular = if starts_soon(cache, now) {
        NEAR_A_MEETING
    } else {
        NORMAL
    };
    match last {
        LastSync::Ok => Some(regular),
        LastSync::NeedsUser => None,
        // One minute, then doubling up to 15: quick to notice the network is
        // back, cheap while it stays away.
        LastSync::Offline(n) | LastSync::Failed(n) => {
            let exp =
                NEAR_A_MEETING.saturating_mul(2u32.saturating_pow(n.saturating_sub(1).min(8)));
            Some(exp.min(MAX_BACKOFF))
        }
    }
}

fn starts_soon(cache: Option<&Cache>, now: DateTime<Utc>) -> bool {
    cache.is_some_and(|c| {
        c.meetings.values().any(|m| {
            matches!(m.when, When::Timed { start, end } if start <= now + NEAR && end > now)
                && !m.is_cancelled
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Meeting, Response, ShowAs};
    use chrono::TimeZone;

    fn cache_with(start: DateTime<Utc>) -> Cache {
        let mut c = Cache::empty(
            start - chrono::Duration::days(7),
            start + chrono::Duration::days(31),
        );
        c.meetings.insert(
            "m".into(),
            Meeting {
                id: "m".into(),
                series_id: None,
                subject: "x".into(),
                when: When::Timed {
                    start,
                    end: start + chrono::Duration::minutes(30),
                },
                organizer_name: None,
                response: Response::Accepted,
                show_as: ShowAs::Busy,
                is_cancelled: false,
                links: vec![],
                change_key: None,
                location_keywords: Vec::new(),
                join_details_added: false,
            },
        );
        c
    }

    #[test]
    fn five_minutes_normally_one_near_a_meeting_backoff_when_failing() {
        let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
        let far = cache_with(now + chrono::Duration::hours(2));
        let near = cache_with(now + chrono::Duration::minutes(10));
        let running = cache_with(now - chrono::Duration::minutes(5));
        assert_eq!(next_sync(Some(&far), LastSync::Ok, now), Some(NORMAL));
        assert_eq!(
            next_sync(Some(&near), LastSync::Ok, now),
            Some(NEAR_A_MEETING)
        );
        assert_eq!(
            next_sync(Some(&running), LastSync::Ok, now),
            Some(NEAR_A_MEETING)
        );
        assert_eq!(next_sync(None, LastSync::Ok, now), Some(NORMAL));
        let waits: Vec<u64> = (1..=6)
            .map(|n| {
                next_sync(None, LastSync::Offline(n), now)
                    .unwrap()
                    .as_secs()
            })
            .collect();
        assert_eq!(waits, [60, 120, 240, 480, 900, 900]);
        assert_eq!(
            next_sync(None, LastSync::Failed(1), now),
            Some(NEAR_A_MEETING)
        );
        assert_eq!(next_sync(Some(&near), LastSync::NeedsUser, now), None);
    }
}
