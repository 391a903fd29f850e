//! The alert planner: a pure function of the agenda, the alert settings, what
//! the user already did (shown, snoozed, dismissed) and now. It says which
//! alerts are due and the next instant to wake up; the shell sleeps until
//! then and re-plans from absolute time after sleep, a clock jump or a
//! time-zone change, so no alert depends on a timer having run.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::agenda::{Agenda, Item, Status};
use crate::calendar::JoinLink;

/// How an alert reaches the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertStyle {
    /// The Join pop-up window.
    Popup,
    /// A desktop notification with a Join button.
    Notification,
    #[default]
    Both,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSettings {
    /// Pop-up, notification or both.
    pub style: AlertStyle,
    /// The notification plays the desktop's message sound.
    pub sound: bool,
    /// Minutes before the start, e.g. `[5, 1]`; 0 alerts at the start.
    pub lead_minutes: Vec<i64>,
    /// Re-show at the start and then every this many minutes until joined,
    /// dismissed or over.
    pub escalate_every_minutes: Option<i64>,
    /// Alert for meetings without a join link too.
    pub alert_without_link: bool,
    /// No alerts while automatic replies say the user is out of office.
    pub quiet_when_out_of_office: bool,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            style: AlertStyle::default(),
            sound: true,
            lead_minutes: vec![1],
            escalate_every_minutes: None,
            alert_without_link: false,
            quiet_when_out_of_office: true,
        }
    }
}

/// One occurrence as alerts know it: a moved meeting is a new occurrence, so
/// a dismissal of the old time does not silence the new one.
pub type Occurrence = (String, DateTime<Utc>);

/// What the user did, kept across restarts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertState {
    /// The latest planned instant already shown, per occurrence.
    shown: BTreeMap<String, DateTime<Utc>>,
    /// Snoozed until, per occurrence.
    snoozed: BTreeMap<String, DateTime<Utc>>,
    /// Dismissed or joined occurrences: no more alerts.
    dismissed: BTreeMap<String, DateTime<Utc>>,
}

/// The name of an occurrence in the state and across IPC.
pub fn key(id: &str, start: DateTime<Utc>) -> String {
    format!("{}@{}", start.timestamp(), id)
}

impl AlertState {
    /// The alert was shown (or acted on).
    pub fn shown(&mut self, due: &Due) {
        let k = key(&due.id, due.start);
        let entry = self.shown.entry(k.clone()).or_insert(due.instant);
        *entry = (*entry).max(due.instant);
        self.snoozed.remove(&k);
    }

    /// Dismissed or joined: silent for this occurrence (not for a moved one).
    pub fn dismiss(&mut self, id: &str, start: DateTime<Utc>) {
        let k = key(id, start);
        self.dismissed.insert(k.clone(), start);
        self.snoozed.remove(&k);
    }

    /// Show again at `until`.
    pub fn snooze(&mut self, id: &str, start: DateTime<Utc>, until: DateTime<Utc>) {
        self.snoozed.insert(key(id, start), until);
    }

