//! The agenda: a pure function of the cache, the user's filters and now —
//! which meetings to show, whether each is upcoming, in progress or over,
//! which overlap, how long the user is free, and whether they are out of office.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{Cache, JoinLink, Meeting, Response, ShowAs, When};
use crate::i18n::{Arg, Texts};

/// What the user chose to hide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filters {
    pub hide_declined: bool,
    pub hide_tentative: bool,
    pub hide_all_day: bool,
    pub hide_cancelled: bool,
    pub hide_without_link: bool,
    /// Case-insensitive parts of titles to hide ("Lunch", "Focus time").
    pub hide_titles: Vec<String>,
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            hide_declined: true,
            hide_tentative: false,
            hide_all_day: false,
            hide_cancelled: true,
            hide_without_link: false,
            hide_titles: Vec::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Upcoming,
    InProgress,
    Ended,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub id: String,
    pub subject: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub all_day: bool,
    pub status: Status,
    pub organizer: Option<String>,
    pub response: Response,
    pub cancelled: bool,
    /// The link the Join button opens.
    pub join: Option<JoinLink>,
    /// Items that overlap in time share a group number.
    pub group: usize,
    /// The scheduling keyword added its join details.
    pub join_details_added: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agenda {
    pub items: Vec<Item>,
    /// When the user is free now: until the next busy meeting (none: free all window).
    pub free_until: Option<DateTime<Utc>>,
    pub busy_now: bool,
    pub out_of_office: bool,
    /// The last sync the data comes from.
    pub as_of: Option<DateTime<Utc>>,
}

/// An all-day date range as instants in `zone` (local midnights).
fn day_span<Z: TimeZone>(
    start: NaiveDate,
    end: NaiveDate,
    zone: &Z,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let midnight = |d: NaiveDate| {
        let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        zone.from_local_datetime(&local)
            .earliest()
            .map_or(local.and_utc(), |t| t.with_timezone(&Utc))
    };
    (midnight(start), midnight(end))
}

fn shown(m: &Meeting, f: &Filters) -> bool {
    let title = m.subject.to_lowercase();
    !(f.hide_declined && m.response == Response::Declined
        || f.hide_tentative && m.response == Response::TentativelyAccepted
        || f.hide_all_day && matches!(m.when, When::AllDay { .. })
        || f.hide_cancelled && m.is_cancelled
        || f.hide_without_link && m.links.is_empty()
        || f.hide_titles
            .iter()
            .any(|p| !p.trim().is_empty() && title.contains(&p.trim().to_lowercase())))
}

/// Meetings from `from` to `to` (those still running at `from` included),
/// all-day events placed on the days of `zone`.
pub fn agenda<Z: TimeZone>(
    cache: &Cache,
    filters: &Filters,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    zone: &Z,
) -> Agenda {
    let mut items: Vec<Item> = cache
        .meetings
        .values()
        .filter(|m| shown(m, filters))
        .filter_map(|m| {
            let (start, end, all_day) = match &m.when {
                When::Timed { start, end } => (*start, *end, false),
                When::AllDay { start, end } => {
                    let (s, e) = day_span(*start, *end, zone);
                    (s, e, true)
                }
            };
            (end > from && start < to).then(|| Item {
                id: m.id.clone(),
                subject: m.subject.clone(),
                start,
                end,
                all_day,
                status: if now >= end {
                    Status::Ended
                } else if now >= start {
                    Status::InProgress
                } else {
                    Status::Upcoming
                },
                organizer: m.organizer_name.clone(),
                response: m.response,
                cancelled: m.is_cancelled,
                join: m.links.first().cloned(),
                group: 0,
                join_details_added: m.join_details_added,
            })
        })
        .collect();
    // All-day first on their day, then by start; ties by subject for a stable order.
    items.sort_by(|a, b| {
        (a.start, !a.all_day, &a.subject, &a.id).cmp(&(b.start, !b.all_day, &b.subject, &b.id))
    });
    let mut group = 0;
    let mut group_end: Option<DateTime<Utc>> = None;
    for item in items.iter_mut().filter(|i| !i.all_day) {
        match group_end {
            Some(e) if item.start < e => group_end = Some(e.max(item.end)),
            _ => {
                group += 1;
                group_end = Some(item.end);
            }
        }
        item.group = group;
    }
    // Busy time: timed meetings the user goes to (not free, not declined or cancelled).
    let busy = |m: &Meeting| {
        matches!(m.when, When::Timed { .. })
            && m.show_as != ShowAs::Free
            && m.response != Response::Declined
            && !m.is_cancelled
    };
    let mut spans: Vec<(DateTime<Utc>, DateTime<Utc>)> = cache
        .meetings
        .values()
        .filter(|m| busy(m))
        .filter_map(|m| match m.when {
            When::Timed { start, end } if end > now => Some((start, end)),
            _ => None,
        })
        .collect();
    spans.sort();
    let busy_now = spans.iter().any(|(s, e)| *s <= now && now < *e);
    let free_until = if busy_now {
        None
    } else {
        spans.first().map(|(s, _)| *s)
    };
    let ooo = &cache.mailbox.automatic_replies;
    let out_of_office = match ooo.status.as_str() {
        "alwaysenabled" => true,
        "scheduled" => match (ooo.scheduled_start, ooo.scheduled_end) {
            (Some(s), Some(e)) => s <= now && now < e,
            _ => false,
        },
        _ => false,
    };
    Agenda {
        items,
        free_until,
        busy_now,
        out_of_office,
        as_of: cache.last_sync,
    }
}

