//! What can go wrong reading or writing the cache file. Messages are for the
//! user and the log, and never contain anything from the cache.

use std::path::PathBuf;

/// A failure of [`CacheFile`](super::CacheFile). An unreadable file is not
/// one of them: it is set aside and the load reports no cache.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The keychain holding the cache key is locked, unreachable or refused
    /// the key; its message says what to do. The file is left as it was.
    #[error(transparent)]
    Secrets(#[from] crate::secrets::SecretError),
    /// The file or its folder could not be read, written or removed.
    #[error(
        "Could not {op} the calendar cache {}: {source}. Check that the folder exists, is \
         writable and the disk is not full; the file can also be deleted, Meeting Tray then \
         downloads the calendar again.",
        path.display()
    )]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The cache could not be turned into JSON. Cannot happen with the
    /// current model (string keys, infallible field types); serialisation
    /// errors name a type, never a value.
    #[error("The calendar cache could not be encoded ({0}); this is a bug in Meeting Tray.")]
    Serialize(#[source] serde_json::Error),
}

impl StoreError {
    pub(super) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        StoreError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::StoreError;
    use crate::secrets::SecretError;

    #[test]
    fn messages_say_what_to_do() {
        let locked = StoreError::from(SecretError::Locked).to_string();
        assert!(
            locked.contains("Unlock") && locked.contains("Retry"),
            "{locked}"
        );
        let io = StoreError::io(
            "write",
            "/cache/calendar-microsoft.cache",
            std::io::Error::other("disk full"),
        )
        .to_string();
        assert!(io.contains("Could not write"), "{io}");
        assert!(io.contains("/cache/calendar-microsoft.cache"), "{io}");
        assert!(io.contains("disk full") && io.contains("writable"), "{io}");
    }
}
