//! A secret string that cannot reach a log line or a settings file by accident.

use zeroize::Zeroizing;

/// A token or key: its memory is wiped when dropped, its `Debug` output is
/// redacted, and it has neither `Display` nor `Serialize`, so the only way to
/// the value is the explicit [`Secret::expose`].
#[derive(Clone)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Takes ownership of the value; the caller's `String` moves in, so no
    /// unwiped copy stays behind.
    pub fn new(value: String) -> Self {
        Self(Zeroizing::new(value))
    }

    /// The value, for the one place that must send or store it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The length helps diagnose "empty token" and "too long" problems and
        // says nothing useful about the value.
        write!(f, "Secret(<redacted, {} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("0.AAAA-very-secret-refresh-token".to_owned());
        let shown = format!("{s:?} {:?} {:#?}", Some(&s), vec![s.clone()]);
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(!shown.contains("0.AAAA"), "{shown}");
        assert_eq!(format!("{s:?}"), "Secret(<redacted, 32 bytes>)");
    }

    #[test]
    fn expose_and_clone_keep_the_value() {
        let s = Secret::new("abc".to_owned());
        let c = s.clone();
        drop(s);
        assert_eq!(c.expose(), "abc");
    }
}
