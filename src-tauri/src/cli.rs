//! The command line: parsing and the subcommands that need no window.

use std::io::Read;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use meeting_tray_core::links::detect_input;
use meeting_tray_core::paths::AppPaths;
use meeting_tray_links::Preferences;

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
}

/// Input `detect` could not read: the path (or "standard input") and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {what}: {source}")]
pub struct UnreadableInput {
    what: String,
    #[source]
    source: std::io::Error,
}

fn read_input(input: Option<&PathBuf>) -> Result<String, UnreadableInput> {
    match input.filter(|p| p.as_os_str() != "-") {
        Some(path) => std::fs::read_to_string(path).map_err(|source| UnreadableInput {
            what: path.display().to_string(),
            source,
        }),
        None => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|source| UnreadableInput {
                    what: "standard input".to_owned(),
                    source,
                })?;
            Ok(s)
        }
    }
}

fn detect(input: Option<&PathBuf>, json: bool) -> CliResult {
    let text = read_input(input)?;
    let (_, detection) = detect_input(&text, &Preferences::default());
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
            None => println!("no join link found"),
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
                println!("settings: {}", paths.settings_file().display());
                println!("logs:     {}", paths.log_dir.display());
                println!("cache:    {}", paths.cache_dir.display());
            }
            Ok(())
        }
        Command::Detect { input, json } => detect(input.as_ref(), json),
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
