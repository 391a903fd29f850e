//! What the Join pop-up, the alert notification and the tray do: join,
//! snooze, dismiss, answer. Each ends with the pop-up updated.

use chrono::Utc;
use meeting_tray_core::auth::keychain;
use meeting_tray_core::calendar::{Answer, Calendar, JoinLink};
use meeting_tray_core::i18n::Arg;
use meeting_tray_core::join::{self, Via};
use tauri::{AppHandle, Manager};

use crate::account::Accounts;
use crate::alerter::Alerts;
use crate::ipc::{ErrorCode, IpcError};
use crate::syncer::SyncTrigger;
use crate::{browser, handlers, notify, popup};

fn gone(app: &AppHandle) -> IpcError {
    IpcError::new(
        ErrorCode::Gone,
        crate::language::texts(app).text("join-gone"),
    )
}

/// Opens link `index` of the meeting behind alert `key` (0: the best one),
/// then silences the alert.
pub fn join(app: &AppHandle, key: &str, index: usize) -> Result<(), IpcError> {
    let alerts = app.state::<Alerts>();
    let shown = alerts.find(key).ok_or_else(|| gone(app))?;
    let links = shown.meeting.map(|m| m.links).unwrap_or_default();
    let link = links
        .get(index)
        .or(if index == 0 {
            shown.due.join.as_ref()
        } else {
            None
        })
        .ok_or_else(|| no_such_link(app))?;
    open_link(app, key, link)?;
    alerts.dismiss(key);
    notify::close_alert(key);
    popup::refresh(app);
    Ok(())
}

fn no_such_link(app: &AppHandle) -> IpcError {
    IpcError::new(
        ErrorCode::NotJoinable,
        crate::language::texts(app).text("join-no-such-link"),
    )
}

/// Joins the meeting the tray's first item offers (the global shortcut and
/// the tray's Join); says so when there is none, since a key press that
/// does nothing looks broken.
pub fn join_next(app: &AppHandle) {
    let now = Utc::now();
    let next = app.state::<Alerts>().agenda(now).and_then(|(a, _)| {
        meeting_tray_core::tray_menu::joinable_next(&a, now).map(|i| (i.id.clone(), i.start))
    });
    let t = crate::language::texts(app);
    let result = match next {
        Some((id, start)) => join_meeting(app, &id, start),
        None => Err(IpcError::new(
            ErrorCode::NotJoinable,
            t.text("notice-nothing-to-join"),
        )),
    };
    if let Err(e) = result {
        tracing::warn!("join next: {}", e.message);
        notify::notice("Meeting Tray", &e.message);
    }
}

/// Joins a meeting from the tray: its best link; its alerts are silenced.
pub fn join_meeting(
    app: &AppHandle,
    id: &str,
    start: chrono::DateTime<Utc>,
) -> Result<(), IpcError> {
    let alerts = app.state::<Alerts>();
    let meeting = alerts.meeting(id).ok_or_else(|| gone(app))?;
    let link = meeting.links.first().ok_or_else(|| no_such_link(app))?;
    open_link(app, id, link)?;
    alerts.dismiss_occurrence(id, start);
    notify::close_alert(&meeting_tray_core::alerts::key(id, start));
    popup::refresh(app);
    Ok(())
}

/// Checks `link` again and opens it with the chosen program.
fn open_link(app: &AppHandle, key: &str, link: &JoinLink) -> Result<(), IpcError> {
    let settings = app.state::<Alerts>().settings();
    let opening = join::opening(
        link,
        &settings.link_preferences(),
        &settings.join,
        &handlers::has_handler,
    )
    .map_err(|e| {
        tracing::warn!(key, "join refused: {e}");
        IpcError::new(ErrorCode::NotJoinable, e.to_string())
    })?;
    let via = match &opening.via {
        Via::App { scheme } => scheme.as_str(),
        Via::Browser => "browser",
    };
    tracing::info!(key, service = %link.service, via, "joining");
    browser::open(&opening.url).map_err(|e| IpcError::new(ErrorCode::Transient, e.to_string()))?;
    if let Some(notice) = opening.notice {
        let title = crate::language::texts(app).text("notice-joining-in-browser");
        notify::notice(&title, &notice);
    }
    Ok(())
}

/// Silences the alert for this occurrence.
pub fn dismiss(app: &AppHandle, key: &str) -> Result<(), IpcError> {
    let dismissed = app.state::<Alerts>().dismiss(key);
    notify::close_alert(key);
    popup::refresh(app);
    if dismissed {
        tracing::info!(key, "alert dismissed");
        Ok(())
    } else {
        Err(gone(app))
    }
}

