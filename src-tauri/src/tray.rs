//! The tray icon and its menu: on Linux the menu is the primary surface, since
//! tray icons there report no clicks.

use chrono::{DateTime, Utc};
use meeting_tray_core::account::menu_label;
use meeting_tray_core::agenda::{relative, Agenda, Status};
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::account::Accounts;
use crate::syncer::SyncTrigger;
use crate::{notify, window};

/// The account line and Refresh, kept to follow the account's state.
struct AccountItems {
    menu: Menu<Wry>,
    account: MenuItem<Wry>,
    refresh: MenuItem<Wry>,
    /// "Join <next meeting>", first in the menu while one is near.
    join: MenuItem<Wry>,
    /// The meeting Join opens, its label and the tray title, as last shown.
    next: std::sync::Mutex<NextShown>,
    /// What was last shown (label, badge): this runs after every sync, and
    /// each icon change writes a new image file for the panel.
    shown: std::sync::Mutex<Option<(String, bool)>>,
}

/// Every tray menu item; ids are derived from this enum, never typed by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuId {
    JoinNext,
    Connect,
    Refresh,
    Open,
    TestNotification,
    Quit,
}

impl MenuId {
    const ALL: [MenuId; 6] = [
        MenuId::JoinNext,
        MenuId::Connect,
        MenuId::Refresh,
        MenuId::Open,
        MenuId::TestNotification,
        MenuId::Quit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MenuId::JoinNext => "join-next",
            MenuId::Connect => "connect",
            MenuId::Refresh => "refresh",
            MenuId::Open => "open",
            MenuId::TestNotification => "test-notification",
            MenuId::Quit => "quit",
        }
    }

    pub fn parse(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == id)
    }
}

/// Glyph for dark panels (GNOME's top bar, most default Linux panels).
/// Following the panel's theme comes with the settings.
const TRAY_ICON: &[u8] = include_bytes!("../../icons/tray-dark.png");
/// The same glyph with an orange "!" badge: the account needs the user.
const TRAY_ICON_ATTENTION: &[u8] = include_bytes!("../../icons/tray-dark-attention.png");

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    let item =
        |id: MenuId, text: &str| MenuItem::with_id(app, id.as_str(), text, true, None::<&str>);
    let account = item(MenuId::Connect, &menu_label(None))?;
    let refresh = item(MenuId::Refresh, "Refresh")?;
    refresh.set_enabled(false)?;
    let join = item(MenuId::JoinNext, "Join")?;
    let menu = Menu::with_items(
        app,
        &[
            &account,
            &refresh,
            &PredefinedMenuItem::separator(app)?,
            &item(MenuId::Open, "Open Meeting Tray")?,
            &item(MenuId::TestNotification, "Send a test notification")?,
            &PredefinedMenuItem::separator(app)?,
            &item(MenuId::Quit, "Quit")?,
        ],
    )?;
    app.manage(AccountItems {
        menu: menu.clone(),
        account: account.clone(),
        refresh: refresh.clone(),
        join,
        next: std::sync::Mutex::new(NextShown::default()),
        shown: std::sync::Mutex::new(None),
    });
    TrayIconBuilder::with_id("main")
        .icon(Image::from_bytes(TRAY_ICON)?)
        .icon_as_template(true)
        .tooltip("Meeting Tray")
        .menu(&menu)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu_event)
        .build(app)?;
    Ok(())
}

/// Sets the account line, the badge and the tooltip from the account state.
pub async fn refresh_account(app: &AppHandle) {
    let status = app.state::<Accounts>().status().await;
    let label = menu_label(status.as_ref());
    let attention = status
        .as_ref()
        .is_some_and(|s| matches!(s.state, "reconnect_soon" | "reconnect_needed" | "attention"));
    let items = app.state::<AccountItems>();
    {
        // A poisoned lock only means a panic elsewhere; the value is still usable.
        let mut shown = items.shown.lock().unwrap_or_else(|p| p.into_inner());
        let now = Some((label.clone(), attention));
        if *shown == now {
            return;
        }
        *shown = now;
    }
    let syncing = status
        .as_ref()
        .is_some_and(|s| matches!(s.state, "connected" | "reconnect_soon" | "attention"));
    let updated = items
        .account
        .set_text(&label)
        .and_then(|()| items.refresh.set_enabled(syncing));
    if let Err(e) = updated {
        tracing::warn!("tray: cannot update the account line: {e}");
    }
    let Some(tray) = app.tray_by_id("main") else {
        return;
    };
    let icon = if attention {
        TRAY_ICON_ATTENTION
    } else {
        TRAY_ICON
    };
    let tooltip = format!("Meeting Tray — {}", label.trim_end_matches('…'));
    let result = Image::from_bytes(icon)
        .and_then(|i| tray.set_icon(Some(i)))
        .and_then(|()| tray.set_tooltip(Some(tooltip)));
    if let Err(e) = result {
        tracing::warn!("tray: cannot update the icon: {e}");
    }
}

