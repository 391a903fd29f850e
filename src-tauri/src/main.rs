// A tray app must not open a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `meeting-tray`: with no subcommand it runs the tray app; subcommands serve
//! scripts and status bars and never need a display.

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

mod account;
mod agenda_commands;
mod alerter;
mod app;
mod browser;
mod cli;
mod cli_account;
mod cli_calendar;
mod cli_text;
mod clock_watch;
mod commands;
mod desktop;
mod handlers;
mod ipc;
#[cfg(test)]
mod ipc_samples;
mod joining;
mod language;
mod making;
mod notify;
mod platform_events;
mod popup;
mod popup_commands;
mod reminders;
mod sign_in;
mod syncer;
mod tray;
mod window;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Subcommand errors exit 2 (unreadable input, unusable paths); the app, 1.
    let (result, failure) = match args.command {
        None => (
            app::run(app::Options {
                show_window: args.show,
            }),
            ExitCode::FAILURE,
        ),
        Some(command) => (cli::run(command), ExitCode::from(2)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // One exit path: print the whole chain of causes.
            let mut msg = format!("meeting-tray: {err}");
            let mut source = std::error::Error::source(err.as_ref());
            let caused_by = source.map(|_| cli_text::t().text("cli-caused-by"));
            while let Some(cause) = source {
                msg.push_str(&format!(
                    "\n  {}: {cause}",
                    caused_by.as_deref().unwrap_or_default()
                ));
                source = cause.source();
            }
            eprintln!("{msg}");
            failure
        }
    }
}