/// Shows the alert again in `minutes`, or at the start when `None`.
pub fn snooze(app: &AppHandle, key: &str, minutes: Option<u32>) -> Result<(), IpcError> {
    let alerts = app.state::<Alerts>();
    let shown = alerts.find(key).ok_or_else(|| gone(app))?;
    let now = Utc::now();
    let until = match minutes {
        Some(m) if (1..=24 * 60).contains(&m) => now + chrono::Duration::minutes(m.into()),
        Some(_) => {
            return Err(IpcError::new(
                ErrorCode::Configuration,
                crate::language::texts(app).text("snooze-range"),
            ))
        }
        None if shown.due.start > now => shown.due.start,
        None => {
            return Err(IpcError::new(
                ErrorCode::Gone,
                crate::language::texts(app).text("snooze-started"),
            ))
        }
    };
    alerts.snooze(key, until);
    notify::close_alert(key);
    tracing::info!(key, until = %until.to_rfc3339(), "alert snoozed");
    popup::refresh(app);
    Ok(())
}

/// Answers the invitation behind alert `key` through Graph. A decline also
/// silences the alert.
pub async fn rsvp(
    app: &AppHandle,
    key: &str,
    answer: Answer,
    comment: Option<String>,
    send_response: bool,
) -> Result<(), IpcError> {
    let shown = app.state::<Alerts>().find(key).ok_or_else(|| gone(app))?;
    respond(app, &shown.due.id, answer, comment, send_response).await?;
    if answer == Answer::Decline {
        app.state::<Alerts>().dismiss(key);
        notify::close_alert(key);
    }
    popup::refresh(app);
    Ok(())
}

/// Answers from the tray menu or the agenda: no comment, the organizer is
/// told. A decline silences the meeting's alert and closes its notification.
pub async fn answer(app: &AppHandle, id: &str, answer: Answer) -> Result<(), IpcError> {
    let start = app
        .state::<Alerts>()
        .meeting(id)
        .and_then(|m| match m.when {
            meeting_tray_core::calendar::When::Timed { start, .. } => Some(start),
            meeting_tray_core::calendar::When::AllDay { .. } => None,
        });
    respond(app, id, answer, None, true).await?;
    if let (Answer::Decline, Some(start)) = (answer, start) {
        app.state::<Alerts>().dismiss_occurrence(id, start);
        notify::close_alert(&meeting_tray_core::alerts::key(id, start));
        popup::refresh(app);
    }
    Ok(())
}

async fn respond(
    app: &AppHandle,
    id: &str,
    answer: Answer,
    comment: Option<String>,
    send_response: bool,
) -> Result<(), IpcError> {
    let accounts = app.state::<Accounts>();
    let auth = accounts
        .auth()
        .await
        .map_err(crate::sign_in::not_configured)?;
    let calendar = Calendar::new(auth, keychain(), &accounts.paths.data_dir);
    calendar
        .respond(id, answer, comment.as_deref(), send_response)
        .await
        .map_err(|e| {
            tracing::warn!("the answer failed: {e}");
            let code = if e.is_offline() {
                ErrorCode::Transient
            } else {
                ErrorCode::Graph
            };
            let error = e.to_string();
            IpcError::new(
                code,
                crate::language::texts(app).get("rsvp-failed", &[("error", Arg::Str(&error))]),
            )
        })?;
    match calendar.cached().await {
        Ok(cache) => app.state::<Alerts>().calendar(cache),
        Err(e) => tracing::warn!("cannot reread the calendar after the answer: {e}"),
    }
    // The next sync confirms the answer; make it soon.
    app.state::<SyncTrigger>().now();
    Ok(())
}

/// Puts a meeting's join link on the clipboard, after the same check as Join.
pub fn copy_link(app: &AppHandle, id: &str) -> Result<(), IpcError> {
    use tauri_plugin_clipboard_manager::ClipboardExt;
    let meeting = app.state::<Alerts>().meeting(id).ok_or_else(|| gone(app))?;
    let link = meeting.links.first().ok_or_else(|| no_such_link(app))?;
    let checked = join::opening(
        link,
        &app.state::<Alerts>().settings().link_preferences(),
        &join::JoinSettings {
            default: join::OpenIn::Browser,
            ..join::JoinSettings::default()
        },
        &|_| false,
    )
    .map_err(|e| IpcError::new(ErrorCode::NotJoinable, e.to_string()))?;
    app.clipboard().write_text(checked.url).map_err(|e| {
        let error = e.to_string();
        IpcError::new(
            ErrorCode::Transient,
            crate::language::texts(app).get("clipboard-failed", &[("error", Arg::Str(&error))]),
        )
    })?;
    tracing::info!("join link copied");
    Ok(())
}
