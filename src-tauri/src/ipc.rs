//! Every type that crosses between the Rust side and the UI. The UI mirrors
//! these in `ui/src/ipc.ts`; it never parses error strings, only `code`.

use meeting_tray_core::auth::{AccountStatus, AuthError, AuthSettings, Cloud, ErrorClass};
use meeting_tray_core::graph::connection_test::Check;
use serde::{Deserialize, Serialize};

/// What the main window shows about the app.
#[derive(Debug, Clone, Serialize)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub account: AccountView,
}

/// The account as the window shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AccountView {
    /// `not_configured`, `not_connected`, `connected`, `reconnect_soon`,
    /// `reconnect_needed` or `attention`.
    pub state: &'static str,
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// The cloud's display name ("Worldwide (including GCC)" …).
    pub cloud: String,
    /// RFC 3339; the UI formats it in the user's locale.
    pub reconnect_by: Option<String>,
    /// What is wrong and what to do, when something is.
    pub problem: Option<String>,
    pub settings: SettingsView,
}

/// The sign-in settings the wizard edits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingsView {
    pub client_id: String,
    pub tenant: String,
    pub cloud: Cloud,
    pub read_only: bool,
    /// Ask to sign in again this many days after the last sign-in; 0: never.
    pub reauthorize_after_days: u32,
}

impl AccountView {
    pub fn new(
        status: Option<AccountStatus>,
        config_problem: Option<String>,
        s: &AuthSettings,
    ) -> Self {
        let settings = SettingsView {
            client_id: s.client_id.clone().unwrap_or_default(),
            tenant: s.tenant.clone(),
            cloud: s.cloud,
            read_only: s.read_only,
            reauthorize_after_days: s.reauthorize_after_days,
        };
        match status {
            None => AccountView {
                state: "not_configured",
                username: None,
                display_name: None,
                cloud: s.cloud.to_string(),
                reconnect_by: None,
                problem: config_problem,
                settings,
            },
            Some(st) => AccountView {
                state: st.state,
                username: st.username,
                display_name: st.display_name,
                cloud: st.cloud.to_string(),
                reconnect_by: st.reconnect_by.map(|t| t.to_rfc3339()),
                problem: st.problem.map(|p| p.message),
                settings,
            },
        }
    }
}

/// The closed set of error codes the UI can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Sign-in is not set up: no or a bad app registration.
    NotConfigured,
    Cancelled,
    ConsentDeclined,
    AdminConsentRequired,
    Blocked,
    NeedsReauth,
    Configuration,
    /// The network or the service: try again later.
    Transient,
    /// The keychain is locked or missing.
    Keychain,
    /// The alert or meeting acted on is no longer current.
    Gone,
    /// The link is not opened (not a meeting link, or no app for it).
    NotJoinable,
    /// Microsoft Graph refused the request.
    Graph,
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

impl From<AuthError> for IpcError {
    fn from(e: AuthError) -> Self {
        let code = match (&e, e.class()) {
            (AuthError::Secrets(_), _) => ErrorCode::Keychain,
            (AuthError::Config(_), _) => ErrorCode::NotConfigured,
            (_, ErrorClass::Transient) => ErrorCode::Transient,
            (_, ErrorClass::NeedsReauth) => ErrorCode::NeedsReauth,
            (_, ErrorClass::Configuration) => ErrorCode::Configuration,
            (_, ErrorClass::Cancelled) => ErrorCode::Cancelled,
            (_, ErrorClass::ConsentDeclined) => ErrorCode::ConsentDeclined,
            (_, ErrorClass::AdminConsentRequired) => ErrorCode::AdminConsentRequired,
            (_, ErrorClass::Blocked) => ErrorCode::Blocked,
            (_, ErrorClass::Keychain) => ErrorCode::Keychain,
        };
        IpcError::new(code, e.to_string())
    }
}

/// One join link as the pop-up shows it: where it goes, never the invitation.
#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub index: usize,
    pub service_id: String,
    pub service_name: String,
    pub host: String,
}

/// One due meeting in the Join pop-up.
#[derive(Debug, Clone, Serialize)]
pub struct AlertView {
    pub key: String,
    pub subject: String,
    /// RFC 3339, UTC; the pop-up counts down from these.
    pub start: String,
    /// The planned instant this alert stands for: a new one (the next lead
    /// time, an escalation) raises the pop-up again.
    pub instant: String,
    pub end: String,
    /// e.g. `10:00–10:30`, in the computer's time zone.
    pub time_range: String,
    pub organizer: Option<String>,
    pub join: Option<LinkView>,
    /// The other links, for "Join with…".
    pub others: Vec<LinkView>,
    /// Graph's `responseStatus.response`.
    pub response: &'static str,
    /// Accept / Tentative / Decline are offered.
    pub can_rsvp: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PopupView {
    pub alerts: Vec<AlertView>,
}

/// One permission check of the connection test.
pub type CheckView = Check;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_serialises_as_code_and_message() {
        let e = IpcError::new(ErrorCode::Transient, "later");
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"code": "transient", "message": "later"})
        );
        let e: IpcError = AuthError::NotConnected.into();
        assert_eq!(e.code, ErrorCode::NeedsReauth);
    }
}
