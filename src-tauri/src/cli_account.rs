//! The account subcommands: connect, status, disconnect, admin-consent-url,
//! test-connection.

use std::io::Write;
use std::time::Duration;

use meeting_tray_core::auth::admin::admin_consent_url;
use meeting_tray_core::auth::client::{AuthorizeOptions, Prompt};
use meeting_tray_core::auth::{self, Auth, AuthSettings};
use meeting_tray_core::graph::{connection_test, GraphClient};
use meeting_tray_core::i18n::{Arg, Texts};
use meeting_tray_core::paths::AppPaths;
use meeting_tray_core::settings::Settings;
use meeting_tray_core::store::CacheFile;

use crate::cli::CliResult;
use crate::cli_text;

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
        let t = cli_text::t();
        if args.no_browser {
            println!("{}\n{url}", t.text("cli-connect-open"));
        } else {
            println!("{}\n{url}", t.text("cli-connect-browser"));
            if let Err(e) = crate::browser::open(&url) {
                eprintln!("meeting-tray: {e}");
            }
        }
        // Scripts read the address before the wait ends.
        std::io::stdout().flush()?;
        let record = auth.finish_sign_in(pending, args.timeout).await?;
        let name = record
            .display_name
            .unwrap_or_else(|| t.text("cli-no-display-name"));
        let connected = t.get(
            "cli-connected",
            &[
                ("user", Arg::Str(&record.username)),
                ("name", Arg::Str(&name)),
            ],
        );
        println!("{connected}");
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
    let cache = CacheFile::new(
        &paths.data_dir,
        auth::keychain(),
        auth::session::VAULT_ACCOUNT,
    )
    .load()
    .ok()
    .flatten();
    let last_sync = cache.as_ref().and_then(|c| c.last_sync);
    let mailbox = cache.and_then(|c| c.mailbox.locale);
    let texts = || cli_text::with_mailbox(mailbox.as_deref());
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
                let problem = e.to_string();
                let line = texts().get("cli-not-configured", &[("problem", Arg::Str(&problem))]);
                println!("{line}");
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
    let t = texts();
    if status.state == "not_connected" {
        println!("{}", t.text("cli-not-connected"));
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
    let name = status
        .display_name
        .clone()
        .unwrap_or_else(|| t.text("cli-no-display-name"));
    let account = format!("{} ({name})", status.username.as_deref().unwrap_or("?"));
    let mut rows = vec![
        ("cli-status-account", account),
        ("cli-status-state", state_label(t, status.state)),
        ("cli-status-cloud", status.cloud.to_string()),
        ("cli-status-signed-in", fmt(status.signed_in_at)),
        ("cli-status-reconnect-by", fmt(status.reconnect_by)),
        ("cli-status-last-refresh", fmt(status.last_refresh_at)),
        ("cli-status-last-sync", fmt(last_sync)),
    ];
    if let Some(p) = &status.problem {
        rows.push(("cli-status-problem", p.message.clone()));
    }
    let rows: Vec<_> = rows.into_iter().map(|(id, v)| (t.text(id), v)).collect();
    for line in cli_text::aligned(&rows, 18) {
        println!("{line}");
    }
    Ok(())
}

/// An account state (`reconnect_soon` …) for people.
fn state_label(t: &Texts, state: &str) -> String {
    match state {
        "connected" => t.text("cli-state-connected"),
        "reconnect_soon" => t.text("cli-state-reconnect-soon"),
        "reconnect_needed" => t.text("cli-state-reconnect-needed"),
        "attention" => t.text("cli-state-attention"),
        other => other.replace('_', " "),
    }
}

pub fn disconnect() -> CliResult {
    // Works with broken or missing settings too: nothing here needs them.
    let paths = AppPaths::discover()?;
    let store = auth::keychain();
    auth::forget_sign_in(&paths, store.clone())?;
    CacheFile::new(&paths.data_dir, store, auth::session::VAULT_ACCOUNT).delete()?;
    println!("{}", cli_text::t().text("cli-disconnected"));
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
#[derive(Debug)]
pub struct ChecksFailed {
    failed: usize,
    total: usize,
}

impl std::fmt::Display for ChecksFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |v: usize| Arg::Num(i64::try_from(v).unwrap_or(i64::MAX));
        f.write_str(&cli_text::t().get(
            "cli-checks-failed",
            &[("failed", n(self.failed)), ("total", n(self.total))],
        ))
    }
}

impl std::error::Error for ChecksFailed {}

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
