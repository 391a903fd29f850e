//! Alerts while the app runs: plans from the cached calendar with the core's
//! planner, sleeps until the next instant (re-planning from absolute time
//! after a poke, a wall-clock jump or a time-zone change), and shows what is
//! due in the Join pop-up and/or as a notification. Joining, snoozing,
//! dismissing and answering come back here from the pop-up, the notification
//! and the tray.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};
use meeting_tray_core::agenda::{self, Agenda, Status};
use meeting_tray_core::alerts::timer::{self, SystemClock, Woke};
use meeting_tray_core::alerts::{plan, AlertSettings, AlertState, AlertStateFile, AlertStyle, Due};
use meeting_tray_core::calendar::{Cache, Meeting};
use meeting_tray_core::paths::AppPaths;
use meeting_tray_core::settings::Settings;
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

use crate::{notify, popup, tray};

/// The longest stretch of monotonic time between two looks at the wall clock
/// and the time zone. On Linux the kernel reports a set clock at once
/// (`clock_watch`) and logind a wake-up, so the look only catches a new time
/// zone there: once a minute keeps an idle app from waking six times a minute.
const STEP: Duration = Duration::from_secs(if cfg!(target_os = "linux") { 60 } else { 10 });
/// Meetings this close or running show a countdown in the tray.
const COUNTDOWN_MINUTES: i64 = 60;

#[derive(Default)]
struct Inner {
    cache: Option<Arc<Cache>>,
    state: AlertState,
    /// What the pop-up shows, earliest first.
    showing: Vec<Due>,
}

pub struct Alerts {
    inner: std::sync::Mutex<Inner>,
    poke: Notify,
    file: AlertStateFile,
    settings_file: PathBuf,
    /// The settings as last read, with the file's modification time then:
    /// asked for by every plan, tray refresh and language lookup, read again
    /// only when the file changed.
    settings: std::sync::Mutex<Option<(Settings, Option<std::time::SystemTime>)>>,
}

/// An occurrence the pop-up shows, with its meeting as cached.
pub struct Shown {
    pub due: Due,
    pub meeting: Option<Meeting>,
}

