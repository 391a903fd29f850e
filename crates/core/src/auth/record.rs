//! What the app remembers about the connected account, beside the keychain:
//! who, where, when they last signed in, and any problem to show. No tokens.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::cloud::Cloud;
use super::error::ErrorClass;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub class: ErrorClass,
    pub message: String,
    pub since: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    /// The sign-in name (`preferred_username`), used as `login_hint` next time.
    pub username: String,
    pub display_name: Option<String>,
    pub tenant_id: Option<String>,
    pub object_id: Option<String>,
    pub cloud: Cloud,
    pub client_id: String,
    /// Granted scopes, as the token endpoint reported them.
    pub scopes: Vec<String>,
    /// The last interactive sign-in (ID token `auth_time`): the re-authorization clock.
    pub signed_in_at: DateTime<Utc>,
    pub last_refresh_at: Option<DateTime<Utc>>,
    /// Set when the account needs attention (reconnect, configuration).
    pub problem: Option<Problem>,
}

/// The record file's path in the config folder.
pub fn path_in(config_dir: &Path) -> PathBuf {
    config_dir.join("account.json")
}

/// Reads the record; a missing file is "not connected", an unreadable one is
/// reported and treated the same (the keychain still decides on reconnect).
pub fn load(path: &Path) -> Option<AccountRecord> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            tracing::warn!("cannot read {}: {e}", path.display());
            return None;
        }
    };
    serde_json::from_slice(&bytes)
        .inspect_err(|e| tracing::warn!("ignoring the damaged {}: {e}", path.display()))
        .ok()
}

pub fn save(path: &Path, record: &AccountRecord) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(record).map_err(std::io::Error::other)?;
    crate::atomic_file::write(path, &json)
}

pub fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
