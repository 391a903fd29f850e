//! Keeps the calendar fresh while the app runs: a sync now, then at the
//! times the core's schedule says, at once on Refresh, after a sign-in and
//! after the machine wakes up. Sleeps in between; never a busy loop.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use meeting_tray_core::auth::{self, AuthError, ErrorClass};
use meeting_tray_core::calendar::{Calendar, CalendarError};
use meeting_tray_core::free_busy::{self, Availabilities};
use meeting_tray_core::graph::GraphError;
use meeting_tray_core::i18n::{Arg, Lang};
use meeting_tray_core::scheduling_keyword::{KeywordProcessor, KeywordRule, Report};
use meeting_tray_core::sync::schedule::{next_sync, LastSync};
use meeting_tray_core::sync::SyncError;
use tauri::async_runtime::Mutex;
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

use crate::account::Accounts;
use crate::alerter::Alerts;
use crate::tray;

/// Long waits are cut into steps this long, to notice a wake-up from sleep
/// (the monotonic clock stops while suspended; the wall clock does not).
const STEP: Duration = Duration::from_secs(60);
/// While the account waits for the user, how often to look whether it changed.
const LOOK_AGAIN: Duration = Duration::from_secs(15 * 60);

/// Wakes the sync loop early (Refresh, sign-in, settings saved, wake-up,
/// network back) and holds it while the machine goes to sleep.
#[derive(Debug, Default)]
pub struct SyncTrigger {
    notify: Notify,
    paused: std::sync::atomic::AtomicBool,
    /// The last sync could not reach the network.
    offline: std::sync::atomic::AtomicBool,
    /// The last result, shown by the window and the tray.
    pub last: Mutex<Option<Result<chrono::DateTime<Utc>, String>>>,
    /// Today's availability (getSchedule), for the window's bar.
    pub availability: Mutex<Option<Availabilities>>,
}

impl SyncTrigger {
    pub fn now(&self) {
        self.notify.notify_one();
    }

    /// The system is going to sleep: no sync until [`resume`](Self::resume).
    // Only the logind watcher (Linux) calls these so far.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub fn pause(&self) {
        self.paused.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// The system woke up: sync at once.
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub fn resume(&self) {
        self.paused
            .store(false, std::sync::atomic::Ordering::SeqCst);
        self.now();
    }

