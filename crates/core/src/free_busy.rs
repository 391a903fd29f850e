//! The user's own availability from Graph's `getSchedule` (reference §4,
//! issue 11): one digit per slot of a merged view of the calendar, which is
//! what the tray's "Free until …" and the window's availability bar show.

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::graph::{GraphClient, GraphError};
use crate::time_zones::graph_utc;

/// One slot's state, as `availabilityView`'s digits say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    Free,
    Tentative,
    Busy,
    OutOfOffice,
    WorkingElsewhere,
}

impl Availability {
    /// `0` free, `1` tentative, `2` busy, `3` out of office, `4` working
    /// elsewhere; anything else is not Graph's.
    pub fn from_digit(c: char) -> Option<Availability> {
        Some(match c {
            '0' => Availability::Free,
            '1' => Availability::Tentative,
            '2' => Availability::Busy,
            '3' => Availability::OutOfOffice,
            '4' => Availability::WorkingElsewhere,
            _ => return None,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FreeBusyError {
    #[error(transparent)]
    Graph(#[from] GraphError),
    /// Graph answered, but not for this mailbox (`error` of its schedule).
    #[error("Microsoft 365 has no free/busy for {address} ({code}: {message}); the availability bar stays empty")]
    Schedule {
        address: String,
        code: String,
        message: String,
    },
    #[error("Microsoft Graph sent free/busy Meeting Tray does not understand ({0}); it tries again at the next sync")]
    Malformed(String),
    #[error("a free/busy window must last 5 minutes to 62 days, in slots of 5 to 1440 minutes")]
    Window,
}

/// A stretch of time cut into equal slots.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Availabilities {
    pub start: DateTime<Utc>,
    pub slot_minutes: i64,
    pub slots: Vec<Availability>,
}

impl Availabilities {
    /// The end of the last slot.
    pub fn end(&self) -> DateTime<Utc> {
        self.start + Duration::minutes(self.slot_minutes * self.slots.len() as i64)
    }

    /// The state at `at` and until when it lasts (`None`: to the end of
    /// what is known); `None` outside the slots.
    pub fn at(&self, at: DateTime<Utc>) -> Option<(Availability, Option<DateTime<Utc>>)> {
        if at < self.start || at >= self.end() {
            return None;
        }
        let index = ((at - self.start).num_minutes() / self.slot_minutes) as usize;
        let now = self.slots[index];
        let until = self.slots[index..]
            .iter()
            .position(|s| *s != now)
            .map(|n| self.start + Duration::minutes(self.slot_minutes * (index + n) as i64));
        Some((now, until))
    }
}

/// Reads `address`'s availability from `start` to `end` in slots of
/// `slot_minutes` (one `POST /me/calendar/getSchedule`).
pub async fn availability(
    graph: &GraphClient,
    address: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    slot_minutes: i64,
) -> Result<Availabilities, FreeBusyError> {
    let length = end - start;
    if !(5..=1440).contains(&slot_minutes)
        || length < Duration::minutes(5)
        || length > Duration::days(62)
    {
        return Err(FreeBusyError::Window);
    }
    let body = json!({
        "schedules": [address],
        "startTime": graph_utc(start),
        "endTime": graph_utc(end),
        "availabilityViewInterval": slot_minutes,
    });
    let url = graph.url(&["me", "calendar", "getSchedule"], &[]);
    let answer = graph
        .send_with(
            Method::POST,
            url,
            Some(&body),
            &["outlook.timezone=\"UTC\""],
        )
        .await?;
    parse(&answer, address, start, slot_minutes)
}

/// The schedule of `address` in a getSchedule answer.
pub fn parse(
    answer: &Value,
    address: &str,
    start: DateTime<Utc>,
    slot_minutes: i64,
) -> Result<Availabilities, FreeBusyError> {
    let malformed = |why: &str| FreeBusyError::Malformed(why.to_owned());
    let schedule = answer["value"]
        .as_array()
        .ok_or_else(|| malformed("no list of schedules"))?
        .iter()
        .find(|s| {
            s["scheduleId"]
                .as_str()
                .is_some_and(|id| id.eq_ignore_ascii_case(address))
        })
        .ok_or_else(|| malformed("no schedule for the account"))?;
    if let Some(error) = schedule.get("error").filter(|e| !e.is_null()) {
        return Err(FreeBusyError::Schedule {
            address: address.to_owned(),
            code: error["responseCode"].as_str().unwrap_or("error").to_owned(),
            message: error["message"].as_str().unwrap_or_default().to_owned(),
        });
    }
    let view = schedule["availabilityView"]
        .as_str()
        .ok_or_else(|| malformed("no availabilityView"))?;
    let slots = view
        .chars()
        .map(Availability::from_digit)
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| malformed("a digit other than 0 to 4 in availabilityView"))?;
    Ok(Availabilities {
        start,
        slot_minutes,
        slots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        chrono::NaiveDate::from_ymd_opt(2025, 3, 12)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .map(|t| t.and_utc())
            .unwrap_or_default()
    }

    #[test]
    fn digits_map_to_states_and_the_state_lasts_until_it_changes() {
        let answer = json!({"value": [{"scheduleId": "Dana@Contoso.example", "availabilityView": "0021340"}]});
        let a = parse(&answer, "dana@contoso.example", at(9, 0), 30).unwrap();
        use Availability::*;
        assert_eq!(
            a.slots,
            [
                Free,
                Free,
                Busy,
                Tentative,
                OutOfOffice,
                WorkingElsewhere,
                Free
            ]
        );
        assert_eq!(a.end(), at(12, 30));
        assert_eq!(a.at(at(9, 10)), Some((Free, Some(at(10, 0)))));
        assert_eq!(a.at(at(10, 29)), Some((Busy, Some(at(10, 30)))));
        assert_eq!(a.at(at(12, 0)), Some((Free, None)));
        assert_eq!(a.at(at(8, 59)), None);
        assert_eq!(a.at(at(12, 30)), None);
    }

    #[test]
    fn a_schedule_error_or_a_foreign_digit_is_an_error_with_its_reason() {
        let answer = json!({"value": [{"scheduleId": "dana@contoso.example", "availabilityView": "",
            "error": {"message": "Mailbox not found for the given address.", "responseCode": "ErrorMailRecipientNotFound"}}]});
        let e = parse(&answer, "dana@contoso.example", at(9, 0), 30).unwrap_err();
        assert!(e.to_string().contains("ErrorMailRecipientNotFound"), "{e}");
        let answer =
            json!({"value": [{"scheduleId": "dana@contoso.example", "availabilityView": "0x2"}]});
        let e = parse(&answer, "dana@contoso.example", at(9, 0), 30).unwrap_err();
        assert!(matches!(e, FreeBusyError::Malformed(_)), "{e}");
        let e = parse(&json!({"value": []}), "dana@contoso.example", at(9, 0), 30).unwrap_err();
        assert!(matches!(e, FreeBusyError::Malformed(_)), "{e}");
    }
}
