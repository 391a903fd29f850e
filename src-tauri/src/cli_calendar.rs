//! The calendar subcommands: sync, agenda, next, join. All but `sync` read
//! the encrypted cache only, so they answer offline and say how old it is.

use std::sync::Arc;

use chrono::{DateTime, Duration, Local, Utc};
use meeting_tray_core::agenda::{self, Agenda, Item, Status};
use meeting_tray_core::auth;
use meeting_tray_core::calendar::{Cache, Calendar, SyncReport};
use meeting_tray_core::i18n::{Arg, Texts};
use meeting_tray_core::join;
use meeting_tray_core::settings::Settings;
use meeting_tray_core::store::CacheFile;
use serde_json::json;

use crate::cli::CliResult;
use crate::cli_account;
use crate::cli_text;

/// Older than this, the agenda says it may be out of date.
const STALE_AFTER: Duration = Duration::minutes(15);

/// Nothing to join: the meeting or its link is missing. Said in the
/// command line's language.
#[derive(Debug)]
pub enum JoinError {
    NoMeeting,
    /// `--soon`: nothing running or within 15 minutes.
    NothingSoon,
    UnknownId(String),
    NoLink(String),
    Unsafe {
        subject: String,
        reason: String,
    },
}

impl std::fmt::Display for JoinError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = cli_text::t();
        f.write_str(&match self {
            JoinError::NoMeeting => t.text("cli-error-no-meeting"),
            JoinError::NothingSoon => t.text("notice-nothing-to-join"),
            JoinError::UnknownId(id) => t.get("cli-error-unknown-id", &[("id", Arg::Str(id))]),
            JoinError::NoLink(subject) => {
                t.get("cli-error-no-link", &[("subject", Arg::Str(subject))])
            }
            JoinError::Unsafe { subject, reason } => t.get(
                "cli-error-unsafe",
                &[("subject", Arg::Str(subject)), ("reason", Arg::Str(reason))],
            ),
        })
    }
}

impl std::error::Error for JoinError {}

fn load_cache() -> Result<Option<Cache>, Box<dyn std::error::Error + Send + Sync>> {
    let paths = meeting_tray_core::paths::AppPaths::discover()?;
    let file = CacheFile::new(
        &paths.data_dir,
        auth::keychain(),
        auth::session::VAULT_ACCOUNT,
    );
    Ok(file.load()?)
}

/// Machine output (`--json`) is English whatever the language.
fn english() -> &'static Texts {
    meeting_tray_core::i18n::texts(meeting_tray_core::i18n::Lang::En)
}

/// The mailbox's language, from a cache the command has loaded anyway.
fn mailbox(cache: Option<&Cache>) -> Option<&str> {
    cache.and_then(|c| c.mailbox.locale.as_deref())
}

fn local(t: DateTime<Utc>) -> DateTime<Local> {
    t.with_timezone(&Local)
}

fn hm(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M").to_string()
}

/// The last sync, once it is long enough ago to say so.
fn stale_since(cache: &Cache, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    cache.last_sync.filter(|at| now - *at > STALE_AFTER)
}

fn staleness(t: &Texts, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let time = t.date(&local(at), "format-day-time");
    t.get(
        "cli-stale",
        &[
            ("time", Arg::Str(&time)),
            ("n", Arg::Num((now - at).num_minutes())),
        ],
    )
}

fn build(cache: &Cache, now: DateTime<Utc>, days: u32) -> Agenda {
    let today = Local::now().date_naive();
    let midnight = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(Local).earliest())
            .map_or(now, |t| t.with_timezone(&Utc))
    };
    let to = midnight(today + Duration::days(i64::from(days.max(1))));
    agenda::agenda(cache, &settings().filters, now, midnight(today), to, &Local)
}

/// The user's settings (filters, join choices); the defaults when they
/// cannot be read (the app and `meeting-tray status` report a damaged file).
pub(crate) fn settings() -> Settings {
    meeting_tray_core::paths::AppPaths::discover()
        .ok()
        .and_then(|p| Settings::load(&p.settings_file()).ok())
        .unwrap_or_default()
}

pub fn agenda(days: u32, json_out: bool) -> CliResult {
    let now = Utc::now();
    let cache = load_cache()?;
    if json_out {
        let Some(cache) = cache else {
            let message = english().text("cli-no-cache");
            println!(
                "{}",
                json!({"items": [], "as_of": null, "message": message})
            );
            return Ok(());
        };
        let mut v = serde_json::to_value(build(&cache, now, days))?;
        v["stale"] = json!(stale_since(&cache, now).is_some());
        println!("{v}");
        return Ok(());
    }
    let t = cli_text::with_mailbox(mailbox(cache.as_ref()));
    let Some(cache) = cache else {
        println!("{}", t.text("cli-no-cache"));
        return Ok(());
    };
    let stale = stale_since(&cache, now).map(|at| staleness(t, at, now));
    for line in agenda_lines(t, &build(&cache, now, days), stale) {
        println!("{line}");
    }
    Ok(())
}

