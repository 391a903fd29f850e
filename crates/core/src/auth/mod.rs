//! Connecting to Microsoft 365: sign-in in the system browser (authorization
//! code + PKCE on a loopback redirect), the refresh token in the keychain,
//! refresh with rotation, and the re-authorization policy.

pub mod admin;
pub mod client;
pub mod cloud;
pub mod config;
pub mod error;
pub mod id_token;
pub mod loopback;
pub mod reauth;
pub mod record;
pub mod session;

pub use cloud::Cloud;
pub use config::{AuthConfig, AuthSettings, ConfigError};
pub use error::{AadError, ErrorClass};
pub use session::{AccountStatus, Auth, Clock, PendingSignIn};

use crate::secrets::SecretError;

/// Everything that can stop a sign-in or a token refresh; each message says
/// what happened and what to do. Never carries a token.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("Microsoft 365 sign-in failed: {}. {}", .0.explain(), .0.class().advice())]
    Service(Box<AadError>),
    #[error("cannot reach the Microsoft sign-in service ({0}); check the network connection — Meeting Tray tries again by itself")]
    Network(String),
    #[error("the sign-in service gave an answer Meeting Tray does not understand: {0}; it will try again later")]
    Malformed(String),
    #[error(transparent)]
    Loopback(#[from] loopback::LoopbackError),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error("not connected: choose Connect your calendar (or run `meeting-tray connect`)")]
    NotConnected,
    #[error("your organisation asks you to sign in again every {days} days, and that time has come: choose Reconnect (or run `meeting-tray connect`)")]
    ReauthDue { days: u32 },
    #[error("the sign-in gave no refresh token: the app registration must allow the offline_access permission")]
    NoRefreshToken,
    #[error("the app registration or cloud in the settings changed since you signed in: choose Reconnect to sign in with the new settings")]
    SettingsChanged,
    #[error("Microsoft Graph refuses the sign-in even after a refresh: choose Reconnect")]
    GraphRefused,
    #[error("cannot save the account details in {path}: {source}")]
    Record {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl AuthError {
    pub fn class(&self) -> ErrorClass {
        match self {
            AuthError::Service(e) => e.class(),
            AuthError::Network(_) | AuthError::Malformed(_) | AuthError::Record { .. } => {
                ErrorClass::Transient
            }
            AuthError::Loopback(loopback::LoopbackError::TimedOut(_)) => ErrorClass::Cancelled,
            AuthError::Secrets(e) if e.is_retryable() => ErrorClass::Keychain,
            AuthError::Secrets(_)
            | AuthError::NotConnected
            | AuthError::ReauthDue { .. }
            | AuthError::SettingsChanged
            | AuthError::GraphRefused => ErrorClass::NeedsReauth,
            AuthError::Config(_)
            | AuthError::Loopback(_)
            | AuthError::NoRefreshToken
            | AuthError::Internal(_) => ErrorClass::Configuration,
        }
    }
}

/// The app's `Auth` over the real keychain, from the settings file and the
/// `MEETING_TRAY_*` overrides.
pub fn open(
    paths: &crate::paths::AppPaths,
    settings: &crate::settings::Settings,
) -> Result<Auth, AuthError> {
    open_with(paths, settings, keychain())
}

/// The system keychain under the app's service name.
pub fn keychain() -> std::sync::Arc<dyn crate::secrets::SecretStore> {
    std::sync::Arc::new(crate::secrets::KeyringStore::new(crate::secrets::SERVICE))
}

/// [`open`] over a given keychain.
pub fn open_with(
    paths: &crate::paths::AppPaths,
    settings: &crate::settings::Settings,
    store: std::sync::Arc<dyn crate::secrets::SecretStore>,
) -> Result<Auth, AuthError> {
    let config = settings
        .account
        .clone()
        .with_env(|k| std::env::var(k).ok())
        .resolve()?;
    let vault =
        crate::secrets::TokenVault::new(store, paths.config_dir.clone(), session::VAULT_ACCOUNT);
    Ok(Auth::new(
        config,
        vault,
        &paths.config_dir,
        session::system_clock(),
    ))
}

/// Removes the sign-in kept on this machine (the tokens in the keychain and
/// the account record) without needing working settings: a broken
/// configuration must not strand the tokens.
pub fn forget_sign_in(
    paths: &crate::paths::AppPaths,
    store: std::sync::Arc<dyn crate::secrets::SecretStore>,
) -> Result<(), AuthError> {
    crate::secrets::TokenVault::new(store, paths.config_dir.clone(), session::VAULT_ACCOUNT)
        .delete()?;
    let path = record::path_in(&paths.config_dir);
    record::remove(&path).map_err(|source| AuthError::Record {
        path: path.display().to_string(),
        source,
    })
}
