//! The command line: parsing and the subcommands that need no window.

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use meeting_tray_core::auth::client::Prompt;
use meeting_tray_core::i18n::Arg;
use meeting_tray_core::links::detect_input;
use meeting_tray_core::paths::AppPaths;

use crate::{cli_account, cli_calendar, cli_text};

/// Result of a command: any error, printed with its causes by `main`.
pub type CliResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

#[derive(Debug, Parser)]
#[command(
    name = "meeting-tray",
    version,
    about = "Never miss or fumble a video meeting.",
    long_about = "Meeting Tray sits in the system tray, shows your upcoming meetings and raises a \
                  Join pop-up shortly before each one.\n\nWith no subcommand it starts the tray app \
                  (a second launch brings the running one to the front). Subcommands print \
                  information for scripts and status bars and need no display."
)]
pub struct Cli {
    /// Open the Meeting Tray window at start instead of staying in the tray.
    #[arg(long)]
    pub show: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print where settings, logs and the calendar cache are kept.
    Paths {
        /// Print one JSON object instead of lines of text.
        #[arg(long)]
        json: bool,
    },
    /// Find the join link of a meeting: reads a Microsoft Graph event (JSON) or
    /// an invitation body (HTML or text) and prints the link and its service.
    ///
    /// Exits 0 whether or not a link is found; 2 if the input cannot be read.
    Detect {
        /// The file to read; `-` or nothing reads standard input.
        input: Option<PathBuf>,
        /// Print `{"url", "service", "native_url", "candidates"}` as JSON
        /// (`"url": null` when there is no joinable link).
        #[arg(long)]
        json: bool,
    },
    /// Connect your Microsoft 365 calendar: signs in through the browser and
    /// keeps the sign-in in the system keychain.
    Connect {
        /// Print the sign-in address instead of opening a browser, then wait.
        #[arg(long)]
        no_browser: bool,
        /// Pre-fill the account name on the sign-in page.
        #[arg(long, value_name = "ADDRESS")]
        login_hint: Option<String>,
        /// Skip the account-type question, e.g. your organisation's domain.
        #[arg(long, value_name = "DOMAIN")]
        domain_hint: Option<String>,
        /// Force the password page (login), the account picker
        /// (select-account) or the permissions page (consent).
        #[arg(long, value_enum)]
        prompt: Option<PromptArg>,
        /// Give up waiting for the browser after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 300)]
        timeout: u64,
    },
    /// Show the connected account, its cloud, the re-authorization date and
    /// any problem.
    Status {
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Disconnect: removes the tokens from the keychain, the account record,
    /// and the encrypted calendar cache with its key.
    Disconnect,
    /// Sync the calendar once (delta round over 7 days back to 31 ahead) into
    /// the encrypted cache and print what changed.
    Sync {
        /// Print {full, added, changed, removed, pages, meetings, requests, bytes}.
        #[arg(long)]
        json: bool,
    },
    /// List meetings from the cache (works offline; says how old the data is).
    Agenda {
        /// Today and this many days in all.
        #[arg(long, default_value_t = 2, value_name = "N")]
        days: u32,
        /// Print the agenda as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The meeting in progress or next, for scripts and status bars.
    Next {
        /// Print {meeting, when, stale} as JSON.
        #[arg(long, conflicts_with = "waybar")]
        json: bool,
        /// Print waybar/polybar JSON: {text, tooltip, class} (class: now, soon,
        /// later, none; plus ooo and stale).
        #[arg(long)]
        waybar: bool,
    },
    /// Open the join link of the meeting in progress or next (or of ID) with
    /// the same safety checks as the app.
    Join {
        /// The meeting in progress or next (the default).
        #[arg(long, conflicts_with_all = ["id", "soon"])]
        next: bool,
        /// Only a meeting that is running or starts within 15 minutes, as the
        /// app's join shortcut; a failure is also shown as a notification
        /// (for a desktop keyboard shortcut, where no one sees the terminal).
        #[arg(long, conflicts_with = "id")]
        soon: bool,
        /// A meeting id from `agenda --json`.
        id: Option<String>,
    },
    /// Check each permission with a real, harmless call (profile, calendar
    /// read, calendar write with a test event that is deleted at once, mailbox
    /// settings) and print ✓ or ✗ with the reason. Exits 2 if any check fails.
    TestConnection {
        /// Print a JSON array of {permission, what, ok, detail}.
        #[arg(long)]
        json: bool,
    },
    /// Print the link an administrator opens once to approve Meeting Tray for
    /// the whole organisation (tenant-wide admin consent).
    AdminConsentUrl {
        /// The tenant ID (GUID) or a verified domain; not `common`.
        #[arg(long)]
        tenant: String,
        /// The app registration's client ID (default: from the settings).
        #[arg(long)]
        client_id: Option<String>,
    },
}

/// `--prompt` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PromptArg {
    Login,
    SelectAccount,
    Consent,
}

/// Input `detect` could not read: the path (none: standard input) and why.
#[derive(Debug)]
pub struct UnreadableInput {
    path: Option<PathBuf>,
    source: std::io::Error,
}

impl std::fmt::Display for UnreadableInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let t = cli_text::t();
        let what = self
            .path
            .as_ref()
            .map_or_else(|| t.text("cli-standard-input"), |p| p.display().to_string());
        let reason = self.source.to_string();
        f.write_str(&t.get(
            "cli-error-unreadable",
            &[("what", Arg::Str(&what)), ("reason", Arg::Str(&reason))],
        ))
    }
}

