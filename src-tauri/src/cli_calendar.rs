//! The calendar subcommands: sync, agenda, next, join. All but `sync` read
//! the encrypted cache only, so they answer offline and say how old it is.

use std::sync::Arc;

use chrono::{DateTime, Duration, Local, Utc};
use meeting_tray_core::agenda::{self, Agenda, Item, Status};
use meeting_tray_core::auth;
use meeting_tray_core::calendar::{Cache, Calendar};
use meeting_tray_core::join;
use meeting_tray_core::settings::Settings;
use meeting_tray_core::store::CacheFile;
use serde_json::json;

use crate::cli::CliResult;
use crate::cli_account;

/// Older than this, the agenda says it may be out of date.
const STALE_AFTER: Duration = Duration::minutes(15);

/// Nothing to join: the meeting or its link is missing.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error("no meeting to join now or next in the cached calendar")]
    NoMeeting,
    #[error(
        "no meeting with the id {0:?} in the cached calendar (see `meeting-tray agenda --json`)"
    )]
    UnknownId(String),
    #[error("\"{0}\" has no join link")]
    NoLink(String),
    #[error("the join link of \"{subject}\" is not safe to open: {reason}")]
    Unsafe { subject: String, reason: String },
}

fn load_cache() -> Result<Option<Cache>, Box<dyn std::error::Error + Send + Sync>> {
    let paths = meeting_tray_core::paths::AppPaths::discover()?;
    let file = CacheFile::new(
        &paths.data_dir,
        auth::keychain(),
        auth::session::VAULT_ACCOUNT,
    );
    Ok(file.load()?)
}

/// The command line speaks English (its localization is still to come).
fn english() -> &'static meeting_tray_core::i18n::Texts {
    meeting_tray_core::i18n::texts(meeting_tray_core::i18n::Lang::En)
}

fn local(t: DateTime<Utc>) -> DateTime<Local> {
    t.with_timezone(&Local)
}

