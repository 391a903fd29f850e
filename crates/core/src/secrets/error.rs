//! What can go wrong with the keychain or the sealed token file. Messages are
//! meant for the user and never contain a secret value.

use std::path::PathBuf;

/// Shown when no keychain can be reached; names what to start on each platform.
#[cfg(not(any(target_os = "macos", target_os = "windows")))]
const UNAVAILABLE: &str = "No keychain service is running. Meeting Tray keeps your sign-in in the \
     Secret Service, which gnome-keyring or KWallet provides: start one (or log in to a desktop \
     session that does) and choose Retry. Meeting Tray never falls back to a plain-text file.";
#[cfg(target_os = "macos")]
const UNAVAILABLE: &str = "The macOS Keychain cannot be reached. Meeting Tray keeps your sign-in \
     there: check Keychain Access and choose Retry. Meeting Tray never falls back to a plain-text \
     file.";
#[cfg(target_os = "windows")]
const UNAVAILABLE: &str = "Windows Credential Manager cannot be reached. Meeting Tray keeps your \
     sign-in there: check that the Credential Manager service is running and choose Retry. \
     Meeting Tray never falls back to a plain-text file.";

const LOCKED: &str = "The keychain is locked. Unlock it (for example by logging in again or \
     opening your keyring app) and choose Retry.";

const CORRUPT: &str = "The saved sign-in cannot be read. Choose Reconnect to sign in again.";

/// A keychain or sealed-file failure.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The keychain exists but is locked, or the user refused to unlock it.
    #[error("{LOCKED}")]
    Locked,
    /// No keychain service answers (no Secret Service on Linux, or a platform
    /// failure); the string is the platform's own description.
    #[error("{UNAVAILABLE} (Details: {0})")]
    Unavailable(String),
    /// The value is larger than the keychain accepts.
    #[error("The secret is longer than the keychain accepts ({limit} bytes).")]
    TooLong { limit: usize },
    /// A stored value or the sealed file cannot be decoded or decrypted; the
    /// string says which part, never what it held.
    #[error("The saved sign-in cannot be read ({0}). Choose Reconnect to sign in again.")]
    Corrupt(String),
    /// The sealed token file could not be read, written or removed.
    #[error("Could not {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The keychain refused an entry name; names are ours, so this is a bug.
    #[error("The keychain rejected an entry ({0}); this is a bug in Meeting Tray.")]
    Invalid(String),
    /// The operating system could not supply random bytes for a key or nonce.
    #[error("The system's random number generator failed ({0}); nothing was saved.")]
    Random(String),
}

impl SecretError {
    /// Whether trying again later (after unlocking or starting the keyring)
    /// can succeed without the user signing in again.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SecretError::Locked | SecretError::Unavailable(_))
    }

    /// The message without platform details, for a notification or a status
    /// line; `Display` adds the details for the log and the CLI.
    pub fn user_message(&self) -> String {
        match self {
            SecretError::Locked => LOCKED.to_owned(),
            SecretError::Unavailable(_) => UNAVAILABLE.to_owned(),
            SecretError::Corrupt(_) => CORRUPT.to_owned(),
            other => other.to_string(),
        }
    }

    pub(crate) fn io(op: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SecretError::Io {
            op,
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SecretError;

    #[test]
    fn locked_and_unavailable_are_retryable_the_rest_is_not() {
        assert!(SecretError::Locked.is_retryable());
        assert!(SecretError::Unavailable("x".into()).is_retryable());
        assert!(!SecretError::TooLong { limit: 1 }.is_retryable());
        assert!(!SecretError::Corrupt("x".into()).is_retryable());
        assert!(!SecretError::io("read", "/x", std::io::Error::other("boom")).is_retryable());
    }

    #[test]
    fn messages_tell_the_user_what_to_do() {
        let locked = SecretError::Locked.to_string();
        assert!(
            locked.contains("locked") && locked.contains("Retry"),
            "{locked}"
        );
        let unavailable = SecretError::Unavailable("ServiceUnknown".into());
        assert!(unavailable.to_string().contains("ServiceUnknown"));
        assert!(unavailable.to_string().contains("plain-text"));
        assert!(!unavailable.user_message().contains("ServiceUnknown"));
        #[cfg(target_os = "linux")]
        assert!(unavailable.user_message().contains("gnome-keyring"));
        let corrupt = SecretError::Corrupt("the sealed file failed authentication".into());
        assert!(corrupt.to_string().contains("Reconnect"));
        assert!(corrupt.user_message().contains("Reconnect"));
    }
}
