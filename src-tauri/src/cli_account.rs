//! The account subcommands: connect, status, disconnect, admin-consent-url,
//! test-connection.

use std::io::Write;
use std::time::Duration;

use meeting_tray_core::auth::admin::admin_consent_url;
use meeting_tray_core::auth::client::{AuthorizeOptions, Prompt};
use meeting_tray_core::auth::{self, Auth, AuthSettings};
use meeting_tray_core::graph::{connection_test, GraphClient};
use meeting_tray_core::paths::AppPaths;
use meeting_tray_core::settings::Settings;
use meeting_tray_core::store::CacheFile;

use crate::cli::CliResult;

/// The settings, and the account over the real keychain (or why it cannot
/// be set up: "not configured" is a state `status` reports, not a failure).
pub struct Opened {
    pub paths: AppPaths,
    pub settings: Settings,
    pub auth: Result<Auth, auth::AuthError>,
}

pub fn open() -> Result<Opened, Box<dyn std::error::Error + Send + Sync>> {
    let paths = AppPaths::discover()?;
    let settings = Settings::load(&paths.settings_file())?;
    let auth = auth::open(&paths, &settings);
    Ok(Opened {
        paths,
        settings,
        auth,
    })
}

/// Options of `connect`, straight from the command line.
#[derive(Debug, Clone)]
pub struct ConnectArgs {
    pub no_browser: bool,
    pub login_hint: Option<String>,
    pub domain_hint: Option<String>,
    pub prompt: Option<Prompt>,
    pub timeout: Duration,
}

pub fn connect(args: ConnectArgs) -> CliResult {
    let auth = open()?.auth?;
    tauri::async_runtime::block_on(async move {
        let pending = auth
            .begin_sign_in(AuthorizeOptions {
                login_hint: args.login_hint,
                domain_hint: args.domain_hint,
                prompt: args.prompt,
            })
            .await?;
        let url = pending.url.to_string();
        if args.no_browser {
            println!("Open this address in a browser to sign in:\n{url}");
        } else {
            println!("Signing in through your browser. If it did not open, go to:\n{url}");
            if let Err(e) = crate::browser::open(&url) {
                eprintln!("meeting-tray: {e}");
            }
        }
        // Scripts read the address before the wait ends.
        std::io::stdout().flush()?;
        let record = auth.finish_sign_in(pending, args.timeout).await?;
        println!(
            "Connected as {} ({}).",
            record.username,
            record.display_name.as_deref().unwrap_or("no display name")
        );
        Ok(())
    })
}

pub fn status(json: bool) -> CliResult {
    let Opened {
        paths,
        settings,
        auth,
    } = open()?;
    // The last sync, from the cache; a locked keychain just leaves it unknown.
    let last_sync = CacheFile::new(
        &paths.data_dir,
        auth::keychain(),
        auth::session::VAULT_ACCOUNT,
    )
    .load()
    .ok()
    .flatten()
    .and_then(|c| c.last_sync);
    let status = match auth {
        Ok(auth) => tauri::async_runtime::block_on(auth.status()),
        Err(auth::AuthError::Config(e)) => {
            // Not configured yet is a state to report, not a failure.
            if json {
                let out = serde_json::json!({
                    "state": "not_configured",
                    "cloud": settings.account.cloud,
                    "problem": e.to_string(),
                });
                println!("{out}");
            } else {
                println!("Not connected: {e}.");
            }
            return Ok(());
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        let mut v = serde_json::to_value(&status)?;
        v["last_sync"] = serde_json::json!(last_sync);
        println!("{v}");
        return Ok(());
    }
    let fmt = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|| "—".to_owned())
    };
    match status.state {
        "not_connected" => {
            println!("Not connected. Run `meeting-tray connect` to connect your calendar.")
        }
        state => {
            println!(
                "Account:          {} ({})",
                status.username.as_deref().unwrap_or("?"),
                status.display_name.as_deref().unwrap_or("no display name")
            );
            println!("State:            {}", state.replace('_', " "));
            println!("Cloud:            {}", status.cloud);
            println!("Signed in:        {}", fmt(status.signed_in_at));
            println!("Reconnect by:     {}", fmt(status.reconnect_by));
            println!("Last refresh:     {}", fmt(status.last_refresh_at));
            println!("Last sync:        {}", fmt(last_sync));
            if let Some(p) = &status.problem {
                println!("Problem:          {}", p.message);
            }
        }
    }
    Ok(())
}

pub fn disconnect() -> CliResult {
    // Works with broken or missing settings too: nothing here needs them.
    let paths = AppPaths::discover()?;
    let store = auth::keychain();
    auth::forget_sign_in(&paths, store.clone())?;
    CacheFile::new(&paths.data_dir, store, auth::session::VAULT_ACCOUNT).delete()?;
    println!("Disconnected: the tokens and the calendar cache were removed.");
    Ok(())
}

pub fn admin_consent(tenant: &str, client_id: Option<String>) -> CliResult {
    let settings = open()?.settings;
    let mut account: AuthSettings = settings.account.with_env(|k| std::env::var(k).ok());
    if client_id.is_some() {
        account.client_id = client_id;
    }
    let config = account.resolve()?;
    let state = meeting_tray_core::auth::admin::random_state();
    let url = admin_consent_url(&config, tenant, &state)?;
    println!("{url}");
    Ok(())
}

/// Some permission checks failed (each was printed with its reason).
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} checks failed")]
pub struct ChecksFailed {
    failed: usize,
    total: usize,
}

pub fn test_connection(json: bool) -> CliResult {
    let auth = std::sync::Arc::new(open()?.auth?);
    let read_only = auth.config().read_only;
    let graph = GraphClient::new(auth.clone());
    let checks = tauri::async_runtime::block_on(async {
        // One clear message instead of four failed checks.
        if auth.status().await.state == "not_connected" {
            return Err(auth::AuthError::NotConnected);
        }
        Ok(connection_test::run(&graph, read_only).await)
    })?;
    if json {
        println!("{}", serde_json::to_string(&checks)?);
    } else {
        for c in &checks {
            let mark = if c.ok { "✓" } else { "✗" };
            println!("{mark} {} ({}): {}", c.what, c.permission, c.detail);
        }
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    if failed > 0 {
        return Err(ChecksFailed {
            failed,
            total: checks.len(),
        }
        .into());
    }
    Ok(())
}
