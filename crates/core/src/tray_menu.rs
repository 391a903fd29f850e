//! The tray menu as data: a pure function of the agenda, the account and now.
//! The shell renders it and rebuilds the native menu only when this value
//! changes. Every item's id comes from its [`Action`], never typed by hand.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use crate::agenda::{Agenda, Item, Status};
use crate::alerts;
use crate::auth::AccountStatus;
use crate::calendar::{Answer, Mailbox, Response};
use crate::free_busy::{Availabilities, Availability};
use crate::i18n::{Arg, Texts};

/// What choosing a menu item does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Join the meeting of the first item (the next one).
    JoinNext,
    /// Join an occurrence: its id and start.
    Join(String, DateTime<Utc>),
    /// A meeting without a link: show it in the window.
    Details(String),
    Rsvp(String, Answer),
    CopyLink(String),
    Refresh,
    Open,
    Settings,
    /// The account line: connect or reconnect.
    Account,
    TestNotification,
    /// Create a meeting from now with the user's meeting source, and open it.
    StartMeeting,
    /// A new event in Outlook on the web, prefilled.
    Schedule,
    /// The mailbox's automatic replies settings in Outlook on the web.
    AutomaticReplies,
    Quit,
}

const FIXED: [(&str, Action); 10] = [
    ("join-next", Action::JoinNext),
    ("refresh", Action::Refresh),
    ("open", Action::Open),
    ("settings", Action::Settings),
    ("account", Action::Account),
    ("test-notification", Action::TestNotification),
    ("start-meeting", Action::StartMeeting),
    ("schedule", Action::Schedule),
    ("automatic-replies", Action::AutomaticReplies),
    ("quit", Action::Quit),
];

impl Action {
    /// The menu item id: `join:{start}@{id}`, `rsvp:{action}:{id}` … for
    /// meetings, a fixed word for the rest.
    pub fn id(&self) -> String {
        match self {
            Action::Join(id, start) => format!("join:{}", alerts::key(id, *start)),
            Action::Details(id) => format!("details:{id}"),
            Action::Rsvp(id, a) => format!("rsvp:{}:{id}", a.action()),
            Action::CopyLink(id) => format!("copy:{id}"),
            fixed => FIXED
                .iter()
                .find(|(_, a)| a == fixed)
                .map_or("?", |(w, _)| w)
                .to_owned(),
        }
    }

