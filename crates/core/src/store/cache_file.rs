//! One account's calendar cache on disk.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::Utc;
use zeroize::Zeroizing;

use super::migrate::{self, MigrateError};
use super::set_aside;
use super::StoreError;
use crate::calendar::model::{Cache, SCHEMA_VERSION};
use crate::secrets::sealing::{self, OpenError};
use crate::secrets::{SecretError, SecretStore};

/// The file starts with this, then the nonce, then ciphertext and tag. It is
/// the version of the envelope; the JSON inside carries its own `schema`.
pub(crate) const MAGIC: &[u8; 8] = b"MTCACHv1";

/// The encrypted calendar cache of one account: `{dir}/calendar-{account}.cache`
/// sealed under the keychain entry `cache-key:{account}`. Calls block.
#[derive(Debug)]
pub struct CacheFile {
    path: PathBuf,
    store: Arc<dyn SecretStore>,
    key_name: String,
    /// `MAGIC | account`: binds the file to its format and account, so
    /// another account's cache (or a sealed token) cannot stand in for it.
    aad: Vec<u8>,
    /// One operation at a time in this process: a load that sets a bad file
    /// aside must not rename a file a concurrent save just wrote, and two
    /// saves must not share the atomic write's temporary file.
    gate: Mutex<()>,
    /// The key as last read from or stored in the keychain, and when. Each
    /// keychain read is a D-Bus round trip with a Diffie-Hellman exchange,
    /// and a save comes with every sync: reused for [`KEY_REUSE`], forgotten
    /// on a failed load and on delete. A key removed from the keychain by
    /// another process meanwhile costs at worst a full sync at the next
    /// start (the file is set aside), never data.
    key_memo: KeyMemo,
}

/// Never printed: `Debug` of the file must not show the key.
#[derive(Default)]
struct KeyMemo(Mutex<Option<(sealing::Key, Instant)>>);

impl std::fmt::Debug for KeyMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMemo(..)")
    }
}

/// How long a save reuses the key it last saw instead of asking the keychain.
const KEY_REUSE: Duration = Duration::from_secs(3600);

/// Why a file is set aside. Never describes the contents.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Unreadable {
    #[error("its key is missing from the keychain")]
    MissingKey,
    #[error("its key in the keychain is damaged ({0})")]
    DamagedKey(String),
    #[error("{0}")]
    Sealed(OpenError),
    #[error("it is not JSON ({category} error at line {line}, column {column})")]
    Json {
        category: &'static str,
        line: usize,
        column: usize,
    },
    #[error("{0}")]
    Schema(MigrateError),
}

/// The outcome of decoding an existing file, short of success.
enum Failure {
    /// The keychain could not be asked; the file may well be fine.
    Keychain(SecretError),
    Unreadable(Unreadable),
}

impl From<Unreadable> for Failure {
    fn from(reason: Unreadable) -> Self {
        Failure::Unreadable(reason)
    }
}

/// `MAGIC | account`: the associated data of `account`'s file.
pub(crate) fn aad(account: &str) -> Vec<u8> {
    let mut aad = MAGIC.to_vec();
    aad.extend_from_slice(account.as_bytes());
    aad
}

/// The file `save` writes for `cache` (minus the meetings outside its window).
/// Apart from [`CacheFile`] so the fuzz checks can make valid files.
pub(crate) fn seal(key: &sealing::Key, aad: &[u8], cache: &Cache) -> Result<Vec<u8>, StoreError> {
    let mut cache = cache.clone();
    // The in-memory model is always the current schema.
    cache.schema = SCHEMA_VERSION;
    cache.purge_outside_window();
    let json = Zeroizing::new(serde_json::to_vec(&cache).map_err(StoreError::Serialize)?);
    sealing::seal(key, MAGIC, aad, &json).map_err(StoreError::from)
}

