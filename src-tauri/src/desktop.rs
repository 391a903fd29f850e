//! The desktop integration the settings drive: theme, start at login and
//! the global shortcut that joins the next meeting.

use std::sync::Mutex;

use meeting_tray_core::i18n::{Arg, Texts};
use meeting_tray_core::settings::{DesktopSettings, Theme};
use tauri::{AppHandle, Emitter, Manager};
use tauri_plugin_autostart::ManagerExt;
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Modifiers, Shortcut, ShortcutState};

use crate::alerter::Alerts;

/// The event that tells every window the theme setting changed.
pub const THEME_CHANGED: &str = "theme-changed";

/// The display session, as the settings window explains shortcuts by it.
pub fn session() -> &'static str {
    session_of(
        std::env::var("XDG_SESSION_TYPE").ok().as_deref(),
        std::env::var_os("WAYLAND_DISPLAY").is_some(),
        std::env::var_os("DISPLAY").is_some(),
    )
}

fn session_of(kind: Option<&str>, wayland: bool, x11: bool) -> &'static str {
    if cfg!(not(target_os = "linux")) {
        // Windows and macOS have one kind of session, where shortcuts work.
        return "x11";
    }
    match kind {
        Some("wayland") => "wayland",
        Some("x11") => "x11",
        _ if wayland => "wayland",
        _ if x11 => "x11",
        _ => "other",
    }
}

/// The window theme for a forced setting; `None` for System.
pub fn window_theme(theme: Theme) -> Option<tauri::Theme> {
    match theme {
        Theme::System => None,
        Theme::Light => Some(tauri::Theme::Light),
        Theme::Dark => Some(tauri::Theme::Dark),
    }
}

/// The setting's window theme, for a window builder (Windows and macOS use
/// it from the start; Linux ignores it, see [`theme_new_window`]).
pub fn configured_window_theme(app: &AppHandle) -> Option<tauri::Theme> {
    window_theme(app.state::<Alerts>().settings().desktop.theme)
}

/// Gives a window (title bar, form controls, and on Linux WebKit's
/// prefers-color-scheme) the theme. On Linux the choice is app-wide and
/// `None` means light, so System asks for the desktop's scheme (the XDG
/// portal) and sets that.
fn set_window_theme(label: &str, w: &tauri::WebviewWindow, theme: Theme) {
    let wanted = match window_theme(theme) {
        Some(forced) => Some(forced),
        None => {
            if let Err(e) = w.set_theme(None) {
                tracing::warn!(window = %label, "cannot clear the theme: {e}");
            }
            w.theme().ok()
        }
    };
    if let Err(e) = w.set_theme(wanted) {
        tracing::warn!(window = %label, "cannot set the theme: {e}");
    }
}

/// A new window: on Linux, creating it resets the app-wide GTK preference
/// to the desktop's, so the setting is applied again.
pub fn theme_new_window(app: &AppHandle, w: &tauri::WebviewWindow) {
    let theme = app.state::<Alerts>().settings().desktop.theme;
    if theme != Theme::System {
        set_window_theme(w.label(), w, theme);
    }
}

/// Applies the theme to the open windows and tells their pages.
pub fn apply_theme(app: &AppHandle, theme: Theme) {
    for (label, w) in app.webview_windows() {
        set_window_theme(&label, &w, theme);
    }
    if let Err(e) = app.emit(THEME_CHANGED, theme) {
        tracing::warn!("cannot tell the windows the theme changed: {e}");
    }
}

/// The theme the pages use. Async: off the UI thread (it may read the
/// settings file).
#[tauri::command]
pub async fn ui_theme(app: AppHandle) -> Theme {
    app.state::<Alerts>().settings().desktop.theme
}

/// Whether the OS starts the app at login. The OS entry (on Linux the XDG
/// autostart file) is the truth: a user may remove it elsewhere.
pub fn starts_at_login(app: &AppHandle) -> bool {
    app.autolaunch().is_enabled().unwrap_or_else(|e| {
        tracing::warn!("cannot read the start-at-login entry: {e}");
        false
    })
}

pub fn set_start_at_login(app: &AppHandle, on: bool) -> Result<(), String> {
    if starts_at_login(app) == on {
        return Ok(());
    }
    let manager = app.autolaunch();
    let done = if on {
        manager.enable()
    } else {
        manager.disable()
    };
    done.map_err(|e| e.to_string())?;
    tracing::info!(on, "start at login changed");
    Ok(())
}

/// The join shortcut as registered now, and why it is not, if it is not.
#[derive(Debug, Default)]
pub struct Registration {
    active: Option<Shortcut>,
    problem: Option<String>,
    plugin: bool,
}

#[derive(Debug, Default)]
pub struct JoinShortcut(Mutex<Registration>);

/// Reads a shortcut such as `Ctrl+Alt+J`; a bare key would swallow typing.
/// The refusal is in the language of `t`.
pub fn parse_shortcut(text: &str, t: &Texts) -> Result<Shortcut, String> {
    let value = [("value", Arg::Str(text.trim()))];
    let shortcut: Shortcut = text
        .trim()
        .parse()
        .map_err(|_| t.get("shortcut-invalid", &value))?;
    if shortcut.mods.is_empty() || shortcut.mods == Modifiers::SHIFT {
        return Err(t.get("shortcut-needs-modifier", &value));
    }
    if RESERVED
        .iter()
        .filter_map(|r| r.parse::<Shortcut>().ok())
        .any(|r| r == shortcut)
    {
        return Err(t.get("shortcut-reserved", &value));
    }
    Ok(shortcut)
}