    pub fn parse(id: &str) -> Option<Action> {
        if let Some((_, a)) = FIXED.iter().find(|(w, _)| *w == id) {
            return Some(a.clone());
        }
        let (kind, rest) = id.split_once(':')?;
        match kind {
            "join" => {
                let (ts, meeting) = rest.split_once('@')?;
                let start = DateTime::from_timestamp(ts.parse().ok()?, 0)?;
                Some(Action::Join(meeting.to_owned(), start))
            }
            "details" => Some(Action::Details(rest.to_owned())),
            "copy" => Some(Action::CopyLink(rest.to_owned())),
            "rsvp" => {
                let (action, meeting) = rest.split_once(':')?;
                let answer = [Answer::Accept, Answer::Tentative, Answer::Decline]
                    .into_iter()
                    .find(|a| a.action() == action)?;
                Some(Action::Rsvp(meeting.to_owned(), answer))
            }
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Item {
        label: String,
        action: Action,
        enabled: bool,
    },
    Submenu {
        label: String,
        items: Vec<Entry>,
    },
    /// Text only (a day heading, a note).
    Note(String),
    Separator,
}

fn item(label: impl Into<String>, action: Action) -> Entry {
    Entry::Item {
        label: label.into(),
        action,
        enabled: true,
    }
}

/// What the menu shows besides the agenda.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    /// `None`: sign-in is not configured.
    pub account: Option<&'a AccountStatus>,
    pub mailbox: Option<&'a Mailbox>,
    /// The last sync failed for want of a network; the data is as of this.
    pub offline_since: Option<DateTime<Utc>>,
    /// The last sync failed for another reason (Graph's error, a full
    /// disk); the data is as of this, and the window says why.
    pub failed_since: Option<DateTime<Utc>>,
    /// Today's availability from Microsoft 365 (getSchedule), once read.
    pub availability: Option<&'a Availabilities>,
    /// A meeting source is set: "Start a meeting now" can make one.
    pub meeting_source: bool,
}

/// "Busy until 11:00", "Free for the rest of today" …: the state now and
/// until when it lasts; `None` when `now` is outside what was read.
fn availability_line<Z: TimeZone>(
    t: &Texts,
    a: &Availabilities,
    now: DateTime<Utc>,
    zone: &Z,
) -> Option<String>
where
    Z::Offset: std::fmt::Display,
{
    let (state, until) = a.at(now)?;
    let time = until
        .unwrap_or_else(|| a.end())
        .with_timezone(zone)
        .format("%H:%M")
        .to_string();
    let id = match (state, until) {
        (Availability::Free, None) => return Some(t.text("tray-free-rest")),
        (Availability::Free, Some(_)) => "tray-free-until",
        (Availability::Tentative, _) => "tray-tentative-until",
        (Availability::Busy, _) => "tray-busy-until",
        (Availability::OutOfOffice, _) => "tray-oof-until",
        (Availability::WorkingElsewhere, _) => "tray-elsewhere-until",
    };
    Some(t.get(id, &[("time", Arg::Str(&time))]))
}

/// Cut to `max` characters, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The meeting the menu offers to join first: running with a link, or with a
/// link and starting within 15 minutes.
pub fn joinable_next(agenda: &Agenda, now: DateTime<Utc>) -> Option<&Item> {
    agenda.next().filter(|i| {
        i.join.is_some()
            && (i.status == Status::InProgress || i.start - now <= Duration::minutes(15))
    })
}

fn meeting_label<Z: TimeZone>(t: &Texts, i: &Item, zone: &Z) -> String
where
    Z::Offset: std::fmt::Display,
{
    let when = if i.all_day {
        t.text("tray-all-day")
    } else {
        i.start.with_timezone(zone).format("%H:%M").to_string()
    };
    let mark = match (i.status, i.response) {
        (Status::InProgress, _) => "● ",
        (_, Response::Declined) => "✕ ",
        (_, Response::TentativelyAccepted) => "? ",
        _ => "",
    };
    let service = match &i.join {
        Some(l) => l.service_name.clone(),
        None => t.text("tray-no-link"),
    };
    format!("{when}  {mark}{} · {service}", clip(&i.subject, 40))
}

/// A meeting's row: choosing it joins (or, without a link, shows it). A
/// dbusmenu submenu's own row cannot be chosen, so the row is a plain item
/// and the meeting's other actions live under "Meeting actions".
fn meeting_row<Z: TimeZone>(t: &Texts, i: &Item, zone: &Z) -> Entry
where
    Z::Offset: std::fmt::Display,
{
    let action = match &i.join {
        Some(_) => Action::Join(i.id.clone(), i.start),
        None => Action::Details(i.id.clone()),
    };
    item(meeting_label(t, i, zone), action)
}

/// A meeting's submenu under "Meeting actions": join or details, copy the
/// link, and the answers while the invitation is open.
fn meeting_actions<Z: TimeZone>(t: &Texts, i: &Item, zone: &Z) -> Entry
where
    Z::Offset: std::fmt::Display,
{
    let mut items = match &i.join {
        Some(l) => vec![
            item(
                t.get("tray-join-with", &[("service", Arg::Str(&l.service_name))]),
                Action::Join(i.id.clone(), i.start),
            ),
            item(t.text("tray-copy-link"), Action::CopyLink(i.id.clone())),
        ],
        None => vec![item(
            t.text("tray-show-details"),
            Action::Details(i.id.clone()),
        )],
    };
    if i.response == Response::NotResponded {
        items.push(Entry::Separator);
        for (label, answer) in [
            ("rsvp-accept", Answer::Accept),
            ("rsvp-tentative", Answer::Tentative),
            ("rsvp-decline", Answer::Decline),
        ] {
            items.push(item(t.text(label), Action::Rsvp(i.id.clone(), answer)));
        }
    }
    Entry::Submenu {
        label: meeting_label(t, i, zone),
        items,
    }
}

fn day_heading(t: &Texts, day: NaiveDate, today: NaiveDate) -> String {
    let id = if day == today {
        "tray-today"
    } else {
        "tray-tomorrow"
    };
    // Noon of that date: only its day and month names are shown.
    let date = day
        .and_hms_opt(12, 0, 0)
        .map(|noon| t.day(&noon.and_utc()))
        .unwrap_or_default();
    t.get(id, &[("date", Arg::Str(&date))])
}

fn account_line(t: &Texts, ctx: &Context<'_>) -> String {
    let Some(s) = ctx.account else {
        return t.text("account-not-connected");
    };
    if let (Some(since), "connected" | "reconnect_soon") = (ctx.offline_since, s.state) {
        let time = t.date(&since.with_timezone(&chrono::Local), "format-day-time");
        return t.get("tray-offline", &[("time", Arg::Str(&time))]);
    }
    if let (Some(since), "connected" | "reconnect_soon") = (ctx.failed_since, s.state) {
        let time = t.date(&since.with_timezone(&chrono::Local), "format-day-time");
        return t.get("tray-sync-failed", &[("time", Arg::Str(&time))]);
    }
    crate::account::menu_label(t, Some(s))
}

/// "Out of office until Mon 9 Mar, 08:00" (or without an end).
pub fn out_of_office(t: &Texts, mailbox: &Mailbox) -> String {
    let ooo = &mailbox.automatic_replies;
    match (ooo.status.as_str(), ooo.scheduled_end) {
        ("scheduled", Some(end)) => {
            let date = t.date(&end.with_timezone(&chrono::Local), "format-date-time");
            t.get("tray-out-of-office-until", &[("date", Arg::Str(&date))])
        }
        _ => t.text("tray-out-of-office"),
    }
}

/// The whole menu, top to bottom, in the language of `t`.
pub fn menu<Z: TimeZone>(
    t: &Texts,
    agenda: Option<&Agenda>,
    ctx: &Context<'_>,
    now: DateTime<Utc>,
    zone: &Z,
) -> Vec<Entry>
where
    Z::Offset: std::fmt::Display,
{
    let mut out = Vec::new();
    if let Some(a) = agenda {
        if let Some(next) = joinable_next(a, now) {
            let subject = clip(&next.subject, 40);
            // Its start time, not a countdown: the menu is rebuilt only when
            // its content changes, and a rebuild closes an open menu. The
            // countdown lives in the tray title.
            let when = if next.status == Status::InProgress {
                t.text("when-now")
            } else {
                next.start.with_timezone(zone).format("%H:%M").to_string()
            };
            out.push(item(
                t.get(
                    "tray-join-next",
                    &[("subject", Arg::Str(&subject)), ("when", Arg::Str(&when))],
                ),
                Action::JoinNext,
            ));
            out.push(Entry::Separator);
        }
        let today = now.with_timezone(zone).date_naive();
        let mut actions = Vec::new();
        // Calendar days, not 24 hours: a DST day has 23 or 25.
        for (offset, day) in [(0, Some(today)), (1, today.succ_opt())] {
            let Some(day) = day else { continue };
            out.push(Entry::Note(day_heading(t, day, today)));
            if offset == 0 {
                if let Some(line) = ctx
                    .availability
                    .and_then(|av| availability_line(t, av, now, zone))
                {
                    out.push(Entry::Note(line));
                }
            }
            let items: Vec<&Item> = a
                .items
                .iter()
                .filter(|i| {
                    i.start.with_timezone(zone).date_naive() == day && i.status != Status::Ended
                })
                .collect();
            if items.is_empty() {
                out.push(Entry::Note(t.text(if offset == 0 {
                    "tray-no-more-today"
                } else {
                    "tray-no-meetings"
                })));
            }
            for i in items {
                out.push(meeting_row(t, i, zone));
                actions.push(meeting_actions(t, i, zone));
            }
        }
        if !actions.is_empty() {
            out.push(Entry::Submenu {
                label: t.text("tray-meeting-actions"),
                items: actions,
            });
        }
        out.push(Entry::Separator);
    }
    let syncing = ctx
        .account
        .is_some_and(|s| matches!(s.state, "connected" | "reconnect_soon" | "attention"));
    // Where Outlook on the web serves the mailbox, once a sync saw it.
    let web = ctx
        .mailbox
        .and_then(|m| m.outlook_web.as_deref())
        .filter(|_| syncing);
    let mut making = Vec::new();
    if syncing && ctx.meeting_source {
        making.push(item(t.text("tray-start-meeting"), Action::StartMeeting));
    }
    if web.is_some() {
        making.push(item(t.text("tray-schedule"), Action::Schedule));
    }
    if !making.is_empty() {
        out.append(&mut making);
        out.push(Entry::Separator);
    }
    out.push(Entry::Item {
        label: t.text("tray-refresh"),
        action: Action::Refresh,
        enabled: syncing,
    });
    out.push(item(t.text("tray-open"), Action::Open));
    out.push(item(t.text("tray-settings"), Action::Settings));
    out.push(item(
        t.text("tray-test-notification"),
        Action::TestNotification,
    ));
    out.push(Entry::Separator);
    out.push(item(account_line(t, ctx), Action::Account));
    if agenda.is_some_and(|a| a.out_of_office) {
        if let Some(m) = ctx.mailbox {
            out.push(Entry::Note(out_of_office(t, m)));
        }
    }
    if web.is_some() {
        out.push(item(
            t.text("tray-automatic-replies"),
            Action::AutomaticReplies,
        ));
    }
    out.push(Entry::Separator);
    out.push(item(t.text("tray-quit"), Action::Quit));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{self, Filters};
    use crate::calendar::fixtures::{meeting, t};
    use crate::calendar::{Cache, OutOfOffice};

    fn en() -> &'static Texts {
        crate::i18n::texts(crate::i18n::Lang::En)
    }

