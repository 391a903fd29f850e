//! The main window is created on demand and destroyed when closed: a hidden
//! webview still costs its own WebKit process, a destroyed one costs nothing.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

pub const MAIN: &str = "main";

/// What is remembered of the main window between openings and runs.
pub const REMEMBERED: StateFlags = StateFlags::SIZE
    .union(StateFlags::POSITION)
    .union(StateFlags::MAXIMIZED);

/// A tab of the main window (the page reads it from the URL's hash).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Agenda,
    Settings,
    Account,
}

impl Tab {
    fn hash(self) -> &'static str {
        match self {
            Tab::Agenda => "agenda",
            Tab::Settings => "settings",
            Tab::Account => "account",
        }
    }
}

/// Bring the main window to the front on `tab`, creating it if needed.
pub fn show_tab(app: &AppHandle, tab: Tab) {
    go_to(app, &format!("'{}'", tab.hash()));
}

/// The Agenda tab with one meeting marked and focused (the tray's "Show
/// details" for a meeting without a link).
pub fn show_meeting(app: &AppHandle, id: &str) {
    // A JSON string is a JavaScript string literal: the id cannot break out.
    let id = serde_json::to_string(id).unwrap_or_else(|_| "\"\"".to_owned());
    go_to(
        app,
        &format!("'{}/' + encodeURIComponent({id})", Tab::Agenda.hash()),
    );
}

/// Sets the page's hash to the JavaScript expression `hash`. The hash is
/// cleared first, without an event, so the same meeting shown twice still
/// changes it and the page hears one change.
fn go_to(app: &AppHandle, hash: &str) {
    let script = format!("history.replaceState(null, '', '#'); location.hash = {hash};");
    // On a new window only the first load: a reload (a new language) keeps
    // the tab the user is on.
    let first_load = format!(
        "if (!sessionStorage.getItem('opened-on-tab')) {{ sessionStorage.setItem('opened-on-tab', '1'); location.hash = {hash}; }}"
    );
    match app.get_webview_window(MAIN) {
        Some(w) => {
            if let Err(e) = w.eval(&script) {
                tracing::warn!("main window: cannot switch tab: {e}");
            }
            show_main(app);
        }
        None => open_main(app, Some(&first_load)),
    }
}

/// Brings an open window to the front; `name` says which in the log.
pub fn raise(w: &tauri::WebviewWindow, name: &str) {
    for (what, result) in [
        ("unminimize", w.unminimize()),
        ("show", w.show()),
        ("focus", w.set_focus()),
    ] {
        if let Err(e) = result {
            tracing::warn!("{name}: {what} failed: {e}");
        }
    }
}

/// Bring the main window to the front, creating it if it is not open.
pub fn show_main(app: &AppHandle) {
    if let Some(w) = app.get_webview_window(MAIN) {
        raise(&w, "main window");
        return;
    }
    open_main(app, None);
}

fn open_main(app: &AppHandle, first_script: Option<&str>) {
    // WebView2 deadlocks when a window is built inside a synchronous event
    // handler (a tray menu click, the single-instance callback): see
    // WebviewWindowBuilder::build. There the runtime builds it instead.
    #[cfg(windows)]
    {
        let app = app.clone();
        let script = first_script.map(str::to_owned);
        tauri::async_runtime::spawn(async move { build_main(&app, script.as_deref()) });
    }
    #[cfg(not(windows))]
    build_main(app, first_script);
}

fn build_main(app: &AppHandle, first_script: Option<&str>) {
    let mut builder = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Meeting Tray")
        .inner_size(440.0, 560.0)
        .min_inner_size(360.0, 420.0)
        // The remembered place, if any, replaces this once the window is ready.
        .center()
        // Windows and macOS take it from here (no flash); Linux ignores it.
        .theme(crate::desktop::configured_window_theme(app));
    if let Some(script) = first_script {
        // Runs before the page's own script: it opens on that tab.
        builder = builder.initialization_script(script);
    }
    let built = builder.build();
    match built {
        Ok(w) => {
            crate::desktop::theme_new_window(app, &w);
            let handle = app.clone();
            w.on_window_event(move |e| {
                // Written now, not only at exit: a session's end kills the app.
                if matches!(e, WindowEvent::Destroyed) {
                    if let Err(e) = handle.save_window_state(REMEMBERED) {
                        tracing::warn!("cannot save the window's place: {e}");
                    }
                }
            });
            tracing::info!("main window opened");
        }
        Err(e) => tracing::error!("cannot open the main window: {e}"),
    }
}
