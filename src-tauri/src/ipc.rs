//! Every type that crosses between the Rust side and the UI. The UI mirrors
//! these in `ui/src/ipc.ts`; it never parses error strings, only `code`.

use meeting_tray_core::account::AccountState;
use serde::Serialize;

/// What the main window shows about the app.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub account: AccountState,
}

/// The closed set of error codes the UI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The feature exists in the UI but is not wired yet in this version.
    NotAvailableYet,
}

/// The one error shape across IPC: a code to branch on, a message to show.
#[derive(Debug, Clone, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serialises_as_code_and_message() {
        let e = IpcError::new(ErrorCode::NotAvailableYet, "later");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "not_available_yet", "message": "later"})
        );
    }
}
