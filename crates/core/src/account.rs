//! What the user sees of their calendar account: the tray menu's account line.

use chrono::{DateTime, Local, NaiveDate, Utc};

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

/// The once-a-day reminder to reconnect: its title and text when one is due
/// (from the warning period of the re-authorization policy on, or when the
/// account needs a new sign-in), unless one was already shown `today`.
pub fn reconnect_reminder(
    status: &AccountStatus,
    last_shown: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<(String, String)> {
    if last_shown == Some(today) {
        return None;
    }
    let day = status
        .reconnect_by
        .map(|t| t.with_timezone(&Local).format("%A %-d %B").to_string());
    match (status.state, day) {
        ("reconnect_soon", Some(day)) => Some((
            format!("Reconnect Meeting Tray by {day}"),
            "Your organisation asks you to sign in again regularly. Reconnect now to keep your meetings and Join pop-ups up to date.".to_owned(),
        )),
        ("reconnect_needed", _) => Some((
            "Reconnect your calendar".to_owned(),
            "Meeting Tray can no longer read your calendar; meetings already known still alert. Reconnect to sign in again.".to_owned(),
        )),
        _ => None,
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

    #[test]
    fn the_reminder_comes_once_a_day_only_when_due() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap();
        let yesterday = today.pred_opt();
        let soon = status("reconnect_soon");
        let (title, _) = reconnect_reminder(&soon, yesterday, today).expect("due");
        assert!(title.starts_with("Reconnect Meeting Tray by "), "{title}");
        assert_eq!(reconnect_reminder(&soon, Some(today), today), None);
        assert!(reconnect_reminder(&status("reconnect_needed"), None, today).is_some());
        assert_eq!(reconnect_reminder(&status("connected"), None, today), None);
    }
}