    /// Drops what concerns meetings that started more than a day ago.
    pub fn forget_before(&mut self, cutoff: DateTime<Utc>) {
        let old = |k: &String| {
            k.split_once('@')
                .and_then(|(t, _)| t.parse::<i64>().ok())
                .is_some_and(|t| t < cutoff.timestamp())
        };
        self.shown.retain(|k, _| !old(k));
        self.snoozed.retain(|k, _| !old(k));
        self.dismissed.retain(|k, _| !old(k));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AlertKind {
    /// "in N min".
    Before { minutes: i64 },
    /// "started N min ago" (a late wake-up, an escalation, a snooze past the start).
    Started { minutes_ago: i64 },
}

/// An alert to show now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    pub id: String,
    pub subject: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub organizer: Option<String>,
    pub join: Option<JoinLink>,
    pub kind: AlertKind,
    /// The planned instant this alert stands for (what [`AlertState::shown`] records).
    pub instant: DateTime<Utc>,
}

impl Due {
    pub fn key(&self) -> String {
        key(&self.id, self.start)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// Alerts due now, earliest meeting first.
    pub due: Vec<Due>,
    /// The next instant something becomes due; `None`: nothing planned.
    pub next_wake: Option<DateTime<Utc>>,
}

/// Every planned instant of an occurrence, ascending.
fn instants(item: &Item, s: &AlertSettings) -> Vec<DateTime<Utc>> {
    let mut out: Vec<DateTime<Utc>> = s
        .lead_minutes
        .iter()
        .filter(|m| **m >= 0)
        .map(|m| item.start - Duration::minutes(*m))
        .collect();
    if let Some(every) = s.escalate_every_minutes.filter(|e| *e > 0) {
        let mut t = item.start;
        while t < item.end {
            out.push(t);
            t += Duration::minutes(every);
        }
    }
    out.sort();
    out.dedup();
    out
}

pub fn plan(
    agenda: &Agenda,
    settings: &AlertSettings,
    state: &AlertState,
    now: DateTime<Utc>,
) -> Plan {
    let mut plan = Plan::default();
    if settings.quiet_when_out_of_office && agenda.out_of_office {
        return plan;
    }
    let mut wake = |t: DateTime<Utc>| {
        plan.next_wake = Some(plan.next_wake.map_or(t, |w: DateTime<Utc>| w.min(t)));
    };
    let mut due = Vec::new();
    for item in &agenda.items {
        if item.all_day
            || item.cancelled
            || item.status == Status::Ended
            || now >= item.end
            || (item.join.is_none() && !settings.alert_without_link)
        {
            continue;
        }
        let k = key(&item.id, item.start);
        if state.dismissed.contains_key(&k) {
            continue;
        }
        let last = state.shown.get(&k).copied();
        let fresh = |t: &DateTime<Utc>| last.is_none_or(|l| *t > l);
        // A snooze replaces the plan until it runs out.
        let (latest, next) = match state.snoozed.get(&k) {
            Some(until) if *until > now => (None, Some(*until)),
            Some(until) => (Some(*until).filter(fresh), None),
            None => {
                let all = instants(item, settings);
                (
                    all.iter().rev().find(|t| **t <= now).copied().filter(fresh),
                    all.iter().find(|t| **t > now).copied(),
                )
            }
        };
        if let Some(n) = next {
            wake(n);
        }
        if let Some(instant) = latest {
            let kind = if now < item.start {
                AlertKind::Before {
                    minutes: (item.start - now + Duration::seconds(59)).num_minutes(),
                }
            } else {
                AlertKind::Started {
                    minutes_ago: (now - item.start).num_minutes(),
                }
            };
            due.push(Due {
                id: item.id.clone(),
                subject: item.subject.clone(),
                start: item.start,
                end: item.end,
                organizer: item.organizer.clone(),
                join: item.join.clone(),
                kind,
                instant,
            });
        }
    }
    due.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    plan.due = due;
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{self, Filters};
    use crate::calendar::fixtures::{meeting, t};
    use crate::calendar::{Cache, Meeting, Response};

    fn agenda_of(ms: &[Meeting], now: DateTime<Utc>) -> Agenda {
        let mut c = Cache::empty(t(0, 0) - Duration::days(7), t(0, 0) + Duration::days(31));
        for m in ms {
            c.meetings.insert(m.id.clone(), m.clone());
        }
        agenda::agenda(
            &c,
            &Filters::default(),
            now,
            now - Duration::days(1),
            now + Duration::days(2),
            &Utc,
        )
    }

    fn at(ms: &[Meeting], s: &AlertSettings, st: &AlertState, now: DateTime<Utc>) -> Plan {
        plan(&agenda_of(ms, now), s, st, now)
    }

    #[test]
    fn one_minute_before_by_default_and_the_wake_up_instant() {
        let ms = [meeting("a", t(10, 0), 30)];
        let s = AlertSettings::default();
        let st = AlertState::default();
        let p = at(&ms, &s, &st, t(9, 0));
        assert!(p.due.is_empty());
        assert_eq!(p.next_wake, Some(t(9, 59)));
        let p = at(&ms, &s, &st, t(9, 59));
        assert_eq!(p.due.len(), 1);
        assert_eq!(p.due[0].kind, AlertKind::Before { minutes: 1 });
        assert_eq!(p.next_wake, None);
    }

    #[test]
    fn shown_alerts_do_not_repeat_even_when_the_clock_jumps_back() {
        let ms = [meeting("a", t(10, 0), 30)];
        let s = AlertSettings::default();
        let mut st = AlertState::default();
        let p = at(&ms, &s, &st, t(9, 59));
        st.shown(&p.due[0]);
        assert!(at(&ms, &s, &st, t(9, 59)).due.is_empty());
        // Clock set back an hour, then forward again: still once.
        let back = at(&ms, &s, &st, t(8, 59));
        assert!(back.due.is_empty());
        assert_eq!(back.next_wake, Some(t(9, 59)));
        assert!(at(&ms, &s, &st, t(9, 59)).due.is_empty());
    }

    #[test]
    fn five_and_one_minute_leads_and_escalation_until_the_end() {
        let ms = [meeting("a", t(10, 0), 20)];
        let s = AlertSettings {
            lead_minutes: vec![5, 1],
            escalate_every_minutes: Some(10),
            ..AlertSettings::default()
        };
        let mut st = AlertState::default();
        let mut fired = Vec::new();
        let mut now = t(9, 50);
        while now < t(10, 30) {
            let p = at(&ms, &s, &st, now);
            for d in &p.due {
                fired.push(d.instant);
                st.shown(d);
            }
            now = p.next_wake.unwrap_or(t(10, 30));
        }
        assert_eq!(fired, [t(9, 55), t(9, 59), t(10, 0), t(10, 10)]);
    }

    #[test]
    fn a_late_wake_up_says_started_and_ended_meetings_say_nothing() {
        let ms = [meeting("a", t(10, 0), 30)];
        let s = AlertSettings::default();
        let st = AlertState::default();
        // Resumed from sleep at 10:07: one alert, "started 7 min ago".
        let p = at(&ms, &s, &st, t(10, 7));
        assert_eq!(p.due.len(), 1);
        assert_eq!(p.due[0].kind, AlertKind::Started { minutes_ago: 7 });
        // After hours: nothing.
        assert!(at(&ms, &s, &st, t(13, 0)).due.is_empty());
    }

    #[test]
    fn back_to_back_and_overlapping_meetings_each_get_theirs() {
        let ms = [
            meeting("a", t(10, 0), 30),
            meeting("b", t(10, 30), 30),
            meeting("c", t(10, 30), 60),
        ];
        let s = AlertSettings::default();
        let mut st = AlertState::default();
        for d in at(&ms, &s, &st, t(9, 59)).due {
            st.shown(&d);
        }
        let p = at(&ms, &s, &st, t(10, 29));
        let ids: Vec<&str> = p.due.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            ["b", "c"],
            "a was alerted at 9:59; b and c start together"
        );
    }

