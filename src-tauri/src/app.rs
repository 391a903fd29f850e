//! The tray app: plugins, tray, windows and the run loop.

use meeting_tray_core::{logging, paths::AppPaths, VERSION};
use tauri::{Manager, RunEvent};

use crate::account::Accounts;
use crate::syncer::{self, SyncTrigger};
use crate::{
    agenda_commands, alerter, cli::CliResult, clock_watch, commands, desktop, language,
    platform_events, popup_commands, reminders, tray, window,
};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Open the main window at start (otherwise the app starts in the tray only).
    pub show_window: bool,
}

pub fn run(opts: Options) -> CliResult {
    let paths = AppPaths::discover()?;
    // The app is still useful without logs: say so and carry on.
    let mut log_guard = logging::init(&paths.log_dir)
        .inspect_err(|e| eprintln!("meeting-tray: logging is off: {e}"))
        .ok();
    tracing::info!(version = VERSION, log_dir = %paths.log_dir.display(), "starting");

    let accounts = Accounts::load(paths.clone());
    let app = tauri::Builder::default()
        // Registered first so a second launch exits before it builds anything.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            tracing::info!("second launch: bringing the running instance to the front");
            window::show_main(app);
        }))
        .plugin(tauri_plugin_clipboard_manager::init())
        // No arguments: a login start is a tray-only start.
        .plugin(
            tauri_plugin_autostart::Builder::new()
                .app_name("Meeting Tray")
                .build(),
        )
        // The main window's place and size; the pop-up places itself by the pointer.
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(window::REMEMBERED)
                .with_denylist(&[crate::popup::LABEL])
                .build(),
        )
        .manage(crate::desktop::JoinShortcut::default())
        .manage(crate::alerter::Alerts::new(&paths))
        .manage(accounts)
        .manage(SyncTrigger::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::connect,
            commands::disconnect,
            commands::refresh,
            commands::test_connection,
            commands::save_account_settings,
            agenda_commands::agenda_view,
            agenda_commands::agenda_join,
            agenda_commands::agenda_rsvp,
            agenda_commands::app_settings,
            agenda_commands::save_app_settings,
            language::ui_language,
            desktop::ui_theme,
            popup_commands::popup_view,
            popup_commands::popup_join,
            popup_commands::popup_snooze,
            popup_commands::popup_dismiss,
            popup_commands::popup_rsvp
        ])
        .setup(move |app| {
            tray::install(app.handle())?;
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move { tray::refresh(&handle).await });
            reminders::start(app.handle().clone());
            syncer::start(app.handle().clone());
            alerter::start(app.handle().clone());
            clock_watch::start(app.handle().clone());
            platform_events::start(app.handle().clone());
            let settings = app.state::<crate::alerter::Alerts>().settings();
            // Setup runs on the main thread, where the hotkey manager must live.
            app.state::<desktop::JoinShortcut>()
                .apply_here(app.handle(), &settings.desktop);
            if opts.show_window {
                window::show_main(app.handle());
            }
            Ok(())
        })
        .build(tauri::generate_context!())?;

    app.run(move |_app, event| match event {
        // Closing the last window must not quit a tray app; only "Quit" does
        // (it exits with an explicit code).
        RunEvent::ExitRequested {
            code: None, api, ..
        } => api.prevent_exit(),
        RunEvent::Exit => {
            tracing::info!("stopped");
            // The event loop ends the process without running destructors:
            // flush the log now.
            drop(log_guard.take());
        }
        _ => {}
    });
    Ok(())
}