/// The items of each of `days` days from `first` (local days of `zone`): a
/// timed meeting on the day it starts, an all-day event on each day it
/// covers.
pub fn by_day<'a, Z: TimeZone>(
    agenda: &'a Agenda,
    first: NaiveDate,
    days: u32,
    zone: &Z,
) -> Vec<(NaiveDate, Vec<&'a Item>)> {
    (0..i64::from(days))
        .map(|n| {
            let day = first + Duration::days(n);
            let (from, to) = day_span(day, day + Duration::days(1), zone);
            let items = agenda
                .items
                .iter()
                .filter(|i| {
                    if i.all_day {
                        i.start < to && i.end > from
                    } else {
                        i.start.with_timezone(zone).date_naive() == day
                    }
                })
                .collect();
            (day, items)
        })
        .collect()
}

impl Agenda {
    /// The meeting to join now or next: one in progress with a link first
    /// (the latest started), else the next upcoming timed meeting.
    pub fn next(&self) -> Option<&Item> {
        let timed = || self.items.iter().filter(|i| !i.all_day && !i.cancelled);
        timed()
            .filter(|i| i.status == Status::InProgress && i.join.is_some())
            .max_by_key(|i| i.start)
            .or_else(|| timed().find(|i| i.status == Status::Upcoming))
    }
}

