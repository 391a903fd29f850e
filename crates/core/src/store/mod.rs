//! The encrypted calendar cache: one file per account,
//! `calendar-{account}.cache` in the data folder, sealed with
//! XChaCha20-Poly1305 under a random key kept in the keychain as
//! `cache-key:{account}` (the same file format as the sealed refresh token,
//! see `secrets::sealing`).
//!
//! The cache is only a copy of what Graph has, so an unreadable file is never
//! an error the user must deal with: it is set aside (renamed
//! `….corrupt-{UTC time}`, the newest three kept for diagnosis) and the caller
//! rebuilds the cache with a full sync. A locked or unreachable keychain is
//! different: the file is fine and becomes readable once the keychain is
//! back, so that is reported and the file left alone.
//!
//! Calls block (file system and keychain); async code calls them through
//! `tokio::task::spawn_blocking`.

pub(crate) mod cache_file;
mod error;
mod migrate;
mod set_aside;

pub use cache_file::CacheFile;
pub use error::StoreError;
