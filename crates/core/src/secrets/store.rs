//! The interface every keychain implementation offers.

use super::{Secret, SecretError};

/// A store of small named secrets (tokens, keys), such as the platform
/// keychain.
///
/// Calls block: the platform keychain may talk to another process or wait
/// for the user to unlock it. Async code calls them through
/// `tokio::task::spawn_blocking`.
pub trait SecretStore: Send + Sync + std::fmt::Debug {
    /// The secret stored under `name`, or `None` when there is none.
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError>;

    /// Stores `value` under `name`, replacing what was there.
    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError>;

    /// Removes the secret under `name`; removing a missing one succeeds.
    fn delete(&self, name: &str) -> Result<(), SecretError>;
}