/// "in 5 min", "in 2 h 10 min", "now", "ended", in the language of `t`.
pub fn relative(t: &Texts, item: &Item, now: DateTime<Utc>) -> String {
    let n = |v: i64| Arg::Num(v);
    match item.status {
        Status::Ended => t.text("when-ended"),
        Status::InProgress => {
            let left = (item.end - now).num_minutes().max(0);
            t.get("when-running", &[("n", n(left))])
        }
        Status::Upcoming => {
            let mins = (item.start - now + Duration::seconds(59)).num_minutes();
            match mins {
                0 => t.text("when-now"),
                m if m < 60 => t.get("when-in-minutes", &[("n", n(m))]),
                m if m < 24 * 60 => match m % 60 {
                    0 => t.get("when-in-hours", &[("h", n(m / 60))]),
                    r => t.get("when-in-hours-minutes", &[("h", n(m / 60)), ("m", n(r))]),
                },
                m => t.get("when-in-days", &[("n", n(m / (24 * 60)))]),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::fixtures::{meeting, t};
    use crate::calendar::{Mailbox, OutOfOffice};

    fn cache(ms: Vec<Meeting>) -> Cache {
        let mut c = Cache::empty(t(0, 0) - Duration::days(7), t(0, 0) + Duration::days(31));
        for m in ms {
            c.meetings.insert(m.id.clone(), m);
        }
        c
    }

    fn day(c: &Cache, f: &Filters, now: DateTime<Utc>) -> Agenda {
        agenda(c, f, now, t(0, 0), t(0, 0) + Duration::days(1), &Utc)
    }

    #[test]
    fn by_day_puts_timed_meetings_on_their_start_day_and_all_day_events_on_each_day() {
        let mut c = Cache::empty(t(0, 0) - Duration::days(7), t(0, 0) + Duration::days(31));
        let mut m = meeting("late", t(23, 30), 60);
        m.subject = "Late".into();
        c.meetings.insert(m.id.clone(), m);
        let mut offsite = meeting("off", t(0, 0), 0);
        offsite.when = When::AllDay {
            start: t(0, 0).date_naive() + Duration::days(1),
            end: t(0, 0).date_naive() + Duration::days(3),
        };
        c.meetings.insert(offsite.id.clone(), offsite);
        let a = agenda(
            &c,
            &Filters::default(),
            t(9, 0),
            t(0, 0),
            t(0, 0) + Duration::days(5),
            &Utc,
        );
        let days = by_day(&a, t(0, 0).date_naive(), 4, &Utc);
        let ids: Vec<Vec<&str>> = days
            .iter()
            .map(|(_, items)| items.iter().map(|i| i.id.as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["late"], vec!["off"], vec!["off"], vec![]]);
    }

    #[test]
    fn statuses_overlaps_and_the_next_meeting() {
        let mut declined = meeting("d", t(12, 0), 60);
        declined.response = Response::Declined;
        let c = cache(vec![
            meeting("a", t(9, 0), 30),
            meeting("b", t(10, 0), 60),
            meeting("c", t(10, 30), 60),
            declined,
            meeting("e", t(14, 0), 30),
        ]);
        let a = day(&c, &Filters::default(), t(10, 45));
        let ids: Vec<&str> = a.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "e"], "declined hidden by default");
        let st: Vec<Status> = a.items.iter().map(|i| i.status).collect();
        assert_eq!(
            st,
            [
                Status::Ended,
                Status::InProgress,
                Status::InProgress,
                Status::Upcoming
            ]
        );
        let groups: Vec<usize> = a.items.iter().map(|i| i.group).collect();
        assert_eq!(groups, [1, 2, 2, 3], "b and c overlap");
        assert_eq!(
            a.next().unwrap().id,
            "c",
            "the latest started meeting in progress"
        );
        assert!(a.busy_now && a.free_until.is_none());
        let later = day(&c, &Filters::default(), t(11, 45));
        assert_eq!(
            later.free_until,
            Some(t(14, 0)),
            "the declined 12:00 does not count"
        );
        assert_eq!(later.next().unwrap().id, "e");
        let en = crate::i18n::texts(crate::i18n::Lang::En);
        assert_eq!(
            relative(en, later.next().unwrap(), t(11, 45)),
            "in 2 h 15 min"
        );
        let cs = crate::i18n::texts(crate::i18n::Lang::Cs);
        assert_eq!(
            relative(cs, later.next().unwrap(), t(11, 45)),
            "za 2 h 15 min"
        );
        let all = day(
            &c,
            &Filters {
                hide_declined: false,
                ..Filters::default()
            },
            t(11, 45),
        );
        assert_eq!(all.items.len(), 5);
    }

    #[test]
    fn filters_all_day_and_out_of_office() {
        let mut lunch = meeting("l", t(12, 0), 60);
        lunch.subject = "Team LUNCH".into();
        let mut no_link = meeting("n", t(15, 0), 30);
        no_link.links.clear();
        let mut cancelled = meeting("x", t(16, 0), 30);
        cancelled.is_cancelled = true;
        let holiday = Meeting {
            when: When::AllDay {
                start: NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
                end: NaiveDate::from_ymd_opt(2026, 3, 11).unwrap(),
            },
            ..meeting("h", t(0, 0), 0)
        };
        let mut c = cache(vec![lunch, no_link, cancelled, holiday]);
        c.mailbox = Mailbox {
            automatic_replies: OutOfOffice {
                status: "scheduled".into(),
                scheduled_start: Some(t(8, 0)),
                scheduled_end: Some(t(18, 0)),
            },
            ..Mailbox::default()
        };
        let f = Filters {
            hide_titles: vec!["lunch".into()],
            hide_without_link: true,
            ..Filters::default()
        };
        let a = day(&c, &f, t(9, 0));
        let ids: Vec<&str> = a.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["h"]);
        assert!(a.items[0].all_day && a.out_of_office);
        assert!(a.next().is_none(), "all-day events are not joined");
        assert!(!day(&c, &f, t(19, 0)).out_of_office);
        let berlin = chrono_tz::Europe::Berlin;
        let a = agenda(
            &c,
            &Filters {
                hide_all_day: false,
                ..Filters::default()
            },
            t(9, 0),
            t(0, 0) - Duration::days(1),
            t(0, 0) + Duration::days(2),
            &berlin,
        );
        let h = a.items.iter().find(|i| i.id == "h").unwrap();
        assert_eq!(
            h.start,
            Utc.with_ymd_and_hms(2026, 3, 9, 23, 0, 0).unwrap(),
            "Berlin's midnight"
        );
    }
}