    fn agenda_of(c: &Cache, now: DateTime<Utc>) -> Agenda {
        agenda::agenda(
            c,
            &Filters::default(),
            now,
            now - Duration::days(1),
            now + Duration::days(3),
            &Utc,
        )
    }

    fn agenda_at(ms: &[crate::calendar::Meeting], now: DateTime<Utc>) -> (Agenda, Cache) {
        let mut c = Cache::empty(t(0, 0) - Duration::days(7), t(0, 0) + Duration::days(31));
        for m in ms {
            c.meetings.insert(m.id.clone(), m.clone());
        }
        (agenda_of(&c, now), c)
    }

    fn labels(entries: &[Entry]) -> Vec<String> {
        entries
            .iter()
            .map(|e| match e {
                Entry::Item { label, .. } | Entry::Submenu { label, .. } => label.clone(),
                Entry::Note(n) => format!("[{n}]"),
                Entry::Separator => "---".to_owned(),
            })
            .collect()
    }

    #[test]
    fn ids_round_trip_for_every_action() {
        let start = t(10, 0);
        for a in [
            Action::JoinNext,
            Action::Join("AAMk/x+y==".into(), start),
            Action::Details("AAMk:z".into()),
            Action::Rsvp("AAMk=".into(), Answer::Tentative),
            Action::CopyLink("AAMk".into()),
            Action::Refresh,
            Action::Open,
            Action::Settings,
            Action::Account,
            Action::TestNotification,
            Action::StartMeeting,
            Action::Schedule,
            Action::AutomaticReplies,
            Action::Quit,
        ] {
            assert_eq!(Action::parse(&a.id()), Some(a.clone()), "{}", a.id());
        }
        assert_eq!(Action::parse("nope"), None);
        assert_eq!(Action::parse("rsvp:maybe:x"), None);
    }

