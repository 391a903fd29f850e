//! `msgraph-emulator`: the emulator as a process, for manual runs and `make demo`.

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

use std::io::Write;

use clap::Parser;
use msgraph_emulator::cloud::Cloud;
use msgraph_emulator::{Options, Settings};

/// Microsoft 365 sign-in and Graph calendar API, emulated on 127.0.0.1.
///
/// Prints one JSON line with the base URLs (authority, graph, control, client_id),
/// then serves until killed.
#[derive(Debug, Parser)]
#[command(version)]
struct Args {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// "demo" seeds two users with a week of meetings; "empty" starts with none.
    #[arg(long, default_value = "demo", value_parser = ["demo", "empty"])]
    mailbox: String,
    /// Which national cloud to imitate: worldwide, gcc, gcc-high, dod, china.
    #[arg(long, default_value = "worldwide", value_parser = parse_cloud)]
    cloud: Cloud,
}

fn parse_cloud(s: &str) -> Result<Cloud, String> {
    Cloud::parse(s)
        .ok_or_else(|| format!("unknown cloud '{s}' (worldwide, gcc, gcc-high, dod, china)"))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let options = Options {
        port: args.port,
        settings: Settings {
            cloud: args.cloud,
            ..Settings::default()
        },
        demo_mailbox: args.mailbox == "demo",
    };
    let running = match msgraph_emulator::start(options).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!(
                "msgraph-emulator: cannot listen on 127.0.0.1:{}: {e}",
                args.port
            );
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", running.announcement())
        .and_then(|_| out.flush())
        .is_err()
    {
        return std::process::ExitCode::FAILURE;
    }
    drop(out);
    if let Err(e) = stopped().await {
        eprintln!("msgraph-emulator: {e}");
        return std::process::ExitCode::FAILURE;
    }
    running.stop().await;
    std::process::ExitCode::SUCCESS
}

/// Ctrl-C, or on Unix also SIGTERM (how the tests stop it).
#[cfg(unix)]
async fn stopped() -> std::io::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r,
        _ = term.recv() => Ok(()),
    }
}

#[cfg(not(unix))]
async fn stopped() -> std::io::Result<()> {
    tokio::signal::ctrl_c().await
}
