//! The tray icon and its menu: on Linux the menu is the primary surface, since
//! tray icons there report no clicks. The menu's content is the core's
//! `tray_menu` model; the native menu is rebuilt only when that changes.

use chrono::{DateTime, Local, Utc};
use meeting_tray_core::agenda::{relative, Agenda, Status};
use meeting_tray_core::i18n::{Arg, Texts};
use meeting_tray_core::tray_menu::{self, clip, Action, Context, Entry};
use tauri::image::Image;
use tauri::menu::{IsMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

use crate::account::Accounts;
use crate::alerter::Alerts;
use crate::syncer::SyncTrigger;
use crate::{joining, making, notify, window};
use meeting_tray_core::settings::TrayPanel;

/// The tray glyph's variants; each comes in a set for dark panels (GNOME's
/// top bar, most default Linux panels) and one for light panels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Glyph {
    #[default]
    Normal,
    /// A blue dot: a meeting with a link is within 15 minutes or running.
    Soon,
    /// Dimmed with a grey badge: the last sync found no network.
    Offline,
    /// An orange "!": the account needs the user.
    Attention,
    /// A violet moon: automatic replies say the user is out of office.
    Away,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Icon(Glyph, TrayPanel);

impl Icon {
    fn png(self) -> &'static [u8] {
        match (self.0, self.1) {
            (Glyph::Normal, TrayPanel::Dark) => include_bytes!("../../icons/tray-dark.png"),
            (Glyph::Soon, TrayPanel::Dark) => include_bytes!("../../icons/tray-dark-soon.png"),
            (Glyph::Offline, TrayPanel::Dark) => {
                include_bytes!("../../icons/tray-dark-offline.png")
            }
            (Glyph::Attention, TrayPanel::Dark) => {
                include_bytes!("../../icons/tray-dark-attention.png")
            }
            (Glyph::Normal, TrayPanel::Light) => include_bytes!("../../icons/tray-light.png"),
            (Glyph::Soon, TrayPanel::Light) => include_bytes!("../../icons/tray-light-soon.png"),
            (Glyph::Offline, TrayPanel::Light) => {
                include_bytes!("../../icons/tray-light-offline.png")
            }
            (Glyph::Attention, TrayPanel::Light) => {
                include_bytes!("../../icons/tray-light-attention.png")
            }
            (Glyph::Away, TrayPanel::Dark) => include_bytes!("../../icons/tray-dark-away.png"),
            (Glyph::Away, TrayPanel::Light) => include_bytes!("../../icons/tray-light-away.png"),
        }
    }
}

/// What the tray shows now; compared before touching the native objects
/// (each icon change writes a new image file for the panel).
#[derive(Default, PartialEq)]
struct Shown {
    menu: Vec<Entry>,
    icon: Icon,
    tooltip: String,
    title: Option<String>,
}

#[derive(Default)]
struct TrayState {
    shown: tauri::async_runtime::Mutex<Option<Shown>>,
}

pub fn install(app: &AppHandle) -> tauri::Result<()> {
    app.manage(TrayState::default());
    let entries = tray_menu::menu::<Local>(
        crate::language::texts(app),
        None,
        &Context::default(),
        Utc::now(),
        &Local,
    );
    TrayIconBuilder::with_id("main")
        .icon(Image::from_bytes(
            Icon(
                Glyph::Normal,
                app.state::<Alerts>().settings().desktop.tray_panel,
            )
            .png(),
        )?)
        .icon_as_template(true)
        .tooltip("Meeting Tray")
        .menu(&render(app, &entries)?)
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu_event)
        .build(app)?;
    Ok(())
}

fn render(app: &AppHandle, entries: &[Entry]) -> tauri::Result<Menu<Wry>> {
    let mut notes = 0;
    let items = build_items(app, entries, &mut notes)?;
    let refs: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|b| b.as_ref()).collect();
    Menu::with_items(app, &refs)
}