    #[test]
    fn next_meeting_first_then_today_and_tomorrow_with_marks_and_submenus() {
        let now = t(9, 50);
        let mut tentative = meeting("b", t(14, 0), 30);
        tentative.response = Response::TentativelyAccepted;
        let mut open = meeting("c", t(10, 0) + Duration::days(1), 60);
        open.response = Response::NotResponded;
        open.subject = "A very long planning meeting title that goes on and on and on".into();
        let mut no_link = meeting("d", t(16, 0), 30);
        no_link.links.clear();
        let (a, c) = agenda_at(
            &[
                meeting("a", t(10, 0), 30),
                tentative,
                open,
                no_link,
                meeting("old", t(8, 0), 30),
            ],
            now,
        );
        let ctx = Context {
            mailbox: Some(&c.mailbox),
            ..Context::default()
        };
        let m = menu(en(), Some(&a), &ctx, now, &Utc);
        assert_eq!(
            labels(&m),
            [
                "Join “Meeting a” (10:00)",
                "---",
                "[Today — Tue 10 Mar]",
                "10:00  Meeting a · Zoom",
                "14:00  ? Meeting b · Zoom",
                "16:00  Meeting d · no link",
                "[Tomorrow — Wed 11 Mar]",
                "10:00  A very long planning meeting title that… · Zoom",
                "Meeting actions",
                "---",
                "Refresh",
                "Open Meeting Tray",
                "Settings…",
                "Send a test notification",
                "---",
                "Not connected — Connect your calendar…",
                "---",
                "Quit",
            ]
        );
        // Choosing a row joins; without a link it shows the meeting.
        let action = |e: &Entry| match e {
            Entry::Item { action, .. } => action.clone(),
            other => panic!("a meeting row is an item: {other:?}"),
        };
        assert_eq!(action(&m[3]), Action::Join("a".into(), t(10, 0)));
        assert_eq!(action(&m[5]), Action::Details("d".into()));
        let Entry::Submenu {
            items: per_meeting, ..
        } = &m[8]
        else {
            panic!("the actions are a submenu")
        };
        assert_eq!(
            labels(per_meeting),
            [
                "10:00  Meeting a · Zoom",
                "14:00  ? Meeting b · Zoom",
                "16:00  Meeting d · no link",
                "10:00  A very long planning meeting title that… · Zoom",
            ]
        );
        let Entry::Submenu { items, .. } = &per_meeting[3] else {
            panic!("each meeting's actions are a submenu")
        };
        assert_eq!(
            labels(items),
            [
                "Join with Zoom",
                "Copy join link",
                "---",
                "Accept",
                "Tentative",
                "Decline"
            ]
        );
        let Entry::Submenu { items, .. } = &per_meeting[2] else {
            panic!("each meeting's actions are a submenu")
        };
        assert_eq!(
            labels(items),
            ["Show details"],
            "no link: details, no RSVP once answered"
        );
    }

