//! The main window's agenda and settings commands (see
//! `capabilities/main.json`).

use chrono::{DateTime, Duration, Local, NaiveDate, Utc};
use meeting_tray_core::agenda::{by_day, Item, Status};
use meeting_tray_core::calendar::{Answer, Response};
use meeting_tray_core::i18n::{Arg, Texts};
use meeting_tray_core::join::host_of;
use meeting_tray_core::meeting_source::MeetingSource;
use meeting_tray_core::settings::{
    services_with_app, DesktopSettings, LinkSettings, MeetingSettings, Settings,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::account::Accounts;
use crate::alerter::Alerts;
use crate::ipc::{ErrorCode, IpcError};
use crate::popup_commands::{response_name, time_range};
use crate::syncer::SyncTrigger;
use crate::{desktop, joining, window};

/// How many days the agenda shows, today included.
const DAYS: u32 = 7;
/// Data older than this is called stale even when the last sync worked.
const STALE_AFTER_MINUTES: i64 = 15;
/// The event that tells the main window to fetch the agenda again.
pub const AGENDA_CHANGED: &str = "agenda-changed";

#[derive(Debug, Clone, Serialize)]
pub struct AgendaMeeting {
    pub id: String,
    pub start: String,
    pub end: String,
    pub time_range: String,
    pub all_day: bool,
    pub subject: String,
    pub organizer: Option<String>,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub host: Option<String>,
    pub status: Status,
    pub response: &'static str,
    pub can_rsvp: bool,
    pub cancelled: bool,
    /// Meeting Tray's scheduling keyword added the join details.
    pub join_details_added: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaDay {
    pub date: String,
    pub label: String,
    pub meetings: Vec<AgendaMeeting>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutOfOfficeView {
    /// The scheduled window's start; none when always on.
    pub from: Option<String>,
    pub until: Option<String>,
    /// Alerts are off meanwhile (the user did not opt in).
    pub muted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaView {
    pub connected: bool,
    pub days: Vec<AgendaDay>,
    pub now: String,
    pub out_of_office: Option<OutOfOfficeView>,
    pub stale_since: Option<String>,
    /// Why the last sync failed (it reached the network; offline is
    /// `stale_since`), in words that say what to do.
    pub sync_problem: Option<String>,
    /// Today's availability from Microsoft 365 (getSchedule), once read.
    pub availability: Option<AvailabilityView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AvailabilityView {
    /// RFC 3339: today's local midnight.
    pub start: String,
    pub slot_minutes: i64,
    pub slots: Vec<meeting_tray_core::free_busy::Availability>,
}

async fn availability_view(trigger: &SyncTrigger) -> Option<AvailabilityView> {
    trigger
        .availability
        .lock()
        .await
        .as_ref()
        .map(|a| AvailabilityView {
            start: a.start.to_rfc3339(),
            slot_minutes: a.slot_minutes,
            slots: a.slots.clone(),
        })
}

fn meeting_view(t: &Texts, i: &Item) -> AgendaMeeting {
    AgendaMeeting {
        id: i.id.clone(),
        start: i.start.to_rfc3339(),
        end: i.end.to_rfc3339(),
        time_range: if i.all_day {
            t.text("tray-all-day")
        } else {
            time_range(i.start, i.end)
        },
        all_day: i.all_day,
        subject: i.subject.clone(),
        organizer: i.organizer.clone(),
        service_id: i.join.as_ref().map(|l| l.service.clone()),
        service_name: i.join.as_ref().map(|l| l.service_name.clone()),
        host: i.join.as_ref().map(|l| host_of(&l.url)),
        status: i.status,
        response: response_name(i.response),
        can_rsvp: i.response == Response::NotResponded,
        cancelled: i.cancelled,
        join_details_added: i.join_details_added,
    }
}

fn day_label(t: &Texts, day: NaiveDate, today: NaiveDate) -> String {
    let date = day
        .and_hms_opt(12, 0, 0)
        .map(|noon| t.day(&noon.and_utc()))
        .unwrap_or_default();
    match (day - today).num_days() {
        0 => t.get("tray-today", &[("date", Arg::Str(&date))]),
        1 => t.get("tray-tomorrow", &[("date", Arg::Str(&date))]),
        _ => date,
    }
}

#[tauri::command]
pub async fn agenda_view(
    app: AppHandle,
    alerts: State<'_, Alerts>,
    accounts: State<'_, Accounts>,
    trigger: State<'_, SyncTrigger>,
) -> Result<AgendaView, IpcError> {
    let now = Utc::now();
    let today = Local::now().date_naive();
    let t = crate::language::texts(&app);
    let connected = accounts
        .status()
        .await
        .is_some_and(|s| s.state != "not_connected");
    let from = now - Duration::days(1);
    let to = now + Duration::days(i64::from(DAYS) + 1);
    let Some((agenda, mailbox)) = alerts.agenda_between(now, from, to) else {
        return Ok(AgendaView {
            connected,
            days: by_day_views(t, None, today),
            now: now.to_rfc3339(),
            out_of_office: None,
            stale_since: None,
            sync_problem: trigger.problem().await,
            availability: if connected {
                availability_view(&trigger).await
            } else {
                None
            },
        });
    };
    let stale = trigger.is_offline()
        || agenda
            .as_of
            .is_some_and(|t| now - t > Duration::minutes(STALE_AFTER_MINUTES));
    let ooo = &mailbox.automatic_replies;
    Ok(AgendaView {
        connected,
        days: by_day_views(t, Some(&agenda), today),
        now: now.to_rfc3339(),
        out_of_office: agenda.out_of_office.then(|| {
            let scheduled = |t: Option<DateTime<Utc>>| {
                (ooo.status == "scheduled")
                    .then_some(t)
                    .flatten()
                    .map(|t| t.to_rfc3339())
            };
            OutOfOfficeView {
                from: scheduled(ooo.scheduled_start),
                until: scheduled(ooo.scheduled_end),
                muted: alerts.settings().alerts.quiet_when_out_of_office,
            }
        }),
        stale_since: stale
            .then_some(agenda.as_of)
            .flatten()
            .map(|t| t.to_rfc3339()),
        sync_problem: trigger.problem().await,
        availability: availability_view(&trigger).await,
    })
}

fn by_day_views(
    t: &Texts,
    agenda: Option<&meeting_tray_core::agenda::Agenda>,
    today: NaiveDate,
) -> Vec<AgendaDay> {
    let empty = meeting_tray_core::agenda::Agenda {
        items: Vec::new(),
        free_until: None,
        busy_now: false,
        out_of_office: false,
        as_of: None,
    };
    by_day(agenda.unwrap_or(&empty), today, DAYS, &Local)
        .into_iter()
        .map(|(day, items)| AgendaDay {
            date: day.to_string(),
            label: day_label(t, day, today),
            meetings: items.into_iter().map(|i| meeting_view(t, i)).collect(),
        })
        .collect()
}

#[tauri::command]
pub async fn agenda_join(app: AppHandle, id: String, start: DateTime<Utc>) -> Result<(), IpcError> {
    joining::join_meeting(&app, &id, start)
}

#[tauri::command]
pub async fn agenda_rsvp(app: AppHandle, id: String, action: Answer) -> Result<(), IpcError> {
    joining::answer(&app, &id, action).await?;
    changed(&app);
    Ok(())
}

/// Tells an open main window that the agenda changed.
pub fn changed(app: &AppHandle) {
    if app.get_webview_window(window::MAIN).is_some() {
        if let Err(e) = app.emit_to(window::MAIN, AGENDA_CHANGED, ()) {
            tracing::warn!("cannot tell the window the agenda changed: {e}");
        }
    }
}

/// The settings the Settings tab edits (sign-in settings stay on the Account tab).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppSettings {
    pub alerts: meeting_tray_core::alerts::AlertSettings,
    pub join: meeting_tray_core::join::JoinSettings,
    pub filters: meeting_tray_core::agenda::Filters,
    /// `en`, `cs`, `de`; none: automatic.
    pub language: Option<String>,
    pub desktop: DesktopSettings,
    pub links: LinkSettings,
    pub meetings: MeetingSettings,
    /// Not in the settings file: the OS's start-at-login entry.
    pub start_at_login: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceChoice {
    pub id: &'static str,
    pub name: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppSettingsView {
    pub settings: AppSettings,
    /// Services with their own app (the per-service open-in choice).
    pub services: Vec<ServiceChoice>,
    /// Every known service (the preference order).
    pub all_services: Vec<ServiceChoice>,
    /// `x11`, `wayland` or `other`: global shortcuts work on X11 only.
    pub session: &'static str,
    /// Why the join shortcut is not active, if it is not.
    pub shortcut_problem: Option<String>,
}

fn settings_view(app: &AppHandle, s: Settings) -> AppSettingsView {
    let choice = |s: &'static meeting_tray_links::catalogue::Service| ServiceChoice {
        id: s.id,
        name: s.name,
    };
    AppSettingsView {
        settings: AppSettings {
            alerts: s.alerts,
            join: s.join,
            filters: s.filters,
            language: s.language,
            desktop: s.desktop,
            links: s.links,
            meetings: s.meetings,
            start_at_login: desktop::starts_at_login(app),
        },
        services: services_with_app().map(choice).collect(),
        all_services: meeting_tray_links::catalogue::SERVICES
            .iter()
            .map(choice)
            .collect(),
        session: desktop::session(),
        shortcut_problem: app.state::<desktop::JoinShortcut>().problem(),
    }
}

/// Async: off the UI thread (it reads the settings file).
#[tauri::command]
pub async fn app_settings(
    app: AppHandle,
    accounts: State<'_, Accounts>,
) -> Result<AppSettingsView, IpcError> {
    Settings::load(&accounts.paths.settings_file())
        .map(|s| settings_view(&app, s))
        .map_err(|e| IpcError::new(ErrorCode::Configuration, e.to_string()))
}

/// Stray spaces around what was typed or pasted are not part of it.
fn trim_meetings(m: &mut MeetingSettings) {
    m.keyword = m.keyword.trim().to_owned();
    let sources = m
        .source
        .iter_mut()
        .chain(m.more_keywords.iter_mut().map(|k| &mut k.source));
    for source in sources {
        let (url, dial_in) = match source {
            MeetingSource::PersonalRoom {
                service,
                url,
                dial_in,
            } => {
                *service = service.trim().to_owned();
                (url, dial_in)
            }
            MeetingSource::Jitsi { base_url, dial_in } => (base_url, dial_in),
        };
        *url = url.trim().to_owned();
        *dial_in = dial_in
            .take()
            .map(|d| d.trim().to_owned())
            .filter(|d| !d.is_empty());
    }
}

#[tauri::command]
pub async fn save_app_settings(
    app: AppHandle,
    accounts: State<'_, Accounts>,
    settings: AppSettings,
) -> Result<AppSettingsView, IpcError> {
    let path = accounts.paths.settings_file();
    let mut all = Settings::load(&path)
        .map_err(|e| IpcError::new(ErrorCode::Configuration, e.to_string()))?;
    let before = all.clone();
    all.alerts = settings.alerts;
    all.join = settings.join;
    all.filters = settings.filters;
    all.language = settings.language.filter(|l| !l.is_empty());
    all.desktop = settings.desktop;
    all.desktop.join_shortcut = all
        .desktop
        .join_shortcut
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty());
    all.links = settings.links;
    for c in &mut all.links.custom {
        // Stray spaces would only make a different cache key (a full resync).
        for field in [&mut c.name, &mut c.host, &mut c.path_prefix] {
            *field = field.trim().to_owned();
        }
    }
    all.meetings = settings.meetings;
    trim_meetings(&mut all.meetings);
    let t = crate::language::texts(&app);
    all.check()
        .map_err(|e| IpcError::new(ErrorCode::Configuration, e.text(t)))?;
    if let Some(k) = &all.desktop.join_shortcut {
        desktop::parse_shortcut(k, t).map_err(|e| IpcError::new(ErrorCode::Configuration, e))?;
    }
    // The OS entry first: if it cannot change, nothing is saved, so what
    // the window shows stays what is in effect.
    let started_at_login = desktop::starts_at_login(&app);
    desktop::set_start_at_login(&app, settings.start_at_login).map_err(|e| {
        IpcError::new(
            ErrorCode::Configuration,
            t.get("settings-autostart-failed", &[("error", Arg::Str(&e))]),
        )
    })?;
    all.save(&path).map_err(|e| {
        // Nothing saved means nothing changed: the entry goes back too.
        if let Err(back) = desktop::set_start_at_login(&app, started_at_login) {
            tracing::warn!("cannot restore the start-at-login entry: {back}");
        }
        let (path, error) = (path.display().to_string(), e.to_string());
        IpcError::new(
            ErrorCode::Configuration,
            t.get(
                "settings-save-failed",
                &[("path", Arg::Str(&path)), ("error", Arg::Str(&error))],
            ),
        )
    })?;
    tracing::info!("settings saved");
    // Applied whether or not it changed: a hand edit of the file counts too.
    desktop::apply_theme(&app, all.desktop.theme);
    desktop::JoinShortcut::apply(&app, &all.desktop).await;
    if all.links != before.links {
        // The new rules apply from a full read of the calendar.
        app.state::<SyncTrigger>().now();
    }
    // Alerts, the tray and the agenda follow at once.
    app.state::<Alerts>().poke();
    changed(&app);
    let tray = app.clone();
    tauri::async_runtime::spawn(async move { crate::tray::refresh(&tray).await });
    Ok(settings_view(&app, all))
}
