//! The tray icon and its menu: on Linux the menu is the primary surface, since
//! tray icons there report no clicks.

use meeting_tray_core::account::menu_label;
use tauri::image::Image;
use tauri::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::account::Accounts;
use crate::syncer::SyncTrigger;
use crate::{notify, window};

/// The account line and Refresh, kept to follow the account's state.
struct AccountItems {
    account: MenuItem<Wry>,
    refresh: MenuItem<Wry>,
    /// What was last shown (label, badge): this runs after every sync, and
    /// each icon change writes a new image file for the panel.
    shown: std::sync::Mutex<Option<(String, bool)>>,
}

/// Every tray menu item; ids are derived from this enum, never typed by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuId {
    Connect,
    Refresh,
    Open,
    TestNotification,
    Quit,
}

impl MenuId {
    const ALL: [MenuId; 5] = [
        MenuId::Connect,
        MenuId::Refresh,
        MenuId::Open,
        MenuId::TestNotification,
        MenuId::Quit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
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
    app.manage(AccountItems {
        account: account.clone(),
        refresh: refresh.clone(),
        shown: std::sync::Mutex::new(None),
    });
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

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let Some(id) = MenuId::parse(event.id().as_ref()) else {
        tracing::warn!(id = ?event.id(), "menu event with an unknown id");
        return;
    };
    tracing::info!(item = id.as_str(), "tray menu");
    match id {
        // Connecting starts from the window, which explains what happens.
        MenuId::Connect | MenuId::Open => window::show_main(app),
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