impl std::error::Error for UnreadableInput {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn read_input(input: Option<&PathBuf>) -> Result<String, UnreadableInput> {
    let path = input.filter(|p| p.as_os_str() != "-");
    let read = match path {
        Some(path) => std::fs::read_to_string(path),
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map(|_| s)
        }
    };
    read.map_err(|source| UnreadableInput {
        path: path.cloned(),
        source,
    })
}

fn detect(input: Option<&PathBuf>, json: bool) -> CliResult {
    let text = read_input(input)?;
    // The user's own link rules apply, as in the app.
    let prefs = crate::cli_calendar::settings().link_preferences();
    let (_, detection) = detect_input(&text, &prefs);
    let best = detection.best();
    if json {
        let out = serde_json::json!({
            "url": best.map(|c| &c.url),
            "service": best.map(|c| &c.service),
            "native_url": best.and_then(|c| c.native_url.as_ref()),
            "candidates": detection.candidates,
        });
        println!("{out}");
    } else {
        match best {
            Some(c) => println!("{}: {}", c.service_name, c.url),
            None => println!("{}", cli_text::t().text("cli-detect-none")),
        }
    }
    Ok(())
}

pub fn run(command: Command) -> CliResult {
    match command {
        Command::Paths { json } => {
            let paths = AppPaths::discover()?;
            if json {
                println!("{}", serde_json::to_string(&paths)?);
            } else {
                let t = cli_text::t();
                let rows = [
                    ("cli-paths-settings", paths.settings_file()),
                    ("cli-paths-logs", paths.log_dir.clone()),
                    ("cli-paths-data", paths.data_dir.clone()),
                ]
                .map(|(id, path)| (t.text(id), path.display().to_string()));
                for line in cli_text::aligned(&rows, 0) {
                    println!("{line}");
                }
            }
            Ok(())
        }
        Command::Detect { input, json } => detect(input.as_ref(), json),
        Command::Connect {
            no_browser,
            login_hint,
            domain_hint,
            prompt,
            timeout,
        } => cli_account::connect(cli_account::ConnectArgs {
            no_browser,
            login_hint,
            domain_hint,
            prompt: prompt.map(|p| match p {
                PromptArg::Login => Prompt::Login,
                PromptArg::SelectAccount => Prompt::SelectAccount,
                PromptArg::Consent => Prompt::Consent,
            }),
            timeout: std::time::Duration::from_secs(timeout),
        }),
        Command::Status { json } => cli_account::status(json),
        Command::Disconnect => cli_account::disconnect(),
        Command::TestConnection { json } => cli_account::test_connection(json),
        Command::Sync { json } => cli_calendar::sync(json),
        Command::Agenda { days, json } => cli_calendar::agenda(days, json),
        Command::Next { json, waybar } => cli_calendar::next(json, waybar),
        Command::Join { next: _, soon, id } => cli_calendar::join(id, soon),
        Command::AdminConsentUrl { tenant, client_id } => {
            cli_account::admin_consent(&tenant, client_id)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_arguments_means_run_the_tray_hidden() {
        let cli = Cli::try_parse_from(["meeting-tray"]).unwrap();
        assert!(cli.command.is_none());
        assert!(!cli.show);
        let cli = Cli::try_parse_from(["meeting-tray", "--show"]).unwrap();
        assert!(cli.show);
    }

    #[test]
    fn paths_subcommand_parses_its_flag() {
        let cli = Cli::try_parse_from(["meeting-tray", "paths", "--json"]).unwrap();
        assert!(matches!(cli.command, Some(Command::Paths { json: true })));
        assert!(Cli::try_parse_from(["meeting-tray", "paths", "--bogus"]).is_err());
    }
}
