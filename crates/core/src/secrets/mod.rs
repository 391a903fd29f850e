//! Secrets: the keychain behind a small trait, a value type that never prints,
//! and the vault that keeps the refresh token.

mod keyring_store;
mod memory;
mod secret;
mod vault;

pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;
pub use secret::Secret;
pub use vault::TokenVault;

/// The keychain service name of every entry the app keeps.
pub const SERVICE: &str = "meeting-tray";

/// Why the keychain could not be used. Messages never include a secret.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("the keychain is locked; unlock it (log in again or open your keyring app) and choose Retry")]
    Locked,
    #[error("no keychain service is available ({0}); on Linux start gnome-keyring or KWallet (Secret Service) — Meeting Tray never keeps tokens in a plain file instead")]
    Unavailable(String),
    #[error("the keychain refuses secrets longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("the stored sign-in is damaged ({0}); choose Reconnect to sign in again")]
    Corrupt(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl SecretError {
    /// Worth trying again later without the user doing anything drastic.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SecretError::Locked | SecretError::Unavailable(_))
    }
}

/// A store of small named secrets. Calls block (D-Bus, Keychain): async code
/// runs them on `spawn_blocking`.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError>;
    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError>;
    /// Deleting a missing entry is fine.
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}
