//! Where the OAuth refresh token lives.
//!
//! Normally the token is one keychain entry, `refresh-token:{account}`. Windows
//! Credential Manager caps a secret at 2,560 bytes and Entra refresh tokens can
//! be longer, so when the keychain says the token is too long it is sealed
//! with XChaCha20-Poly1305 into `{dir}/refresh-token-{account}.sealed` under a
//! random key kept in the keychain as `vault-key:{account}`, and the token
//! entry holds the marker `sealed:v1`. Nothing is ever written in plain text.
//!
//! Writes are ordered so that a crash in the middle of a rotation leaves
//! either the old or the new token loadable: the file before the marker, and
//! stale parts removed last.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::sealing::{self, file_safe, OpenError};
use super::{Secret, SecretError, SecretStore};

/// The token entry's value when the token itself is in the sealed file.
const MARKER: &str = "sealed:v1";
/// The sealed file starts with this, then the nonce, then ciphertext and tag.
const MAGIC: &[u8; 8] = b"MTSEALv1";

/// The refresh token of one account, in the keychain or (when too long for
/// it) in a sealed file whose key is in the keychain. Calls block; see
/// [`SecretStore`].
#[derive(Debug)]
pub struct TokenVault {
    store: Arc<dyn SecretStore>,
    account: String,
    token_entry: String,
    key_entry: String,
    file: PathBuf,
    /// One operation at a time in this process, so a load never sees half a
    /// rotation and two saves never share a temporary file.
    gate: Mutex<()>,
}

impl TokenVault {
    /// The vault of `account` (a fixed name such as `microsoft`, not a
    /// secret); a sealed file, if one is ever needed, goes into `dir`.
    pub fn new(store: Arc<dyn SecretStore>, dir: PathBuf, account: &str) -> Self {
        Self {
            token_entry: format!("refresh-token:{account}"),
            key_entry: format!("vault-key:{account}"),
            file: dir.join(format!("refresh-token-{}.sealed", file_safe(account))),
            account: account.to_owned(),
            store,
            gate: Mutex::new(()),
        }
    }

    /// The sealed file's path, whether or not it exists.
    pub fn sealed_file(&self) -> &Path {
        &self.file
    }

    /// Stores `token`, replacing the previous one.
    pub fn save(&self, token: &Secret) -> Result<(), SecretError> {
        let _gate = self.gate();
        match self.store.set(&self.token_entry, token) {
            Ok(()) => {
                // The keychain now holds the token itself; a sealed copy of an
                // older token is stale.
                self.remove_sealed_parts();
                Ok(())
            }
            Err(SecretError::TooLong { limit }) => {
                tracing::info!(
                    limit,
                    len = token.expose().len(),
                    "refresh token too long for the keychain; sealing it in a file"
                );
                self.save_sealed(token)
            }
            Err(e) => Err(e),
        }
    }

    /// The stored token, or `None` when there is none.
    pub fn load(&self) -> Result<Option<Secret>, SecretError> {
        let _gate = self.gate();
        let Some(value) = self.store.get(&self.token_entry)? else {
            return Ok(None);
        };
        if value.expose() != MARKER {
            return Ok(Some(value));
        }
        let key = self.store.get(&self.key_entry)?.ok_or_else(|| {
            SecretError::Corrupt(
                "the key of the sealed sign-in is missing from the keychain".into(),
            )
        })?;
        let key = sealing::decode_key(&key)
            .map_err(|_| SecretError::Corrupt("the key of the sealed sign-in is damaged".into()))?;
        let sealed = std::fs::read(&self.file).map_err(|e| match e.kind() {
            ErrorKind::NotFound => SecretError::Corrupt(format!(
                "the sealed sign-in file {} is missing",
                self.file.display()
            )),
            _ => SecretError::io("read", &self.file, e),
        })?;
        open(&key, &self.account, &sealed).map(Some)
    }

    /// Removes the token and everything the vault created for it (keychain
    /// entries and the sealed file). Tries every part and reports the first
    /// failure, so a disconnect leaves as little behind as it can.
    pub fn delete(&self) -> Result<(), SecretError> {
        let _gate = self.gate();
        // The token entry first: once it is gone, load says "no token" even if
        // removing the rest fails.
        let results = [
            self.store.delete(&self.token_entry),
            remove_file(&self.file),
            self.store.delete(&self.key_entry),
        ];
        results.into_iter().collect()
    }

