//! Files sealed with XChaCha20-Poly1305 under a random 256-bit key that lives
//! (base64) in the keychain: the refresh token's overflow file and the
//! calendar cache.
//!
//! A sealed file is `magic | nonce | ciphertext+tag`. The magic names the
//! format and its version; the associated data, chosen by the caller, binds
//! the file to its purpose and account, so one file cannot stand in for
//! another even under the same key. Every seal draws a fresh random nonce,
//! which the 192-bit XChaCha nonce makes safe without a counter.

use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::rngs::OsRng;
use rand::TryRngCore;
use zeroize::Zeroizing;

use super::{Secret, SecretError, SecretStore};

pub(crate) const KEY_LEN: usize = 32;
pub(crate) const NONCE_LEN: usize = 24;
pub(crate) const TAG_LEN: usize = 16;

/// A sealing key, wiped when dropped.
pub(crate) type Key = Zeroizing<[u8; KEY_LEN]>;

/// Why a sealed file did not open. Deliberately vague about the cause of a
/// failed authentication: the cipher cannot tell a changed byte from a wrong
/// key, and the messages never describe the contents.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum OpenError {
    /// It does not start with the expected magic.
    #[error("it has an unknown format")]
    UnknownFormat,
    /// Shorter than a nonce and a tag.
    #[error("it is truncated")]
    Truncated,
    /// Authentication failed.
    #[error("it was changed or belongs to another key or account")]
    Rejected,
}

/// A keychain value that is not a base64-encoded key of [`KEY_LEN`] bytes.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("the stored key is damaged")]
pub(crate) struct DamagedKey;

/// Seals `plain` as `magic | nonce | ciphertext+tag` with `aad` as associated
/// data (authenticated, not stored).
pub(crate) fn seal(
    key: &Key,
    magic: &[u8],
    aad: &[u8],
    plain: &[u8],
) -> Result<Vec<u8>, SecretError> {
    let mut nonce = [0; NONCE_LEN];
    random(&mut nonce)?;
    let nonce = XNonce::from(nonce);
    let ciphertext = cipher(key)
        .encrypt(&nonce, Payload { msg: plain, aad })
        // Only a message beyond the cipher's limit (256 GiB) fails.
        .map_err(|_| SecretError::Invalid("the data could not be encrypted".into()))?;
    let mut out = Vec::with_capacity(magic.len() + NONCE_LEN + ciphertext.len());
    out.extend_from_slice(magic);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&ciphertext);
    Ok(out)
}

/// The plain text of a file made by [`seal`] with the same key, magic and
/// associated data.
pub(crate) fn open(
    key: &Key,
    magic: &[u8],
    aad: &[u8],
    sealed: &[u8],
) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let body = sealed.strip_prefix(magic).ok_or(OpenError::UnknownFormat)?;
    if body.len() < NONCE_LEN + TAG_LEN {
        return Err(OpenError::Truncated);
    }
    let (nonce, ciphertext) = body.split_at(NONCE_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| OpenError::Truncated)?;
    cipher(key)
        .decrypt(
            &nonce,
            Payload {
                msg: ciphertext,
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| OpenError::Rejected)
}

/// A key as stored in the keychain (base64).
pub(crate) fn decode_key(stored: &Secret) -> Result<Key, DamagedKey> {
    let bytes = Zeroizing::new(BASE64.decode(stored.expose()).map_err(|_| DamagedKey)?);
    if bytes.len() != KEY_LEN {
        return Err(DamagedKey);
    }
    let mut key: Key = Zeroizing::new([0; KEY_LEN]);
    key.copy_from_slice(&bytes);
    Ok(key)
}

/// The key under keychain entry `name` when it is usable, otherwise a new
/// random one stored there. Anything sealed with a damaged key could not be
/// opened anyway, so replacing it loses nothing.
pub(crate) fn key_for_writing(store: &dyn SecretStore, name: &str) -> Result<Key, SecretError> {
    if let Some(stored) = store.get(name)? {
        match decode_key(&stored) {
            Ok(key) => return Ok(key),
            Err(e) => tracing::warn!(entry = name, error = %e, "replacing an unusable key"),
        }
    }
    let mut key: Key = Zeroizing::new([0; KEY_LEN]);
    random(&mut key[..])?;
    store.set(name, &Secret::new(BASE64.encode(&key[..])))?;
    Ok(key)
}

/// Fills `buf` from the operating system's generator.
pub(crate) fn random(buf: &mut [u8]) -> Result<(), SecretError> {
    OsRng
        .try_fill_bytes(buf)
        .map_err(|e| SecretError::Random(e.to_string()))
}

/// Written beside the target, flushed, renamed over it (mode 0600 on Unix),
/// then the folder is flushed so the rename survives a power cut before
/// anything that points at the file (a keychain marker) does.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::atomic_file::write(path, bytes)?;
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        // Some file systems refuse to flush a folder; the file itself is safe.
        if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
            tracing::debug!(error = %e, dir = %dir.display(), "could not flush the folder");
        }
    }
    Ok(())
}