fn build_items(
    app: &AppHandle,
    entries: &[Entry],
    notes: &mut usize,
) -> tauri::Result<Vec<Box<dyn IsMenuItem<Wry>>>> {
    let mut out: Vec<Box<dyn IsMenuItem<Wry>>> = Vec::with_capacity(entries.len());
    for e in entries {
        match e {
            Entry::Item {
                label,
                action,
                enabled,
            } => out.push(Box::new(MenuItem::with_id(
                app,
                action.id(),
                label,
                *enabled,
                None::<&str>,
            )?)),
            Entry::Note(text) => {
                *notes += 1;
                out.push(Box::new(MenuItem::with_id(
                    app,
                    format!("note-{notes}"),
                    text,
                    false,
                    None::<&str>,
                )?));
            }
            Entry::Separator => out.push(Box::new(PredefinedMenuItem::separator(app)?)),
            Entry::Submenu { label, items } => {
                let children = build_items(app, items, notes)?;
                let refs: Vec<&dyn IsMenuItem<Wry>> = children.iter().map(|b| b.as_ref()).collect();
                out.push(Box::new(Submenu::with_items(app, label, true, &refs)?));
            }
        }
    }
    Ok(out)
}

/// The countdown: "Standup in 4 min", "Standup now" (for an hour ahead).
fn title_for(t: &Texts, agenda: &Agenda, now: DateTime<Utc>) -> Option<String> {
    let next = agenda.next()?;
    let subject = clip(&next.subject, 24);
    match next.status {
        Status::InProgress => Some(t.get("tray-title-now", &[("subject", Arg::Str(&subject))])),
        Status::Upcoming if next.start - now <= chrono::Duration::minutes(60) => {
            let when = relative(t, next, now);
            Some(t.get(
                "tray-title-soon",
                &[("subject", Arg::Str(&subject)), ("when", Arg::Str(&when))],
            ))
        }
        _ => None,
    }
}

