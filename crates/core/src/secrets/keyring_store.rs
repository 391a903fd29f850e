//! The system keychain through the keyring crate: Secret Service on Linux
//! (gnome-keyring, KWallet), Keychain on macOS, Credential Manager on Windows.

use super::{Secret, SecretError, SecretStore};

#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    pub fn new(service: &str) -> KeyringStore {
        KeyringStore {
            service: service.to_owned(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(&self.service, name).map_err(map)
    }
}

fn map(e: keyring::Error) -> SecretError {
    use keyring::Error as K;
    match e {
        // Secret Service reports a locked collection (and a refused unlock
        // prompt) as no storage access.
        K::NoStorageAccess(_) => SecretError::Locked,
        K::PlatformFailure(inner) => SecretError::Unavailable(inner.to_string()),
        K::TooLong(_, limit) => SecretError::TooLong {
            limit: limit as usize,
        },
        K::BadEncoding(_) => SecretError::Corrupt("the keychain entry is not text".to_owned()),
        K::Ambiguous(_) => SecretError::Corrupt("several keychain entries match".to_owned()),
        other => SecretError::Unavailable(other.to_string()),
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        match self.entry(name)?.get_password() {
            Ok(v) => Ok(Some(Secret::new(v))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map(e)),
        }
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
        self.entry(name)?.set_password(value.expose()).map_err(map)
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        match self.entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map(e)),
        }
    }
}
