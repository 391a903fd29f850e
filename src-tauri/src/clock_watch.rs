//! Linux tells at once when the wall clock is set (by hand, by NTP stepping
//! it): a realtime timerfd armed with `TFD_TIMER_CANCEL_ON_SET` wakes with
//! `ECANCELED`. The alert loop then re-plans without waiting for its next
//! step. Resume from sleep comes from logind (see `platform_events`).

use tauri::AppHandle;
#[cfg(target_os = "linux")]
use tauri::Manager;

#[cfg(target_os = "linux")]
pub fn start(app: AppHandle) {
    let spawned = std::thread::Builder::new()
        .name("clock-watch".into())
        .spawn(move || {
            if let Err(e) = watch(&app) {
                // The alert loop still notices jumps within a minute.
                tracing::warn!("cannot watch for clock changes: {e}");
            }
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start the clock watch: {e}");
    }
}

#[cfg(target_os = "linux")]
fn watch(app: &AppHandle) -> rustix::io::Result<()> {
    use rustix::time::{
        timerfd_create, timerfd_settime, Itimerspec, TimerfdClockId, TimerfdFlags,
        TimerfdTimerFlags, Timespec,
    };
    let fd = timerfd_create(TimerfdClockId::Realtime, TimerfdFlags::CLOEXEC)?;
    let mut buf = [0u8; 8];
    loop {
        // A century from now: the timer never fires, it only gets cancelled.
        let never = Itimerspec {
            it_interval: Timespec {
                tv_sec: 0,
                tv_nsec: 0,
            },
            it_value: Timespec {
                tv_sec: chrono::Utc::now().timestamp() + 100 * 365 * 86_400,
                tv_nsec: 0,
            },
        };
        timerfd_settime(
            &fd,
            TimerfdTimerFlags::ABSTIME | TimerfdTimerFlags::CANCEL_ON_SET,
            &never,
        )?;
        match rustix::io::read(&fd, &mut buf) {
            Err(rustix::io::Errno::CANCELED) => {
                tracing::info!("the wall clock was set: re-planning alerts");
                app.state::<crate::alerter::Alerts>().poke();
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e),
            Ok(_) => {}
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub fn start(_app: AppHandle) {}
