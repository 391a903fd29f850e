//! Waiting for a wall-clock instant. Timers run on the monotonic clock, which
//! stops while the machine sleeps and ignores clock changes; alerts are due at
//! wall-clock instants. So the wait is cut into steps, and after each step the
//! wall clock is compared with the monotonic one: when they disagree the wall
//! clock jumped (resume, manual change, NTP step) and the caller re-plans from
//! absolute time at once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::Notify;
use tokio::time::Instant;

/// Both clocks, injectable so tests can jump the wall clock.
pub trait Clock: Send + Sync {
    fn wall(&self) -> DateTime<Utc>;
    fn mono(&self) -> Instant;
    /// The local time zone's offset from UTC now, in seconds: a change means
    /// a new time zone (or a DST change), and local times shown must follow.
    fn zone_offset(&self) -> i32;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn wall(&self) -> DateTime<Utc> {
        Utc::now()
    }
    fn mono(&self) -> Instant {
        Instant::now()
    }
    fn zone_offset(&self) -> i32 {
        chrono::Local::now().offset().local_minus_utc()
    }
}

/// Why a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woke {
    /// The instant came.
    Due,
    /// The wall clock moved against the monotonic clock by this much
    /// (positive: forward, e.g. after sleep).
    Jumped(chrono::Duration),
    /// The local time zone changed.
    ZoneChanged,
    /// Someone asked for a re-plan (new calendar data, a user action).
    Poked,
}

/// Disagreements up to this are scheduling noise, not a jump.
const TOLERANCE: Duration = Duration::from_secs(2);

/// Waits until the wall clock reads `target` (forever when `None`), a poke,
/// a wall-clock jump or a time-zone change, whichever is first. Each step
/// sleeps at most `step` of monotonic time, so a jump or a new zone is
/// noticed within one step.
pub async fn until(
    clock: &dyn Clock,
    target: Option<DateTime<Utc>>,
    poke: &Notify,
    step: Duration,
) -> Woke {
    let zone = clock.zone_offset();
    loop {
        let (wall0, mono0) = (clock.wall(), clock.mono());
        let nap = match target {
            Some(t) if t <= wall0 => return Woke::Due,
            Some(t) => (t - wall0).to_std().unwrap_or_default().min(step),
            None => step,
        };
        tokio::select! {
            () = poke.notified() => return Woke::Poked,
            () = tokio::time::sleep(nap) => {}
        }
        let wall = clock.wall() - wall0;
        let mono = chrono::Duration::from_std(clock.mono() - mono0).unwrap_or_default();
        let drift = wall - mono;
        if drift.abs() > chrono::Duration::from_std(TOLERANCE).unwrap_or_default() {
            return Woke::Jumped(drift);
        }
        if clock.zone_offset() != zone {
            return Woke::ZoneChanged;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Wall time = base + monotonic time elapsed + an offset the test moves.
    struct FakeClock {
        base: DateTime<Utc>,
        start: Instant,
        offset: Mutex<chrono::Duration>,
        zone: std::sync::atomic::AtomicI32,
    }

    impl FakeClock {
        fn new(base: DateTime<Utc>) -> Self {
            FakeClock {
                base,
                start: Instant::now(),
                offset: Mutex::new(chrono::Duration::zero()),
                zone: std::sync::atomic::AtomicI32::new(3600),
            }
        }
        fn jump(&self, by: chrono::Duration) {
            *self.offset.lock().unwrap() += by;
        }
    }

    impl Clock for FakeClock {
        fn wall(&self) -> DateTime<Utc> {
            let run = chrono::Duration::from_std(Instant::now() - self.start).unwrap();
            self.base + run + *self.offset.lock().unwrap()
        }
        fn mono(&self) -> Instant {
            Instant::now()
        }
        fn zone_offset(&self) -> i32 {
            self.zone.load(std::sync::atomic::Ordering::SeqCst)
        }
    }

    use crate::calendar::fixtures::t;
    const STEP: Duration = Duration::from_secs(60);

    #[tokio::test(start_paused = true)]
    async fn wakes_at_the_wall_instant_not_before() {
        let clock = FakeClock::new(t(9, 0));
        let poke = Notify::new();
        let woke = until(
            &clock,
            Some(t(9, 58) + chrono::Duration::seconds(30)),
            &poke,
            STEP,
        )
        .await;
        assert_eq!(woke, Woke::Due);
        assert_eq!(clock.wall(), t(9, 58) + chrono::Duration::seconds(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_forward_jump_is_noticed_within_one_step() {
        let clock = std::sync::Arc::new(FakeClock::new(t(9, 0)));
        let poke = Notify::new();
        let c = clock.clone();
        // Half a minute in, the wall clock leaps an hour (resume from sleep).
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(30)).await;
            c.jump(chrono::Duration::hours(1));
        });
        let started = Instant::now();
        let woke = until(clock.as_ref(), Some(t(12, 0)), &poke, STEP).await;
        assert_eq!(woke, Woke::Jumped(chrono::Duration::hours(1)));
        assert_eq!(Instant::now() - started, STEP);
    }

    #[tokio::test(start_paused = true)]
    async fn a_backward_jump_is_noticed_too_and_a_poke_ends_the_wait() {
        let clock = std::sync::Arc::new(FakeClock::new(t(9, 0)));
        let poke = std::sync::Arc::new(Notify::new());
        let c = clock.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(10)).await;
            c.jump(-chrono::Duration::minutes(30));
        });
        let woke = until(clock.as_ref(), None, &poke, STEP).await;
        assert_eq!(woke, Woke::Jumped(-chrono::Duration::minutes(30)));

        let p = poke.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(5)).await;
            p.notify_one();
        });
        assert_eq!(
            until(clock.as_ref(), Some(t(11, 0)), &poke, STEP).await,
            Woke::Poked
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_new_time_zone_is_noticed_within_one_step() {
        let clock = std::sync::Arc::new(FakeClock::new(t(9, 0)));
        let poke = Notify::new();
        let c = clock.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_secs(70)).await;
            c.zone.store(-5 * 3600, std::sync::atomic::Ordering::SeqCst);
        });
        let started = Instant::now();
        let woke = until(clock.as_ref(), Some(t(12, 0)), &poke, STEP).await;
        assert_eq!(woke, Woke::ZoneChanged);
        assert_eq!(Instant::now() - started, 2 * STEP);
    }

    #[tokio::test(start_paused = true)]
    async fn a_target_already_past_is_due_at_once() {
        let clock = FakeClock::new(t(9, 0));
        let poke = Notify::new();
        assert_eq!(until(&clock, Some(t(8, 0)), &poke, STEP).await, Woke::Due);
    }
}
