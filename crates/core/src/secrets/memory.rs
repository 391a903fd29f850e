//! An in-memory keychain for tests, with the platform's size limit and lock
//! state under the test's control.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use super::{Secret, SecretError, SecretStore};

/// A [`SecretStore`] that keeps everything in memory and forgets it on drop.
#[derive(Debug, Default)]
pub struct MemoryStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    entries: BTreeMap<String, Secret>,
    limit: Option<usize>,
    locked: bool,
}

impl MemoryStore {
    /// An empty store without a size limit.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store that refuses values longer than `limit` bytes, like
    /// Windows Credential Manager (2,560 bytes).
    pub fn with_limit(limit: usize) -> Self {
        let store = Self::default();
        store.lock().limit = Some(limit);
        store
    }

    /// While locked, every call fails with [`SecretError::Locked`], like a
    /// locked keychain whose owner refuses to unlock it.
    pub fn set_locked(&self, locked: bool) {
        self.lock().locked = locked;
    }

    /// The names of the stored secrets, sorted; for assertions.
    pub fn names(&self) -> Vec<String> {
        self.lock().entries.keys().cloned().collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the map half-updated: every change is
        // one insert or remove.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn unlocked(&self) -> Result<MutexGuard<'_, State>, SecretError> {
        let state = self.lock();
        if state.locked {
            return Err(SecretError::Locked);
        }
        Ok(state)
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &str) -> Result<Option<Secret>, SecretError> {
        Ok(self.unlocked()?.entries.get(name).cloned())
    }

    fn set(&self, name: &str, value: &Secret) -> Result<(), SecretError> {
        let mut state = self.unlocked()?;
        if let Some(limit) = state.limit {
            if value.expose().len() > limit {
                return Err(SecretError::TooLong { limit });
            }
        }
        state.entries.insert(name.to_owned(), value.clone());
        Ok(())
    }

    fn delete(&self, name: &str) -> Result<(), SecretError> {
        self.unlocked()?.entries.remove(name);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> Secret {
        Secret::new(s.to_owned())
    }

    #[test]
    fn set_get_replace_delete() {
        let store = MemoryStore::new();
        assert!(store.get("a").unwrap().is_none());
        store.set("a", &secret("one")).unwrap();
        store.set("a", &secret("two")).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "two");
        store.delete("a").unwrap();
        store.delete("a").unwrap();
        assert!(store.get("a").unwrap().is_none());
        assert!(store.names().is_empty());
    }

    #[test]
    fn the_limit_refuses_longer_values_and_keeps_the_old_one() {
        let store = MemoryStore::with_limit(4);
        store.set("a", &secret("four")).unwrap();
        let err = store.set("a", &secret("fiver")).unwrap_err();
        assert!(matches!(err, SecretError::TooLong { limit: 4 }), "{err:?}");
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "four");
    }

    #[test]
    fn a_locked_store_refuses_everything_until_unlocked() {
        let store = MemoryStore::new();
        store.set("a", &secret("one")).unwrap();
        store.set_locked(true);
        assert!(matches!(store.get("a"), Err(SecretError::Locked)));
        assert!(matches!(
            store.set("a", &secret("x")),
            Err(SecretError::Locked)
        ));
        assert!(matches!(store.delete("a"), Err(SecretError::Locked)));
        store.set_locked(false);
        assert_eq!(store.get("a").unwrap().unwrap().expose(), "one");
    }
}
