//! The platform keychain through the `keyring` crate: the Secret Service
//! (gnome-keyring, KWallet) on Linux, the Keychain on macOS, Credential
//! Manager on Windows.
//!
//! What gnome-keyring 42 answers, observed in a private D-Bus session (the
//! end-to-end tests in tests/e2e/test_connect.py check the real round trip,
//! a locked collection and a missing service through the command line):
//! - locked collection, entry exists: unlocking needs a prompt; when it is
//!   dismissed or no prompter can start, `NoStorageAccess(Prompt)`.
//! - locked collection, new entry: `PlatformFailure` with the D-Bus error
//!   `org.freedesktop.Secret.Error.IsLocked`. Reading or deleting an entry
//!   that does not exist still answers "no entry".
//! - a keyring daemon without any collection: `NoStorageAccess(NoResult)`.
//! - no Secret Service on the bus: `PlatformFailure` (`ServiceUnknown`); no
//!   session bus at all: `PlatformFailure` (autolaunch or connect failed).
//!
//! The first three become [`SecretError::Locked`], the last
//! [`SecretError::Unavailable`].

use keyring::Entry;
use zeroize::Zeroize;

use super::{Secret, SecretError, SecretStore};

/// The platform keychain; each secret is one entry under `service`.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// Entries live under `service` (normally [`super::SERVICE`]).
    pub fn new(service: &str) -> Self {
        Self {
            service: service.to_owned(),
        }
    }

    fn entry(&self, name: &str) -> Result<Entry, SecretError> {
        Entry::new(&self.service, name).map_err(|e| map_error(e, "open", name))
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e, "read", name)),
        }
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
        let entry = self.entry(name)?;
        match entry.set_password(value.expose()) {
            Ok(()) => Ok(()),
            // Several items match (left by another tool or an old version):
            // they are all replaced by this value, so remove them and write once.
            Err(keyring::Error::Ambiguous(items)) => {
                delete_all(items, name)?;
                entry
                    .set_password(value.expose())
                    .map_err(|e| map_error(e, "write", name))
            }
            Err(e) => Err(map_error(e, "write", name)),
        }
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(keyring::Error::Ambiguous(items)) => delete_all(items, name),
            Err(e) => Err(map_error(e, "delete", name)),
        }
    }
}

fn delete_all(items: Vec<Box<keyring::Credential>>, name: &str) -> Result<(), SecretError> {
    for item in items {
        match item.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(map_error(e, "delete", name)),
        }
    }
    Ok(())
}

/// The D-Bus error gnome-keyring returns when a new item is created in a
/// locked collection; `keyring` reports it as a platform failure, not as "no
/// access". Only the error's `Debug` text carries the D-Bus error name (its
/// `Display` is the human message), and the D-Bus error type is not reachable
/// without depending on `dbus` directly, hence the text match.
const SECRET_SERVICE_IS_LOCKED: &str = "org.freedesktop.Secret.Error.IsLocked";

/// Sorts a `keyring` error into what the app can do about it. The platform's
/// text goes to the log (it never contains the value, except in `BadEncoding`,
/// which is wiped here).
fn map_error(err: keyring::Error, op: &str, name: &str) -> SecretError {
    let mapped = match err {
        keyring::Error::NoStorageAccess(e) => {
            tracing::warn!(entry = name, op, error = %e, "keychain access refused");
            return SecretError::Locked;
        }
        keyring::Error::PlatformFailure(e) => {
            if format!("{e:?}").contains(SECRET_SERVICE_IS_LOCKED) {
                tracing::warn!(entry = name, op, error = %e, "keychain locked");
                return SecretError::Locked;
            }
            // dbus-launch failures end in a newline.
            SecretError::Unavailable(e.to_string().trim_end().to_owned())
        }
        keyring::Error::TooLong(_, limit) => SecretError::TooLong {
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
        },
        keyring::Error::BadEncoding(mut bytes) => {
            bytes.zeroize();
            SecretError::Corrupt(format!("the keychain entry {name} is not text"))
        }
        keyring::Error::Ambiguous(items) => SecretError::Corrupt(format!(
            "the keychain holds {} entries named {name}",
            items.len()
        )),
        keyring::Error::Invalid(attr, reason) => {
            SecretError::Invalid(format!("{name}: {attr} {reason}"))
        }
        // NoEntry is handled by each caller; anything newer is a platform
        // condition this version does not know.
        other => SecretError::Unavailable(other.to_string()),
    };
    tracing::warn!(entry = name, op, error = %mapped, "keychain call failed");
    mapped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Like `dbus::Error` inside `dbus_secret_service::Error::Dbus`: the
    /// D-Bus error name shows in `Debug` only.
    struct DbusLike {
        name: &'static str,
        message: &'static str,
    }

    impl std::fmt::Debug for DbusLike {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "Dbus(D-Bus error: {} ({}))", self.message, self.name)
        }
    }

    impl std::fmt::Display for DbusLike {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "DBus error: {}", self.message)
        }
    }

    impl std::error::Error for DbusLike {}

    #[test]
    fn keyring_errors_map_to_what_the_app_can_do() {
        let boxed = |s: &str| -> Box<dyn std::error::Error + Send + Sync> { s.into() };
        // An item exists but unlocking it failed or was refused (observed).
        let refused = boxed("Secret Service: unlock prompt was dismissed");
        assert!(matches!(
            map_error(keyring::Error::NoStorageAccess(refused), "read", "n"),
            SecretError::Locked
        ));
        // A new item in a locked collection (observed with gnome-keyring 42).
        let locked = DbusLike {
            name: "org.freedesktop.Secret.Error.IsLocked",
            message: "Cannot create an item in a locked collection",
        };
        assert!(matches!(
            map_error(
                keyring::Error::PlatformFailure(Box::new(locked)),
                "write",
                "n"
            ),
            SecretError::Locked
        ));
        // No Secret Service on the bus (observed).
        let absent = DbusLike {
            name: "org.freedesktop.DBus.Error.ServiceUnknown",
            message: "The name org.freedesktop.secrets was not provided by any .service files",
        };
        match map_error(
            keyring::Error::PlatformFailure(Box::new(absent)),
            "read",
            "n",
        ) {
            SecretError::Unavailable(text) => {
                assert!(text.contains("org.freedesktop.secrets"), "{text}")
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            map_error(
                keyring::Error::TooLong("password".into(), 2560),
                "write",
                "n"
            ),
            SecretError::TooLong { limit: 2560 }
        ));
        match map_error(
            keyring::Error::BadEncoding(b"\xffsecret".to_vec()),
            "read",
            "n",
        ) {
            SecretError::Corrupt(text) => assert!(!text.contains("secret"), "{text}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            map_error(keyring::Error::Ambiguous(Vec::new()), "read", "n"),
            SecretError::Corrupt(_)
        ));
        assert!(matches!(
            map_error(
                keyring::Error::Invalid("user".into(), "empty".into()),
                "open",
                "n"
            ),
            SecretError::Invalid(_)
        ));
    }
}
