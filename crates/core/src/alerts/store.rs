//! The alert state on disk (`alerts.json` in the data folder): what was
//! shown, snoozed and dismissed survives a restart, so a dismissed meeting
//! stays quiet and a shown alert is not shown twice. It holds meeting ids and
//! times only, no titles.

use std::path::{Path, PathBuf};

use super::AlertState;

pub const FILE_NAME: &str = "alerts.json";

#[derive(Debug, thiserror::Error)]
#[error("cannot save the alert state to {path}: {source}")]
pub struct SaveError {
    path: String,
    #[source]
    source: std::io::Error,
}

#[derive(Debug, Clone)]
pub struct AlertStateFile {
    path: PathBuf,
}

impl AlertStateFile {
    pub fn new(data_dir: &Path) -> Self {
        AlertStateFile {
            path: data_dir.join(FILE_NAME),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved state; a missing file is a fresh start, and so is a damaged
    /// one (renamed to `alerts.json.damaged` and logged): at worst an alert
    /// is shown once more, which is better than none.
    pub fn load(&self) -> AlertState {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return AlertState::default(),
            Err(e) => {
                tracing::warn!(path = %self.path.display(), "cannot read the alert state: {e}");
                return AlertState::default();
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(state) => state,
            Err(e) => {
                let aside = self.path.with_extension("json.damaged");
                tracing::warn!(
                    path = %self.path.display(),
                    aside = %aside.display(),
                    "the alert state is damaged ({e}); starting afresh"
                );
                if let Err(e) = std::fs::rename(&self.path, &aside) {
                    tracing::warn!("cannot set the damaged alert state aside: {e}");
                }
                AlertState::default()
            }
        }
    }

    pub fn save(&self, state: &AlertState) -> Result<(), SaveError> {
        let err = |source| SaveError {
            path: self.path.display().to_string(),
            source,
        };
        let json = serde_json::to_vec(state).map_err(|e| err(std::io::Error::other(e)))?;
        crate::atomic_file::write(&self.path, &json).map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::fixtures::t;

    #[test]
    fn state_survives_a_restart_and_damage_starts_afresh_keeping_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = AlertStateFile::new(dir.path());
        assert_eq!(file.load(), AlertState::default(), "no file yet");
        let mut st = AlertState::default();
        st.dismiss("a", t(10, 0));
        st.snooze("b", t(11, 0), t(10, 59));
        file.save(&st).unwrap();
        assert_eq!(AlertStateFile::new(dir.path()).load(), st);

        std::fs::write(file.path(), b"{\"dismissed\": 7").unwrap();
        assert_eq!(file.load(), AlertState::default());
        assert!(dir.path().join("alerts.json.damaged").exists());
        assert!(!file.path().exists());
    }
}
