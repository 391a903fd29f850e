//! The demo mailbox: a realistic week relative to "now", so `make demo` shows real
//! behaviour with no Microsoft account (issue 3's list: a meeting two minutes
//! after launch, back-to-back meetings, a recurring stand-up, an all-day event, a
//! declined and a cancelled meeting, one without a link, one with only a
//! Safe-Links-wrapped Zoom link, automatic replies next week, cs-CZ and en-US).

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc, Weekday};
use serde_json::{json, Value};

use crate::control::add_event_to;
use crate::world::{NewUser, World};

pub const EN_USER: &str = "dana.reyes@contoso.example";
pub const CS_USER: &str = "jana.novakova@contoso.example";
pub const ADMIN_USER: &str = "admin@contoso.example";

fn utc(t: DateTime<Utc>) -> Value {
    json!({ "dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC" })
}

fn person(name: &str, address: &str) -> Value {
    json!({ "emailAddress": { "name": name, "address": address } })
}

fn attendees(list: &[(&str, &str)]) -> Value {
    Value::Array(
        list.iter()
            .map(|(n, a)| json!({ "type": "required", "status": { "response": "none" }, "emailAddress": { "name": n, "address": a } }))
            .collect(),
    )
}

/// A meeting from someone else: an invitation in the user's calendar.
#[allow(clippy::too_many_arguments)]
fn invitation(
    w: &mut World,
    user: &str,
    subject: &str,
    start: DateTime<Utc>,
    minutes: i64,
    fixture: &str,
    organizer: (&str, &str),
    extra: Value,
) {
    let mut spec = json!({
        "subject": subject,
        "start": utc(start),
        "end": utc(start + Duration::minutes(minutes)),
        "bodyFixture": fixture,
        "organizer": person(organizer.0, organizer.1),
        "isOrganizer": false,
        "responseStatus": { "response": "accepted" },
        "attendees": attendees(&[(organizer.0, organizer.1), ("Dana Reyes", EN_USER), ("Jana Nováková", CS_USER)]),
    });
    for (k, v) in extra.as_object().into_iter().flatten() {
        spec[k] = v.clone();
    }
    // The demo data is generated, so a failure here is a bug in this file.
    if let Err((_, e)) = add_event_to(w, user, &spec) {
        eprintln!("demo mailbox: could not add '{subject}': {}", e.0);
    }
}

/// The next half hour after `t` (meetings start on the hour or half hour).
fn next_half_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    let base = t
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(t);
    let add = 30 - i64::from(base.minute() % 30);
    base + Duration::minutes(add)
}

fn weekday_recurrence(start: NaiveDate, zone: &str) -> Value {
    json!({
        "pattern": { "type": "weekly", "interval": 1, "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"], "firstDayOfWeek": "sunday" },
        "range": { "type": "noEnd", "startDate": start.to_string(), "recurrenceTimeZone": zone },
    })
}

fn next_monday(d: NaiveDate) -> NaiveDate {
    let ahead = 7 - i64::from(d.weekday().num_days_from_monday());
    d + Duration::days(if d.weekday() == Weekday::Mon {
        7
    } else {
        ahead
    })
}