/// The cache in the file bytes `sealed`, once the key is known: what a load
/// judges. Apart from [`CacheFile`] so the fuzz checks can feed it any bytes.
pub(crate) fn open(key: &sealing::Key, aad: &[u8], sealed: &[u8]) -> Result<Cache, Unreadable> {
    let json = sealing::open(key, MAGIC, aad, sealed).map_err(Unreadable::Sealed)?;
    let value: serde_json::Value = serde_json::from_slice(&json).map_err(|e| {
        // Position and kind only: serde's message can quote the input.
        Unreadable::Json {
            category: match e.classify() {
                serde_json::error::Category::Io => "read",
                serde_json::error::Category::Syntax => "syntax",
                serde_json::error::Category::Data => "data",
                serde_json::error::Category::Eof => "end of input",
            },
            line: e.line(),
            column: e.column(),
        }
    })?;
    let from = migrate::schema_of(&value).map_err(Unreadable::Schema)?;
    migrate::migrate(value, from).map_err(Unreadable::Schema)
}

impl CacheFile {
    /// The cache of `account` (a fixed name such as `microsoft`) in `dir`,
    /// the app's cache folder.
    pub fn new(dir: &Path, store: Arc<dyn SecretStore>, account: &str) -> Self {
        Self {
            path: dir.join(format!("calendar-{}.cache", sealing::file_safe(account))),
            store,
            key_name: format!("cache-key:{account}"),
            aad: aad(account),
            gate: Mutex::new(()),
            key_memo: KeyMemo::default(),
        }
    }