/// Chords every desktop or app already means something by: grabbing one
/// globally would break copy, paste, closing or switching windows.
const RESERVED: &[&str] = &[
    "Ctrl+A",
    "Ctrl+C",
    "Ctrl+V",
    "Ctrl+X",
    "Ctrl+Z",
    "Ctrl+Y",
    "Ctrl+S",
    "Ctrl+F",
    "Ctrl+P",
    "Ctrl+N",
    "Ctrl+O",
    "Ctrl+Q",
    "Ctrl+W",
    "Ctrl+T",
    "Alt+F4",
    "Alt+Tab",
    "Super+L",
    "Ctrl+Alt+Delete",
    "Ctrl+Alt+T",
];

impl JoinShortcut {
    /// Why the configured shortcut is not active; `None` when it is or when
    /// there is none.
    pub fn problem(&self) -> Option<String> {
        self.0.lock().ok().and_then(|s| s.problem.clone())
    }

    /// Registers the settings' shortcut in place of the one before. Runs on
    /// the main thread: the hotkey manager the plugin creates must live
    /// there (Windows ties hotkeys to a window of that thread; macOS asks
    /// for it). The plugin, with its X connection and thread, is added only
    /// once a shortcut is wanted.
    pub async fn apply(app: &AppHandle, settings: &DesktopSettings) {
        let (done, wait) = tokio::sync::oneshot::channel();
        let (handle, settings) = (app.clone(), settings.clone());
        let queued = app.run_on_main_thread(move || {
            handle
                .state::<JoinShortcut>()
                .apply_here(&handle, &settings);
            // Nobody left to tell when the command was dropped meanwhile.
            let _ = done.send(());
        });
        match queued {
            Ok(()) => {
                if wait.await.is_err() {
                    // The main loop dropped the task: the app is quitting.
                    tracing::warn!("the shortcut was not applied: the app is stopping");
                }
            }
            Err(e) => tracing::warn!("cannot reach the main thread for the shortcut: {e}"),
        }
    }

    /// [`apply`](Self::apply) on the thread it is called on (the main one).
    pub fn apply_here(&self, app: &AppHandle, settings: &DesktopSettings) {
        let Ok(mut state) = self.0.lock() else {
            return;
        };
        state.problem = None;
        let t = crate::language::texts(app);
        let wanted = match settings.join_shortcut.as_deref() {
            None => None,
            Some(_) if session() == "wayland" => {
                // XWayland grabs see only keys typed into X11 windows; the
                // settings window itself explains the desktop shortcut.
                tracing::info!("Wayland session: no global shortcut is grabbed");
                None
            }
            Some(text) => match parse_shortcut(text, t) {
                Ok(s) => Some(s),
                Err(problem) => {
                    state.problem = Some(problem);
                    None
                }
            },
        };
        if state.active == wanted {
            return;
        }
        if let Some(shortcut) = wanted {
            if !state.plugin {
                if let Err(e) = app.plugin(tauri_plugin_global_shortcut::Builder::new().build()) {
                    let error = e.to_string();
                    state.problem =
                        Some(t.get("shortcut-unavailable", &[("error", Arg::Str(&error))]));
                    tracing::warn!("global shortcuts are not available: {e}");
                    return;
                }
                state.plugin = true;
            }
            // The new one first: if it is taken, the old one keeps working.
            let registered = app
                .global_shortcut()
                .on_shortcut(shortcut, |app, _, event| {
                    if event.state == ShortcutState::Pressed {
                        tracing::info!("join shortcut pressed");
                        crate::joining::join_next(app);
                    }
                });
            if let Err(e) = registered {
                tracing::warn!(shortcut = %shortcut, "cannot register the join shortcut: {e}");
                let error = e.to_string();
                state.problem = Some(t.get("shortcut-taken", &[("error", Arg::Str(&error))]));
                return;
            }
            tracing::info!(shortcut = %shortcut, "join shortcut registered");
        }
        if let Some(old) = state.active.take() {
            if let Err(e) = app.global_shortcut().unregister(old) {
                tracing::warn!("cannot release the old join shortcut: {e}");
            }
        }
        state.active = wanted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use meeting_tray_core::i18n::{texts, Lang};

    #[test]
    fn sessions_are_told_apart_by_the_session_type_then_the_displays() {
        if cfg!(target_os = "linux") {
            assert_eq!(session_of(Some("wayland"), true, true), "wayland");
            assert_eq!(session_of(Some("x11"), false, true), "x11");
            assert_eq!(session_of(None, true, true), "wayland");
            assert_eq!(session_of(Some("tty"), false, true), "x11");
            assert_eq!(session_of(None, false, false), "other");
        }
    }

    #[test]
    fn shortcuts_need_a_real_modifier() {
        let en = texts(Lang::En);
        let refused = |text: &str| parse_shortcut(text, en).unwrap_err();
        assert!(parse_shortcut("Ctrl+Alt+J", en).is_ok());
        assert!(parse_shortcut(" super+shift+space ", en).is_ok());
        assert!(refused("J").contains("needs Ctrl"));
        assert!(refused("Shift+J").contains("needs Ctrl"));
        assert!(refused("Ctrl+Alt+").contains("Ctrl+Alt+J"));
        assert!(refused("Ctrl+Banana").contains("not a shortcut"));
        for taken in ["Ctrl+C", "ctrl+v", "Alt+F4", "Alt+Tab", "Super+L"] {
            assert!(refused(taken).contains("everyone uses"), "{taken}");
        }
        assert!(
            parse_shortcut("Ctrl+Shift+C", en).is_ok(),
            "only the exact chord is reserved"
        );
        assert_eq!(
            parse_shortcut("Ctrl+Banana", texts(Lang::Cs)).unwrap_err(),
            "„Ctrl+Banana“ není klávesová zkratka; zapište ji například jako Ctrl+Alt+J."
        );
    }
}