impl Alerts {
    pub fn new(paths: &AppPaths) -> Self {
        let file = AlertStateFile::new(&paths.data_dir);
        Alerts {
            inner: std::sync::Mutex::new(Inner {
                state: file.load(),
                ..Inner::default()
            }),
            poke: Notify::new(),
            file,
            settings_file: paths.settings_file(),
            settings: std::sync::Mutex::new(None),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means a panic elsewhere; the data is still whole.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// New calendar data (a sync, the cache at start, a disconnect): re-plan.
    pub fn calendar(&self, cache: Option<Cache>) {
        self.lock().cache = cache.map(Arc::new);
        self.poke();
    }

    /// The calendar the alerts plan from, if any.
    pub fn current(&self) -> Option<Cache> {
        self.lock().cache.as_deref().cloned()
    }

    /// A quiet poll's cache: the same calendar, a later `last_sync` (the
    /// window's staleness note reads it). Nothing to plan or redraw.
    pub fn calendar_confirmed(&self, cache: Cache) {
        self.lock().cache = Some(Arc::new(cache));
    }

    /// Re-plan now (wake-up from sleep, a clock change, a user action).
    pub fn poke(&self) {
        self.poke.notify_one();
    }

    /// The settings file as it is now; a damaged one means the defaults
    /// (the window reports the damage).
    pub fn settings(&self) -> Settings {
        // No file (nothing saved yet) is a state like any other: the defaults
        // are kept until one appears.
        let stamp = match std::fs::metadata(&self.settings_file) {
            Ok(m) => m.modified().map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        };
        let mut memo = self.settings.lock().unwrap_or_else(|p| p.into_inner());
        if let (Some((s, seen)), Ok(stamp)) = (memo.as_ref(), &stamp) {
            if seen == stamp {
                return s.clone();
            }
        }
        let stamp = stamp.ok().flatten();
        let s = Settings::load(&self.settings_file).unwrap_or_else(|e| {
            tracing::warn!("alerts use the default settings: {e}");
            Settings::default()
        });
        *memo = Some((s.clone(), stamp));
        s
    }

    pub fn showing(&self) -> Vec<Shown> {
        let inner = self.lock();
        inner
            .showing
            .iter()
            .map(|d| Shown {
                due: d.clone(),
                meeting: inner
                    .cache
                    .as_ref()
                    .and_then(|c| c.meetings.get(&d.id).cloned()),
            })
            .collect()
    }

    pub fn find(&self, key: &str) -> Option<Shown> {
        self.showing().into_iter().find(|s| s.due.key() == key)
    }

    /// The user is done with this occurrence (joined or dismissed).
    pub fn dismiss(&self, key: &str) -> bool {
        self.act(key, |state, due| state.dismiss(&due.id, due.start))
    }

    /// Silences an occurrence whether or not it is in the pop-up (joined
    /// from the tray before its alert).
    pub fn dismiss_occurrence(&self, id: &str, start: DateTime<Utc>) {
        let mut inner = self.lock();
        inner.showing.retain(|d| !(d.id == id && d.start == start));
        inner.state.dismiss(id, start);
        self.save(&inner.state);
        drop(inner);
        self.poke();
    }

    /// The agenda now (two days back and ahead, the user's filters) and the
    /// mailbox it comes with; `None` without calendar data.
    pub fn agenda(
        &self,
        now: DateTime<Utc>,
    ) -> Option<(Agenda, meeting_tray_core::calendar::Mailbox)> {
        let cache = self.lock().cache.clone()?;
        let agenda = agenda_of(&cache, &self.settings().filters, now);
        Some((agenda, cache.mailbox.clone()))
    }

    /// The agenda of `from`..`to` (the agenda window's week).
    pub fn agenda_between(
        &self,
        now: DateTime<Utc>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Option<(Agenda, meeting_tray_core::calendar::Mailbox)> {
        let cache = self.lock().cache.clone()?;
        let agenda = agenda::agenda(&cache, &self.settings().filters, now, from, to, &Local);
        Some((agenda, cache.mailbox.clone()))
    }

    /// The mailbox's language (`cs-CZ` …), once synced.
    pub fn mailbox_locale(&self) -> Option<String> {
        self.lock()
            .cache
            .as_ref()
            .and_then(|c| c.mailbox.locale.clone())
    }

    /// The scheduled automatic-replies window's edges: there the tray's
    /// out-of-office state and the muting of alerts change.
    pub fn out_of_office_edges(&self) -> Vec<DateTime<Utc>> {
        let state = self.lock();
        let Some(replies) = state.cache.as_ref().map(|c| &c.mailbox.automatic_replies) else {
            return Vec::new();
        };
        if replies.status != "scheduled" {
            return Vec::new();
        }
        [replies.scheduled_start, replies.scheduled_end]
            .into_iter()
            .flatten()
            .collect()
    }

    /// Where Outlook on the web serves the mailbox, once a sync saw it.
    pub fn outlook_web(&self) -> Option<String> {
        self.lock()
            .cache
            .as_ref()
            .and_then(|c| c.mailbox.outlook_web.clone())
    }

    pub fn meeting(&self, id: &str) -> Option<Meeting> {
        self.lock()
            .cache
            .as_ref()
            .and_then(|c| c.meetings.get(id).cloned())
    }

    /// Show again at `until`.
    pub fn snooze(&self, key: &str, until: DateTime<Utc>) -> bool {
        self.act(key, |state, due| state.snooze(&due.id, due.start, until))
    }

    fn act(&self, key: &str, f: impl FnOnce(&mut AlertState, &Due)) -> bool {
        let mut inner = self.lock();
        let Some(pos) = inner.showing.iter().position(|d| d.key() == key) else {
            return false;
        };
        let due = inner.showing.remove(pos);
        f(&mut inner.state, &due);
        self.save(&inner.state);
        drop(inner);
        self.poke();
        true
    }

    fn save(&self, state: &AlertState) {
        if let Err(e) = self.file.save(state) {
            // Alerts go on; after a restart one may be shown again.
            tracing::warn!("{e}");
        }
    }

    /// One planning round at `now`: the new alerts, the next wake-up and the
    /// agenda (for the tray). Keeps the pop-up list to what is still current.
    fn round(&self, now: DateTime<Utc>, settings: &Settings) -> Round {
        let mut inner = self.lock();
        let Some(cache) = inner.cache.clone() else {
            let changed = !inner.showing.is_empty();
            inner.showing.clear();
            return Round {
                fresh: Vec::new(),
                wake: None,
                agenda: None,
                showing_changed: changed,
            };
        };
        let agenda = agenda_of(&cache, &settings.filters, now);
        let p = plan(&agenda, &settings.alerts, &inner.state, now);
        let before = inner.showing.len();
        // Gone from the agenda (declined, cancelled, moved, ended): not shown.
        inner.showing.retain(|d| {
            agenda
                .items
                .iter()
                .any(|i| i.id == d.id && i.start == d.start && now < i.end)
        });
        let mut showing_changed = inner.showing.len() != before;
        for due in &p.due {
            inner.state.shown(due);
            inner.showing.retain(|d| d.key() != due.key());
            inner.showing.push(due.clone());
            showing_changed = true;
        }
        inner.showing.sort_by_key(|d| (d.start, d.id.clone()));
        if !p.due.is_empty() {
            inner.state.forget_before(now - chrono::Duration::days(1));
            self.save(&inner.state);
        }
        Round {
            fresh: p.due,
            wake: p.next_wake,
            agenda: Some(agenda),
            showing_changed,
        }
    }
}

struct Round {
    fresh: Vec<Due>,
    wake: Option<DateTime<Utc>>,
    agenda: Option<Agenda>,
    showing_changed: bool,
}

/// Two days back and ahead in the computer's time zone: what the alerts and
/// the tray menu look at.
fn agenda_of(cache: &Cache, filters: &agenda::Filters, now: DateTime<Utc>) -> Agenda {
    agenda::agenda(
        cache,
        filters,
        now,
        now - chrono::Duration::days(1),
        now + chrono::Duration::days(2),
        &Local,
    )
}

/// When the tray's content changes next: a meeting comes within the hour
/// (countdown) or 15 minutes (Join first), starts or ends, or the day turns
/// (today's and tomorrow's lists move).
fn next_change(agenda: &Agenda, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let midnight = (Local::now().date_naive() + chrono::Duration::days(1))
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(Local).earliest())
        .map(|t| t.with_timezone(&Utc));
    agenda
        .items
        .iter()
        .flat_map(|i| {
            [
                i.start - chrono::Duration::minutes(COUNTDOWN_MINUTES),
                i.start - chrono::Duration::minutes(15),
                i.start,
                i.end,
            ]
        })
        .filter(|t| *t > now)
        .chain(midnight)
        .min()
}

/// When the tray's countdown must change next: at the next whole minute
/// while a meeting is near, else never (the plan wakes us anyway).
fn countdown_tick(agenda: &Agenda, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let near = agenda.next().is_some_and(|i| {
        i.status == Status::InProgress
            || i.start - now <= chrono::Duration::minutes(COUNTDOWN_MINUTES)
    });
    near.then(|| {
        let next_min = (now.timestamp() / 60 + 1) * 60;
        DateTime::from_timestamp(next_min, 0).unwrap_or(now)
    })
}

/// When to wake, and whether that wake only redraws the countdown: a
/// countdown tick strictly before the next re-plan (an alert, a meeting
/// starting or ending, 15 and 60 minutes before one, midnight).
fn next_wake(
    tick: Option<DateTime<Utc>>,
    replan_at: Option<DateTime<Utc>>,
) -> (Option<DateTime<Utc>>, bool) {
    match tick {
        Some(t) if replan_at.is_none_or(|r| t < r) => (Some(t), true),
        _ => (replan_at, false),
    }
}

fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let alerts = app.state::<Alerts>();
        loop {
            let now = Utc::now();
            let settings = alerts.settings();
            let round = alerts.round(now, &settings);
            deliver(&app, &round.fresh, &settings.alerts, round.showing_changed);
            let edge = alerts
                .out_of_office_edges()
                .into_iter()
                .filter(|t| *t > now)
                .min();
            let change = earliest(
                round.agenda.as_ref().and_then(|a| next_change(a, now)),
                edge,
            );
            tray::refresh(&app).await;
            // Until the next alert or change only the countdown moves: its
            // minute ticks redraw the tray's title alone, not the whole round.
            let replan_at = earliest(round.wake, change);
            loop {
                let tick = round
                    .agenda
                    .as_ref()
                    .and_then(|a| countdown_tick(a, Utc::now()));
                let (wake, title_only) = next_wake(tick, replan_at);
                match timer::until(&SystemClock, wake, &alerts.poke, STEP).await {
                    Woke::Due if title_only => {
                        if let Some(agenda) = &round.agenda {
                            tray::tick(&app, agenda).await;
                        }
                        continue;
                    }
                    Woke::Jumped(by) => tracing::info!(
                        seconds = by.num_seconds(),
                        "the wall clock jumped: re-planning"
                    ),
                    Woke::ZoneChanged => {
                        tracing::info!("the time zone changed: re-planning");
                        // The pop-up's times are local.
                        popup::refresh(&app);
                    }
                    Woke::Due | Woke::Poked => {}
                }
                break;
            }
        }
    });
}

