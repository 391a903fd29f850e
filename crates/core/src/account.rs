//! What the user sees of their calendar account: the tray menu's account line.

use chrono::{Local, NaiveDate};

use crate::auth::AccountStatus;
use crate::i18n::{Arg, Texts};

/// The tray menu's account line; for actionable states it says what to do.
/// `None` status means sign-in is not configured yet (no app registration).
pub fn menu_label(t: &Texts, status: Option<&AccountStatus>) -> String {
    let Some(s) = status else {
        return t.text("account-not-connected");
    };
    match s.state {
        "connected" => {
            let fallback = t.text("account-your-account");
            let user = s.username.as_deref().unwrap_or(&fallback);
            t.get("account-connected", &[("user", Arg::Str(user))])
        }
        "reconnect_soon" => {
            let day = s
                .reconnect_by
                .map(|d| t.day(&d.with_timezone(&Local)))
                .unwrap_or_default();
            t.get("account-reconnect-by", &[("date", Arg::Str(&day))])
        }
        "reconnect_needed" => t.text("account-reconnect-needed"),
        "attention" => t.text("account-attention"),
        _ => t.text("account-not-connected"),
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
            reconnect_by: Some(chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap()),
            access_token_expires_at: None,
            last_refresh_at: None,
            problem: None,
        }
    }

    fn en() -> &'static Texts {
        crate::i18n::texts(crate::i18n::Lang::En)
    }

    #[test]
    fn each_state_says_what_to_do() {
        assert!(menu_label(en(), None).contains("Connect your calendar"));
        assert!(menu_label(en(), Some(&status("not_connected"))).contains("Connect your calendar"));
        assert_eq!(
            menu_label(en(), Some(&status("connected"))),
            "Connected as dana@contoso.example"
        );
        assert!(menu_label(en(), Some(&status("reconnect_soon"))).starts_with("Reconnect by "));
        assert_eq!(
            menu_label(en(), Some(&status("reconnect_needed"))),
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