/// Brings the tray up to date: menu, badge, tooltip and countdown title.
/// An open main window is told to fetch its agenda again at the same moments
/// (a sync, a sign-in, a meeting starting, a minute of countdown).
pub async fn refresh(app: &AppHandle) {
    crate::agenda_commands::changed(app);
    // Computed under the lock: two refreshes must not apply out of order.
    let state = app.state::<TrayState>();
    let mut shown = state.shown.lock().await;
    let now = Utc::now();
    let status = app.state::<Accounts>().status().await;
    let (agenda, mailbox) = app.state::<Alerts>().agenda(now).unzip();
    let offline = app.state::<SyncTrigger>().is_offline();
    let failed = app.state::<SyncTrigger>().problem().await.is_some();
    let availability = app.state::<SyncTrigger>().availability.lock().await.clone();
    let settings = app.state::<Alerts>().settings();
    let ctx = Context {
        account: status.as_ref(),
        mailbox: mailbox.as_ref(),
        offline_since: offline
            .then(|| agenda.as_ref().and_then(|a| a.as_of))
            .flatten(),
        failed_since: failed
            .then(|| agenda.as_ref().and_then(|a| a.as_of))
            .flatten(),
        availability: availability.as_ref(),
        meeting_source: settings.can_start_meeting(),
    };
    let t = crate::language::texts(app);
    let label = meeting_tray_core::account::menu_label(t, status.as_ref());
    // "Out of office until …", while automatic replies are on.
    let away = agenda
        .as_ref()
        .filter(|a| a.out_of_office)
        .and(mailbox.as_ref())
        .map(|m| tray_menu::out_of_office(t, m));
    let muted = settings.alerts.quiet_when_out_of_office;
    let wanted = Shown {
        menu: tray_menu::menu(t, agenda.as_ref(), &ctx, now, &Local),
        icon: Icon(
            if status.as_ref().is_some_and(|s| {
                matches!(s.state, "reconnect_soon" | "reconnect_needed" | "attention")
            }) {
                Glyph::Attention
            } else if ctx.offline_since.is_some() || ctx.failed_since.is_some() {
                Glyph::Offline
            } else if away.is_some() && muted {
                // No alerts meanwhile: no "meeting soon" dot either.
                Glyph::Away
            } else if agenda
                .as_ref()
                .is_some_and(|a| tray_menu::joinable_next(a, now).is_some())
            {
                Glyph::Soon
            } else if away.is_some() {
                Glyph::Away
            } else {
                Glyph::Normal
            },
            settings.desktop.tray_panel,
        ),
        tooltip: format!(
            "Meeting Tray — {}",
            away.as_deref()
                .unwrap_or_else(|| label.trim_end_matches('…'))
        ),
        title: agenda.as_ref().and_then(|a| title_for(t, a, now)),
    };
    let Some(tray) = app.tray_by_id("main") else {
        return;
    };
    let old = shown.take().unwrap_or_default();
    let result = (|| -> tauri::Result<()> {
        if old.menu != wanted.menu {
            tray.set_menu(Some(render(app, &wanted.menu)?))?;
        }
        if old.icon != wanted.icon || old.tooltip.is_empty() {
            tray.set_icon(Some(Image::from_bytes(wanted.icon.png())?))?;
        }
        if old.tooltip != wanted.tooltip {
            tray.set_tooltip(Some(&wanted.tooltip))?;
        }
        if old.title != wanted.title {
            tray.set_title(wanted.title.as_deref())?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => *shown = Some(wanted),
        // Shown stays empty: the next refresh redoes everything.
        Err(e) => tracing::warn!("tray: cannot update: {e}"),
    }
}

/// A minute of countdown between re-plans: only the title moves (and an
/// open main window fetches its agenda again, as on every refresh).
/// `agenda` is the one the last [`refresh`] drew from; nothing in it starts
/// or ends before the next re-plan.
pub async fn tick(app: &AppHandle, agenda: &Agenda) {
    crate::agenda_commands::changed(app);
    let state = app.state::<TrayState>();
    let mut shown = state.shown.lock().await;
    // Nothing drawn yet (or the last refresh failed): the next refresh draws all.
    let Some(old) = shown.as_mut() else {
        return;
    };
    let title = title_for(crate::language::texts(app), agenda, Utc::now());
    if old.title == title {
        return;
    }
    let Some(tray) = app.tray_by_id("main") else {
        return;
    };
    match tray.set_title(title.as_deref()) {
        Ok(()) => old.title = title,
        Err(e) => tracing::warn!("tray: cannot update the title: {e}"),
    }
}

fn report(result: Result<(), crate::ipc::IpcError>, what: &str) {
    if let Err(e) = result {
        tracing::warn!("{what} from the tray failed: {}", e.message);
        notify::notice("Meeting Tray", &e.message);
    }
}

fn on_menu_event(app: &AppHandle, event: MenuEvent) {
    let Some(action) = Action::parse(event.id().as_ref()) else {
        tracing::warn!(id = ?event.id(), "menu event with an unknown id");
        return;
    };
    tracing::info!(item = %action.id(), "tray menu");
    match action {
        Action::JoinNext => joining::join_next(app),
        Action::Join(id, start) => report(joining::join_meeting(app, &id, start), "join"),
        Action::CopyLink(id) => report(joining::copy_link(app, &id), "copy the join link"),
        Action::Rsvp(id, answer) => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let done = joining::answer(&app, &id, answer).await;
                report(done, "the answer");
            });
        }
        // Connecting starts from the window, which explains what happens;
        // meeting details and settings live there too.
        Action::Account => window::show_tab(app, window::Tab::Account),
        Action::Settings => window::show_tab(app, window::Tab::Settings),
        Action::Details(id) => window::show_meeting(app, &id),
        Action::Open => window::show_main(app),
        Action::Refresh => app.state::<SyncTrigger>().now(),
        Action::TestNotification => notify::send_test(),
        Action::StartMeeting => making::start_meeting(app),
        Action::Schedule => making::schedule(app),
        Action::AutomaticReplies => making::automatic_replies(app),
        Action::Quit => app.exit(0),
    }
}
