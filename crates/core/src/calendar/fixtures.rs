//! Meetings for unit tests of the agenda, the schedule and the planner.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::{JoinLink, Meeting, Response, ShowAs, When};

/// 10 March 2026 at `h:m` UTC.
pub fn t(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, h, m, 0)
        .single()
        .expect("a valid time")
}

/// An accepted, busy Zoom meeting "Meeting {id}" of `mins` minutes.
pub fn meeting(id: &str, start: DateTime<Utc>, mins: i64) -> Meeting {
    Meeting {
        id: id.into(),
        series_id: None,
        subject: format!("Meeting {id}"),
        when: When::Timed {
            start,
            end: start + Duration::minutes(mins),
        },
        organizer_name: None,
        response: Response::Accepted,
        show_as: ShowAs::Busy,
        is_cancelled: false,
        links: vec![JoinLink {
            url: format!("https://zoom.us/j/{id}"),
            service: "zoom".into(),
            service_name: "Zoom".into(),
            native_url: None,
        }],
        change_key: None,
        location_keywords: Vec::new(),
        join_details_added: false,
    }
}
