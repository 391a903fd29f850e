//! Where the refresh token lives: one keychain entry, or — when the keychain
//! refuses a secret that long (Windows caps at 2,560 bytes; Entra refresh
//! tokens can be longer) — a file sealed with XChaCha20-Poly1305 whose key is
//! in the keychain. Never plain text on disk.

use std::path::PathBuf;
use std::sync::Arc;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, Generate, Key, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::{Secret, SecretError, SecretStore};

/// What the token entry holds when the token is in the sealed file.
const SEALED_MARKER: &str = "sealed:v1";
/// The sealed file starts with this, then the 24-byte nonce, then ciphertext.
const MAGIC: &[u8] = b"meeting-tray sealed v1\n";

#[derive(Debug, Clone)]
pub struct TokenVault {
    store: Arc<dyn SecretStore>,
    dir: PathBuf,
    account: String,
}

impl TokenVault {
    pub fn new(store: Arc<dyn SecretStore>, dir: PathBuf, account: &str) -> TokenVault {
        TokenVault {
            store,
            dir,
            account: account.to_owned(),
        }
    }

    fn token_name(&self) -> String {
        format!("refresh-token:{}", self.account)
    }

    fn key_name(&self) -> String {
        format!("vault-key:{}", self.account)
    }

    fn sealed_path(&self) -> PathBuf {
        self.dir
            .join(format!("refresh-token-{}.sealed", self.account))
    }

    fn io(&self, source: std::io::Error) -> SecretError {
        SecretError::Io {
            path: self.sealed_path().display().to_string(),
            source,
        }
    }

    /// Stores a (rotated) token. Each step leaves a loadable token: the
    /// sealed file is written before the marker points at it, and stale
    /// parts are removed last.
    pub fn save(&self, token: &Secret) -> Result<(), SecretError> {
        match self.store.set(&self.token_name(), token) {
            Ok(()) => {
                self.remove_sealed()?;
                self.store.delete(&self.key_name())
            }
            Err(SecretError::TooLong { .. }) => {
                let cipher = self.cipher(true)?.ok_or_else(|| {
                    SecretError::Corrupt("the vault key vanished while saving".to_owned())
                })?;
                let nonce = XNonce::generate();
                let sealed = cipher
                    .encrypt(
                        &nonce,
                        Payload {
                            msg: token.expose().as_bytes(),
                            aad: self.account.as_bytes(),
                        },
                    )
                    .map_err(|_| SecretError::Corrupt("sealing failed".to_owned()))?;
                let mut bytes = MAGIC.to_vec();
                bytes.extend_from_slice(&nonce);
                bytes.extend_from_slice(&sealed);
                crate::atomic_file::write(&self.sealed_path(), &bytes).map_err(|e| self.io(e))?;
                self.store
                    .set(&self.token_name(), &Secret::new(SEALED_MARKER.to_owned()))
            }
            Err(e) => Err(e),
        }
    }

