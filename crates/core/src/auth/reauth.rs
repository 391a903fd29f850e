//! The re-authorization policy: sign in again a set number of days after the
//! last interactive sign-in (reference §1.6, option 2), with a warning period
//! before the deadline instead of a surprise. Pure: the clock is a parameter.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// How many days before the deadline the app starts asking.
pub const WARN_DAYS: i64 = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Reauth {
    /// The policy is off (0 days).
    NotRequired,
    /// Nothing to do before `warn_from`.
    Fine {
        due: DateTime<Utc>,
        warn_from: DateTime<Utc>,
    },
    /// "Reconnect by <due>": within the warning period.
    DueSoon { due: DateTime<Utc> },
    /// Past the deadline: the app stops refreshing and asks to reconnect.
    Overdue { due: DateTime<Utc> },
}

pub fn status(last_interactive: DateTime<Utc>, after_days: u32, now: DateTime<Utc>) -> Reauth {
    if after_days == 0 {
        return Reauth::NotRequired;
    }
    let due = last_interactive + Duration::days(i64::from(after_days));
    // Short periods warn for at most half of their length.
    let warn = Duration::days(WARN_DAYS.min(i64::from(after_days) / 2));
    let warn_from = due - warn;
    if now >= due {
        Reauth::Overdue { due }
    } else if now >= warn_from {
        Reauth::DueSoon { due }
    } else {
        Reauth::Fine { due, warn_from }
    }
}

impl Reauth {
    pub fn due(self) -> Option<DateTime<Utc>> {
        match self {
            Reauth::NotRequired => None,
            Reauth::Fine { due, .. } | Reauth::DueSoon { due } | Reauth::Overdue { due } => {
                Some(due)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn thirty_day_policy_warns_five_days_ahead_then_expires() {
        let signed_in = Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap();
        let due = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap();
        assert!(matches!(status(signed_in, 30, at(2, 0)), Reauth::Fine { due: d, .. } if d == due));
        assert_eq!(
            status(signed_in, 30, at(26, 8)),
            Reauth::Fine {
                due,
                warn_from: at(26, 9)
            }
        );
        assert_eq!(status(signed_in, 30, at(26, 9)), Reauth::DueSoon { due });
        assert_eq!(status(signed_in, 30, due), Reauth::Overdue { due });
        assert_eq!(status(signed_in, 0, due), Reauth::NotRequired);
        // A 2-day policy warns one day ahead, not five.
        assert_eq!(
            status(signed_in, 2, at(2, 9)),
            Reauth::DueSoon { due: at(3, 9) }
        );
        assert!(matches!(
            status(signed_in, 2, at(2, 8)),
            Reauth::Fine { .. }
        ));
    }
}
