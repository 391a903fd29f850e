//! A string that never shows: no Display, no Serialize, a redacted Debug, and
//! wiped from memory when dropped.

use zeroize::Zeroizing;

#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(Zeroizing::new(value))
    }

    /// The value, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        *self.0 == *other.0
    }
}

impl Eq for Secret {}

#[cfg(test)]
mod tests {
    #[test]
    fn debug_never_shows_the_value() {
        let s = super::Secret::new("1.AVEAtopsecret".into());
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("topsecret"), "{shown}");
        assert!(shown.contains("15 bytes"));
        assert_eq!(s.expose(), "1.AVEAtopsecret");
    }
}