fn staleness(cache: &Cache, now: DateTime<Utc>) -> Option<String> {
    let at = cache.last_sync?;
    let age = now - at;
    (age > STALE_AFTER).then(|| {
        format!(
            "as of {} ({} min ago) — run `meeting-tray sync` or start Meeting Tray",
            local(at).format("%a %H:%M"),
            age.num_minutes()
        )
    })
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

const NO_CACHE: &str = "No calendar data yet: connect (`meeting-tray connect`), then run `meeting-tray sync` or start Meeting Tray.";

pub fn agenda(days: u32, json_out: bool) -> CliResult {
    let now = Utc::now();
    let Some(cache) = load_cache()? else {
        if json_out {
            println!(
                "{}",
                json!({"items": [], "as_of": null, "message": NO_CACHE})
            );
        } else {
            println!("{NO_CACHE}");
        }
        return Ok(());
    };
    let a = build(&cache, now, days);
    if json_out {
        let mut v = serde_json::to_value(&a)?;
        v["stale"] = json!(staleness(&cache, now).is_some());
        println!("{v}");
        return Ok(());
    }
    if let Some(s) = staleness(&cache, now) {
        println!("({s})");
    }
    if a.out_of_office {
        println!("Automatic replies are on (out of office).");
    }
    if a.items.is_empty() {
        println!("No meetings.");
    }
    let mut day = None;
    for i in &a.items {
        let d = local(i.start).date_naive();
        if day != Some(d) {
            println!("{}", local(i.start).format("%A %-d %B"));
            day = Some(d);
        }
        let when = if i.all_day {
            "all day    ".to_owned()
        } else {
            format!(
                "{}–{}",
                local(i.start).format("%H:%M"),
                local(i.end).format("%H:%M")
            )
        };
        let link = i.join.as_ref().map_or("", |l| l.service_name.as_str());
        let state = match i.status {
            Status::Ended => " (ended)".to_owned(),
            Status::InProgress => " (now)".to_owned(),
            Status::Upcoming => String::new(),
        };
        println!("  {when}  {}{state}  {link}", i.subject);
    }
    match (a.busy_now, a.free_until) {
        (false, Some(t)) => println!("Free until {}.", local(t).format("%H:%M")),
        (false, None) => println!("Free for the rest of the synced calendar."),
        _ => {}
    }
    Ok(())
}

fn line(i: &Item, now: DateTime<Utc>) -> String {
    let link = i
        .join
        .as_ref()
        .map(|l| format!(" ({})", l.service_name))
        .unwrap_or_default();
    format!(
        "{} {}{link}",
        i.subject,
        agenda::relative(english(), i, now)
    )
}

pub fn next(json_out: bool, waybar: bool) -> CliResult {
    let now = Utc::now();
    let cache = load_cache()?;
    let a = cache.as_ref().map(|c| build(c, now, 2));
    let item = a.as_ref().and_then(Agenda::next);
    let stale = cache.as_ref().and_then(|c| staleness(c, now));
    if waybar {
        // Always valid JSON: a status bar must never get an error text.
        let (text, mut class) = match item {
            Some(i) => {
                let class = match i.status {
                    Status::InProgress => "now",
                    _ if i.start - now <= Duration::minutes(15) => "soon",
                    _ => "later",
                };
                (line(i, now), vec![class])
            }
            None if cache.is_none() => ("Not synced".to_owned(), vec!["none"]),
            None => ("No meetings".to_owned(), vec!["none"]),
        };
        if a.as_ref().is_some_and(|a| a.out_of_office) {
            class.push("ooo");
        }
        if stale.is_some() {
            class.push("stale");
        }
        let mut tooltip = item
            .map(|i| {
                format!(
                    "{}\n{}–{}",
                    i.subject,
                    local(i.start).format("%H:%M"),
                    local(i.end).format("%H:%M")
                )
            })
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
    if json_out {
        println!(
            "{}",
            json!({"meeting": item, "when": item.map(|i| agenda::relative(english(), i, now)), "stale": stale.is_some()})
        );
        return Ok(());
    }
    match (item, &cache) {
        (Some(i), _) => println!("{}", line(i, now)),
        (None, None) => println!("{NO_CACHE}"),
        (None, Some(_)) => println!("No more meetings."),
    }
    if let Some(s) = stale {
        println!("({s})");
    }
    Ok(())
}

pub fn join(id: Option<String>) -> CliResult {
    let now = Utc::now();
    let cache = load_cache()?.ok_or(JoinError::NoMeeting)?;
    // An id may be any meeting of the synced window; --next looks at two days.
    let days = if id.is_some() { 40 } else { 2 };
    let a = build(&cache, now, days);
    let item = match &id {
        Some(id) => a
            .items
            .iter()
            .find(|i| &i.id == id)
            .ok_or_else(|| JoinError::UnknownId(id.clone()))?,
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
        &settings.links.preferences(),
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
    println!(
        "Joining \"{}\" with {}: {}",
        item.subject, link.service_name, opening.url
    );
    crate::browser::open(&opening.url)?;
    Ok(())
}

pub fn sync(json_out: bool) -> CliResult {
    let opened = cli_account::open()?;
    let auth = Arc::new(opened.auth?);
    let mut calendar = Calendar::new(auth, auth::keychain(), &opened.paths.data_dir);
    calendar.link_preferences = settings().links.preferences();
    let (_, report) = tauri::async_runtime::block_on(calendar.sync(Utc::now()))?;
    if json_out {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let o = &report.outcome;
        println!(
            "Synced{}: {} added, {} changed, {} removed; {} meetings kept ({} requests, {:.1} KB).",
            if o.full { " (full round)" } else { "" },
            o.added,
            o.changed,
            o.removed,
            report.meetings,
            report.requests,
            report.bytes as f64 / 1024.0
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_age_is_told_once_it_is_stale() {
        let now = Utc::now();
        let (s, e) = meeting_tray_core::sync::window(now);
        let mut cache = Cache::empty(s, e);
        assert_eq!(
            staleness(&cache, now),
            None,
            "never synced: nothing to say yet"
        );
        cache.last_sync = Some(now - Duration::minutes(5));
        assert_eq!(staleness(&cache, now), None);
        cache.last_sync = Some(now - Duration::minutes(42));
        let told = staleness(&cache, now).expect("stale");
        assert!(
            told.contains("42 min ago") && told.contains("meeting-tray sync"),
            "{told}"
        );
    }
}
