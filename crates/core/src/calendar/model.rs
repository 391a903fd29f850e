//! What is kept of each meeting (and nothing more: no body, no attendee
//! addresses), the mailbox settings the app uses, and the sync state. This is
//! the content of the encrypted cache file.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The cache's schema version; bump it and add a migration when the shape changes.
pub const SCHEMA_VERSION: u32 = 2;

/// When a meeting happens.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum When {
    /// A timed meeting, in UTC.
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// An all-day event: dates, not instants (end exclusive), in the
    /// mailbox's time zone.
    AllDay { start: NaiveDate, end: NaiveDate },
}

/// The user's own answer to the invitation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    #[default]
    None,
    Organizer,
    TentativelyAccepted,
    Accepted,
    Declined,
    NotResponded,
}

impl Response {
    /// Graph's `responseStatus.response` value.
    pub fn from_graph(s: &str) -> Response {
        match s {
            "organizer" => Response::Organizer,
            "tentativelyAccepted" => Response::TentativelyAccepted,
            "accepted" => Response::Accepted,
            "declined" => Response::Declined,
            "notResponded" => Response::NotResponded,
            _ => Response::None,
        }
    }
}

/// How the meeting shows in the user's free/busy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowAs {
    Free,
    Tentative,
    #[default]
    Busy,
    Oof,
    WorkingElsewhere,
    Unknown,
}

impl ShowAs {
    pub fn from_graph(s: &str) -> ShowAs {
        match s {
            "free" => ShowAs::Free,
            "tentative" => ShowAs::Tentative,
            "busy" => ShowAs::Busy,
            "oof" => ShowAs::Oof,
            "workingElsewhere" => ShowAs::WorkingElsewhere,
            _ => ShowAs::Unknown,
        }
    }
}

/// A detected join link, already checked by the open policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinLink {
    pub url: String,
    /// Catalogue service id (`teams`, `zoom` …).
    pub service: String,
    pub service_name: String,
    /// The app link (`zoommtg:` …) when the service has one.
    pub native_url: Option<String>,
}

/// One meeting, or one occurrence of a series (keyed by its own id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: String,
    pub series_id: Option<String>,
    pub subject: String,
    pub when: When,
    pub organizer_name: Option<String>,
    pub response: Response,
    pub show_as: ShowAs,
    pub is_cancelled: bool,
    /// The best joinable link first; empty when the meeting has none.
    pub links: Vec<JoinLink>,
    pub change_key: Option<String>,
    /// The `@keywords` in the Location (lowercased), for the scheduling
    /// keyword; the Location itself is not kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub location_keywords: Vec<String>,
    /// Meeting Tray's scheduling keyword added the join details.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub join_details_added: bool,
}

/// Automatic replies ("out of office").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfOffice {
    /// `disabled`, `alwaysEnabled` or `scheduled` (Graph's values).
    pub status: String,
    pub scheduled_start: Option<DateTime<Utc>>,
    pub scheduled_end: Option<DateTime<Utc>>,
}

/// The mailbox settings the app uses.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mailbox {
    /// Windows or IANA name, as Graph gives it.
    pub time_zone: Option<String>,
    /// e.g. `en-US`; drives the UI language unless the user chose one.
    pub locale: Option<String>,
    pub automatic_replies: OutOfOffice,
    /// Where Outlook on the web serves this mailbox
    /// (`https://outlook.office365.com`), from the events' `webLink`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlook_web: Option<String>,
}

/// Everything the cache file holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cache {
    pub schema: u32,
    /// The synced window, `[start, end)`.
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    /// Where the next delta round starts; `None` before the first full round.
    pub delta_link: Option<String>,
    pub meetings: BTreeMap<String, Meeting>,
    pub mailbox: Mailbox,
    /// The last sync that reached Graph and finished.
    pub last_sync: Option<DateTime<Utc>>,
    /// The link rules the meetings' links were found with
    /// ([`crate::settings::link_rules_key`]); empty: the defaults.
    #[serde(default)]
    pub link_rules: String,
}

impl Cache {
    pub fn empty(window_start: DateTime<Utc>, window_end: DateTime<Utc>) -> Cache {
        Cache {
            schema: SCHEMA_VERSION,
            window_start,
            window_end,
            delta_link: None,
            meetings: BTreeMap::new(),
            mailbox: Mailbox::default(),
            last_sync: None,
            link_rules: String::new(),
        }
    }

    /// Whether both hold the same calendar: what the agenda, the alerts and
    /// the tray show. Where the next delta round starts and when the last
    /// sync ran do not count: every quiet poll moves those.
    pub fn same_calendar(&self, other: &Cache) -> bool {
        self.schema == other.schema
            && self.window_start == other.window_start
            && self.window_end == other.window_end
            && self.link_rules == other.link_rules
            && self.mailbox == other.mailbox
            && self.meetings == other.meetings
    }

    /// Drops meetings that lie wholly outside the window (done before every write).
    pub fn purge_outside_window(&mut self) {
        let (from, to) = (self.window_start, self.window_end);
        self.meetings.retain(|_, m| match &m.when {
            When::Timed { start, end } => *end > from && *start < to,
            When::AllDay { start, end } => {
                let day_start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
                // All-day dates are local; a day of slack covers every zone.
                match (day_start(*start), day_start(*end)) {
                    (Some(s), Some(e)) => {
                        e + chrono::Duration::days(1) > from && s - chrono::Duration::days(1) < to
                    }
                    _ => false,
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{meeting, t};
    use super::*;

    #[test]
    fn same_calendar_ignores_the_delta_link_and_the_sync_time_only() {
        let mut a = Cache::empty(t(0, 0), t(23, 0));
        a.meetings.insert("1".into(), meeting("1", t(9, 0), 30));
        let mut b = a.clone();
        b.delta_link = Some("https://graph.example/delta?$deltatoken=2".into());
        b.last_sync = Some(t(9, 5));
        assert!(a.same_calendar(&b));

        let mut moved = b.clone();
        if let Some(m) = moved.meetings.get_mut("1") {
            m.when = When::Timed {
                start: t(9, 15),
                end: t(9, 45),
            };
        }
        assert!(!a.same_calendar(&moved), "a moved meeting");
        let mut away = b.clone();
        away.mailbox.automatic_replies.status = "alwaysEnabled".into();
        assert!(!a.same_calendar(&away), "automatic replies switched on");
        let mut rules = b.clone();
        rules.link_rules = "custom".into();
        assert!(!a.same_calendar(&rules), "other link rules");
        let mut window = b;
        window.window_end = t(23, 30);
        assert!(!a.same_calendar(&window), "another window");
    }
}