    pub fn load(&self) -> Result<Option<Secret>, SecretError> {
        let Some(entry) = self.store.get(&self.token_name())? else {
            return Ok(None);
        };
        if entry.expose() != SEALED_MARKER {
            return Ok(Some(entry));
        }
        let corrupt = |why: &str| SecretError::Corrupt(why.to_owned());
        let cipher = self
            .cipher(false)?
            .ok_or_else(|| corrupt("the key of the sealed sign-in is missing"))?;
        let bytes = match std::fs::read(self.sealed_path()) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(corrupt("the sealed sign-in file is missing"))
            }
            Err(e) => return Err(self.io(e)),
        };
        let body = bytes
            .strip_prefix(MAGIC)
            .filter(|b| b.len() > 24)
            .ok_or_else(|| corrupt("the sealed sign-in file is truncated"))?;
        let (nonce, sealed) = body.split_at(24);
        let nonce = XNonce::try_from(nonce).map_err(|_| corrupt("bad nonce"))?;
        let plain = cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: self.account.as_bytes(),
                },
            )
            .map_err(|_| corrupt("the sealed sign-in file was altered"))?;
        let text = String::from_utf8(plain).map_err(|_| corrupt("not text"))?;
        Ok(Some(Secret::new(text)))
    }

    /// Removes the token, its key and its sealed file.
    pub fn delete(&self) -> Result<(), SecretError> {
        self.store.delete(&self.token_name())?;
        self.remove_sealed()?;
        self.store.delete(&self.key_name())
    }

    fn remove_sealed(&self) -> Result<(), SecretError> {
        match std::fs::remove_file(self.sealed_path()) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(self.io(e)),
            _ => Ok(()),
        }
    }

    /// The sealing cipher; with `create`, a new random key is stored first.
    fn cipher(&self, create: bool) -> Result<Option<XChaCha20Poly1305>, SecretError> {
        let key = match self.store.get(&self.key_name())? {
            Some(k) => STANDARD
                .decode(k.expose())
                .map_err(|_| SecretError::Corrupt("the vault key is not base64".to_owned()))?,
            None if create => {
                let key = Key::<XChaCha20Poly1305>::generate();
                self.store
                    .set(&self.key_name(), &Secret::new(STANDARD.encode(key)))?;
                key.to_vec()
            }
            None => return Ok(None),
        };
        XChaCha20Poly1305::new_from_slice(&key)
            .map(Some)
            .map_err(|_| SecretError::Corrupt("the vault key has the wrong length".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    fn vault(store: &Arc<MemoryStore>, dir: &tempfile::TempDir) -> TokenVault {
        TokenVault::new(store.clone(), dir.path().to_path_buf(), "microsoft")
    }

    fn token(len: usize) -> Secret {
        Secret::new(
            "1.AVEA"
                .chars()
                .chain((0..len).map(|i| char::from(b'a' + (i % 26) as u8)))
                .collect(),
        )
    }

    #[test]
    fn a_token_that_fits_lives_in_the_keychain_only() {
        let store = Arc::new(MemoryStore::new());
        let dir = tempfile::tempdir().unwrap();
        let v = vault(&store, &dir);
        assert_eq!(v.load().unwrap(), None);
        v.save(&token(1500)).unwrap();
        assert_eq!(v.load().unwrap(), Some(token(1500)));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        v.delete().unwrap();
        assert_eq!(v.load().unwrap(), None);
        assert!(store.names().is_empty());
    }

    #[test]
    fn a_long_token_is_sealed_in_a_file_under_a_size_limited_keychain() {
        let store = Arc::new(MemoryStore::with_limit(2560));
        let dir = tempfile::tempdir().unwrap();
        let v = vault(&store, &dir);
        let long = token(4000);
        v.save(&long).unwrap();
        assert_eq!(v.load().unwrap(), Some(long.clone()));
        let file = std::fs::read(v.sealed_path()).unwrap();
        let text = String::from_utf8_lossy(&file);
        assert!(!text.contains(&long.expose()[..40]), "plain token on disk");
        assert!(!text.contains(&STANDARD.encode(long.expose())[..40]));
        // Rotation to a longer token keeps the file; back to a short one removes it.
        v.save(&token(5000)).unwrap();
        assert_eq!(v.load().unwrap(), Some(token(5000)));
        v.save(&token(100)).unwrap();
        assert_eq!(v.load().unwrap(), Some(token(100)));
        assert!(!v.sealed_path().exists());
        assert_eq!(store.names(), ["refresh-token:microsoft"]);
    }

    #[test]
    fn a_tampered_or_missing_sealed_file_is_reported_as_damaged() {
        let store = Arc::new(MemoryStore::with_limit(2560));
        let dir = tempfile::tempdir().unwrap();
        let v = vault(&store, &dir);
        v.save(&token(3000)).unwrap();
        let mut bytes = std::fs::read(v.sealed_path()).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(v.sealed_path(), &bytes).unwrap();
        let e = v.load().unwrap_err();
        assert!(matches!(e, SecretError::Corrupt(_)), "{e:?}");
        assert!(e.to_string().contains("Reconnect"));
        std::fs::remove_file(v.sealed_path()).unwrap();
        assert!(matches!(v.load(), Err(SecretError::Corrupt(_))));
        v.delete().unwrap();
        assert!(store.names().is_empty());
    }

    #[test]
    fn a_locked_keychain_is_reported_and_nothing_is_written() {
        let store = Arc::new(MemoryStore::with_limit(2560));
        let dir = tempfile::tempdir().unwrap();
        let v = vault(&store, &dir);
        store.set_locked(true);
        for r in [v.save(&token(4000)), v.load().map(|_| ()), v.delete()] {
            let e = r.unwrap_err();
            assert!(
                matches!(e, SecretError::Locked) && e.is_retryable(),
                "{e:?}"
            );
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
