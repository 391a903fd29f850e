//! The command line: parsing and the subcommands that need no window.

use clap::{Parser, Subcommand};
use meeting_tray_core::paths::AppPaths;

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