    #[test]
    fn snooze_and_dismiss_per_occurrence_and_a_moved_meeting_alerts_again() {
        let s = AlertSettings::default();
        let mut st = AlertState::default();
        let ms = [meeting("a", t(10, 0), 30)];
        let p = at(&ms, &s, &st, t(9, 59));
        st.shown(&p.due[0]);
        st.snooze("a", t(10, 0), t(10, 4));
        let p = at(&ms, &s, &st, t(10, 1));
        assert!(p.due.is_empty());
        assert_eq!(p.next_wake, Some(t(10, 4)));
        let p = at(&ms, &s, &st, t(10, 4));
        assert_eq!(p.due[0].kind, AlertKind::Started { minutes_ago: 4 });
        st.dismiss("a", t(10, 0));
        assert!(at(&ms, &s, &st, t(10, 5)).due.is_empty());
        // The organizer moves it to 11:00: the dismissal was for 10:00.
        let moved = [meeting("a", t(11, 0), 30)];
        assert_eq!(at(&moved, &s, &st, t(10, 59)).due.len(), 1);
        // The state survives a restart (it is saved as JSON).
        let json = serde_json::to_string(&st).unwrap();
        let back: AlertState = serde_json::from_str(&json).unwrap();
        assert!(at(&ms, &s, &back, t(10, 5)).due.is_empty());
    }

    #[test]
    fn filters_out_of_office_and_links() {
        let mut declined = meeting("d", t(10, 0), 30);
        declined.response = Response::Declined;
        let mut no_link = meeting("n", t(10, 0), 30);
        no_link.links.clear();
        let ms = [declined, no_link];
        let st = AlertState::default();
        assert!(at(&ms, &AlertSettings::default(), &st, t(9, 59))
            .due
            .is_empty());
        let with_linkless = AlertSettings {
            alert_without_link: true,
            ..AlertSettings::default()
        };
        let p = at(&ms, &with_linkless, &st, t(9, 59));
        assert_eq!(p.due.len(), 1);
        assert_eq!(p.due[0].id, "n");
        let mut a = agenda_of(&[meeting("a", t(10, 0), 30)], t(9, 59));
        a.out_of_office = true;
        assert!(plan(&a, &AlertSettings::default(), &st, t(9, 59))
            .due
            .is_empty());
    }

