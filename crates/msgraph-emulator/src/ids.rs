//! Identifiers shaped like Exchange's: base64 with `/`, `+` and `=` in them, so
//! clients that forget to percent-encode IDs in URL paths fail here as they would
//! against Graph (reference §2.2).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::RngCore;

/// A new event ID: `AAMkAG…` and always containing `/`, `+` and `=`.
pub fn event_id() -> String {
    let mut bytes = [0u8; 49]; // 49 bytes: base64 ends in "=="
    rand::rng().fill_bytes(&mut bytes);
    let mut s = STANDARD.encode(bytes);
    // Pin one `/` and one `+` so every ID exercises encoding, not just most.
    s.replace_range(8..9, "/");
    s.replace_range(20..21, "+");
    format!("AAMkAG{s}")
}

/// The ID of one occurrence of a series: reversible, so `/me/events/{id}` can find it.
pub fn occurrence_id(master_id: &str, date: chrono::NaiveDate) -> String {
    format!("AAMkOC{}", STANDARD.encode(format!("{master_id}|{date}")))
}

/// The series master ID and date encoded in an occurrence ID, if it is one.
pub fn parse_occurrence_id(id: &str) -> Option<(String, chrono::NaiveDate)> {
    let raw = STANDARD.decode(id.strip_prefix("AAMkOC")?).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (master, date) = text.rsplit_once('|')?;
    Some((master.to_owned(), date.parse().ok()?))
}

/// A random opaque token of `n` random bytes, URL-safe.
pub fn opaque(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A change key as Exchange shows it (base64).
pub fn change_key() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    format!("DwAAABYAAA{}", STANDARD.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_ids_need_percent_encoding() {
        for _ in 0..20 {
            let id = event_id();
            assert!(
                id.contains('/') && id.contains('+') && id.ends_with('='),
                "{id}"
            );
        }
    }

    #[test]
    fn occurrence_ids_round_trip() {
        let master = event_id();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 3, 11).expect("valid");
        let occ = occurrence_id(&master, date);
        assert_eq!(parse_occurrence_id(&occ), Some((master, date)));
        assert_eq!(parse_occurrence_id("AAMkAGnot-an-occurrence"), None);
    }
}