/// The account as part of a file name on every platform: ASCII letters,
/// digits and `.-_@` stay, every other byte becomes `%XX`, so distinct
/// accounts never share a file and none can name a path outside the folder.
pub(crate) fn file_safe(account: &str) -> String {
    let mut out = String::with_capacity(account.len());
    for b in account.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'@' | b'.') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn cipher(key: &Key) -> XChaCha20Poly1305 {
    XChaCha20Poly1305::new(chacha20poly1305::Key::cast_from_core(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    const MAGIC: &[u8] = b"TESTv1\0\0";

    fn key() -> Key {
        let mut key: Key = Zeroizing::new([0; KEY_LEN]);
        random(&mut key[..]).unwrap();
        key
    }

    #[test]
    fn opens_only_with_the_same_key_magic_and_associated_data() {
        let k = key();
        let sealed = seal(&k, MAGIC, b"alice", b"hello").unwrap();
        assert_eq!(sealed.len(), MAGIC.len() + NONCE_LEN + 5 + TAG_LEN);
        assert!(sealed.starts_with(MAGIC));
        assert_eq!(&open(&k, MAGIC, b"alice", &sealed).unwrap()[..], b"hello");

        assert_eq!(
            open(&k, MAGIC, b"bob", &sealed).unwrap_err(),
            OpenError::Rejected
        );
        assert_eq!(
            open(&key(), MAGIC, b"alice", &sealed).unwrap_err(),
            OpenError::Rejected
        );
        assert_eq!(
            open(&k, b"OTHERv1\0", b"alice", &sealed).unwrap_err(),
            OpenError::UnknownFormat
        );
        assert_eq!(
            open(
                &k,
                MAGIC,
                b"alice",
                &sealed[..MAGIC.len() + NONCE_LEN + TAG_LEN - 1]
            )
            .unwrap_err(),
            OpenError::Truncated
        );
    }

    #[test]
    fn the_layout_is_magic_nonce_then_the_aead_output() {
        // Built with the cipher directly, so a change to the layout (which
        // would strand files already on disk) fails here.
        let k: Key = Zeroizing::new([0x42; KEY_LEN]);
        let nonce = XNonce::from([0x07; NONCE_LEN]);
        let payload = Payload {
            msg: b"token",
            aad: b"microsoft",
        };
        let mut file = MAGIC.to_vec();
        file.extend_from_slice(&nonce);
        file.extend_from_slice(&cipher(&k).encrypt(&nonce, payload).unwrap());
        assert_eq!(&open(&k, MAGIC, b"microsoft", &file).unwrap()[..], b"token");

        let sealed = seal(&k, MAGIC, b"microsoft", b"token").unwrap();
        let (nonce, body) = sealed[MAGIC.len()..].split_at(NONCE_LEN);
        let plain = cipher(&k)
            .decrypt(
                &XNonce::try_from(nonce).unwrap(),
                Payload {
                    msg: body,
                    aad: b"microsoft",
                },
            )
            .unwrap();
        assert_eq!(plain, b"token");
    }

    #[test]
    fn an_empty_message_round_trips_and_nonces_differ() {
        let k = key();
        let a = seal(&k, MAGIC, b"", b"").unwrap();
        let b = seal(&k, MAGIC, b"", b"").unwrap();
        assert_ne!(a, b);
        assert!(open(&k, MAGIC, b"", &a).unwrap().is_empty());
    }

    #[test]
    fn key_for_writing_creates_once_then_reuses_and_replaces_a_damaged_key() {
        let store = MemoryStore::new();
        let first = key_for_writing(&store, "k").unwrap();
        let stored = store.get("k").unwrap().unwrap();
        assert_eq!(*decode_key(&stored).unwrap(), *first);
        assert_eq!(*key_for_writing(&store, "k").unwrap(), *first);

        store.set("k", &Secret::new("c2hvcnQ=".into())).unwrap();
        assert_eq!(
            decode_key(&store.get("k").unwrap().unwrap()),
            Err(DamagedKey)
        );
        let replaced = key_for_writing(&store, "k").unwrap();
        assert_ne!(*replaced, *first);
        assert_eq!(
            *decode_key(&store.get("k").unwrap().unwrap()).unwrap(),
            *replaced
        );

        store.set_locked(true);
        assert!(matches!(
            key_for_writing(&store, "k"),
            Err(SecretError::Locked)
        ));
    }

    #[test]
    fn file_safe_escapes_everything_but_a_few_ascii_characters() {
        assert_eq!(file_safe("microsoft"), "microsoft");
        assert_eq!(file_safe("a.b-c_d@e"), "a.b-c_d@e");
        assert_eq!(file_safe("../a/b:c d"), "..%2Fa%2Fb%3Ac%20d");
        assert_eq!(file_safe("é"), "%C3%A9");
        assert_eq!(file_safe("%"), "%25");
    }
}
