//! The account as the running app holds it: the sign-in settings, the `Auth`
//! session built from them, and at most one sign-in at a time.

use std::sync::Arc;

use meeting_tray_core::auth::{self, AccountStatus, Auth, AuthSettings};
use meeting_tray_core::paths::AppPaths;
use meeting_tray_core::settings::Settings;
use tauri::async_runtime::{Mutex, RwLock};

#[derive(Debug)]
pub struct Accounts {
    pub paths: AppPaths,
    /// The session, or why sign-in is not configured (a message to show).
    auth: RwLock<Result<Arc<Auth>, String>>,
    /// Held while a sign-in waits for the browser.
    pub signing_in: Mutex<()>,
    /// Tells a waiting sign-in to give way to a new one.
    pub cancel_sign_in: tokio::sync::Notify,
}

fn build(paths: &AppPaths, settings: &Settings) -> Result<Arc<Auth>, String> {
    auth::open(paths, settings)
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

impl Accounts {
    pub fn load(paths: AppPaths) -> Accounts {
        let settings = Settings::load(&paths.settings_file()).unwrap_or_else(|e| {
            tracing::warn!("{e}");
            Settings::default()
        });
        let auth = build(&paths, &settings);
        if let Err(e) = &auth {
            tracing::info!("sign-in not configured: {e}");
        }
        Accounts {
            paths,
            auth: RwLock::new(auth),
            signing_in: Mutex::new(()),
            cancel_sign_in: tokio::sync::Notify::new(),
        }
    }

    pub async fn auth(&self) -> Result<Arc<Auth>, String> {
        self.auth.read().await.clone()
    }

    /// The status, or `None` when sign-in is not configured.
    pub async fn status(&self) -> Option<AccountStatus> {
        match self.auth().await {
            Ok(a) => Some(a.status().await),
            Err(_) => None,
        }
    }

    pub async fn settings(&self) -> AuthSettings {
        Settings::load(&self.paths.settings_file())
            .map(|s| s.account)
            .unwrap_or_default()
    }

    /// Saves new sign-in settings and rebuilds the session from them.
    pub async fn save_settings(&self, account: AuthSettings) -> Result<(), String> {
        let path = self.paths.settings_file();
        let mut settings = Settings::load(&path).map_err(|e| e.to_string())?;
        settings.account = account;
        // Checked before saving: a bad client ID must not reach the file.
        settings
            .account
            .clone()
            .with_env(|k| std::env::var(k).ok())
            .resolve()
            .map_err(|e| e.to_string())?;
        settings
            .save(&path)
            .map_err(|e| format!("cannot save {}: {e}", path.display()))?;
        *self.auth.write().await = build(&self.paths, &settings);
        Ok(())
    }
}
