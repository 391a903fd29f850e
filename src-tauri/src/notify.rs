//! Desktop notifications through notify-rust (D-Bus on Linux).

use std::collections::BTreeMap;

use meeting_tray_core::alerts::Due;
use meeting_tray_core::i18n::{Arg, Texts};
use notify_rust::{Notification, Timeout};

/// Action id of the Join button; the notification server echoes it back.
pub const JOIN_ACTION: &str = "join";
/// Action id of the alert's Snooze button.
pub const SNOOZE_ACTION: &str = "snooze";
/// A click on the notification itself (where the server reports it).
const DEFAULT_ACTION: &str = "default";
/// Action id of the reconnect reminder's button.
pub const RECONNECT_ACTION: &str = "reconnect";

/// The reconnect reminder; its button starts the sign-in at once.
pub fn reconnect_reminder(app: tauri::AppHandle, title: String, body: String) {
    let spawned = std::thread::Builder::new()
        .name("reconnect-notification".into())
        .spawn(move || {
            let mut n = Notification::new();
            n.appname("Meeting Tray")
                .summary(&title)
                .body(&body)
                .icon("dialog-password")
                .action(RECONNECT_ACTION, "Reconnect")
                .timeout(Timeout::Never);
            match show_with_action("reconnect reminder", n) {
                Ok(Some(action)) if action == RECONNECT_ACTION => {
                    tracing::info!("reconnect reminder: Reconnect chosen");
                    tauri::async_runtime::spawn(async move {
                        // The outcome shows in the tray and the window.
                        if let Err(e) = crate::sign_in::run(&app).await {
                            tracing::warn!("reconnect from the reminder failed: {e}");
                        }
                    });
                }
                Ok(_) => tracing::info!("reconnect reminder closed"),
                Err(e) => tracing::error!("the reconnect reminder could not be shown: {e}"),
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the notification thread: {e}");
    }
}

/// Body text may carry markup on some notification servers: text from an
/// invitation is escaped so it shows as written.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The text of a meeting alert: subject as the summary, then when, where the
/// link goes and who organises.
pub fn alert_text(t: &Texts, due: &Due, now: chrono::DateTime<chrono::Utc>) -> (String, String) {
    let ago = (now - due.start).num_minutes();
    let mut body = if now < due.start {
        let mins = (due.start - now + chrono::Duration::seconds(59)).num_minutes();
        t.get("alert-starts-in", &[("n", Arg::Num(mins))])
    } else if ago < 1 {
        t.text("alert-starting-now")
    } else {
        t.get("alert-started-ago", &[("n", Arg::Num(ago))])
    };
    if let Some(l) = &due.join {
        body.push_str(&format!(
            "\n{} · {}",
            l.service_name,
            meeting_tray_core::join::host_of(&l.url)
        ));
    }
    if let Some(o) = &due.organizer {
        body.push('\n');
        body.push_str(&t.get("alert-organizer", &[("name", Arg::Str(o))]));
    }
    (due.subject.clone(), escape(&body))
}

/// The alert's sound: the freedesktop sound theme's incoming message; on
/// Windows a toast sound name (an unknown one would make the toast silent);
/// on macOS a system sound.
#[cfg(all(unix, not(target_os = "macos")))]
const ALERT_SOUND: &str = "message-new-instant";
#[cfg(windows)]
const ALERT_SOUND: &str = "Reminder";
#[cfg(target_os = "macos")]
const ALERT_SOUND: &str = "Glass";

/// The alert for one meeting, with Join (when it has a link) and Snooze;
/// a click on it opens the Join pop-up.
/// `popup_too`: the pop-up shows this alert as well; when it does not and no
/// notification server answers, the pop-up is raised instead, so the alert
/// is never lost.
pub fn meeting_alert(app: tauri::AppHandle, due: Due, sound: bool, popup_too: bool) {
    let spawned = std::thread::Builder::new()
        .name("alert-notification".into())
        .spawn(move || {
            let t = crate::language::texts(&app);
            let (summary, body) = alert_text(t, &due, chrono::Utc::now());
            let mut n = Notification::new();
            n.appname("Meeting Tray")
                .summary(&summary)
                .body(&body)
                .icon("appointment-soon")
                .timeout(Timeout::Never);
            if sound {
                n.sound_name(ALERT_SOUND);
            }
            // Only freedesktop servers play a sound unasked; hints exist only there.
            #[cfg(all(unix, not(target_os = "macos")))]
            if !sound {
                n.hint(notify_rust::Hint::SuppressSound(true));
            }
            if due.join.is_some() {
                n.action(JOIN_ACTION, &t.text("alert-join"));
            }
            n.action(SNOOZE_ACTION, &t.text("alert-snooze"))
                .action(DEFAULT_ACTION, &t.text("alert-show"));
            let key = due.key();
            // A new alert for the same meeting replaces the old notification.
            close_alert(&key);
            let mut mine = None;
            let chosen = match show_then_wait("meeting alert", n, |id| {
                mine = Some(id);
                open_alerts().insert(key.clone(), id);
            }) {
                Ok(c) => c,
                Err(e) => {
                    tracing::error!(
                        "the meeting alert could not be shown as a notification: {e}. \
                         Is a notification server running?"
                    );
                    if !popup_too {
                        tracing::warn!("showing the alert in the pop-up instead");
                        crate::popup::show(&app);
                    }
                    return;
                }
            };
            {
                let mut open = open_alerts();
                if mine.is_some() && open.get(&key) == mine.as_ref() {
                    open.remove(&key);
                }
            }
            let result = match chosen.as_deref() {
                // Handled in the pop-up meanwhile (snoozed, say): still join.
                Some(JOIN_ACTION) => match crate::joining::join(&app, &key, 0) {
                    Err(e) if e.code == crate::ipc::ErrorCode::Gone => {
                        crate::joining::join_meeting(&app, &due.id, due.start)
                    }
                    other => other,
                },
                Some(SNOOZE_ACTION) => crate::joining::snooze(&app, &key, Some(1)),
                Some(DEFAULT_ACTION) => {
                    crate::popup::show(&app);
                    Ok(())
                }
                _ => Ok(()),
            };
            if let Err(e) = result {
                tracing::warn!(key, "the notification's action failed: {}", e.message);
                notice("Meeting Tray", &e.message);
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the notification thread: {e}");
    }
}

/// A short message to the user (a fallback taken, an action that failed),
/// on its own thread: callers include the UI thread, and showing is a D-Bus
/// round trip.
pub fn notice(title: &str, body: &str) {
    let (title, body) = (title.to_owned(), body.to_owned());
    let spawned = std::thread::Builder::new()
        .name("notice".into())
        .spawn(move || notice_now(&title, &body));
    if let Err(e) = spawned {
        tracing::warn!("cannot start the notice thread: {e}");
    }
}

/// [`notice`] on this thread, returning once it is shown (the command line
/// exits right after). Says on stderr what could not be shown.
pub fn notice_now(title: &str, body: &str) {
    let mut n = Notification::new();
    n.appname("Meeting Tray")
        .summary(title)
        .body(&escape(body))
        .icon("dialog-information")
        .timeout(Timeout::Milliseconds(10_000));
    if let Err(e) = n.show() {
        tracing::warn!("a notice could not be shown ({e}): {title}: {body}");
    }
}

/// Shows `n` and waits for the chosen action where the platform reports it.
fn show_with_action(
    what: &str,
    n: Notification,
) -> Result<Option<String>, notify_rust::error::Error> {
    show_then_wait(what, n, |_| {})
}

/// Shows `n`, tells `shown` its id, and waits for the chosen action where the
/// platform reports it (the notification server says `__closed` on close).
#[cfg(all(unix, not(target_os = "macos")))]
fn show_then_wait(
    what: &str,
    n: Notification,
    shown: impl FnOnce(u32),
) -> Result<Option<String>, notify_rust::error::Error> {
    let handle = n.show()?;
    tracing::info!(id = handle.id(), "{what} shown");
    shown(handle.id());
    let mut chosen = None;
    handle.wait_for_action(|action| chosen = Some(action.to_owned()));
    Ok(chosen)
}

/// Windows toasts report the button chosen (or "__closed"); there is no id
/// to close them by.
#[cfg(windows)]
fn show_then_wait(
    what: &str,
    n: Notification,
    _shown: impl FnOnce(u32),
) -> Result<Option<String>, notify_rust::error::Error> {
    let handle = n.show()?;
    tracing::info!("{what} shown");
    let mut chosen = None;
    handle.wait_for_action(|action| chosen = Some(action.to_owned()));
    Ok(chosen)
}

/// macOS: notify-rust waits for an action only by sending the notification
/// again with the main run loop pumped, which a tray app's thread cannot do.
#[cfg(target_os = "macos")]
fn show_then_wait(
    what: &str,
    n: Notification,
    _shown: impl FnOnce(u32),
) -> Result<Option<String>, notify_rust::error::Error> {
    n.show()?;
    tracing::info!("{what} shown");
    Ok(None)
}

/// The open alert notifications by alert key, to close them once the alert
/// is handled elsewhere (the pop-up, the tray) or shown anew.
static OPEN_ALERTS: std::sync::Mutex<BTreeMap<String, u32>> =
    std::sync::Mutex::new(BTreeMap::new());

fn open_alerts() -> std::sync::MutexGuard<'static, BTreeMap<String, u32>> {
    OPEN_ALERTS.lock().unwrap_or_else(|p| p.into_inner())
}

/// Closes the notification of alert `key`, if one is open.
pub fn close_alert(key: &str) {
    let Some(id) = open_alerts().remove(key) else {
        return;
    };
    close(id);
}

#[cfg(all(unix, not(target_os = "macos")))]
fn close(id: u32) {
    // On a thread: callers include the UI thread, and this is a D-Bus call.
    let spawned = std::thread::Builder::new()
        .name("close-notification".into())
        .spawn(move || {
            let closed = zbus::blocking::Connection::session().and_then(|bus| {
                bus.call_method(
                    Some("org.freedesktop.Notifications"),
                    "/org/freedesktop/Notifications",
                    Some("org.freedesktop.Notifications"),
                    "CloseNotification",
                    &(id,),
                )
            });
            if let Err(e) = closed {
                tracing::warn!(id, "cannot close a handled alert's notification: {e}");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the notification thread: {e}");
    }
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn close(_id: u32) {}

/// Raise the test notification with a Join button, on its own thread: showing
/// talks to D-Bus and waiting for the action blocks.
pub fn send_test() {
    let spawned = std::thread::Builder::new()
        .name("test-notification".into())
        .spawn(|| {
            if let Err(e) = show_test() {
                tracing::error!(
                    "the test notification could not be shown: {e}. Is a notification \
                     server running (on GNOME and KDE it is built in; elsewhere e.g. dunst)?"
                );
            }
        });
    if let Err(e) = spawned {
        tracing::error!("cannot start the notification thread: {e}");
    }
}

fn test_notification() -> Notification {
    let mut n = Notification::new();
    n.appname("Meeting Tray")
        .summary("Meeting Tray test notification")
        .body("This is how Meeting Tray tells you a meeting is about to start.")
        .icon("appointment-soon")
        .action(JOIN_ACTION, "Join")
        .timeout(Timeout::Milliseconds(30_000));
    n
}

fn show_test() -> Result<(), notify_rust::error::Error> {
    match show_with_action("test notification", test_notification())?.as_deref() {
        Some(JOIN_ACTION) => tracing::info!("test notification: Join action received"),
        Some("__closed") => tracing::info!("test notification closed without an action"),
        Some(other) => tracing::info!(action = other, "test notification: action received"),
        // Other platforms report no action yet: that comes with the
        // per-platform notification work.
        None => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use meeting_tray_core::alerts::AlertKind;
    use meeting_tray_core::calendar::JoinLink;

    #[test]
    fn alert_text_escapes_invitation_text_and_says_where_the_link_goes() {
        let start = chrono::Utc.with_ymd_and_hms(2026, 3, 10, 10, 0, 0).unwrap();
        let due = Due {
            id: "a".into(),
            subject: "Budget <b>".into(),
            start,
            end: start + chrono::Duration::minutes(30),
            organizer: Some("Eve <img src=x>".into()),
            join: Some(JoinLink {
                url: "https://acme.zoom.us/j/85551234567".into(),
                service: "zoom".into(),
                service_name: "Zoom".into(),
                native_url: None,
            }),
            kind: AlertKind::Before { minutes: 1 },
            instant: start - chrono::Duration::minutes(1),
        };
        let en = meeting_tray_core::i18n::texts(meeting_tray_core::i18n::Lang::En);
        let (summary, body) = alert_text(en, &due, start - chrono::Duration::seconds(60));
        assert_eq!(
            summary, "Budget <b>",
            "the summary is plain text by the spec"
        );
        assert_eq!(
            body,
            "Starts in 1 min\nZoom · acme.zoom.us\nOrganizer: Eve &lt;img src=x&gt;"
        );
        let (_, later) = alert_text(en, &due, start + chrono::Duration::minutes(3));
        assert!(later.starts_with("Started 3 min ago"), "{later}");
        let cs = meeting_tray_core::i18n::texts(meeting_tray_core::i18n::Lang::Cs);
        let (_, czech) = alert_text(cs, &due, start - chrono::Duration::seconds(60));
        assert!(czech.starts_with("Začíná za 1 min"), "{czech}");
        assert!(czech.contains("Organizátor: Eve &lt;img"), "{czech}");
    }
}