    /// The file's path, whether or not it exists.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved cache, or `None` when there is none or it was unreadable
    /// (then it is set aside and the caller rebuilds it with a full sync).
    /// A locked or unreachable keychain is an error and leaves the file as
    /// it is.
    pub fn load(&self) -> Result<Option<Cache>, StoreError> {
        let _gate = self.gate();
        let sealed = match std::fs::read(&self.path) {
            Ok(sealed) => sealed,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io("read", &self.path, e)),
        };
        let decoded = self.decode(&sealed);
        if decoded.is_err() {
            // The keychain is locked or its key is not the one we knew: the
            // next save asks it again rather than sealing with a stale key.
            *self.memo() = None;
        }
        match decoded {
            Ok(cache) => Ok(Some(cache)),
            Err(Failure::Keychain(e)) => Err(e.into()),
            Err(Failure::Unreadable(reason)) => {
                self.set_aside(&reason);
                Ok(None)
            }
        }
    }

    /// Replaces the saved cache with `cache`, minus the meetings outside its
    /// window. Creates the key on the first save.
    pub fn save(&self, cache: &Cache) -> Result<(), StoreError> {
        let _gate = self.gate();
        let key = self.key_for_writing()?;
        let sealed = seal(&key, &self.aad, cache)?;
        sealing::write_file(&self.path, &sealed).map_err(|e| StoreError::io("write", &self.path, e))
    }

    /// Removes the file, its set-aside copies and its key (on disconnect).
    /// Tries every part and reports the first failure, so as little as
    /// possible stays behind.
    pub fn delete(&self) -> Result<(), StoreError> {
        let _gate = self.gate();
        *self.memo() = None;
        // The file before the key: a file without its key would be set aside
        // by the next load and linger as a copy.
        let results = [
            match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != ErrorKind::NotFound => {
                    Err(StoreError::io("remove", &self.path, e))
                }
                _ => Ok(()),
            },
            set_aside::remove_all(&self.path),
            self.store.delete(&self.key_name).map_err(StoreError::from),
        ];
        results.into_iter().collect()
    }

    fn decode(&self, sealed: &[u8]) -> Result<Cache, Failure> {
        // The key first: with the keychain locked nothing is judged.
        let stored = match self.store.get(&self.key_name) {
            Ok(Some(stored)) => stored,
            Ok(None) => return Err(Unreadable::MissingKey.into()),
            // The entry exists but cannot be decoded (not text, duplicated):
            // the file is as good as keyless.
            Err(SecretError::Corrupt(detail)) => return Err(Unreadable::DamagedKey(detail).into()),
            Err(e) => return Err(Failure::Keychain(e)),
        };
        let key =
            sealing::decode_key(&stored).map_err(|e| Unreadable::DamagedKey(e.to_string()))?;
        let cache = open(&key, &self.aad, sealed)?;
        *self.memo() = Some((key, Instant::now()));
        Ok(cache)
    }

    /// Best effort: if the rename fails too, the next save replaces the file.
    fn set_aside(&self, reason: &Unreadable) {
        match set_aside::set_aside(&self.path, Utc::now()) {
            Ok(copy) => tracing::warn!(
                file = %self.path.display(),
                copy = %copy.display(),
                %reason,
                "the calendar cache cannot be read; it was set aside and a full sync rebuilds it"
            ),
            Err(e) => tracing::warn!(
                file = %self.path.display(),
                %reason,
                error = %e,
                "the calendar cache cannot be read nor set aside; the next save replaces it"
            ),
        }
    }

    fn key_for_writing(&self) -> Result<sealing::Key, SecretError> {
        let mut memo = self.memo();
        if let Some((key, seen)) = memo.as_ref() {
            if seen.elapsed() < KEY_REUSE {
                return Ok(key.clone());
            }
        }
        let key = sealing::key_for_writing(self.store.as_ref(), &self.key_name)?;
        *memo = Some((key.clone(), Instant::now()));
        Ok(key)
    }

    fn memo(&self) -> MutexGuard<'_, Option<(sealing::Key, Instant)>> {
        // Only a cached copy: a panic elsewhere leaves nothing to repair.
        self.key_memo
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn gate(&self) -> MutexGuard<'_, ()> {
        // The guard protects no data, only ordering; a panic in another
        // operation leaves nothing to repair.
        self.gate.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Write;

    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
    use base64::Engine as _;
    use chrono::{DateTime, NaiveDate};

    use super::*;
    use crate::calendar::model::{JoinLink, Mailbox, Meeting, OutOfOffice, Response, ShowAs, When};
    use crate::secrets::sealing::{NONCE_LEN, TAG_LEN};
    use crate::secrets::{MemoryStore, Secret};

    const ACCOUNT: &str = "microsoft";
    const KEY_ENTRY: &str = "cache-key:microsoft";
    const SUBJECT: &str = "Quarterly budget review ZQX";
    const ORGANIZER: &str = "Ada Lovelace";

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn meeting(id: &str, subject: &str, when: When) -> Meeting {
        Meeting {
            id: id.into(),
            series_id: None,
            subject: subject.into(),
            when,
            organizer_name: None,
            response: Response::Accepted,
            show_as: ShowAs::Busy,
            is_cancelled: false,
            links: Vec::new(),
            change_key: Some(format!("ck-{id}")),
            location_keywords: Vec::new(),
            join_details_added: false,
        }
    }

    fn timed(start: &str, end: &str) -> When {
        When::Timed {
            start: at(start),
            end: at(end),
        }
    }

    /// A window of two weeks in March 2025 with the secret-looking meeting in it.
    fn sample() -> Cache {
        let mut cache = Cache::empty(at("2025-03-01T00:00:00Z"), at("2025-03-15T00:00:00Z"));
        let mut budget = meeting(
            "AAMk-budget",
            SUBJECT,
            timed("2025-03-03T09:00:00Z", "2025-03-03T10:00:00Z"),
        );
        budget.organizer_name = Some(ORGANIZER.into());
        budget.links.push(JoinLink {
            url: "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc".into(),
            service: "teams".into(),
            service_name: "Microsoft Teams".into(),
            native_url: None,
        });
        let offsite = meeting(
            "AAMk-offsite",
            "Offsite",
            When::AllDay {
                start: NaiveDate::from_ymd_opt(2025, 3, 10).unwrap(),
                end: NaiveDate::from_ymd_opt(2025, 3, 12).unwrap(),
            },
        );
        cache.meetings =
            BTreeMap::from([(budget.id.clone(), budget), (offsite.id.clone(), offsite)]);
        cache.mailbox = Mailbox {
            time_zone: Some("W. Europe Standard Time".into()),
            locale: Some("en-GB".into()),
            automatic_replies: OutOfOffice {
                status: "disabled".into(),
                ..OutOfOffice::default()
            },
            outlook_web: None,
        };
        cache.delta_link =
            Some("https://graph.microsoft.com/v1.0/me/calendarView/delta?$deltatoken=abc".into());
        cache.last_sync = Some(at("2025-03-02T08:00:00Z"));
        cache
    }

    fn setup() -> (Arc<MemoryStore>, tempfile::TempDir, CacheFile) {
        let store = Arc::new(MemoryStore::new());
        let dir = tempfile::tempdir().unwrap();
        let file = CacheFile::new(&dir.path().join("cache"), store.clone(), ACCOUNT);
        (store, dir, file)
    }

    /// The set-aside copies, oldest first.
    fn copies(file: &CacheFile) -> Vec<PathBuf> {
        set_aside::copies(file.path()).unwrap()
    }

    fn all_files(dir: &Path) -> Vec<String> {
        match std::fs::read_dir(dir) {
            Ok(entries) => entries
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect(),
            Err(e) if e.kind() == ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("{e}"),
        }
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// Seals `json` as a cache file of `file` under its (new or existing) key,
    /// to plant contents that `save` would never write.
    fn plant(store: &MemoryStore, file: &CacheFile, json: &[u8]) {
        let key = sealing::key_for_writing(store, KEY_ENTRY).unwrap();
        let sealed = sealing::seal(&key, MAGIC, &file.aad, json).unwrap();
        crate::atomic_file::write(file.path(), &sealed).unwrap();
    }

    /// Asserts that a load sets the current file aside and reports no cache,
    /// and that a save then works again.
    fn assert_set_aside(store: &MemoryStore, file: &CacheFile, context: &str) {
        let bad = std::fs::read(file.path()).unwrap();
        let before = copies(file).len();
        assert!(file.load().unwrap().is_none(), "{context}");
        assert!(!file.path().exists(), "{context}: still in place");
        let after = copies(file);
        assert_eq!(after.len(), (before + 1).min(set_aside::KEEP), "{context}");
        let newest = after.last().unwrap();
        assert_eq!(std::fs::read(newest).unwrap(), bad, "{context}");
        // The cache starts over.
        file.save(&sample()).unwrap();
        assert_eq!(file.load().unwrap().unwrap(), purged(sample()), "{context}");
        assert!(store.get(KEY_ENTRY).unwrap().is_some());
    }

    fn purged(mut cache: Cache) -> Cache {
        cache.purge_outside_window();
        cache
    }

    #[test]
    fn no_file_is_no_cache_even_with_the_keychain_locked() {
        let (store, dir, file) = setup();
        store.set_locked(true);
        assert!(file.load().unwrap().is_none());
        assert!(all_files(dir.path()).is_empty());
    }

    #[test]
    fn a_saved_cache_loads_back_equal() {
        let (store, dir, file) = setup();
        assert!(store.names().is_empty());
        let cache = sample();
        file.save(&cache).unwrap();
        assert_eq!(file.load().unwrap().unwrap(), cache);
        assert_eq!(store.names(), [KEY_ENTRY]);
        assert_eq!(
            file.path(),
            dir.path().join("cache/calendar-microsoft.cache")
        );
        assert_eq!(
            all_files(&dir.path().join("cache")),
            ["calendar-microsoft.cache"]
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }

        // A second save reuses the key and replaces the contents.
        let key = store.get(KEY_ENTRY).unwrap().unwrap().expose().to_owned();
        let mut changed = cache.clone();
        changed.meetings.remove("AAMk-offsite");
        changed.delta_link = None;
        file.save(&changed).unwrap();
        assert_eq!(file.load().unwrap().unwrap(), changed);
        assert_eq!(store.get(KEY_ENTRY).unwrap().unwrap().expose(), key);

        // Another CacheFile on the same folder and keychain (the next start).
        let again = CacheFile::new(&dir.path().join("cache"), store.clone(), ACCOUNT);
        assert_eq!(again.load().unwrap().unwrap(), changed);
    }

    #[test]
    fn every_save_uses_a_fresh_nonce() {
        let (_store, _dir, file) = setup();
        let cache = sample();
        file.save(&cache).unwrap();
        let first = std::fs::read(file.path()).unwrap();
        file.save(&cache).unwrap();
        let second = std::fs::read(file.path()).unwrap();
        assert_eq!(first.len(), second.len());
        assert_ne!(first, second);
        let nonce = MAGIC.len()..MAGIC.len() + NONCE_LEN;
        assert_ne!(first[nonce.clone()], second[nonce]);
        assert_eq!(file.load().unwrap().unwrap(), cache);
    }

    #[test]
    fn the_file_holds_no_plain_text() {
        let (store, _dir, file) = setup();
        file.save(&sample()).unwrap();
        let bytes = std::fs::read(file.path()).unwrap();
        assert!(bytes.starts_with(MAGIC));

        let mut needles: Vec<Vec<u8>> = Vec::new();
        for text in [SUBJECT, ORGANIZER, "\"subject\"", "subject", "Lovelace"] {
            needles.push(text.as_bytes().to_vec());
            // Base64 at each of the three alignments, without the edge
            // characters that depend on the neighbouring bytes; long enough
            // (8 characters, 48 bits) that a chance match is out of question.
            for shift in 0..3 {
                let mut shifted = vec![b'#'; shift];
                shifted.extend_from_slice(text.as_bytes());
                for encoded in [STANDARD.encode(&shifted), URL_SAFE_NO_PAD.encode(&shifted)] {
                    let inner = &encoded[if shift == 0 { 0 } else { 4 }..encoded.len() - 4];
                    if inner.len() >= 8 {
                        needles.push(inner.as_bytes().to_vec());
                    }
                }
            }
        }
        assert!(needles.len() > 20, "{}", needles.len());
        for needle in &needles {
            assert!(
                !contains(&bytes, needle),
                "{:?} in the file",
                String::from_utf8_lossy(needle)
            );
        }
        // Nor the key.
        let key = store.get(KEY_ENTRY).unwrap().unwrap();
        assert!(!contains(&bytes, key.expose().as_bytes()));
        assert!(!contains(&bytes, &STANDARD.decode(key.expose()).unwrap()));
    }

    #[test]
    fn meetings_outside_the_window_are_purged_on_save() {
        let (_store, _dir, file) = setup();
        let mut cache = sample();
        for m in [
            meeting(
                "before",
                "Before",
                timed("2025-02-27T09:00:00Z", "2025-02-27T10:00:00Z"),
            ),
            meeting(
                "ends-at-start",
                "Edge",
                timed("2025-02-28T23:00:00Z", "2025-03-01T00:00:00Z"),
            ),
            meeting(
                "after",
                "After",
                timed("2025-03-20T09:00:00Z", "2025-03-20T10:00:00Z"),
            ),
            meeting(
                "overlaps",
                "Overlaps",
                timed("2025-02-28T23:00:00Z", "2025-03-01T01:00:00Z"),
            ),
            meeting(
                "all-day-long-ago",
                "Holiday",
                When::AllDay {
                    start: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
                    end: NaiveDate::from_ymd_opt(2025, 1, 2).unwrap(),
                },
            ),
        ] {
            cache.meetings.insert(m.id.clone(), m);
        }
        file.save(&cache).unwrap();
        let loaded = file.load().unwrap().unwrap();
        let ids: Vec<_> = loaded.meetings.keys().map(String::as_str).collect();
        assert_eq!(ids, ["AAMk-budget", "AAMk-offsite", "overlaps"]);
        // The caller's copy is not changed.
        assert_eq!(cache.meetings.len(), 7);
        // The file's length is that of the kept meetings alone, so nothing
        // purged rides along in it.
        let mut kept = cache.clone();
        kept.purge_outside_window();
        let json_len = serde_json::to_vec(&kept).unwrap().len();
        let file_len = std::fs::metadata(file.path()).unwrap().len();
        assert_eq!(
            file_len,
            u64::try_from(MAGIC.len() + NONCE_LEN + json_len + TAG_LEN).unwrap()
        );
    }

    #[test]
    fn a_changed_byte_anywhere_sets_the_file_aside() {
        let (store, _dir, file) = setup();
        file.save(&sample()).unwrap();
        let good = std::fs::read(file.path()).unwrap();
        let positions = [
            0,                           // magic
            MAGIC.len() - 1,             // magic
            MAGIC.len(),                 // nonce
            MAGIC.len() + NONCE_LEN - 1, // nonce
            MAGIC.len() + NONCE_LEN,     // ciphertext
            good.len() / 2,              // ciphertext
            good.len() - TAG_LEN,        // tag
            good.len() - 1,              // tag
        ];
        for i in positions {
            let mut bad = std::fs::read(file.path()).unwrap();
            bad[i] ^= 0x01;
            std::fs::write(file.path(), &bad).unwrap();
            assert_set_aside(&store, &file, &format!("byte {i}"));
        }
        assert_eq!(copies(&file).len(), set_aside::KEEP);
    }

    #[test]
    fn truncated_and_empty_files_are_set_aside() {
        let (store, _dir, file) = setup();
        file.save(&sample()).unwrap();
        let good = std::fs::read(file.path()).unwrap();
        for len in [
            0,
            3,
            MAGIC.len(),
            MAGIC.len() + NONCE_LEN + TAG_LEN - 1,
            MAGIC.len() + NONCE_LEN + TAG_LEN,
            good.len() - 1,
        ] {
            let current = std::fs::read(file.path()).unwrap();
            std::fs::write(file.path(), &current[..len]).unwrap();
            assert_set_aside(&store, &file, &format!("length {len}"));
        }
        // Appended bytes count as a change too.
        let mut longer = std::fs::read(file.path()).unwrap();
        longer.push(0);
        std::fs::write(file.path(), &longer).unwrap();
        assert_set_aside(&store, &file, "one byte more");
    }

    #[test]
    fn a_missing_damaged_or_other_key_sets_the_file_aside() {
        let (store, _dir, file) = setup();
        file.save(&sample()).unwrap();
        store.delete(KEY_ENTRY).unwrap();
        assert_set_aside(&store, &file, "missing key");

        store
            .set(KEY_ENTRY, &Secret::new("not base64!".into()))
            .unwrap();
        assert_set_aside(&store, &file, "damaged key");

        let other = STANDARD.encode([7u8; 32]);
        store.set(KEY_ENTRY, &Secret::new(other)).unwrap();
        assert_set_aside(&store, &file, "another key");
    }

    #[test]
    fn another_accounts_file_is_set_aside() {
        let (store, dir, file) = setup();
        let other = CacheFile::new(&dir.path().join("cache"), store.clone(), "other");
        other.save(&sample()).unwrap();
        // Same key, same bytes, other account: the associated data differs.
        store
            .set(KEY_ENTRY, &store.get("cache-key:other").unwrap().unwrap())
            .unwrap();
        std::fs::copy(other.path(), file.path()).unwrap();
        assert_set_aside(&store, &file, "other account");
        // The other account's cache is not affected.
        assert_eq!(other.load().unwrap().unwrap(), purged(sample()));
    }

    #[test]
    fn contents_that_do_not_decode_or_are_newer_are_set_aside() {
        let (store, _dir, file) = setup();
        let good = serde_json::to_value(sample()).unwrap();
        let with_schema = |schema: serde_json::Value| {
            let mut v = good.clone();
            v["schema"] = schema;
            serde_json::to_vec(&v).unwrap()
        };
        let mut wrong_shape = good.clone();
        wrong_shape["meetings"] = SUBJECT.into();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("not JSON", b"{\"schema\": 1, \"meetings\": ".to_vec()),
            ("not an object", b"[1, 2, 3]".to_vec()),
            ("no schema", with_schema(serde_json::Value::Null)),
            ("newer schema", with_schema((SCHEMA_VERSION + 1).into())),
            ("much newer schema", with_schema(u32::MAX.into())),
            ("schema 0", with_schema(0.into())),
            ("wrong shape", serde_json::to_vec(&wrong_shape).unwrap()),
        ];
        for (context, json) in cases {
            plant(&store, &file, &json);
            assert_set_aside(&store, &file, context);
        }
        // The current schema planted the same way loads: the cases above
        // fail for their contents, not for how they were written.
        plant(&store, &file, &serde_json::to_vec(&good).unwrap());
        assert_eq!(file.load().unwrap().unwrap(), sample());
    }

    #[test]
    fn at_most_three_set_aside_copies_are_kept_the_newest() {
        let (store, _dir, file) = setup();
        let mut set_aside_bytes = Vec::new();
        for i in 0..5u8 {
            file.save(&sample()).unwrap();
            let mut bad = std::fs::read(file.path()).unwrap();
            bad[MAGIC.len() + NONCE_LEN + usize::from(i)] ^= 0x80;
            std::fs::write(file.path(), &bad).unwrap();
            assert!(file.load().unwrap().is_none());
            set_aside_bytes.push(bad);
        }
        let kept: Vec<_> = copies(&file)
            .iter()
            .map(|p| std::fs::read(p).unwrap())
            .collect();
        assert_eq!(kept.len(), 3);
        for bytes in &set_aside_bytes[2..] {
            assert!(kept.contains(bytes), "a recent copy was removed");
        }
        assert!(store.get(KEY_ENTRY).unwrap().is_some());
    }

    #[test]
    fn the_warning_names_the_file_and_reason_but_no_contents() {
        #[derive(Clone, Default)]
        struct Log(Arc<Mutex<Vec<u8>>>);
        impl Write for Log {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }

        let (store, _dir, file) = setup();
        let mut wrong_shape = serde_json::to_value(sample()).unwrap();
        // serde's own message would quote this string.
        wrong_shape["meetings"] = SUBJECT.into();
        plant(&store, &file, &serde_json::to_vec(&wrong_shape).unwrap());

        let log = Log::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            assert!(file.load().unwrap().is_none());
        });
        let text = String::from_utf8(log.0.lock().unwrap().clone()).unwrap();
        assert!(text.contains("WARN"), "{text}");
        assert!(text.contains("was set aside"), "{text}");
        assert!(text.contains("calendar-microsoft.cache.corrupt-"), "{text}");
        assert!(
            text.contains(&format!("do not match schema {SCHEMA_VERSION}")),
            "{text}"
        );
        assert!(!text.contains("ZQX"), "{text}");
        assert!(!text.contains("Lovelace"), "{text}");
    }

    #[test]
    fn a_locked_keychain_is_an_error_and_leaves_the_file_alone() {
        let (store, dir, file) = setup();
        file.save(&sample()).unwrap();
        let before = std::fs::read(file.path()).unwrap();
        store.set_locked(true);
        for _ in 0..2 {
            let err = file.load().unwrap_err();
            assert!(
                matches!(err, StoreError::Secrets(SecretError::Locked)),
                "{err:?}"
            );
        }
        let err = file
            .save(&Cache::empty(
                at("2025-01-01T00:00:00Z"),
                at("2025-01-02T00:00:00Z"),
            ))
            .unwrap_err();
        assert!(
            matches!(err, StoreError::Secrets(SecretError::Locked)),
            "{err:?}"
        );
        assert_eq!(std::fs::read(file.path()).unwrap(), before);
        assert_eq!(
            all_files(&dir.path().join("cache")),
            ["calendar-microsoft.cache"]
        );

        store.set_locked(false);
        assert_eq!(file.load().unwrap().unwrap(), sample());
    }

    /// A keychain that cannot be reached at all.
    #[derive(Debug)]
    struct Unreachable;

    impl SecretStore for Unreachable {
        fn get(&self, _: &str) -> Result<Option<Secret>, SecretError> {
            Err(SecretError::Unavailable("no Secret Service".into()))
        }
        fn set(&self, _: &str, _: &Secret) -> Result<(), SecretError> {
            Err(SecretError::Unavailable("no Secret Service".into()))
        }
        fn delete(&self, _: &str) -> Result<(), SecretError> {
            Err(SecretError::Unavailable("no Secret Service".into()))
        }
    }

    #[test]
    fn an_unreachable_keychain_is_an_error_and_leaves_the_file_alone() {
        let (_store, dir, file) = setup();
        file.save(&sample()).unwrap();
        let before = std::fs::read(file.path()).unwrap();
        let cut_off = CacheFile::new(&dir.path().join("cache"), Arc::new(Unreachable), ACCOUNT);
        let err = cut_off.load().unwrap_err();
        assert!(
            matches!(err, StoreError::Secrets(SecretError::Unavailable(_))),
            "{err:?}"
        );
        assert!(matches!(
            cut_off.save(&sample()),
            Err(StoreError::Secrets(SecretError::Unavailable(_)))
        ));
        assert_eq!(std::fs::read(file.path()).unwrap(), before);
        assert_eq!(
            all_files(&dir.path().join("cache")),
            ["calendar-microsoft.cache"]
        );
    }

    #[test]
    fn delete_removes_the_file_its_copies_and_its_key() {
        let (store, dir, file) = setup();
        let other = CacheFile::new(&dir.path().join("cache"), store.clone(), "other");
        other.save(&sample()).unwrap();
        file.save(&sample()).unwrap();
        std::fs::write(file.path(), b"garbage").unwrap();
        assert!(file.load().unwrap().is_none());
        file.save(&sample()).unwrap();
        assert_eq!(copies(&file).len(), 1);

        file.delete().unwrap();
        assert_eq!(
            all_files(&dir.path().join("cache")),
            ["calendar-other.cache"]
        );
        assert_eq!(store.names(), ["cache-key:other"]);
        assert!(file.load().unwrap().is_none());
        // Nothing left is fine, and the other account is untouched.
        file.delete().unwrap();
        assert_eq!(other.load().unwrap().unwrap(), purged(sample()));
    }

    #[test]
    fn delete_with_the_keychain_locked_removes_the_file_and_reports_locked() {
        let (store, _dir, file) = setup();
        file.save(&sample()).unwrap();
        store.set_locked(true);
        assert!(matches!(
            file.delete(),
            Err(StoreError::Secrets(SecretError::Locked))
        ));
        assert!(!file.path().exists());
        store.set_locked(false);
        assert_eq!(store.names(), [KEY_ENTRY]);
        file.delete().unwrap();
        assert!(store.names().is_empty());
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_an_io_error_not_corruption() {
        let (_store, _dir, file) = setup();
        // The rename onto a non-empty folder fails, even as root.
        std::fs::create_dir_all(file.path().join("inside")).unwrap();
        let err = file.save(&sample()).unwrap_err();
        assert!(matches!(err, StoreError::Io { op: "write", .. }), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("calendar-microsoft.cache"), "{message}");
        assert!(!message.contains("ZQX"), "{message}");
        let err = file.load().unwrap_err();
        assert!(matches!(err, StoreError::Io { op: "read", .. }), "{err:?}");
        assert!(file.path().join("inside").exists());
        assert!(copies(&file).is_empty());

        std::fs::remove_dir_all(file.path()).unwrap();
        file.save(&sample()).unwrap();
        assert_eq!(file.load().unwrap().unwrap(), sample());
    }

    #[test]
    fn file_names_stay_inside_the_folder_for_any_account() {
        let store = Arc::new(MemoryStore::new());
        let dir = tempfile::tempdir().unwrap();
        let file = CacheFile::new(dir.path(), store.clone(), "../a/b:c d");
        assert_eq!(
            file.path(),
            dir.path().join("calendar-..%2Fa%2Fb%3Ac%20d.cache")
        );
        file.save(&sample()).unwrap();
        assert_eq!(file.load().unwrap().unwrap(), purged(sample()));
        assert_eq!(store.names(), ["cache-key:../a/b:c d"]);
        assert_eq!(all_files(dir.path()).len(), 1);
    }

    /// Counts keychain reads, to see the key reused.
    #[derive(Debug, Default)]
    struct Counting {
        inner: MemoryStore,
        gets: std::sync::atomic::AtomicUsize,
    }

    impl SecretStore for Counting {
        fn get(&self, name: &str) -> Result<Option<crate::secrets::Secret>, SecretError> {
            self.gets.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            self.inner.get(name)
        }
        fn set(&self, name: &str, value: &crate::secrets::Secret) -> Result<(), SecretError> {
            self.inner.set(name, value)
        }
        fn delete(&self, name: &str) -> Result<(), SecretError> {
            self.inner.delete(name)
        }
    }

    #[test]
    fn saves_reuse_the_key_without_asking_the_keychain_again_until_a_delete() {
        let store = Arc::new(Counting::default());
        let dir = tempfile::tempdir().unwrap();
        let file = CacheFile::new(&dir.path().join("cache"), store.clone(), ACCOUNT);
        let gets = || store.gets.load(std::sync::atomic::Ordering::SeqCst);
        for _ in 0..3 {
            file.save(&sample()).unwrap();
        }
        assert_eq!(gets(), 1, "one keychain read for three saves");
        assert_eq!(file.load().unwrap().unwrap(), purged(sample()));
        let key = store.inner.get(KEY_ENTRY).unwrap().unwrap();
        assert!(
            !format!("{file:?}").contains(key.expose()),
            "Debug shows no key"
        );

        // After a disconnect the next save makes and stores a new key.
        file.delete().unwrap();
        let before = gets();
        file.save(&sample()).unwrap();
        assert_eq!(gets(), before + 1);
        let new_key = store.inner.get(KEY_ENTRY).unwrap().unwrap();
        assert_ne!(new_key.expose(), key.expose());
        assert_eq!(file.load().unwrap().unwrap(), purged(sample()));
    }
}