/// Adds the demo users and their week.
pub fn seed(w: &mut World) {
    let now = w.now();
    let today = now.date_naive();
    let users = [
        NewUser {
            upn: EN_USER.into(),
            display_name: "Dana Reyes".into(),
            job_title: Some("Product Manager".into()),
            time_zone: "Pacific Standard Time".into(),
            locale: "en-US".into(),
            ..NewUser::default()
        },
        NewUser {
            upn: CS_USER.into(),
            display_name: "Jana Nováková".into(),
            job_title: Some("Vývojářka".into()),
            time_zone: "Central Europe Standard Time".into(),
            locale: "cs-CZ".into(),
            ..NewUser::default()
        },
        NewUser {
            upn: ADMIN_USER.into(),
            display_name: "Contoso Admin".into(),
            is_admin: true,
            ..NewUser::default()
        },
    ];
    for u in users {
        w.add_user(u);
    }
    let sam = ("Sam Lee", "sam.lee@fabrikam.example");
    let priya = ("Priya Natarajan", "priya@northwind.example");
    let dana = ("Dana Reyes", EN_USER);
    let slot = next_half_hour(now);
    let soon = now
        .with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now)
        + Duration::minutes(2);

    // Dana (en-US): the full set.
    let d = EN_USER;
    invitation(
        w,
        d,
        "Design review: tray pop-up",
        soon,
        30,
        "teams-2024",
        sam,
        json!({}),
    );
    invitation(
        w,
        d,
        "Customer call with Northwind",
        slot + Duration::hours(1),
        30,
        "zoom",
        priya,
        json!({}),
    );
    invitation(
        w,
        d,
        "Roadmap sync",
        slot + Duration::minutes(90),
        30,
        "webex",
        sam,
        json!({}),
    );
    invitation(
        w,
        d,
        "Vendor demo (link arrived wrapped)",
        slot + Duration::hours(2),
        45,
        "zoom-safelinks-only",
        priya,
        json!({}),
    );
    invitation(
        w,
        d,
        "Room 4A: whiteboard session",
        slot + Duration::hours(3),
        60,
        "no-link",
        sam,
        json!({ "location": { "displayName": "Room 4A", "locationType": "conferenceRoom" } }),
    );
    invitation(
        w,
        d,
        "Budget check-in",
        slot + Duration::hours(26),
        30,
        "teams-2021",
        sam,
        json!({ "responseStatus": { "response": "declined" } }),
    );
    invitation(
        w,
        d,
        "Quarterly planning",
        slot + Duration::hours(28),
        60,
        "google-meet",
        priya,
        json!({ "isCancelled": true, "subject": "Canceled: Quarterly planning" }),
    );
    invitation(
        w,
        d,
        "Interview loop: debrief",
        slot + Duration::hours(50),
        30,
        "teams-2025-short",
        sam,
        json!({ "responseStatus": { "response": "notResponded" } }),
    );
    invitation(
        w,
        d,
        "Partner briefing (GCC High)",
        slot + Duration::hours(74),
        30,
        "teams-gcc-high",
        sam,
        json!({ "responseStatus": { "response": "tentativelyAccepted" }, "showAs": "tentative" }),
    );
    invitation(
        w,
        d,
        "Security review",
        slot + Duration::hours(98),
        60,
        "teams-safelinks",
        sam,
        json!({}),
    );
    invitation(
        w,
        d,
        "Last week's retro",
        slot - Duration::days(3),
        60,
        "teams-2019",
        sam,
        json!({}),
    );
    // Her own Teams meeting, organised by her.
    let own = json!({
        "subject": "1:1 with Jana", "start": utc(slot + Duration::hours(5)), "end": utc(slot + Duration::hours(5) + Duration::minutes(30)),
        "bodyFixture": "teams-2024", "organizer": person(dana.0, dana.1), "isOrganizer": true,
        "attendees": attendees(&[("Jana Nováková", CS_USER)]),
    });
    if let Err((_, e)) = add_event_to(w, d, &own) {
        eprintln!("demo mailbox: {}", e.0);
    }
    // Her own meeting typed with the scheduling keyword: Meeting Tray adds
    // the join details once a meeting source is set (`make demo` sets one).
    let keyword = json!({
        "subject": "Sprint planning", "start": utc(slot + Duration::days(1) + Duration::hours(1)),
        "end": utc(slot + Duration::days(1) + Duration::hours(2)),
        "location": { "displayName": "@meet" },
        "body": { "contentType": "text", "content": "Goals for the next sprint; bring your estimates.\n" },
        "organizer": person(dana.0, dana.1), "isOrganizer": true,
        "attendees": attendees(&[("Jana Nováková", CS_USER)]),
    });
    if let Err((_, e)) = add_event_to(w, d, &keyword) {
        eprintln!("demo mailbox: {}", e.0);
    }
    let standup = json!({
        "subject": "Team stand-up",
        "start": { "dateTime": format!("{}T09:30:00", today - Duration::days(7)), "timeZone": "Pacific Standard Time" },
        "end": { "dateTime": format!("{}T09:45:00", today - Duration::days(7)), "timeZone": "Pacific Standard Time" },
        "recurrence": weekday_recurrence(today - Duration::days(7), "Pacific Standard Time"),
        "bodyFixture": "teams-2021", "organizer": person(sam.0, sam.1), "isOrganizer": false,
        "responseStatus": { "response": "accepted" },
    });
    if let Err((_, e)) = add_event_to(w, d, &standup) {
        eprintln!("demo mailbox: {}", e.0);
    }
    let tomorrow = today + Duration::days(1);
    let all_day = json!({
        "subject": "Company offsite", "isAllDay": true, "showAs": "workingElsewhere",
        "start": { "dateTime": format!("{tomorrow}T00:00:00"), "timeZone": "Pacific Standard Time" },
        "end": { "dateTime": format!("{}T00:00:00", tomorrow + Duration::days(1)), "timeZone": "Pacific Standard Time" },
        "location": { "displayName": "Harbor Conference Center" },
    });
    if let Err((_, e)) = add_event_to(w, d, &all_day) {
        eprintln!("demo mailbox: {}", e.0);
    }
    let monday = next_monday(today);
    if let Some(u) = w.user_mut(d) {
        u.mailbox.settings["automaticRepliesSetting"] = json!({
            "status": "scheduled",
            "externalAudience": "all",
            "scheduledStartDateTime": { "dateTime": format!("{monday}T08:00:00.0000000"), "timeZone": "Pacific Standard Time" },
            "scheduledEndDateTime": { "dateTime": format!("{}T17:00:00.0000000", monday + Duration::days(4)), "timeZone": "Pacific Standard Time" },
            "internalReplyMessage": "<html><body><p>I'm away next week and back on Monday.</p></body></html>",
            "externalReplyMessage": "<html><body><p>Out of office.</p></body></html>",
        });
    }

    // Jana (cs-CZ): a few meetings with Czech subjects.
    let j = CS_USER;
    invitation(
        w,
        j,
        "Porada vývoje",
        soon + Duration::minutes(3),
        30,
        "teams-2024-word",
        sam,
        json!({}),
    );
    invitation(
        w,
        j,
        "Oběd s klientem",
        slot + Duration::hours(2),
        60,
        "no-link",
        priya,
        json!({ "location": { "displayName": "Restaurace U Zlatého tygra" } }),
    );
    invitation(
        w,
        j,
        "Předvedení produktu",
        slot + Duration::hours(25),
        45,
        "url-defense",
        priya,
        json!({}),
    );
    let porada = json!({
        "subject": "Ranní porada týmu",
        "start": { "dateTime": format!("{}T09:00:00", today - Duration::days(7)), "timeZone": "Central Europe Standard Time" },
        "end": { "dateTime": format!("{}T09:15:00", today - Duration::days(7)), "timeZone": "Central Europe Standard Time" },
        "recurrence": weekday_recurrence(today - Duration::days(7), "Central Europe Standard Time"),
        "bodyFixture": "teams-2021", "organizer": person(sam.0, sam.1), "isOrganizer": false,
        "responseStatus": { "response": "accepted" },
    });
    if let Err((_, e)) = add_event_to(w, j, &porada) {
        eprintln!("demo mailbox: {}", e.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_half_hour_rounds_up() {
        let t = DateTime::parse_from_rfc3339("2025-03-10T10:07:31Z")
            .expect("valid")
            .with_timezone(&Utc);
        assert_eq!(next_half_hour(t).to_rfc3339(), "2025-03-10T10:30:00+00:00");
    }

    #[test]
    fn next_monday_is_after_today() {
        let mon = NaiveDate::from_ymd_opt(2025, 3, 10).expect("valid");
        assert_eq!(
            next_monday(mon),
            NaiveDate::from_ymd_opt(2025, 3, 17).expect("valid")
        );
        assert_eq!(
            next_monday(mon + Duration::days(3)),
            NaiveDate::from_ymd_opt(2025, 3, 17).expect("valid")
        );
    }

    #[test]
    fn seeds_the_listed_situations() {
        let mut w = World::new(Default::default());
        seed(&mut w);
        let dana = w.user(EN_USER).expect("dana");
        let events: Vec<_> = dana.mailbox.events.values().collect();
        assert!(events.iter().any(|e| e.recurrence.is_some()));
        assert!(events.iter().any(|e| e.is_all_day));
        assert!(events.iter().any(|e| e.response == "declined"));
        assert!(events.iter().any(|e| e.is_cancelled));
        assert!(events.iter().any(|e| e.is_organizer));
        assert!(events
            .iter()
            .any(|e| e.is_organizer && e.location["displayName"] == "@meet"));
        assert!(events.iter().any(
            |e| (e.start_utc(chrono_tz::Tz::UTC) - w.now()).num_minutes() <= 2
                && e.start_utc(chrono_tz::Tz::UTC) > w.now()
        ));
        assert_eq!(
            dana.mailbox.settings["automaticRepliesSetting"]["status"],
            "scheduled"
        );
        assert_eq!(
            w.user(CS_USER).expect("jana").mailbox.settings["language"]["locale"],
            "cs-CZ"
        );
        assert!(events.len() >= 14, "{}", events.len());
    }
}
