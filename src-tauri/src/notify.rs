//! Desktop notifications through notify-rust (D-Bus on Linux).

use notify_rust::{Notification, Timeout};

/// Action id of the Join button; the notification server echoes it back.
pub const JOIN_ACTION: &str = "join";
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

/// Shows `n` and waits for the chosen action where the platform reports it.
#[cfg(all(unix, not(target_os = "macos")))]
fn show_with_action(
    what: &str,
    n: Notification,
) -> Result<Option<String>, notify_rust::error::Error> {
    let handle = n.show()?;
    tracing::info!(id = handle.id(), "{what} shown");
    let mut chosen = None;
    handle.wait_for_action(|action| chosen = Some(action.to_owned()));
    Ok(chosen)
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show_with_action(
    what: &str,
    n: Notification,
) -> Result<Option<String>, notify_rust::error::Error> {
    n.show()?;
    tracing::info!("{what} shown");
    Ok(None)
}

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