/// What the tray shows of the next meeting.
#[derive(Debug, Default, PartialEq, Eq)]
struct NextShown {
    /// The meeting the Join item opens (id, start) and its label.
    join: Option<(String, DateTime<Utc>, String)>,
    title: Option<String>,
}

/// Cut to `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// The countdown: "Standup in 4 min", "Standup now" (for an hour ahead).
fn title_for(agenda: &Agenda, now: DateTime<Utc>) -> Option<String> {
    let next = agenda.next()?;
    let subject = clip(&next.subject, 24);
    match next.status {
        Status::InProgress => Some(format!("{subject} now")),
        Status::Upcoming if next.start - now <= chrono::Duration::minutes(60) => {
            Some(format!("{subject} {}", relative(next, now)))
        }
        _ => None,
    }
}

/// Follows the next meeting: the title's countdown where the panel shows one,
/// and "Join <meeting>" first in the menu when one is within 15 minutes or on.
pub fn show_next(app: &AppHandle, agenda: Option<&Agenda>, now: DateTime<Utc>) {
    let join = agenda
        .and_then(|a| crate::alerter::joinable_next(a, now))
        .map(|i| {
            (
                i.id.clone(),
                i.start,
                format!("Join “{}” ({})", clip(&i.subject, 40), relative(i, now)),
            )
        });
    let wanted = NextShown {
        join,
        title: agenda.and_then(|a| title_for(a, now)),
    };
    let items = app.state::<AccountItems>();
    let mut shown = items.next.lock().unwrap_or_else(|p| p.into_inner());
    if *shown == wanted {
        return;
    }
    let result = (|| -> tauri::Result<()> {
        match (&shown.join, &wanted.join) {
            (None, Some((_, _, label))) => {
                items.join.set_text(label)?;
                items.menu.insert(&items.join, 0)?;
            }
            (Some(_), None) => items.menu.remove(&items.join)?,
            (Some((_, _, old)), Some((_, _, label))) if old != label => {
                items.join.set_text(label)?;
            }
            _ => {}
        }
        if shown.title != wanted.title {
            if let Some(tray) = app.tray_by_id("main") {
                tray.set_title(wanted.title.as_deref())?;
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => *shown = wanted,
        Err(e) => tracing::warn!("tray: cannot show the next meeting: {e}"),
    }
}

fn join_next(app: &AppHandle) {
    let target = app
        .state::<AccountItems>()
        .next
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .join
        .as_ref()
        .map(|(id, start, _)| (id.clone(), *start));
    let Some((id, start)) = target else {
        return;
    };
    if let Err(e) = crate::joining::join_meeting(app, &id, start) {
        tracing::warn!("join from the tray failed: {}", e.message);
        notify::notice("Meeting Tray", &e.message);
    }
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let Some(id) = MenuId::parse(event.id().as_ref()) else {
        tracing::warn!(id = ?event.id(), "menu event with an unknown id");
        return;
    };
    tracing::info!(item = id.as_str(), "tray menu");
    match id {
        // Connecting starts from the window, which explains what happens.
        MenuId::Connect | MenuId::Open => window::show_main(app),
        MenuId::JoinNext => join_next(app),
        MenuId::Refresh => app.state::<SyncTrigger>().now(),
        MenuId::TestNotification => notify::send_test(),
        MenuId::Quit => app.exit(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_ids_round_trip_and_are_unique() {
        for id in MenuId::ALL {
            assert_eq!(MenuId::parse(id.as_str()), Some(id));
        }
        let mut ids: Vec<_> = MenuId::ALL.iter().map(|m| m.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), MenuId::ALL.len());
        assert_eq!(MenuId::parse("nope"), None);
    }
}