    #[test]
    fn running_meeting_is_marked_and_empty_days_say_so_and_out_of_office_shows() {
        let now = t(10, 10);
        let (a, mut c) = agenda_at(&[meeting("a", t(10, 0), 30)], now);
        let m = menu(en(), Some(&a), &Context::default(), now, &Utc);
        assert_eq!(labels(&m)[3], "10:00  ● Meeting a · Zoom");
        assert_eq!(labels(&m)[5], "[No meetings]");
        c.mailbox.automatic_replies = OutOfOffice {
            status: "alwaysenabled".into(),
            ..OutOfOffice::default()
        };
        let a = agenda_of(&c, now);
        let ctx = Context {
            mailbox: Some(&c.mailbox),
            ..Context::default()
        };
        assert!(labels(&menu(en(), Some(&a), &ctx, now, &Utc))
            .contains(&"[Out of office (automatic replies on)]".to_owned()));
        // Without calendar data: no day sections at all.
        assert_eq!(
            labels(&menu(en(), None, &Context::default(), now, &Utc))[0],
            "Refresh"
        );
    }

    #[test]
    fn the_menu_speaks_czech_and_german() {
        let now = t(9, 50);
        let (a, _) = agenda_at(&[meeting("a", t(10, 0), 30)], now);
        let cs = crate::i18n::texts(crate::i18n::Lang::Cs);
        let m = labels(&menu(cs, Some(&a), &Context::default(), now, &Utc));
        assert_eq!(m[0], "Připojit se k „Meeting a“ (10:00)");
        assert_eq!(m[2], "[Dnes — Út 10. března]");
        assert!(
            m.contains(&"Obnovit".to_owned()) && m.contains(&"Ukončit".to_owned()),
            "{m:?}"
        );
        let de = crate::i18n::texts(crate::i18n::Lang::De);
        let m = labels(&menu(de, Some(&a), &Context::default(), now, &Utc));
        assert_eq!(m[0], "„Meeting a“ beitreten (10:00)");
        assert_eq!(m[2], "[Heute — Di 10. Mär]");
    }

    fn connected() -> crate::auth::session::AccountStatus {
        crate::auth::session::AccountStatus {
            state: "connected",
            username: Some("dana@contoso.example".into()),
            display_name: None,
            cloud: crate::auth::Cloud::Worldwide,
            tenant_id: None,
            signed_in_at: None,
            reconnect_by: None,
            access_token_expires_at: None,
            last_refresh_at: None,
            problem: None,
        }
    }