    #[test]
    fn daylight_saving_and_time_zone_changes_do_not_move_alerts() {
        use chrono::TimeZone;
        use chrono_tz::{Asia::Tokyo, Europe::Berlin};
        // Berlin springs forward at 01:00 UTC on 29 March 2026 (02:00 → 03:00).
        let local = |h, m| {
            Berlin
                .with_ymd_and_hms(2026, 3, 29, h, m, 0)
                .single()
                .unwrap()
                .with_timezone(&Utc)
        };
        let start = local(3, 30);
        let ms = [meeting("a", start, 30)];
        let mut cache = Cache::empty(start - Duration::days(7), start + Duration::days(31));
        cache.meetings.insert("a".into(), ms[0].clone());
        let now = local(1, 55);
        let plan_in = |zone: &dyn Fn(&Cache) -> Agenda| {
            plan(
                &zone(&cache),
                &AlertSettings::default(),
                &AlertState::default(),
                now,
            )
        };
        let berlin = plan_in(&|c| {
            agenda::agenda(
                c,
                &Filters::default(),
                now,
                now - Duration::days(1),
                now + Duration::days(2),
                &Berlin,
            )
        });
        // 34 minutes of real time although the wall clock shows 1 h 34 min.
        assert_eq!(berlin.next_wake, Some(start - Duration::minutes(1)));
        assert_eq!(start - now, Duration::minutes(35));
        let tokyo = plan_in(&|c| {
            agenda::agenda(
                c,
                &Filters::default(),
                now,
                now - Duration::days(1),
                now + Duration::days(2),
                &Tokyo,
            )
        });
        assert_eq!(
            berlin, tokyo,
            "a new time zone re-plans to the same instants"
        );
    }

    #[test]
    fn resume_hours_later_gives_one_started_alert_and_state_survives_a_restart() {
        let ms = [meeting("long", t(9, 0), 240), meeting("over", t(8, 0), 30)];
        let s = AlertSettings::default();
        let mut st = AlertState::default();
        let p = at(&ms, &s, &st, t(12, 0));
        assert_eq!(p.due.len(), 1, "the ended meeting says nothing");
        assert_eq!(p.due[0].kind, AlertKind::Started { minutes_ago: 180 });
        st.shown(&p.due[0]);
        assert!(at(&ms, &s, &st, t(12, 5)).due.is_empty());
        // Snooze and dismiss are kept across a restart (the state's JSON).
        st.snooze("long", t(9, 0), t(12, 10));
        let back: AlertState = serde_json::from_str(&serde_json::to_string(&st).unwrap()).unwrap();
        assert_eq!(
            at(&ms, &s, &back, t(12, 10)).due.len(),
            1,
            "the snooze runs out"
        );
        let mut st = back;
        st.dismiss("long", t(9, 0));
        let back: AlertState = serde_json::from_str(&serde_json::to_string(&st).unwrap()).unwrap();
        assert!(at(&ms, &s, &back, t(12, 30)).due.is_empty());
    }

    proptest::proptest! {
        /// However the clock moves (sleep, jumps either way), each planned
        /// instant alerts at most once and never before it is due.
        #[test]
        fn every_instant_alerts_at_most_once_and_never_early(
            starts in proptest::collection::vec(0i64..600, 1..6),
            steps in proptest::collection::vec(-120i64..240, 1..60),
        ) {
            let ms: Vec<Meeting> = starts
                .iter()
                .enumerate()
                .map(|(i, s)| meeting(&format!("m{i}"), t(8, 0) + Duration::minutes(*s), 30))
                .collect();
            let s = AlertSettings { lead_minutes: vec![5, 1], ..AlertSettings::default() };
            let mut st = AlertState::default();
            let mut seen = std::collections::BTreeSet::new();
            let mut now = t(7, 30);
            for step in steps {
                now += Duration::minutes(step);
                for d in at(&ms, &s, &st, now).due {
                    proptest::prop_assert!(d.instant <= now, "early alert");
                    proptest::prop_assert!(seen.insert((d.id.clone(), d.instant)), "repeated alert");
                    st.shown(&d);
                }
            }
        }
    }
}
