//! The Join pop-up window: small, undecorated, always on top, near the
//! pointer's monitor's top-right corner. Created when an alert is due and
//! destroyed when nothing is left to show (a hidden webview still costs a
//! WebKit process).

use tauri::{AppHandle, Emitter, Manager, PhysicalPosition, WebviewUrl, WebviewWindowBuilder};

pub const LABEL: &str = "join-popup";
/// The event that tells the pop-up to fetch its view again.
pub const CHANGED: &str = "popup-changed";

const WIDTH: f64 = 420.0;
const HEIGHT: f64 = 380.0;
/// Gap to the screen edge, in logical pixels.
const MARGIN: f64 = 16.0;

/// Shows the pop-up with what is due now, raising it if it is open.
pub fn show(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(LABEL) {
        crate::window::raise(&w, "pop-up");
        refresh(app);
        tracing::info!("pop-up shown");
        return;
    }
    let mut builder = WebviewWindowBuilder::new(app, LABEL, WebviewUrl::App("popup.html".into()))
        .title("Meeting Tray — Join")
        .inner_size(WIDTH, HEIGHT)
        .resizable(false)
        .decorations(false)
        .always_on_top(true)
        .skip_taskbar(true)
        .visible_on_all_workspaces(true)
        .focused(true)
        // Windows and macOS take it from here (no flash); Linux ignores it.
        .theme(crate::desktop::configured_window_theme(app));
    if let Some(pos) = placement(app) {
        builder = builder.position(pos.0, pos.1);
    } else {
        builder = builder.center();
    }
    match builder.build() {
        Ok(w) => {
            crate::desktop::theme_new_window(app, &w);
            tracing::info!("pop-up shown");
        }
        Err(e) => tracing::error!("cannot open the Join pop-up: {e}"),
    }
}

/// Top-right of the work area of the monitor under the pointer, in logical
/// pixels; `None` when the platform does not tell.
fn placement(app: &AppHandle) -> Option<(f64, f64)> {
    let cursor = app.cursor_position().ok()?;
    let monitor = app
        .monitor_from_point(cursor.x, cursor.y)
        .ok()
        .flatten()
        .or_else(|| app.primary_monitor().ok().flatten())?;
    let scale = monitor.scale_factor();
    let area = monitor.work_area();
    let origin: PhysicalPosition<f64> =
        PhysicalPosition::new(area.position.x.into(), area.position.y.into());
    let width = f64::from(area.size.width) / scale;
    Some((
        origin.x / scale + width - WIDTH - MARGIN,
        origin.y / scale + MARGIN,
    ))
}

/// Tells an open pop-up to fetch its view again; closes it when empty.
pub fn refresh(app: &AppHandle) {
    let Some(w) = app.get_webview_window(LABEL) else {
        return;
    };
    if app.state::<crate::alerter::Alerts>().showing().is_empty() {
        if let Err(e) = w.destroy() {
            tracing::warn!("pop-up: cannot close: {e}");
        }
        tracing::info!("pop-up closed: nothing left to show");
        return;
    }
    if let Err(e) = w.emit_to(LABEL, CHANGED, ()) {
        tracing::warn!("pop-up: cannot send the update: {e}");
    }
}
