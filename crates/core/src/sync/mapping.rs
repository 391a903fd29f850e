//! From a Graph event (as calendarView/delta sends it, times in UTC) to the
//! meeting the cache keeps: the join links are found here, and the body and
//! attendees are dropped here.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use meeting_tray_links::{detect, Preferences, Safety};
use serde_json::Value;

use crate::calendar::{JoinLink, Meeting, Response, ShowAs, When};
use crate::links::graph_event_text;

/// How many joinable links are kept per meeting (the best first).
pub(crate) const MAX_LINKS: usize = 3;

fn graph_time(v: &Value) -> Option<NaiveDateTime> {
    let s = v["dateTime"].as_str()?;
    // Graph sends 7 fractional digits; chrono reads up to 9.
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

fn utc(v: &Value) -> Option<DateTime<Utc>> {
    let t = graph_time(v)?;
    // Asked for UTC (`Prefer: outlook.timezone="UTC"`); anything else is an error upstream.
    match v["timeZone"].as_str() {
        Some(z) if !z.eq_ignore_ascii_case("UTC") => None,
        _ => Some(t.and_utc()),
    }
}

fn date(v: &Value) -> Option<NaiveDate> {
    graph_time(v).map(|t| t.date())
}

/// The `@keywords` of the Location and of each of several places.
fn location_keywords(event: &Value) -> Vec<String> {
    let places = event["locations"].as_array().into_iter().flatten();
    let mut out: Vec<String> = std::iter::once(&event["location"])
        .chain(places)
        .filter_map(|p| p["displayName"].as_str())
        .flat_map(crate::scheduling_keyword::keywords_in)
        .collect();
    out.sort_unstable();
    out.dedup();
    out.truncate(5);
    out
}

/// The meeting kept for a Graph event, or `None` for items that are not
/// meetings of the view (series masters, unreadable times).
pub fn meeting(event: &Value, prefs: &Preferences) -> Option<Meeting> {
    if event["type"].as_str() == Some("seriesMaster") {
        return None;
    }
    let id = event["id"].as_str()?.to_owned();
    // An end before the start (Outlook refuses to save one, Graph does not
    // check) is taken as the start: with the end in the past the agenda
    // would call an upcoming meeting ended and the planner never alert it.
    let when = if event["isAllDay"].as_bool() == Some(true) {
        let start = date(&event["start"])?;
        When::AllDay {
            start,
            end: date(&event["end"])?.max(start),
        }
    } else {
        let start = utc(&event["start"])?;
        When::Timed {
            start,
            end: utc(&event["end"])?.max(start),
        }
    };
    let detection = detect(&graph_event_text(event), prefs);
    let links = detection
        .candidates
        .iter()
        .filter(|c| c.safety == Safety::Joinable)
        .take(MAX_LINKS)
        .map(|c| JoinLink {
            url: c.url.clone(),
            service: c.service.clone(),
            service_name: c.service_name.clone(),
            native_url: c.native_url.clone(),
        })
        .collect();
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    Some(Meeting {
        id,
        series_id: text(&event["seriesMasterId"]),
        subject: text(&event["subject"]).unwrap_or_default(),
        when,
        organizer_name: text(&event["organizer"]["emailAddress"]["name"]),
        response: event["responseStatus"]["response"]
            .as_str()
            .map(Response::from_graph)
            .unwrap_or_default(),
        show_as: event["showAs"]
            .as_str()
            .map(ShowAs::from_graph)
            .unwrap_or_default(),
        is_cancelled: event["isCancelled"].as_bool().unwrap_or(false),
        links,
        change_key: text(&event["changeKey"]),
        location_keywords: location_keywords(event),
        // Only in the user's own meetings: a colleague's invitation may carry
        // a block their Meeting Tray added.
        join_details_added: event["responseStatus"]["response"] == "organizer"
            && event["body"]["content"]
                .as_str()
                .is_some_and(crate::scheduling_keyword::has_block),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_what_alerts_need_and_drops_body_and_attendees() {
        let ev = json!({
            "id": "AAMkAD/x+y=", "type": "occurrence", "seriesMasterId": "AAMkMaster=",
            "subject": "Stand-up", "isAllDay": false, "isCancelled": false,
            "start": {"dateTime": "2026-03-10T16:00:00.0000000", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-10T16:15:00.0000000", "timeZone": "UTC"},
            "organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam@fabrikam.example"}},
            "attendees": [{"emailAddress": {"name": "Dana", "address": "dana@contoso.example"}}],
            "responseStatus": {"response": "tentativelyAccepted"}, "showAs": "tentative",
            "changeKey": "ck1",
            "body": {"contentType": "text", "content": "Secret agenda. Join<https://zoom.us/j/123456789?pwd=abc>"},
        });
        let m = meeting(&ev, &Preferences::default()).unwrap();
        assert_eq!(m.series_id.as_deref(), Some("AAMkMaster="));
        assert_eq!(m.response, Response::TentativelyAccepted);
        assert_eq!(m.show_as, ShowAs::Tentative);
        assert_eq!(m.organizer_name.as_deref(), Some("Sam Lee"));
        assert_eq!(m.links[0].url, "https://zoom.us/j/123456789?pwd=abc");
        let kept = serde_json::to_string(&m).unwrap();
        for gone in [
            "Secret agenda",
            "dana@contoso.example",
            "sam@fabrikam.example",
        ] {
            assert!(!kept.contains(gone), "{gone} kept");
        }
        assert!(
            matches!(m.when, When::Timed { start, .. } if start.to_rfc3339() == "2026-03-10T16:00:00+00:00")
        );
    }

    #[test]
    fn join_details_added_only_in_the_user_s_own_meetings() {
        let block = crate::scheduling_keyword::block(
            &crate::meeting_source::JoinDetails {
                service: "Zoom".into(),
                url: "https://contoso.zoom.us/my/sam".into(),
                dial_in: None,
            },
            crate::i18n::texts(crate::i18n::Lang::En),
            false,
        );
        let ev = |response: &str| {
            json!({
                "id": "AAMk=", "type": "singleInstance", "subject": "Plan",
                "start": {"dateTime": "2026-03-10T16:00:00.0000000", "timeZone": "UTC"},
                "end": {"dateTime": "2026-03-10T16:30:00.0000000", "timeZone": "UTC"},
                "responseStatus": {"response": response},
                "location": {"displayName": "Room 4"},
                "locations": [{"displayName": "Room 4"}, {"displayName": "@Meet"}],
                "body": {"contentType": "text", "content": format!("{block}Agenda.")},
            })
        };
        let own = meeting(&ev("organizer"), &Preferences::default()).unwrap();
        assert!(own.join_details_added);
        assert_eq!(
            own.location_keywords,
            ["@meet"],
            "from one of several places"
        );
        // A colleague's invitation that their Meeting Tray changed.
        let theirs = meeting(&ev("accepted"), &Preferences::default()).unwrap();
        assert!(!theirs.join_details_added);
    }

    #[test]
    fn an_end_before_the_start_is_taken_as_the_start() {
        let backwards = json!({"id": "b",
            "start": {"dateTime": "2026-03-10T16:00:00.0000000", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-10T15:00:00.0000000", "timeZone": "UTC"}});
        let m = meeting(&backwards, &Preferences::default()).unwrap();
        let start = "2026-03-10T16:00:00Z".parse().unwrap();
        assert_eq!(m.when, When::Timed { start, end: start });
        let all_day = json!({"id": "d", "isAllDay": true,
            "start": {"dateTime": "2026-03-12T00:00:00.0000000", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-11T00:00:00.0000000", "timeZone": "UTC"}});
        let day = NaiveDate::from_ymd_opt(2026, 3, 12).unwrap();
        assert_eq!(
            meeting(&all_day, &Preferences::default()).unwrap().when,
            When::AllDay {
                start: day,
                end: day
            }
        );
    }

    #[test]
    fn all_day_events_are_dates_and_masters_are_skipped() {
        let ev = json!({"id": "a", "isAllDay": true,
            "start": {"dateTime": "2026-03-29T00:00:00.0000000", "timeZone": "UTC"},
            "end": {"dateTime": "2026-03-30T00:00:00.0000000", "timeZone": "UTC"}});
        let m = meeting(&ev, &Preferences::default()).unwrap();
        assert_eq!(
            m.when,
            When::AllDay {
                start: NaiveDate::from_ymd_opt(2026, 3, 29).unwrap(),
                end: NaiveDate::from_ymd_opt(2026, 3, 30).unwrap()
            }
        );
        assert!(meeting(
            &json!({"id": "m", "type": "seriesMaster"}),
            &Preferences::default()
        )
        .is_none());
        let other_zone = json!({"id": "z", "start": {"dateTime": "2026-03-10T16:00:00", "timeZone": "Pacific Standard Time"},
            "end": {"dateTime": "2026-03-10T17:00:00", "timeZone": "Pacific Standard Time"}});
        assert!(meeting(&other_zone, &Preferences::default()).is_none());
    }
}
