//! The reconnect reminder: once a day from the warning period of the
//! re-authorization policy on, a notification with a one-click Reconnect.

use std::time::Duration;

use chrono::{Local, NaiveDate};
use meeting_tray_core::account::reconnect_reminder;
use tauri::{AppHandle, Manager};

use crate::account::Accounts;
use crate::notify;

/// How often the account is looked at; the reminder itself comes once a day.
const CHECK_EVERY: Duration = Duration::from_secs(3600);

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut last_shown: Option<NaiveDate> = None;
        loop {
            if let Some(status) = app.state::<Accounts>().status().await {
                let today = Local::now().date_naive();
                if let Some((title, body)) = reconnect_reminder(&status, last_shown, today) {
                    last_shown = Some(today);
                    notify::reconnect_reminder(app.clone(), title, body);
                }
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}
