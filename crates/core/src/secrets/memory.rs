//! An in-memory keychain for tests: optional size limit (like Windows'
//! Credential Manager) and a switch to behave like a locked keychain.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use super::{Secret, SecretError, SecretStore};

#[derive(Debug, Default)]
pub struct MemoryStore {
    entries: Mutex<HashMap<String, Secret>>,
    limit: Option<usize>,
    locked: AtomicBool,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// Refuses values longer than `limit` bytes, as Windows does at 2,560.
    pub fn with_limit(limit: usize) -> MemoryStore {
        MemoryStore {
            limit: Some(limit),
            ..MemoryStore::default()
        }
    }

    pub fn set_locked(&self, locked: bool) {
        self.locked.store(locked, Ordering::SeqCst);
    }

    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.entries().keys().cloned().collect();
        v.sort();
        v
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<String, Secret>> {
        // A panic while holding the lock is a test bug; the map is still usable.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn check(&self) -> Result<(), SecretError> {
        if self.locked.load(Ordering::SeqCst) {
            Err(SecretError::Locked)
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        self.check()?;
        Ok(self.entries().get(name).cloned())
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
        self.check()?;
        if let Some(limit) = self.limit.filter(|l| value.expose().len() > *l) {
            return Err(SecretError::TooLong { limit });
        }
        self.entries().insert(name.to_owned(), value.clone());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.check()?;
        self.entries().remove(name);
        Ok(())
    }
}
