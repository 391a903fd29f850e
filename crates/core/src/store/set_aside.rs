//! Unreadable cache files are renamed rather than deleted, so a bug report can
//! still include one (it stays encrypted), and only the newest few are kept so
//! a file that keeps going bad cannot fill the disk.
//!
//! `calendar-microsoft.cache` becomes
//! `calendar-microsoft.cache.corrupt-20250301T101500Z`, with `-1`, `-2` … when
//! that name is taken (several in one second).

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

use super::StoreError;

/// How many set-aside files of one cache file are kept.
pub(super) const KEEP: usize = 3;

/// `YYYYMMDDTHHMMSS`, then `Z`: sorts by time and is a valid file name
/// everywhere (no colons).
const STAMP: &str = "%Y%m%dT%H%M%S";
const STAMP_LEN: usize = "20250301T101500".len();

/// A copy's place in time: the second in its name, then its number.
type Order = (NaiveDateTime, u32);

/// Renames `path` to its set-aside name for `now`, then removes all but the
/// newest [`KEEP`] set-aside copies. Returns the new name.
pub(super) fn set_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
    let base = format!("{}.corrupt-{}Z", name_of(path)?, now.format(STAMP));
    // After the highest number of this second rather than in the first free
    // slot: pruning frees the lowest, which would sort the new copy oldest.
    let mut n = copies_of(path)?
        .iter()
        .filter(|((time, _), _)| time.and_utc().timestamp() == now.timestamp())
        .map(|((_, n), _)| n.saturating_add(1))
        .max()
        .unwrap_or(0);
    let mut target = numbered(path, &base, n);
    // Only a file that is not a copy (or a full counter) can be in the way.
    while exists(&target)? {
        n = n.checked_add(1).ok_or_else(|| {
            StoreError::io("set aside", path, std::io::Error::other("too many copies"))
        })?;
        target = numbered(path, &base, n);
    }
    std::fs::rename(path, &target).map_err(|e| StoreError::io("set aside", path, e))?;
    // The file is out of the way, which is what matters; extra copies only
    // take space and the next set-aside tries again.
    if let Err(e) = prune(path, KEEP) {
        tracing::warn!(error = %e, "could not remove old copies of the calendar cache");
    }
    Ok(target)
}

/// The set-aside copies of `path`, oldest first.
#[cfg(test)]
pub(super) fn copies(path: &Path) -> Result<Vec<PathBuf>, StoreError> {
    Ok(copies_of(path)?.into_iter().map(|(_, p)| p).collect())
}

/// Removes every set-aside copy of `path`.
pub(super) fn remove_all(path: &Path) -> Result<(), StoreError> {
    prune(path, 0)
}

fn numbered(path: &Path, base: &str, n: u32) -> PathBuf {
    match n {
        0 => path.with_file_name(base),
        n => path.with_file_name(format!("{base}-{n}")),
    }
}

/// Removes all but the newest `keep` set-aside copies of `path`. A clock set
/// back can make a new copy look old; it is then the one removed, which is
/// harmless.
fn prune(path: &Path, keep: usize) -> Result<(), StoreError> {
    let copies = copies_of(path)?;
    let excess = copies.len().saturating_sub(keep);
    for (_, copy) in copies.into_iter().take(excess) {
        match std::fs::remove_file(&copy) {
            Ok(()) => {}
            // Removed meanwhile (another instance): the goal is reached.
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(StoreError::io("remove", copy, e)),
        }
    }
    Ok(())
}

/// The set-aside copies of `path` with their sort keys, oldest first. Newest
/// by the time in the name, not the file's: a rename keeps the time the file
/// was written. Only names this module makes count, so another account's
/// files (whose names may start the same way) and files the user put there
/// are never touched.
fn copies_of(path: &Path) -> Result<Vec<(Order, PathBuf)>, StoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let prefix = format!("{}.corrupt-", name_of(path)?);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("list", dir, e)),
    };
    let mut copies = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io("list", dir, e))?;
        // Copies are plain files; anything else with such a name is not ours.
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name();
        let key = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(parse_suffix);
        if let Some(key) = key {
            copies.push((key, entry.path()));
        }
    }
    copies.sort_by_key(|(order, _)| *order);
    Ok(copies)
}

/// `20250301T101500Z` or `20250301T101500Z-7` as (time, 0) or (time, 7).
fn parse_suffix(suffix: &str) -> Option<Order> {
    let stamp = suffix.get(..STAMP_LEN)?;
    let rest = suffix.get(STAMP_LEN..)?.strip_prefix('Z')?;
    let time = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let n = match rest.strip_prefix('-') {
        None if rest.is_empty() => 0,
        // Digits only: `parse` would also take a leading `+`.
        Some(n) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok()?,
        _ => return None,
    };
    Some((time, n))
}

fn name_of(path: &Path) -> Result<&str, StoreError> {
    // The names are ours (`calendar-{file_safe account}.cache`), so ASCII.
    path.file_name()
        .and_then(OsStr::to_str)
        .ok_or_else(|| StoreError::io("name", path, std::io::Error::other("not a file name")))
}

