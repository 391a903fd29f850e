//! What the user sees of their calendar account's state.

use serde::Serialize;

/// The account state shown in the tray menu and the main window.
///
/// Connected, reconnect-needed and offline states arrive with sign-in and sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum AccountState {
    NotConnected,
}

impl AccountState {
    /// The tray menu's account line; for actionable states it says what to do.
    pub fn menu_label(self) -> &'static str {
        match self {
            AccountState::NotConnected => "Not connected — Connect your calendar…",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_connected_tells_what_to_do_and_serialises_for_the_ui() {
        let s = AccountState::NotConnected;
        assert!(s.menu_label().contains("Connect your calendar"));
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"state":"not_connected"}"#
        );
    }
}