    pub fn is_offline(&self) -> bool {
        self.offline.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Why the last sync failed, when it reached the network (offline has
    /// its own line and banner): what the window shows and the tray hints at.
    pub async fn problem(&self) -> Option<String> {
        if self.is_offline() {
            return None;
        }
        match &*self.last.lock().await {
            Some(Err(e)) => Some(e.clone()),
            _ => None,
        }
    }

    fn is_paused(&self) -> bool {
        self.paused.load(std::sync::atomic::Ordering::SeqCst)
    }
}

fn classify(e: &CalendarError, last: LastSync) -> LastSync {
    let count = |l: LastSync| match l {
        LastSync::Offline(n) | LastSync::Failed(n) => n + 1,
        _ => 1,
    };
    if e.is_offline() {
        return LastSync::Offline(count(last));
    }
    if let CalendarError::Sync(SyncError::Graph(GraphError::Auth(a))) = e {
        if needs_user(a) {
            return LastSync::NeedsUser;
        }
    }
    LastSync::Failed(count(last))
}

fn needs_user(e: &AuthError) -> bool {
    // A locked keychain comes back by itself once unlocked: keep retrying.
    !matches!(e.class(), ErrorClass::Transient | ErrorClass::Keychain)
}

/// Today in the computer's time zone, as instants: midnight to midnight.
fn today() -> Option<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)> {
    use chrono::Local;
    let midnight = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(Local).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let day = Local::now().date_naive();
    Some((midnight(day)?, midnight(day.succ_opt()?)?))
}

/// Reads today's availability after a sync that changed the calendar, and
/// on a new day; quiet polls keep what was read (no extra request). Returns
/// whether it changed.
async fn refresh_availability(calendar: &Calendar, trigger: &SyncTrigger, changed: bool) -> bool {
    let Some((start, end)) = today() else {
        return false;
    };
    let new_day = trigger
        .availability
        .lock()
        .await
        .as_ref()
        .is_none_or(|a| a.start != start);
    if !changed && !new_day {
        return false;
    }
    let Some(address) = calendar.graph().auth().status().await.username else {
        return false;
    };
    match free_busy::availability(calendar.graph(), &address, start, end, 30).await {
        Ok(a) => {
            let mut kept = trigger.availability.lock().await;
            let differs = kept.as_ref() != Some(&a);
            *kept = Some(a);
            differs
        }
        Err(e) => {
            tracing::warn!("today's availability could not be read: {e}");
            false
        }
    }
}

/// Sleeps up to `wait`, returning early when triggered or when the wall
/// clock jumped (resume from sleep, clock change).
async fn pause(trigger: &SyncTrigger, wait: Option<Duration>) {
    let Some(wait) = wait else {
        trigger.notify.notified().await;
        return;
    };
    let mut left = wait;
    while !left.is_zero() {
        let step = left.min(STEP);
        let before = Utc::now();
        tokio::select! {
            () = trigger.notify.notified() => return,
            () = tokio::time::sleep(step) => {}
        }
        let wall = (Utc::now() - before).to_std().unwrap_or_default();
        if wall > step + Duration::from_secs(90) {
            tracing::info!(?wall, "woke up from sleep: syncing now");
            return;
        }
        left = left.saturating_sub(step);
    }
}

/// Tells the user of each meeting the keyword could not change for a cause
/// that will not pass by itself (each once: the processor does not try it
/// again until it changes). The core logs every failure.
fn report_keyword_failures(app: &AppHandle, report: &Report) {
    let t = crate::language::texts(app);
    for f in &report.failed {
        if !f.retry {
            let text = t.get(
                "keyword-failed",
                &[
                    ("subject", Arg::Str(&f.subject)),
                    ("error", Arg::Str(&f.error)),
                ],
            );
            crate::notify::notice("Meeting Tray", &text);
        }
    }
}

pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut last = LastSync::Ok;
        // The account state the tray was last refreshed with after a sync.
        let mut shown: Option<&'static str> = None;
        // Kept while the account stays the same: its Graph client and the
        // cache it holds in memory.
        let mut calendar: Option<Calendar> = None;
        // Which events the scheduling keyword looked at, for this account.
        let mut keywords = KeywordProcessor::default();
        // The keywords it ran with, and whether a passing error wants a retry.
        let mut keyword_rules: Vec<KeywordRule> = Vec::new();
        let mut keyword_retry = false;
        loop {
            let trigger = app.state::<SyncTrigger>();
            if trigger.is_paused() {
                pause(&trigger, None).await;
                continue;
            }
            let accounts = app.state::<Accounts>();
            let auth = match accounts.auth().await {
                Ok(a) => a,
                Err(_) => {
                    pause(&trigger, None).await;
                    continue;
                }
            };
            let state = auth.status().await.state;
            match state {
                "not_connected" => {
                    app.state::<Alerts>().calendar(None);
                    // Nobody's availability to show any more.
                    *trigger.availability.lock().await = None;
                }
                // Alerts go on from the cache until the user reconnects.
                "reconnect_needed" => {
                    let c = Calendar::new(auth.clone(), auth::keychain(), &accounts.paths.data_dir);
                    app.state::<Alerts>()
                        .calendar(c.cached().await.ok().flatten());
                }
                _ => {}
            }
            if matches!(state, "not_connected" | "reconnect_needed") {
                // The alerts lost or froze the calendar: the next sync re-plans.
                shown = None;
                // The command line may connect meanwhile: look again now and then.
                pause(&trigger, Some(LOOK_AGAIN)).await;
                continue;
            }
            let calendar = match calendar.take() {
                Some(c) if Arc::ptr_eq(c.graph().auth(), &auth) => calendar.insert(c),
                _ => {
                    shown = None;
                    // Another account (or a reconnect): its own day is read
                    // after its first sync.
                    *trigger.availability.lock().await = None;
                    keywords = KeywordProcessor::default();
                    calendar.insert(Calendar::new(
                        auth,
                        auth::keychain(),
                        &accounts.paths.data_dir,
                    ))
                }
            };
            // Read each round: a change in the settings window applies at once.
            let settings = app.state::<Alerts>().settings();
            calendar.link_preferences = settings.link_preferences();
            let result = calendar.sync(Utc::now()).await;
            let was_ok = last == LastSync::Ok;
            let mut quiet = false;
            let cache = match result {
                Ok((cache, report)) => {
                    last = LastSync::Ok;
                    *trigger.last.lock().await = Some(Ok(Utc::now()));
                    // The account's state shows in the tray too (a reconnect
                    // coming due): only a poll that moved nothing is quiet.
                    let account = calendar.graph().auth().status().await.state;
                    quiet = report.unchanged && was_ok && shown == Some(account);
                    shown = Some(account);
                    Some(cache)
                }
                Err(e) => {
                    last = classify(&e, last);
                    tracing::warn!(?last, "calendar sync failed: {e}");
                    *trigger.last.lock().await = Some(Err(e.to_string()));
                    // No readable file (set aside as corrupt, say) and no
                    // sync to rebuild it: the calendar in memory is all
                    // there is, and its alerts must still come.
                    match calendar.cached().await.ok().flatten() {
                        Some(c) => Some(c),
                        None => app.state::<Alerts>().current(),
                    }
                }
            };
            trigger.offline.store(
                matches!(last, LastSync::Offline(_)),
                std::sync::atomic::Ordering::SeqCst,
            );
            if last == LastSync::Ok
                && refresh_availability(calendar, &trigger, !quiet).await
                && quiet
            {
                // A quiet poll on a new day: the tray and the window show it.
                tray::refresh(&app).await;
            }
            match &cache {
                // Same calendar, same tray: keep the new sync time and sleep.
                // Most polls end here.
                Some(c) if quiet => app.state::<Alerts>().calendar_confirmed(c.clone()),
                _ => {
                    app.state::<Alerts>().calendar(cache.clone());
                    tray::refresh(&app).await;
                }
            }
            // A changed calendar may hold a new @meet meeting; a quiet one
            // cannot, unless the keyword settings changed or the last try
            // met a passing error. Join details added: sync again to show them.
            let mut again = false;
            if let (Some(c), LastSync::Ok) = (&cache, last) {
                let rules = settings.keyword_rules();
                let rules_changed = rules != keyword_rules;
                if rules_changed {
                    keywords = KeywordProcessor::default();
                }
                if !rules.is_empty() && (!quiet || keyword_retry || rules_changed) {
                    // The invitees read the block: the mailbox's language
                    // before the app's own choice.
                    let lang = c
                        .mailbox
                        .locale
                        .as_deref()
                        .and_then(Lang::from_tag)
                        .unwrap_or_else(|| crate::language::current(&app));
                    let report = keywords
                        .run(calendar.graph(), c, &rules, lang, Utc::now())
                        .await;
                    report_keyword_failures(&app, &report);
                    keyword_retry = report.wants_retry();
                    again = !report.added.is_empty();
                }
                keyword_rules = rules;
            }
            let wait = if again {
                Some(Duration::ZERO)
            } else {
                next_sync(cache.as_ref(), last, Utc::now())
            }
            .unwrap_or(LOOK_AGAIN);
            pause(&trigger, Some(wait)).await;
        }
    });
}
