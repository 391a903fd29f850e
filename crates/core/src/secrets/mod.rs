//! Secrets: the OAuth refresh token and the keys that protect it.
//!
//! - [`Secret`] wraps a value so it is wiped on drop and never printed.
//! - [`SecretStore`] is a keychain of small named secrets: [`KeyringStore`] is
//!   the platform's, [`MemoryStore`] a stand-in for tests.
//! - [`TokenVault`] keeps one account's refresh token in a store, sealing it
//!   into an encrypted file when the keychain's size limit is too small.
//! - `sealing` is the file format and key handling that vault shares with the
//!   encrypted calendar cache ([`crate::store`]).
//!
//! There is deliberately no plain-text fallback: without a keychain the app
//! reports [`SecretError::Unavailable`] and asks the user to start one.
//!
//! On Linux the keychain is the Secret Service. The end-to-end suite
//! (`tests/e2e`, e.g. `test_connect.py`) runs gnome-keyring in a private D-Bus
//! session and stores, reads and deletes the real token through it.

mod error;
mod keyring_store;
mod memory;
pub(crate) mod sealing;
mod secret;
mod store;
mod vault;

pub use error::SecretError;
pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;
pub use secret::Secret;
pub use store::SecretStore;
pub use vault::TokenVault;

/// The keychain service name Meeting Tray's entries are filed under.
pub const SERVICE: &str = "meeting-tray";
