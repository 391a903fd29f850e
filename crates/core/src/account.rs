//! What the user sees of their calendar account: the tray menu's account line.

use chrono::{DateTime, Local, Utc};

use crate::auth::AccountStatus;

/// The tray menu's account line; for actionable states it says what to do.
/// `None` status means sign-in is not configured yet (no app registration).
pub fn menu_label(status: Option<&AccountStatus>) -> String {
    let Some(s) = status else {
        return "Not connected — Connect your calendar…".to_owned();
    };
    let day = |t: Option<DateTime<Utc>>| {
        t.map(|t| t.with_timezone(&Local).format("%a %-d %b").to_string())
            .unwrap_or_default()
    };
    match s.state {
        "connected" => format!(
            "Connected as {}",
            s.username.as_deref().unwrap_or("your account")
        ),
        "reconnect_soon" => format!("Reconnect by {} — Reconnect…", day(s.reconnect_by)),
        "reconnect_needed" => "Reconnect your calendar…".to_owned(),
        "attention" => "Calendar needs attention — Open…".to_owned(),
        _ => "Not connected — Connect your calendar…".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Cloud;

    fn status(state: &'static str) -> AccountStatus {
        AccountStatus {
            state,
            username: Some("dana@contoso.example".into()),
            display_name: None,
            cloud: Cloud::Worldwide,
            tenant_id: None,
            signed_in_at: None,
            reconnect_by: Some(DateTime::from_timestamp(1_800_000_000, 0).unwrap()),
            access_token_expires_at: None,
            last_refresh_at: None,
            problem: None,
        }
    }

    #[test]
    fn each_state_says_what_to_do() {
        assert!(menu_label(None).contains("Connect your calendar"));
        assert!(menu_label(Some(&status("not_connected"))).contains("Connect your calendar"));
        assert_eq!(
            menu_label(Some(&status("connected"))),
            "Connected as dana@contoso.example"
        );
        assert!(menu_label(Some(&status("reconnect_soon"))).starts_with("Reconnect by "));
        assert_eq!(
            menu_label(Some(&status("reconnect_needed"))),
            "Reconnect your calendar…"
        );
    }
}
