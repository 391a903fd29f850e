//! When to try a Graph request again (reference §7.2): only 429, 503 and 504;
//! `Retry-After` in any of its forms (seconds, decimal seconds, HTTP date)
//! wins, otherwise exponential backoff with jitter; every wait is capped.

use std::time::Duration;

use chrono::{DateTime, Utc};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The first backoff step (doubles per attempt).
    pub base: Duration,
    /// No single wait is longer.
    pub cap: Duration,
    /// Retries after the first attempt.
    pub max_retries: u32,
}

impl Default for RetryPolicy {
    /// The Graph SDKs' defaults: 3 s base, 180 s cap; five retries.
    fn default() -> Self {
        RetryPolicy {
            base: Duration::from_secs(3),
            cap: Duration::from_secs(180),
            max_retries: 5,
        }
    }
}

/// Whether a status is worth retrying after a wait.
pub fn retryable(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

/// `Retry-After` as a wait from `now`: integer or decimal seconds, or an
/// HTTP date (a date in the past means "now").
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e6)));
    }
    let when = DateTime::parse_from_rfc2822(v).ok()?.with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (1-based).
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let wait = match retry_after {
            Some(d) => d,
            None => {
                let exp = self
                    .base
                    .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
                // Jitter spreads clients that failed together.
                exp.mul_f64(rand::random_range(0.5..=1.0))
            }
        };
        wait.min(self.cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_all_three_forms() {
        let now = DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(parse_retry_after("10", now), Some(Duration::from_secs(10)));
        assert_eq!(
            parse_retry_after("2.128", now),
            Some(Duration::from_millis(2128))
        );
        assert_eq!(
            parse_retry_after("Tue, 10 Mar 2026 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Tue, 10 Mar 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_everything_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..=4 {
            let full = Duration::from_secs(3 * 2u64.pow(attempt - 1));
            let d = p.delay(attempt, None);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        assert_eq!(p.delay(10, None).max(p.cap), p.cap);
        assert!(p.delay(30, None) <= p.cap);
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(7))),
            Duration::from_secs(7)
        );
        assert_eq!(p.delay(1, Some(Duration::from_secs(999))), p.cap);
        assert!(retryable(429) && retryable(503) && retryable(504));
        assert!(!retryable(500) && !retryable(401) && !retryable(410));
    }
}
