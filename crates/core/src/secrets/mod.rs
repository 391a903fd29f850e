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
//! On Linux the keychain is the Secret Service. With gnome-keyring in a
//! private D-Bus session it can be tried by hand (the end-to-end suite does
//! the same):
//!
//! ```sh
//! dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock \
//!     --components=secrets --foreground & sleep 1;
//!   cargo test -p meeting-tray-core --lib real_secret_service_round_trip -- --ignored'
//! ```

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
