//! Where Meeting Tray keeps its files, per platform.
//!
//! Linux follows the XDG base directories (so `XDG_CONFIG_HOME`, `XDG_STATE_HOME`
//! and `XDG_CACHE_HOME` move them, which the tests rely on); macOS and Windows
//! use their standard application folders.

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Serialize;

/// The folders the app writes to. Nothing is created until it is needed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppPaths {
    /// Settings file lives here.
    pub config_dir: PathBuf,
    /// Rolling log files.
    pub log_dir: PathBuf,
    /// The app's local data: the encrypted calendar cache.
    pub data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "no home folder could be found for this user; set HOME (or the XDG_* variables) and try again"
)]
pub struct NoHomeDir;

impl AppPaths {
    /// The platform's standard folders for this user.
    pub fn discover() -> Result<Self, NoHomeDir> {
        let dirs = ProjectDirs::from("", "", "meeting-tray").ok_or(NoHomeDir)?;
        // Logs are state, not data, on Linux (XDG_STATE_HOME); other platforms
        // have no state folder and keep them beside the app's local data.
        let log_dir = dirs
            .state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .join("logs");
        Ok(Self {
            config_dir: dirs.config_dir().to_path_buf(),
            log_dir,
            data_dir: dirs.data_local_dir().to_path_buf(),
        })
    }

    /// The settings file.
    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// All folders under one root; for tests and portable runs.
    pub fn under(root: &Path) -> Self {
        Self {
            config_dir: root.join("config"),
            log_dir: root.join("logs"),
            data_dir: root.join("data"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_a_root_keeps_everything_inside_it() {
        let root = Path::new("/tmp/mt");
        let p = AppPaths::under(root);
        for dir in [&p.config_dir, &p.log_dir, &p.data_dir] {
            assert!(dir.starts_with(root), "{dir:?}");
        }
        assert_eq!(p.settings_file(), root.join("config/settings.json"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn discover_uses_the_app_name_in_each_standard_folder() {
        // Only checks shape: the environment decides the roots.
        let p = AppPaths::discover().unwrap();
        assert!(p.config_dir.ends_with("meeting-tray"), "{p:?}");
        assert!(p.log_dir.ends_with("meeting-tray/logs"), "{p:?}");
        assert!(p.data_dir.ends_with("meeting-tray"), "{p:?}");
    }
}