/// The agenda for people: day headings, one line a meeting, free time.
fn agenda_lines(t: &Texts, a: &Agenda, stale: Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(s) = stale {
        out.push(format!("({s})"));
    }
    if a.out_of_office {
        out.push(t.text("cli-out-of-office"));
    }
    if a.items.is_empty() {
        out.push(t.text("cli-no-meetings"));
    }
    let mut day = None;
    for i in &a.items {
        let d = local(i.start).date_naive();
        if day != Some(d) {
            out.push(t.date(&local(i.start), "cli-format-heading"));
            day = Some(d);
        }
        // As wide as "09:00–10:00".
        let when = if i.all_day {
            format!("{:<11}", t.text("cli-all-day"))
        } else {
            format!("{}–{}", hm(i.start), hm(i.end))
        };
        let link = i.join.as_ref().map_or("", |l| l.service_name.as_str());
        let state = match i.status {
            Status::Ended => format!(" {}", t.text("cli-ended")),
            Status::InProgress => format!(" {}", t.text("cli-now")),
            Status::Upcoming => String::new(),
        };
        out.push(format!("  {when}  {}{state}  {link}", i.subject));
    }
    match (a.busy_now, a.free_until) {
        (false, Some(until)) => {
            out.push(t.get("cli-free-until", &[("time", Arg::Str(&hm(until)))]))
        }
        (false, None) => out.push(t.text("cli-free-rest")),
        _ => {}
    }
    out
}

/// "Design review in 5 min (Microsoft Teams)".
fn line(t: &Texts, i: &Item, now: DateTime<Utc>) -> String {
    let when = agenda::relative(t, i, now);
    let mut args = vec![("subject", Arg::Str(&i.subject)), ("when", Arg::Str(&when))];
    match &i.join {
        Some(l) => {
            args.push(("service", Arg::Str(&l.service_name)));
            t.get("cli-next-with", &args)
        }
        None => t.get("cli-next", &args),
    }
}

pub fn next(json_out: bool, waybar: bool) -> CliResult {
    let now = Utc::now();
    let cache = load_cache()?;
    let a = cache.as_ref().map(|c| build(c, now, 2));
    let item = a.as_ref().and_then(Agenda::next);
    let stale_at = cache.as_ref().and_then(|c| stale_since(c, now));
    if json_out {
        println!(
            "{}",
            json!({"meeting": item, "when": item.map(|i| agenda::relative(english(), i, now)), "stale": stale_at.is_some()})
        );
        return Ok(());
    }
    let t = cli_text::with_mailbox(mailbox(cache.as_ref()));
    let stale = stale_at.map(|at| staleness(t, at, now));
    if waybar {
        // Always valid JSON: a status bar must never get an error text.
        let (text, mut class) = match item {
            Some(i) => {
                let class = match i.status {
                    Status::InProgress => "now",
                    _ if i.start - now <= Duration::minutes(15) => "soon",
                    _ => "later",
                };
                (line(t, i, now), vec![class])
            }
            None if cache.is_none() => (t.text("cli-bar-not-synced"), vec!["none"]),
            None => (t.text("cli-bar-no-meetings"), vec!["none"]),
        };
        if a.as_ref().is_some_and(|a| a.out_of_office) {
            class.push("ooo");
        }
        if stale.is_some() {
            class.push("stale");
        }
        let mut tooltip = item
            .map(|i| format!("{}\n{}–{}", i.subject, hm(i.start), hm(i.end)))
            .unwrap_or_else(|| text.clone());
        if let Some(s) = &stale {
            tooltip.push_str(&format!("\n({s})"));
        }
        println!(
            "{}",
            json!({"text": text, "tooltip": tooltip, "class": class})
        );
        return Ok(());
    }
    match (item, &cache) {
        (Some(i), _) => println!("{}", line(t, i, now)),
        (None, None) => println!("{}", t.text("cli-no-cache")),
        (None, Some(_)) => println!("{}", t.text("cli-no-more-meetings")),
    }
    if let Some(s) = stale {
        println!("({s})");
    }
    Ok(())
}

pub fn join(id: Option<String>, soon: bool) -> CliResult {
    let result = join_one(id, soon);
    if let (true, Err(e)) = (soon, &result) {
        crate::notify::notice_now("Meeting Tray", &e.to_string());
    }
    result
}