    fn save_sealed(&self, token: &Secret) -> Result<(), SecretError> {
        // An unusable stored key is replaced: whatever was sealed with it
        // cannot be read anyway.
        let key = sealing::key_for_writing(self.store.as_ref(), &self.key_entry)?;
        let sealed = sealing::seal(
            &key,
            MAGIC,
            self.account.as_bytes(),
            token.expose().as_bytes(),
        )?;
        sealing::write_file(&self.file, &sealed)
            .map_err(|e| SecretError::io("write", &self.file, e))?;
        // Only now does the token entry point at the file; until here a load
        // still finds the previous token.
        self.store
            .set(&self.token_entry, &Secret::new(MARKER.to_owned()))
    }

    /// Best effort: the token entry no longer points at these, so a failure
    /// leaves only ciphertext and an unused key behind, which `delete` retries.
    fn remove_sealed_parts(&self) {
        if let Err(e) = remove_file(&self.file) {
            tracing::warn!(error = %e, "could not remove the stale sealed token file");
        }
        if let Err(e) = self.store.delete(&self.key_entry) {
            tracing::warn!(error = %e, "could not remove the stale vault key");
        }
    }

    fn gate(&self) -> MutexGuard<'_, ()> {
        // The guard protects no data, only ordering; a panic in another
        // operation leaves nothing to repair.
        self.gate.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The token in a file sealed as `MAGIC | nonce | ciphertext+tag`, with the
/// account as associated data so one account's file cannot stand in for
/// another's.
fn open(key: &sealing::Key, account: &str, sealed: &[u8]) -> Result<Secret, SecretError> {
    let plain = sealing::open(key, MAGIC, account.as_bytes(), sealed).map_err(|e| {
        SecretError::Corrupt(
            match e {
                OpenError::UnknownFormat => "the sealed sign-in file has an unknown format",
                OpenError::Truncated => "the sealed sign-in file is truncated",
                OpenError::Rejected => {
                    "the sealed sign-in file was changed or belongs to another key or account"
                }
            }
            .into(),
        )
    })?;
    // `plain` is wiped on drop; only the `Secret` keeps a copy.
    let token = std::str::from_utf8(&plain)
        .map_err(|_| SecretError::Corrupt("the sealed sign-in is not text".into()))?;
    Ok(Secret::new(token.to_owned()))
}

fn remove_file(path: &Path) -> Result<(), SecretError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) => Err(SecretError::io("remove", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::sealing::{KEY_LEN, NONCE_LEN, TAG_LEN};
    use crate::secrets::MemoryStore;
    use base64::engine::general_purpose::STANDARD as BASE64;
    use base64::Engine as _;

    const ACCOUNT: &str = "microsoft";
    const TOKEN_ENTRY: &str = "refresh-token:microsoft";
    const KEY_ENTRY: &str = "vault-key:microsoft";

    /// A token-like string of `len` characters that differs per `seed`, so a
    /// search for it in a file means something.
    fn token(len: usize, seed: u64) -> Secret {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut x = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let s = (0..len)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                char::from(ALPHABET[usize::try_from(x >> 58).unwrap()])
            })
            .collect();
        Secret::new(s)
    }

    fn setup(limit: Option<usize>) -> (Arc<MemoryStore>, tempfile::TempDir, TokenVault) {
        let store = Arc::new(limit.map_or_else(MemoryStore::new, MemoryStore::with_limit));
        let dir = tempfile::tempdir().unwrap();
        let vault = TokenVault::new(store.clone(), dir.path().join("data"), ACCOUNT);
        (store, dir, vault)
    }

    fn files(dir: &Path) -> Vec<String> {
        match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect(),
            Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("{e}"),
        }
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_token_that_fits_round_trips_in_the_keychain_alone() {
        let (store, dir, vault) = setup(Some(2560));
        assert!(vault.load().unwrap().is_none());
        let t = token(1800, 1);
        vault.save(&t).unwrap();
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
        assert_eq!(
            store.get(TOKEN_ENTRY).unwrap().unwrap().expose(),
            t.expose()
        );
        assert_eq!(store.names(), [TOKEN_ENTRY]);
        assert!(files(&dir.path().join("data")).is_empty());
    }

    #[test]
    fn a_token_too_long_for_the_keychain_is_sealed_in_a_file() {
        let (store, _dir, vault) = setup(Some(2560));
        let t = token(4000, 2);
        vault.save(&t).unwrap();

        assert_eq!(store.get(TOKEN_ENTRY).unwrap().unwrap().expose(), MARKER);
        let key = store.get(KEY_ENTRY).unwrap().expect("a vault key");
        assert_eq!(BASE64.decode(key.expose()).unwrap().len(), KEY_LEN);

        let path = vault.sealed_file();
        assert!(
            path.ends_with("data/refresh-token-microsoft.sealed"),
            "{path:?}"
        );
        let sealed = std::fs::read(path).unwrap();
        assert_eq!(sealed.len(), MAGIC.len() + NONCE_LEN + 4000 + TAG_LEN);
        let bytes = t.expose().as_bytes();
        // Not the token, nor any 32-byte piece of it, nor its base64.
        for piece in bytes.chunks(32) {
            assert!(!contains(&sealed, piece), "token bytes in the file");
        }
        let b64 = BASE64.encode(bytes);
        assert!(
            !contains(&sealed, &b64.as_bytes()[..64]),
            "base64 of the token in the file"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
    }

    #[test]
    fn sealed_rotation_uses_a_fresh_nonce_and_loads_the_new_token() {
        let (store, _dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 3)).unwrap();
        let key_before = store.get(KEY_ENTRY).unwrap().unwrap().expose().to_owned();
        let first = std::fs::read(vault.sealed_file()).unwrap();
        let t = token(4100, 4);
        vault.save(&t).unwrap();
        let second = std::fs::read(vault.sealed_file()).unwrap();
        let nonce = MAGIC.len()..MAGIC.len() + NONCE_LEN;
        assert_ne!(first[nonce.clone()], second[nonce]);
        // The key stays: replacing it before the file would strand the old file.
        assert_eq!(store.get(KEY_ENTRY).unwrap().unwrap().expose(), key_before);
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
    }

    #[test]
    fn rotation_from_sealed_to_fitting_removes_the_file_and_key() {
        let (store, dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 5)).unwrap();
        assert!(vault.sealed_file().exists());
        let t = token(1500, 6);
        vault.save(&t).unwrap();
        assert!(!vault.sealed_file().exists());
        assert!(files(&dir.path().join("data")).is_empty());
        assert_eq!(store.names(), [TOKEN_ENTRY]);
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
    }

    #[test]
    fn changing_any_byte_of_the_sealed_file_is_corrupt() {
        let (_store, _dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 7)).unwrap();
        let good = std::fs::read(vault.sealed_file()).unwrap();
        // Header, nonce, ciphertext and tag.
        for i in [
            0,
            MAGIC.len(),
            MAGIC.len() + NONCE_LEN,
            2000,
            good.len() - 1,
        ] {
            let mut bad = good.clone();
            bad[i] ^= 0x01;
            std::fs::write(vault.sealed_file(), &bad).unwrap();
            let err = vault.load().unwrap_err();
            assert!(matches!(err, SecretError::Corrupt(_)), "byte {i}: {err:?}");
            assert!(err.to_string().contains("Reconnect"), "{err}");
        }
        std::fs::write(vault.sealed_file(), &good[..good.len() - 1]).unwrap();
        assert!(matches!(vault.load(), Err(SecretError::Corrupt(_))));
        std::fs::write(vault.sealed_file(), &good[..MAGIC.len() + 3]).unwrap();
        assert!(matches!(vault.load(), Err(SecretError::Corrupt(_))));
        std::fs::write(vault.sealed_file(), &good).unwrap();
        assert!(vault.load().unwrap().is_some());
    }

    #[test]
    fn a_sealed_file_only_opens_for_its_own_account() {
        let (store, dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 8)).unwrap();
        let other = TokenVault::new(store.clone(), dir.path().join("data"), "other");
        // Same key, same bytes, other account: the associated data differs.
        store
            .set("vault-key:other", &store.get(KEY_ENTRY).unwrap().unwrap())
            .unwrap();
        store
            .set("refresh-token:other", &Secret::new(MARKER.into()))
            .unwrap();
        std::fs::copy(vault.sealed_file(), other.sealed_file()).unwrap();
        assert!(matches!(other.load(), Err(SecretError::Corrupt(_))));
    }

    #[test]
    fn a_marker_without_its_file_or_key_is_corrupt() {
        let (store, _dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 9)).unwrap();
        std::fs::remove_file(vault.sealed_file()).unwrap();
        assert!(matches!(vault.load(), Err(SecretError::Corrupt(_))));
        vault.save(&token(4000, 10)).unwrap();
        store.delete(KEY_ENTRY).unwrap();
        assert!(matches!(vault.load(), Err(SecretError::Corrupt(_))));
        store
            .set(KEY_ENTRY, &Secret::new("not base64!".into()))
            .unwrap();
        assert!(matches!(vault.load(), Err(SecretError::Corrupt(_))));
        // A save replaces the unusable key and recovers.
        let t = token(4000, 11);
        vault.save(&t).unwrap();
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
    }

    #[test]
    fn delete_removes_entries_and_file() {
        let (store, dir, vault) = setup(Some(2560));
        vault.save(&token(4000, 12)).unwrap();
        assert_eq!(store.names().len(), 2);
        vault.delete().unwrap();
        assert!(store.names().is_empty());
        assert!(files(&dir.path().join("data")).is_empty());
        assert!(vault.load().unwrap().is_none());
        vault.delete().unwrap();
    }

    #[test]
    fn a_locked_store_fails_every_operation_and_writes_no_file() {
        let (store, dir, vault) = setup(Some(2560));
        store.set_locked(true);
        for t in [token(100, 13), token(4000, 14)] {
            assert!(matches!(vault.save(&t), Err(SecretError::Locked)));
        }
        assert!(matches!(vault.load(), Err(SecretError::Locked)));
        assert!(matches!(vault.delete(), Err(SecretError::Locked)));
        assert!(files(dir.path()).is_empty(), "{:?}", files(dir.path()));

        // Locked after a sealed save: the token stays, unreadable until unlocked.
        store.set_locked(false);
        let t = token(4000, 15);
        vault.save(&t).unwrap();
        store.set_locked(true);
        assert!(matches!(vault.load(), Err(SecretError::Locked)));
        assert!(matches!(
            vault.save(&token(4000, 16)),
            Err(SecretError::Locked)
        ));
        store.set_locked(false);
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
    }

    /// A store whose writes of one value fail, to stop a save half-way.
    #[derive(Debug)]
    struct FailingSet {
        inner: MemoryStore,
        fail_value: &'static str,
    }

    impl SecretStore for FailingSet {
        fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
            self.inner.get(name)
        }
        fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
            if value.expose() == self.fail_value {
                return Err(SecretError::Unavailable("test".into()));
            }
            self.inner.set(name, value)
        }
        fn delete(&self, name: &str) -> Result<(), SecretError> {
            self.inner.delete(name)
        }
    }

    #[test]
    fn a_save_stopped_before_the_marker_leaves_a_loadable_token() {
        let store = Arc::new(FailingSet {
            inner: MemoryStore::with_limit(2560),
            fail_value: MARKER,
        });
        let dir = tempfile::tempdir().unwrap();
        let vault = TokenVault::new(store.clone(), dir.path().to_path_buf(), ACCOUNT);

        // Keychain token -> sealed: the marker write fails, the old token stays.
        let old = token(1000, 17);
        vault.save(&old).unwrap();
        assert!(vault.save(&token(4000, 18)).is_err());
        assert_eq!(vault.load().unwrap().unwrap().expose(), old.expose());

        // Sealed -> sealed: the marker is already there, so the new file is
        // what a load finds; either token would do, garbage would not.
        store
            .inner
            .set(TOKEN_ENTRY, &Secret::new(MARKER.into()))
            .unwrap();
        let new = token(4000, 19);
        assert!(vault.save(&new).is_err());
        assert_eq!(vault.load().unwrap().unwrap().expose(), new.expose());
    }

    #[test]
    fn a_failed_file_write_leaves_the_old_token_loadable() {
        let (store, _dir, vault) = setup(Some(2560));
        let old = token(1000, 21);
        vault.save(&old).unwrap();
        // A folder where the file should go makes the rename fail (even as root).
        std::fs::create_dir_all(vault.sealed_file().join("blocker")).unwrap();
        let err = vault.save(&token(4000, 22)).unwrap_err();
        assert!(
            matches!(err, SecretError::Io { op: "write", .. }),
            "{err:?}"
        );
        assert_eq!(
            store.get(TOKEN_ENTRY).unwrap().unwrap().expose(),
            old.expose()
        );
        assert_eq!(vault.load().unwrap().unwrap().expose(), old.expose());
    }

    #[test]
    fn file_names_stay_inside_the_folder_for_any_account() {
        // Room for the key (44 bytes) and the marker, not for the token.
        let store = Arc::new(MemoryStore::with_limit(60));
        let dir = tempfile::tempdir().unwrap();
        let vault = TokenVault::new(store, dir.path().to_path_buf(), "../a/b:c d");
        assert_eq!(
            vault.sealed_file(),
            dir.path().join("refresh-token-..%2Fa%2Fb%3Ac%20d.sealed")
        );
        let t = token(100, 20);
        vault.save(&t).unwrap();
        assert_eq!(vault.load().unwrap().unwrap().expose(), t.expose());
        assert_eq!(files(dir.path()).len(), 1);
    }
}
