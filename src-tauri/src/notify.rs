//! Desktop notifications through notify-rust (D-Bus on Linux).

use notify_rust::{Notification, Timeout};

/// Action id of the Join button; the notification server echoes it back.
pub const JOIN_ACTION: &str = "join";

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

#[cfg(all(unix, not(target_os = "macos")))]
fn show_test() -> Result<(), notify_rust::error::Error> {
    let handle = test_notification().show()?;
    tracing::info!(id = handle.id(), "test notification shown");
    handle.wait_for_action(|action| match action {
        JOIN_ACTION => tracing::info!("test notification: Join action received"),
        "__closed" => tracing::info!("test notification closed without an action"),
        other => tracing::info!(action = other, "test notification: action received"),
    });
    Ok(())
}

// Other platforms show the notification; their action callbacks arrive with
// the per-platform notification work.
#[cfg(not(all(unix, not(target_os = "macos"))))]
fn show_test() -> Result<(), notify_rust::error::Error> {
    test_notification().show()?;
    tracing::info!("test notification shown");
    Ok(())
}