fn join_one(id: Option<String>, soon: bool) -> CliResult {
    let now = Utc::now();
    let cache = load_cache()?;
    let t = cli_text::with_mailbox(mailbox(cache.as_ref()));
    let cache = cache.ok_or(JoinError::NoMeeting)?;
    // An id may be any meeting of the synced window; --next looks at two days.
    let days = if id.is_some() { 40 } else { 2 };
    let a = build(&cache, now, days);
    let item = match &id {
        Some(id) => a
            .items
            .iter()
            .find(|i| &i.id == id)
            .ok_or_else(|| JoinError::UnknownId(id.clone()))?,
        None if soon => {
            meeting_tray_core::tray_menu::joinable_next(&a, now).ok_or(JoinError::NothingSoon)?
        }
        None => a.next().ok_or(JoinError::NoMeeting)?,
    };
    let link = item
        .join
        .as_ref()
        .ok_or_else(|| JoinError::NoLink(item.subject.clone()))?;
    // The same decision as the app's Join: re-checked, native app or browser.
    let settings = settings();
    let opening = join::opening(
        link,
        &settings.link_preferences(),
        &settings.join,
        &crate::handlers::has_handler,
    )
    .map_err(|e| JoinError::Unsafe {
        subject: item.subject.clone(),
        reason: e.to_string(),
    })?;
    if let Some(notice) = &opening.notice {
        println!("{notice}");
    }
    let joining = t.get(
        "cli-joining",
        &[
            ("subject", Arg::Str(&item.subject)),
            ("service", Arg::Str(&link.service_name)),
            ("url", Arg::Str(&opening.url)),
        ],
    );
    println!("{joining}");
    crate::browser::open(&opening.url)?;
    Ok(())
}

pub fn sync(json_out: bool) -> CliResult {
    let opened = cli_account::open()?;
    let auth = Arc::new(opened.auth?);
    let mut calendar = Calendar::new(auth, auth::keychain(), &opened.paths.data_dir);
    calendar.link_preferences = settings().link_preferences();
    let (cache, report) = tauri::async_runtime::block_on(calendar.sync(Utc::now()))?;
    if json_out {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let t = cli_text::with_mailbox(mailbox(Some(&cache)));
        println!("{}", sync_line(t, &report));
    }
    Ok(())
}

