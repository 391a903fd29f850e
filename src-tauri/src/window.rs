//! The main window is created on demand and destroyed when closed: a hidden
//! webview still costs its own WebKit process, a destroyed one costs nothing.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

pub const MAIN: &str = "main";

/// Bring the main window to the front, creating it if it is not open.
pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(MAIN) {
        for (what, result) in [
            ("unminimize", w.unminimize()),
            ("show", w.show()),
            ("focus", w.set_focus()),
        ] {
            if let Err(e) = result {
                tracing::warn!("main window: {what} failed: {e}");
            }
        }
        return;
    }
    let built = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Meeting Tray")
        .inner_size(440.0, 560.0)
        .min_inner_size(360.0, 420.0)
        .center()
        .build();
    match built {
        Ok(_) => tracing::info!("main window opened"),
        Err(e) => tracing::error!("cannot open the main window: {e}"),
    }
}