fn exists(path: &Path) -> Result<bool, StoreError> {
    match std::fs::symlink_metadata(path) {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::io("check", path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn renames_with_the_utc_time_and_numbers_copies_in_the_same_second() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calendar-a.cache");
        let now = at("2025-03-01T10:15:00.250Z");
        for i in 0..3 {
            std::fs::write(&path, [i]).unwrap();
            set_aside(&path, now).unwrap();
        }
        assert_eq!(
            names(dir.path()),
            [
                "calendar-a.cache.corrupt-20250301T101500Z",
                "calendar-a.cache.corrupt-20250301T101500Z-1",
                "calendar-a.cache.corrupt-20250301T101500Z-2",
            ]
        );
        let first = dir.path().join("calendar-a.cache.corrupt-20250301T101500Z");
        assert_eq!(std::fs::read(first).unwrap(), [0]);
    }

    #[test]
    fn a_new_copy_in_the_same_second_is_numbered_after_the_pruned_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calendar-a.cache");
        let now = at("2025-03-01T10:15:00Z");
        for i in 0..5u8 {
            std::fs::write(&path, [i]).unwrap();
            set_aside(&path, now).unwrap();
        }
        let kept: Vec<_> = copies(&path)
            .unwrap()
            .iter()
            .map(|p| std::fs::read(p).unwrap()[0])
            .collect();
        assert_eq!(kept, [2, 3, 4]);
        assert_eq!(
            names(dir.path()),
            [
                "calendar-a.cache.corrupt-20250301T101500Z-2",
                "calendar-a.cache.corrupt-20250301T101500Z-3",
                "calendar-a.cache.corrupt-20250301T101500Z-4",
            ]
        );
        // Something in the way that is not a copy (a folder) is skipped and
        // left alone.
        let folder = dir
            .path()
            .join("calendar-a.cache.corrupt-20250301T101500Z-5");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(&path, [5]).unwrap();
        let copy = set_aside(&path, now).unwrap();
        assert!(copy.ends_with("calendar-a.cache.corrupt-20250301T101500Z-6"));
        assert!(folder.is_dir());
        assert_eq!(copies(&path).unwrap().len(), KEEP);
    }

    #[test]
    fn keeps_the_newest_three_by_time_then_number() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calendar-a.cache");
        // Out of order on purpose; `-10` is newer than `-9` although it
        // sorts before it as text.
        let made = [
            "2025-03-02T00:00:00Z",
            "2025-03-01T00:00:00Z",
            "2025-03-03T00:00:00Z",
        ];
        for t in made {
            std::fs::write(&path, b"x").unwrap();
            set_aside(&path, at(t)).unwrap();
        }
        for n in [9, 10] {
            std::fs::write(
                dir.path()
                    .join(format!("calendar-a.cache.corrupt-20250301T000000Z-{n}")),
                b"x",
            )
            .unwrap();
        }
        std::fs::write(&path, b"x").unwrap();
        set_aside(&path, at("2025-03-02T00:00:00Z")).unwrap();
        assert_eq!(
            names(dir.path()),
            [
                "calendar-a.cache.corrupt-20250302T000000Z",
                "calendar-a.cache.corrupt-20250302T000000Z-1",
                "calendar-a.cache.corrupt-20250303T000000Z",
            ]
        );

        std::fs::write(
            dir.path()
                .join("calendar-a.cache.corrupt-20250301T000000Z-9"),
            b"x",
        )
        .unwrap();
        std::fs::write(
            dir.path()
                .join("calendar-a.cache.corrupt-20250301T000000Z-10"),
            b"x",
        )
        .unwrap();
        prune(&path, 4).unwrap();
        assert!(
            names(dir.path()).contains(&"calendar-a.cache.corrupt-20250301T000000Z-10".to_owned())
        );
        assert!(
            !names(dir.path()).contains(&"calendar-a.cache.corrupt-20250301T000000Z-9".to_owned())
        );
    }

    #[test]
    fn files_it_did_not_make_are_never_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("calendar-a.cache");
        let others = [
            // Another account whose name starts like this one's copies.
            "calendar-a.cache.corrupt-20250301T000000Z.cache",
            "calendar-a.cache.corrupt-20250301T000000Z.cache.corrupt-20250301T000000Z",
            "calendar-ab.cache.corrupt-20250301T000000Z",
            "calendar-a.cache.corrupt-notes.txt",
            "calendar-a.cache.corrupt-20250301T000000Z-",
            "calendar-a.cache.corrupt-20250301T000000Z-+1",
            "calendar-a.cache.corrupt-20259999T000000Z",
            "calendar-b.cache",
        ];
        for name in others {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::write(&path, b"x").unwrap();
        set_aside(&path, at("2025-03-05T00:00:00Z")).unwrap();
        remove_all(&path).unwrap();
        let mut expected: Vec<_> = others.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(names(dir.path()), expected);
    }

    #[test]
    fn remove_all_in_a_missing_folder_succeeds() {
        let dir = tempfile::tempdir().unwrap();
        remove_all(&dir.path().join("missing/calendar-a.cache")).unwrap();
    }

    #[test]
    fn parse_suffix_accepts_only_its_own_format() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, STAMP).unwrap();
        assert_eq!(
            parse_suffix("20250301T101500Z"),
            Some((t("20250301T101500"), 0))
        );
        assert_eq!(
            parse_suffix("20250301T101500Z-12"),
            Some((t("20250301T101500"), 12))
        );
        for bad in [
            "",
            "20250301T101500",
            "20250301T101500Zx",
            "20250301T101500Z-",
            "20250301T101500Z--1",
            "20250301T101500Z-99999999999",
            "2025-03-01T10:15:00Z",
        ] {
            assert_eq!(parse_suffix(bad), None, "{bad}");
        }
    }
}
