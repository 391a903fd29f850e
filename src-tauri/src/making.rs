//! Meetings the user makes from the tray: "Start a meeting now" (created
//! through Graph with the user's meeting source, then joined), "Schedule…"
//! (a new event in Outlook on the web, its Location set to the scheduling
//! keyword) and the automatic replies settings.

use chrono::{Duration, Utc};
use meeting_tray_core::graph::GraphClient;
use meeting_tray_core::i18n::Arg;
use meeting_tray_core::outlook_web;
use meeting_tray_core::quick_meeting;
use tauri::{AppHandle, Manager};

use crate::account::Accounts;
use crate::alerter::Alerts;
use crate::syncer::SyncTrigger;
use crate::{browser, notify, window};

/// Creates the meeting, opens its join link and puts it on the clipboard to
/// share; says what went wrong otherwise.
pub fn start_meeting(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let t = crate::language::texts(&app);
        let settings = app.state::<Alerts>().settings();
        let Some(source) = settings.meetings.source.clone() else {
            notify::notice("Meeting Tray", &t.text("quick-meeting-no-source"));
            window::show_tab(&app, window::Tab::Settings);
            return;
        };
        let failed = |error: String| {
            tracing::warn!("the quick meeting failed: {error}");
            notify::notice(
                "Meeting Tray",
                &t.get("quick-meeting-failed", &[("error", Arg::Str(&error))]),
            );
        };
        let accounts = app.state::<Accounts>();
        let auth = match accounts.auth().await {
            Ok(a) => a,
            Err(e) => return failed(e.to_string()),
        };
        let made = quick_meeting::start_now(
            &GraphClient::new(auth),
            &source,
            &t.text("quick-meeting-subject"),
            Utc::now(),
            settings.meetings.quick_minutes,
        )
        .await;
        let made = match made {
            Ok(m) => m,
            Err(e) => return failed(e.to_string()),
        };
        tracing::info!("quick meeting created");
        {
            use tauri_plugin_clipboard_manager::ClipboardExt;
            if let Err(e) = app.clipboard().write_text(made.join_url.clone()) {
                tracing::warn!("the quick meeting's link could not be copied: {e}");
            }
        }
        // The source's link is https (checked when it was made).
        if let Err(e) = browser::open(&made.join_url) {
            tracing::warn!("{e}");
        }
        notify::notice(
            &t.text("quick-meeting-started"),
            &t.get("quick-meeting-share", &[("url", Arg::Str(&made.join_url))]),
        );
        // The agenda shows it after the next sync: make that now.
        app.state::<SyncTrigger>().now();
    });
}

fn open(url: Option<String>) {
    match url {
        Some(u) => {
            if let Err(e) = browser::open(&u) {
                tracing::warn!("{e}");
                notify::notice("Meeting Tray", &e.to_string());
            }
        }
        None => tracing::warn!("Outlook on the web is not known yet"),
    }
}

/// A new event in Outlook on the web from the next half hour, as long as a
/// quick meeting; with the scheduling keyword in Location when it is on.
pub fn schedule(app: &AppHandle) {
    let settings = app.state::<Alerts>().settings();
    let start = outlook_web::next_half_hour(Utc::now());
    let end = start + Duration::minutes(settings.meetings.quick_minutes);
    // The main keyword, when its own source is set (more keywords bring
    // their own sources, and Location gets just one).
    let keyword = (settings.meetings.source.is_some() && !settings.keyword_rules().is_empty())
        .then_some(settings.meetings.keyword.as_str());
    open(
        app.state::<Alerts>()
            .outlook_web()
            .and_then(|o| outlook_web::compose_url(&o, start, end, keyword))
            .map(String::from),
    );
}

pub fn automatic_replies(app: &AppHandle) {
    open(
        app.state::<Alerts>()
            .outlook_web()
            .and_then(|o| outlook_web::automatic_replies_url(&o))
            .map(String::from),
    );
}
