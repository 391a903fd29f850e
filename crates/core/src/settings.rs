//! The settings file (`settings.json` in the config folder). Every field has a
//! default that works, so a missing file is fine; a damaged one is reported
//! with its path, never silently replaced.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::agenda::Filters;
use crate::alerts::AlertSettings;
use crate::auth::AuthSettings;
use crate::join::JoinSettings;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Sign-in: app registration, tenant, cloud, re-authorization policy.
    pub account: AuthSettings,
    /// When and how meetings are announced.
    pub alerts: AlertSettings,
    /// Which program opens each service's meetings.
    pub join: JoinSettings,
    /// Meetings left out of the agenda and its alerts.
    pub filters: Filters,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the settings file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the settings file {path} is not valid ({source}); correct it, or delete it to start from the defaults")]
    Invalid {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

impl Settings {
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        serde_json::from_slice(&bytes).map_err(|source| SettingsError::Invalid {
            path: path.display().to_string(),
            source,
        })
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::atomic_file::write(path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults_and_damage_is_reported_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.json");
        assert_eq!(Settings::load(&p).unwrap(), Settings::default());
        let mut s = Settings::default();
        s.account.tenant = "contoso.example".into();
        s.save(&p).unwrap();
        assert_eq!(Settings::load(&p).unwrap(), s);
        std::fs::write(&p, b"{\"account\": {\"tenant\": 5}}").unwrap();
        let e = Settings::load(&p).unwrap_err();
        assert!(e.to_string().contains("settings.json"), "{e}");
        std::fs::write(&p, b"{\"account\": {\"clientid\": \"x\"}}").unwrap();
        assert!(
            Settings::load(&p).is_err(),
            "unknown fields are typos, not ignored"
        );
    }
}