fn deliver(app: &AppHandle, fresh: &[Due], alerts: &AlertSettings, showing_changed: bool) {
    let style = alerts.style;
    let now = Utc::now();
    for due in fresh {
        tracing::info!(
            key = %due.key(),
            planned = %due.instant.to_rfc3339(),
            late_ms = (now - due.instant).num_milliseconds(),
            "alert due"
        );
    }
    let popup = matches!(style, AlertStyle::Popup | AlertStyle::Both);
    if popup && !fresh.is_empty() {
        popup::show(app);
    } else if showing_changed {
        popup::refresh(app);
    }
    if matches!(style, AlertStyle::Notification | AlertStyle::Both) {
        for due in fresh {
            notify::meeting_alert(app.clone(), due.clone(), alerts.sound, popup);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, s).single().unwrap()
    }

    #[test]
    fn a_countdown_tick_before_the_next_replan_redraws_the_title_alone() {
        let (tick, replan) = (t(9, 1, 0), t(9, 15, 0));
        assert_eq!(next_wake(Some(tick), Some(replan)), (Some(tick), true));
        assert_eq!(next_wake(Some(tick), None), (Some(tick), true));
        // At the same instant the re-plan wins: it redraws everything.
        assert_eq!(next_wake(Some(replan), Some(replan)), (Some(replan), false));
        assert_eq!(
            next_wake(Some(t(9, 16, 0)), Some(replan)),
            (Some(replan), false)
        );
        assert_eq!(next_wake(None, Some(replan)), (Some(replan), false));
        assert_eq!(next_wake(None, None), (None, false));
    }

    #[test]
    fn earliest_of_two_optional_instants() {
        assert_eq!(earliest(None, None), None);
        assert_eq!(earliest(Some(t(9, 0, 0)), None), Some(t(9, 0, 0)));
        assert_eq!(
            earliest(Some(t(9, 5, 0)), Some(t(9, 1, 0))),
            Some(t(9, 1, 0))
        );
    }

    #[test]
    fn the_countdown_ticks_on_whole_minutes_only_while_a_meeting_is_near() {
        let mut a = Agenda {
            items: Vec::new(),
            free_until: None,
            busy_now: false,
            out_of_office: false,
            as_of: None,
        };
        assert_eq!(countdown_tick(&a, t(9, 0, 20)), None);
        a.items.push(meeting_tray_core::agenda::Item {
            id: "a".into(),
            subject: "A".into(),
            start: t(9, 30, 0),
            end: t(10, 0, 0),
            all_day: false,
            status: Status::Upcoming,
            organizer: None,
            response: meeting_tray_core::calendar::Response::Accepted,
            cancelled: false,
            join: None,
            group: 1,
            join_details_added: false,
        });
        assert_eq!(countdown_tick(&a, t(9, 0, 20)), Some(t(9, 1, 0)));
        assert_eq!(countdown_tick(&a, t(7, 0, 20)), None, "two hours away");
    }
}