    #[test]
    fn the_account_line_says_offline_or_not_updated_with_the_data_s_time() {
        let status = connected();
        let since = t(9, 40);
        let line = |ctx: &Context<'_>| account_line(en(), ctx);
        let fine = Context {
            account: Some(&status),
            ..Context::default()
        };
        assert_eq!(line(&fine), "Connected as dana@contoso.example");
        let failed = Context {
            failed_since: Some(since),
            ..fine.clone()
        };
        let text = line(&failed);
        assert!(text.starts_with("Not updated — calendar as of "), "{text}");
        assert!(text.ends_with("; open for details"), "{text}");
        // No network says so first: it is the likelier cause to fix.
        let both = Context {
            offline_since: Some(since),
            ..failed.clone()
        };
        assert!(line(&both).starts_with("Offline — "), "{}", line(&both));
        // An account that needs the user says that instead.
        let reconnect = crate::auth::session::AccountStatus {
            state: "reconnect_needed",
            ..status.clone()
        };
        let needs = Context {
            account: Some(&reconnect),
            ..failed
        };
        assert!(!line(&needs).starts_with("Not updated"), "{}", line(&needs));
    }

    #[test]
    fn today_says_how_long_the_user_is_free_or_busy() {
        use crate::free_busy::{Availabilities, Availability::*};
        let now = t(9, 50);
        let (a, c) = agenda_at(&[meeting("a", t(10, 0), 60)], now);
        let day = Availabilities {
            start: t(9, 0),
            slot_minutes: 30,
            slots: vec![Free, Free, Busy, Busy, Free, Free],
        };
        let line = |at| {
            let ctx = Context {
                mailbox: Some(&c.mailbox),
                availability: Some(&day),
                ..Context::default()
            };
            let m = labels(&menu(en(), Some(&a), &ctx, at, &Utc));
            let today = m.iter().position(|l| l.starts_with("[Today")).unwrap();
            m[today + 1].clone()
        };
        assert_eq!(line(now), "[Free until 10:00]");
        assert_eq!(line(t(10, 5)), "[Busy until 11:00]");
        assert_eq!(line(t(11, 5)), "[Free for the rest of today]");
        // Outside what was read: no line.
        assert!(!line(t(12, 5)).contains("until"), "{}", line(t(12, 5)));
    }

    #[test]
    fn meetings_can_be_made_once_connected_with_a_source_and_outlook_on_the_web_known() {
        let status = connected();
        let now = t(9, 0);
        let (a, mut c) = agenda_at(&[], now);
        let m = |ctx: &Context<'_>| labels(&menu(en(), Some(&a), ctx, now, &Utc));
        let bare = Context {
            account: Some(&status),
            mailbox: Some(&c.mailbox),
            ..Context::default()
        };
        let none = m(&bare);
        for label in [
            "Start a meeting now",
            "Schedule a meeting…",
            "Automatic replies…",
        ] {
            assert!(
                !none.contains(&label.to_owned()),
                "{label} without what it needs: {none:?}"
            );
        }
        c.mailbox.outlook_web = Some("https://outlook.office365.com".into());
        let all = m(&Context {
            account: Some(&status),
            mailbox: Some(&c.mailbox),
            meeting_source: true,
            ..Context::default()
        });
        let at = |l: &str| {
            all.iter()
                .position(|x| x == l)
                .unwrap_or_else(|| panic!("{l}: {all:?}"))
        };
        assert_eq!(at("Schedule a meeting…"), at("Start a meeting now") + 1);
        assert_eq!(all[at("Schedule a meeting…") + 1], "---");
        assert_eq!(at("Refresh"), at("Schedule a meeting…") + 2);
        assert_eq!(
            at("Automatic replies…"),
            at("Connected as dana@contoso.example") + 1
        );
        // Signed out: nothing to make meetings with.
        let out = crate::auth::session::AccountStatus {
            state: "not_connected",
            ..status.clone()
        };
        let signed_out = m(&Context {
            account: Some(&out),
            mailbox: Some(&c.mailbox),
            meeting_source: true,
            ..Context::default()
        });
        assert!(
            !signed_out.iter().any(|l| l.starts_with("Start")
                || l.starts_with("Schedule")
                || l.starts_with("Automatic")),
            "{signed_out:?}"
        );
    }
}