/// "Synced: 3 added, 0 changed, 1 removed; 14 meetings kept (2 requests, 5.1 KB)."
fn sync_line(t: &Texts, report: &SyncReport) -> String {
    let o = &report.outcome;
    let n = |v: u64| Arg::Num(i64::try_from(v).unwrap_or(i64::MAX));
    let count = |v: usize| n(v as u64);
    let kb = cli_text::decimal(t, report.bytes as f64 / 1024.0);
    t.get(
        "cli-synced",
        &[
            ("full", Arg::Str(if o.full { "yes" } else { "no" })),
            ("added", count(o.added)),
            ("changed", count(o.changed)),
            ("removed", count(o.removed)),
            ("meetings", count(report.meetings)),
            ("requests", n(report.requests)),
            ("kb", Arg::Str(&kb)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use meeting_tray_core::calendar::{JoinLink, Response};
    use meeting_tray_core::i18n::{texts, Lang};
    use meeting_tray_core::sync::SyncOutcome;

    #[test]
    fn the_cache_age_is_told_once_it_is_stale() {
        let now = Utc::now();
        let (s, e) = meeting_tray_core::sync::window(now);
        let mut cache = Cache::empty(s, e);
        assert_eq!(
            stale_since(&cache, now),
            None,
            "never synced: nothing to say yet"
        );
        cache.last_sync = Some(now - Duration::minutes(5));
        assert_eq!(stale_since(&cache, now), None);
        let at = now - Duration::minutes(42);
        cache.last_sync = Some(at);
        assert_eq!(stale_since(&cache, now), Some(at));
        let told = staleness(texts(Lang::En), at, now);
        assert!(
            told.starts_with("as of ")
                && told.contains("42 min ago")
                && told.contains("meeting-tray sync"),
            "{told}"
        );
        let cs = staleness(texts(Lang::Cs), at, now);
        assert!(
            cs.starts_with("stav k ") && cs.contains("před 42 min"),
            "{cs}"
        );
        let de = staleness(texts(Lang::De), at, now);
        assert!(
            de.starts_with("Stand: ") && de.contains("vor 42 Min."),
            "{de}"
        );
    }

    /// Tuesday 10 March 2026, noon UTC: the same day in every time zone
    /// within eleven hours of UTC.
    fn tuesday(h: i64, m: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_773_144_000, 0).unwrap()
            + Duration::hours(h - 12)
            + Duration::minutes(m)
    }

    fn item(subject: &str, start: DateTime<Utc>, status: Status, all_day: bool) -> Item {
        Item {
            id: subject.to_owned(),
            subject: subject.to_owned(),
            start,
            end: start + Duration::minutes(30),
            all_day,
            status,
            organizer: None,
            response: Response::Accepted,
            cancelled: false,
            join: Some(JoinLink {
                url: "https://zoom.us/j/1".into(),
                service: "zoom".into(),
                service_name: "Zoom".into(),
                native_url: None,
            }),
            group: 0,
            join_details_added: false,
        }
    }

    fn day_agenda() -> Agenda {
        Agenda {
            items: vec![
                item("Offsite", tuesday(12, 0), Status::InProgress, true),
                item("Review", tuesday(11, 0), Status::Ended, false),
                item("Planning", tuesday(12, 0), Status::InProgress, false),
            ],
            free_until: Some(tuesday(12, 30)),
            busy_now: false,
            out_of_office: true,
            as_of: None,
        }
    }

    #[test]
    fn the_agenda_speaks_the_chosen_language() {
        let a = day_agenda();
        let lines = |lang| agenda_lines(texts(lang), &a, None);
        let (en, cs, de) = (lines(Lang::En), lines(Lang::Cs), lines(Lang::De));
        assert_eq!(en[0], "Automatic replies are on (out of office).");
        assert_eq!(en[1], "Tuesday 10 March");
        assert_eq!(en[2], "  all day      Offsite (now)  Zoom");
        assert!(en[3].ends_with("  Review (ended)  Zoom"), "{}", en[3]);
        assert!(en[5].starts_with("Free until "), "{}", en[5]);

        assert_eq!(cs[0], "Automatické odpovědi jsou zapnuté (mimo kancelář).");
        assert_eq!(cs[1], "Úterý 10. března");
        assert_eq!(cs[2], "  celý den     Offsite (probíhá)  Zoom");
        assert!(cs[3].ends_with("  Review (skončila)  Zoom"), "{}", cs[3]);
        assert!(cs[5].starts_with("Volno do "), "{}", cs[5]);

        assert_eq!(de[1], "Dienstag, 10. März");
        assert_eq!(de[2], "  ganztägig    Offsite (läuft)  Zoom");
        assert!(de[3].ends_with("  Review (beendet)  Zoom"), "{}", de[3]);
        assert!(de[5].starts_with("Frei bis "), "{}", de[5]);
        // The times column is the same in every language.
        let times = |l: &str| l.split_once("Planning").unwrap().0.to_owned();
        assert_eq!(times(&en[4]), times(&cs[4]));
    }

    #[test]
    fn an_empty_agenda_says_so_and_the_next_meeting_reads_as_a_sentence() {
        let empty = Agenda {
            items: vec![],
            free_until: None,
            busy_now: false,
            out_of_office: false,
            as_of: None,
        };
        let cs = agenda_lines(texts(Lang::Cs), &empty, Some("stav k Po 10:00".into()));
        assert_eq!(
            cs,
            [
                "(stav k Po 10:00)",
                "Žádné schůzky.",
                "Volno po zbytek synchronizovaného kalendáře."
            ]
        );
        let i = item("Planning", tuesday(12, 0), Status::Upcoming, false);
        let now = tuesday(11, 55);
        assert_eq!(line(texts(Lang::En), &i, now), "Planning in 5 min (Zoom)");
        assert_eq!(line(texts(Lang::Cs), &i, now), "Planning za 5 min (Zoom)");
        assert_eq!(line(texts(Lang::De), &i, now), "Planning in 5 Min. (Zoom)");
    }

    #[test]
    fn the_sync_summary_counts_in_each_language() {
        let report = |full, meetings, requests| SyncReport {
            outcome: SyncOutcome {
                full,
                added: 3,
                changed: 0,
                removed: 1,
                pages: 1,
            },
            meetings,
            requests,
            bytes: 2355,
            unchanged: false,
        };
        let cases = [
            (Lang::En, false, 14, 2, "Synced: 3 added, 0 changed, 1 removed; 14 meetings kept (2 requests, 2.3 KB)."),
            (Lang::En, true, 1, 1, "Synced (full round): 3 added, 0 changed, 1 removed; 1 meeting kept (1 request, 2.3 KB)."),
            (Lang::Cs, false, 3, 5, "Synchronizováno: přidáno 3, změněno 0, odstraněno 1; v mezipaměti 3 schůzky (5 požadavků, 2,3 KB)."),
            (Lang::De, true, 1, 2, "Synchronisiert (vollständiger Durchlauf): 3 hinzugefügt, 0 geändert, 1 entfernt; 1 Besprechung gespeichert (2 Anfragen, 2,3 KB)."),
        ];
        for (lang, full, meetings, requests, want) in cases {
            assert_eq!(
                sync_line(texts(lang), &report(full, meetings, requests)),
                want
            );
        }
    }
}
