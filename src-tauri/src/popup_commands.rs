//! The Join pop-up's commands (granted to that window only, see
//! `capabilities/popup.json`).

use chrono::{DateTime, Local, Utc};
use meeting_tray_core::calendar::{Answer, JoinLink, Response};
use meeting_tray_core::join::host_of;
use tauri::{AppHandle, State};

use crate::alerter::{Alerts, Shown};
use crate::ipc::{AlertView, IpcError, LinkView, PopupView};
use crate::joining;

pub fn response_name(r: Response) -> &'static str {
    match r {
        Response::None => "none",
        Response::Organizer => "organizer",
        Response::TentativelyAccepted => "tentativelyAccepted",
        Response::Accepted => "accepted",
        Response::Declined => "declined",
        Response::NotResponded => "notResponded",
    }
}

fn link_view(index: usize, l: &JoinLink) -> LinkView {
    LinkView {
        index,
        service_id: l.service.clone(),
        service_name: l.service_name.clone(),
        host: host_of(&l.url),
    }
}

pub fn time_range(start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    let (s, e) = (start.with_timezone(&Local), end.with_timezone(&Local));
    if s.date_naive() == e.date_naive() {
        format!("{}–{}", s.format("%H:%M"), e.format("%H:%M"))
    } else {
        format!("{}–{}", s.format("%H:%M"), e.format("%a %H:%M"))
    }
}

pub fn alert_view(s: &Shown) -> AlertView {
    let due = &s.due;
    let links: Vec<JoinLink> = match &s.meeting {
        Some(m) if !m.links.is_empty() => m.links.clone(),
        _ => due.join.iter().cloned().collect(),
    };
    let response = s.meeting.as_ref().map_or(Response::None, |m| m.response);
    AlertView {
        key: due.key(),
        subject: due.subject.clone(),
        start: due.start.to_rfc3339(),
        instant: due.instant.to_rfc3339(),
        end: due.end.to_rfc3339(),
        time_range: time_range(due.start, due.end),
        organizer: due.organizer.clone(),
        join: links.first().map(|l| link_view(0, l)),
        others: links
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, l)| link_view(i, l))
            .collect(),
        response: response_name(response),
        can_rsvp: response == Response::NotResponded,
    }
}

#[tauri::command]
pub fn popup_view(alerts: State<'_, Alerts>) -> PopupView {
    PopupView {
        alerts: alerts.showing().iter().map(alert_view).collect(),
    }
}

// Async: off the UI thread (files, the scheme-handler scan, closing the
// pop-up that made the call).
#[tauri::command]
pub async fn popup_join(app: AppHandle, key: String, link: usize) -> Result<(), IpcError> {
    joining::join(&app, &key, link)
}

#[tauri::command]
pub async fn popup_snooze(
    app: AppHandle,
    key: String,
    minutes: Option<u32>,
) -> Result<(), IpcError> {
    joining::snooze(&app, &key, minutes)
}

#[tauri::command]
pub async fn popup_dismiss(app: AppHandle, key: String) -> Result<(), IpcError> {
    joining::dismiss(&app, &key)
}

#[tauri::command]
pub async fn popup_rsvp(
    app: AppHandle,
    key: String,
    action: Answer,
    comment: Option<String>,
    send_response: bool,
) -> Result<(), IpcError> {
    joining::rsvp(&app, &key, action, comment, send_response).await
}
