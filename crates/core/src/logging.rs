//! Logging to a daily rolling file in the platform's log folder.
//!
//! Level comes from `RUST_LOG` (default `info`). Never log tokens or event
//! bodies: types that hold them do not implement `Display`/`Debug` with content.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;

/// Log files kept before the oldest is deleted (one per day).
const KEEP_FILES: usize = 7;
/// File name prefix; files are `meeting-tray.YYYY-MM-DD.log`.
pub const FILE_PREFIX: &str = "meeting-tray";

#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("cannot create the log folder {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open a log file in {path}: {source}")]
    Appender {
        path: String,
        source: tracing_appender::rolling::InitError,
    },
    #[error("logging was already set up in this process")]
    AlreadySet,
}

/// Start logging to `dir`. Keep the returned guard alive for the whole run:
/// dropping it flushes and stops the background writer.
pub fn init(dir: &Path) -> Result<WorkerGuard, LoggingError> {
    std::fs::create_dir_all(dir).map_err(|source| LoggingError::CreateDir {
        path: dir.display().to_string(),
        source,
    })?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|source| LoggingError::Appender {
            path: dir.display().to_string(),
            source,
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .map_err(|_| LoggingError::AlreadySet)?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_events_to_a_dated_file_in_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("nested/logs");
        let guard = init(&logs).unwrap();
        tracing::info!(marker = "xyzzy-42", "hello from the test");
        drop(guard); // flushes the background writer

        let files: Vec<_> = std::fs::read_dir(&logs).unwrap().flatten().collect();
        assert_eq!(files.len(), 1);
        let name = files[0].file_name().into_string().unwrap();
        assert!(
            name.starts_with("meeting-tray.") && name.ends_with(".log"),
            "{name}"
        );
        let text = std::fs::read_to_string(files[0].path()).unwrap();
        assert!(
            text.contains("hello from the test") && text.contains("xyzzy-42"),
            "{text}"
        );

        assert!(matches!(init(&logs), Err(LoggingError::AlreadySet)));
    }
}
