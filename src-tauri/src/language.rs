//! Which language the app speaks now: the setting, else the mailbox's
//! language (synced from Graph), else the system's, else English.

use meeting_tray_core::i18n::{self, Lang, Texts};
use tauri::{AppHandle, Manager};

use crate::alerter::Alerts;

pub fn current(app: &AppHandle) -> Lang {
    let alerts = app.state::<Alerts>();
    let setting = alerts.settings().language;
    let mailbox = alerts.mailbox_locale();
    i18n::resolve(
        setting.as_deref(),
        mailbox.as_deref(),
        i18n::os_locale().as_deref(),
    )
}

pub fn texts(app: &AppHandle) -> &'static Texts {
    i18n::texts(current(app))
}

/// The language the web UI loads its strings in. Async: off the UI thread
/// (it reads the settings file).
#[tauri::command]
pub async fn ui_language(app: AppHandle) -> &'static str {
    current(&app).code()
}
