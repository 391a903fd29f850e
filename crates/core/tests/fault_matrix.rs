//! The fault matrix of the sync engine (issue 10): each fault the field
//! brings, injected into a connected calendar against the emulator over real
//! HTTP, one after the other in the same calendar, as the app's sync loop
//! meets them. For every fault the poll must not panic, say what is wrong and
//! what to do, keep the cached agenda and its alerts, and recover by itself
//! (or after Reconnect, for faults only the user can fix) once the fault goes.
//! The rows are printed as a table and written to the target folder, where
//! the end of `make test` prints them with the app-level rows
//! (tests/e2e/test_fault_matrix.py).

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::fmt::Write as _;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use meeting_tray_core::agenda::{agenda, Filters};
use meeting_tray_core::alerts::{plan, AlertSettings, AlertState};
use meeting_tray_core::auth::session::VAULT_ACCOUNT;
use meeting_tray_core::calendar::{Cache, Calendar, When};
use meeting_tray_core::graph::RetryPolicy;
use meeting_tray_core::store::CacheFile;
use meeting_tray_core::sync::schedule::{next_sync, LastSync};
use msgraph_emulator::Settings;
use serde_json::{json, Value};

use common::*;

/// How a fault must end.
#[derive(Clone, Copy)]
enum Expect {
    /// The poll gets through by itself (it waits, retries or starts over).
    Absorbed,
    /// The poll fails with a message holding every part; the first poll
    /// after the fault goes succeeds.
    Fails(&'static [&'static str]),
    /// As `Fails`, but the account waits for the user: the poll after a
    /// Reconnect succeeds.
    NeedsUser(&'static [&'static str]),
}

struct Row {
    fault: String,
    result: String,
}

struct Bench {
    e: Env,
    cal: Calendar,
    /// Meetings in the cache after the first sync (none are added later).
    meetings: usize,
    data: std::path::PathBuf,
}

const TIMEOUT: Duration = Duration::from_secs(2);

impl Bench {
    async fn new() -> Bench {
        Bench::in_folder(None).await
    }

    /// A bench whose cache lives in `data` (the test's own folder otherwise).
    async fn in_folder(data: Option<&std::path::Path>) -> Bench {
        // Empty pages at the end of a round: every full round pages.
        let e = env_with(
            Settings {
                delta_empty_pages: 2,
                ..Settings::default()
            },
            |_| {},
        )
        .await;
        e.connect().await;
        for (i, fixture) in ["zoom", "teams-2024", "webex", "google-meet"]
            .into_iter()
            .enumerate()
        {
            let start = e.now() + chrono::Duration::days(2 + i as i64);
            e.control(
                &format!("/users/{DANA}/events"),
                json!({
                    "subject": format!("Review {i}"),
                    "start": utc(start),
                    "end": utc(start + chrono::Duration::minutes(30)),
                    "organizer": {"emailAddress": {"name": "Sam Lee", "address": "sam.lee@fabrikam.example"}},
                    "responseStatus": {"response": "accepted"},
                    "bodyFixture": fixture,
                }),
            )
            .await;
        }
        let mut auth = e.auth_clone();
        // A stalled server must cost the test seconds, not the app's 30.
        auth.set_request_timeout(TIMEOUT);
        auth.retry_base = Duration::from_millis(10);
        let data = data.map_or_else(|| e.dir.path().join("data"), std::path::Path::to_owned);
        let mut cal = Calendar::new(Arc::new(auth), e.store.clone(), &data);
        cal.graph_mut().policy = RetryPolicy {
            base: Duration::from_millis(50),
            cap: Duration::from_secs(3),
            max_retries: 2,
        };
        let (cache, _) = cal.sync(e.now()).await.expect("the first sync");
        assert_eq!(cache.meetings.len(), 4);
        assert!(cache.meetings.values().all(|m| !m.links.is_empty()));
        Bench {
            e,
            cal,
            meetings: 4,
            data,
        }
    }

    fn cache_path(&self) -> std::path::PathBuf {
        CacheFile::new(&self.data, self.e.store.clone(), VAULT_ACCOUNT)
            .path()
            .to_owned()
    }

    /// Files in the cache's folder other than the cache itself.
    fn others(&self) -> Vec<String> {
        let own = self.cache_path();
        std::fs::read_dir(&self.data)
            .unwrap()
            .map(|f| f.unwrap().path())
            .filter(|p| *p != own)
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    async fn clear_faults(&self) {
        self.e.delete_control("/faults").await;
    }

    /// A fault on every route a poll uses: the batched first page and each
    /// plain delta page.
    async fn graph_fault(&self, rule: Value) {
        for route in ["batch", "delta", "mailboxSettings"] {
            let mut r = rule.clone();
            r["route"] = json!(route);
            r["times"] = json!(0);
            self.e.control("/faults", r).await;
        }
    }

    /// Runs one poll under a fault and the checks every row shares, then a
    /// poll after `heal` (which takes the fault away).
    async fn row<I, H, T, U>(
        &self,
        rows: &mut Vec<Row>,
        fault: &str,
        inject: I,
        expect: Expect,
        heal: H,
    ) where
        I: Future<Output = T>,
        H: Future<Output = U>,
    {
        inject.await;
        let started = Instant::now();
        let polled = self.cal.sync(self.e.now()).await;
        let took = started.elapsed();
        let mut result = String::new();
        match (expect, &polled) {
            (Expect::Absorbed, Ok((cache, _))) => {
                assert_eq!(cache.meetings.len(), self.meetings, "{fault}");
                write!(result, "poll got through ({:.1} s)", took.as_secs_f64()).unwrap();
            }
            (Expect::Fails(parts) | Expect::NeedsUser(parts), Err(e)) => {
                let text = e.to_string();
                for part in parts {
                    assert!(
                        text.contains(part),
                        "{fault}: {part:?} missing from {text:?}"
                    );
                }
                // What the next poll waits: never a busy loop, and no poll at
                // all while only the user can help.
                let last = if matches!(expect, Expect::NeedsUser(_)) {
                    LastSync::NeedsUser
                } else if e.is_offline() {
                    LastSync::Offline(1)
                } else {
                    LastSync::Failed(1)
                };
                let wait = next_sync(None, last, self.e.now());
                match expect {
                    Expect::NeedsUser(_) => assert_eq!(wait, None, "{fault}"),
                    _ => assert!(wait >= Some(Duration::from_secs(60)), "{fault}: {wait:?}"),
                }
                write!(result, "says \u{201c}{}\u{201d}", short(&text)).unwrap();
            }
            (_, other) => panic!("{fault}: unexpected poll result {other:?}"),
        }
        // The cached agenda is intact, and the next alert still comes from it.
        let cached = self
            .cal
            .cached()
            .await
            .unwrap_or_else(|e| panic!("{fault}: the cache became unreadable: {e}"))
            .unwrap_or_else(|| panic!("{fault}: the cache is gone"));
        assert_eq!(cached.meetings.len(), self.meetings, "{fault}");
        let alert = next_alert(&cached, self.e.now())
            .unwrap_or_else(|| panic!("{fault}: no alert planned from the cache"));
        write!(
            result,
            "; agenda kept ({}); alert due for {alert}",
            cached.meetings.len()
        )
        .unwrap();
        heal.await;
        let after = self.cal.sync(self.e.now()).await;
        let (cache, _) = after.unwrap_or_else(|e| panic!("{fault}: no recovery: {e}"));
        assert_eq!(cache.meetings.len(), self.meetings, "{fault}");
        assert!(
            cache.meetings.values().all(|m| !m.links.is_empty()),
            "{fault}"
        );
        result.push_str(match expect {
            Expect::NeedsUser(_) => "; synced after Reconnect",
            _ if polled.is_ok() => "",
            _ => "; next poll synced",
        });
        rows.push(Row {
            fault: fault.to_owned(),
            result,
        });
    }
}

/// A message for the table: whole when short, else its start (what is
/// wrong) and its end (what to do).
fn short(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 150 {
        return text.to_owned();
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 85..].iter().collect();
    format!("{} … {}", head.trim_end(), tail.trim_start())
}

/// The subject of the alert the planner raises a minute before the next
/// meeting in `cache`.
fn next_alert(cache: &Cache, now: DateTime<Utc>) -> Option<String> {
    let start = cache
        .meetings
        .values()
        .filter_map(|m| match m.when {
            When::Timed { start, .. } if start > now => Some(start),
            _ => None,
        })
        .min()?;
    let at = start - chrono::Duration::minutes(1);
    let day = chrono::Duration::days(1);
    let items = agenda(cache, &Filters::default(), at, at - day, at + day, &Utc);
    let plan = plan(
        &items,
        &AlertSettings::default(),
        &AlertState::default(),
        at,
    );
    plan.due.first().map(|d| d.subject.clone())
}

/// A Graph dateTimeTimeZone in UTC.
fn utc(t: DateTime<Utc>) -> Value {
    json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"})
}

/// An HTTP date `secs` from now, as `Retry-After` carries it.
fn http_date(secs: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(secs))
        .to_rfc2822()
        .replace("+0000", "GMT")
}

async fn nothing() {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_keeps_the_agenda_says_what_to_do_and_recovers() {
    let mut b = Bench::new().await;
    let mut rows = Vec::new();
    const BUSY: &[&str] = &["429", "busy", "tries again by itself"];

    // Throttling and server trouble, persistently for a whole poll: the
    // client waits as told, gives up after its retries, and the next poll
    // (a minute later at the earliest) gets through.
    for (fault, status, retry_after) in [
        ("429, Retry-After: 1 (seconds)", 429, Some("1".to_owned())),
        (
            "429, Retry-After: 1.5 (decimal)",
            429,
            Some("1.5".to_owned()),
        ),
        ("429, Retry-After: HTTP date", 429, Some("date".to_owned())),
        ("503 with Retry-After: 1", 503, Some("1".to_owned())),
        ("503 without Retry-After", 503, None),
        ("504 with Retry-After: 1", 504, Some("1".to_owned())),
        ("504 without Retry-After", 504, None),
    ] {
        let mut rule = json!({"status": status});
        // The date is set just before the poll, two seconds on.
        let retry_after = retry_after.map(|r| if r == "date" { http_date(2) } else { r });
        if let Some(r) = &retry_after {
            rule["retry_after"] = json!(r);
        }
        let started = Instant::now();
        let parts: &'static [&'static str] = match status {
            429 => BUSY,
            503 => &["503", "busy", "tries again by itself"],
            _ => &["504", "busy", "tries again by itself"],
        };
        b.row(
            &mut rows,
            fault,
            b.graph_fault(rule),
            Expect::Fails(parts),
            b.clear_faults(),
        )
        .await;
        // Both retries waited as told (the date is one instant: the second
        // wait is what is left of it, rounded down to the second).
        let told = match retry_after.as_deref() {
            Some("1") => 2.0,
            Some("1.5") => 3.0,
            Some(_) => 1.0,
            None => 0.0,
        };
        let took = started.elapsed().as_secs_f64();
        assert!(took >= told, "{fault}: {took:.2} s");
    }
    // The same, briefly: waited out inside the poll (the first hit is in
    // the batch, which falls back to plain requests; two waits follow).
    let started = Instant::now();
    b.row(
        &mut rows,
        "429 three times, then fine",
        b.e.control(
            "/faults",
            json!({"route": "delta", "status": 429, "retry_after": "0.3", "times": 3}),
        ),
        Expect::Absorbed,
        nothing(),
    )
    .await;
    assert!(started.elapsed() >= Duration::from_millis(600));

    // The network itself.
    let delay = TIMEOUT.as_millis() as u64 + 1500;
    const NO_NETWORK: &str = "check the network connection";
    for (fault, rule, parts) in [
        (
            "slow answers past the client's timeout",
            json!({"delay_ms": delay}),
            &[
                "cannot reach Microsoft Graph (no answer in time)",
                NO_NETWORK,
            ] as &'static [&'static str],
        ),
        (
            "connection dropped mid-answer",
            json!({"drop_connection": true}),
            &["cannot reach Microsoft Graph", NO_NETWORK],
        ),
        (
            "truncated JSON",
            json!({"malformed_json": true}),
            &["does not understand", "tries again by itself"],
        ),
        (
            "JSON of the wrong shape",
            json!({"wrong_shape": true}),
            &["calendar page without a next or delta link", "start over"],
        ),
        (
            "HTML page instead of JSON (captive portal)",
            json!({"html_page": true}),
            &["does not understand", "Wi-Fi login page", "tries again"],
        ),
    ] {
        b.row(
            &mut rows,
            fault,
            b.graph_fault(rule),
            Expect::Fails(parts),
            b.clear_faults(),
        )
        .await;
    }
    network_down_for_ten_minutes(&mut b, &mut rows).await;

    // Graph's own states.
    b.row(
        &mut rows,
        "410 SyncStateNotFound",
        b.e.control(&format!("/users/{DANA}/sync-state/expire"), json!({})),
        Expect::Absorbed,
        nothing(),
    )
    .await;
    b.row(
        &mut rows,
        "401 in the middle of paging",
        async {
            // A full round pages; the second page is refused once.
            b.e.control(&format!("/users/{DANA}/sync-state/expire"), json!({}))
                .await;
            b.e.control(
                "/faults",
                json!({"route": "delta", "status": 401, "code": "InvalidAuthenticationToken", "skip": 2}),
            )
            .await;
        },
        Expect::Absorbed,
        nothing(),
    )
    .await;
    b.row(
        &mut rows,
        "401 even with a fresh token",
        b.graph_fault(json!({"status": 401, "code": "InvalidAuthenticationToken"})),
        Expect::NeedsUser(&["refuses the sign-in", "Reconnect"]),
        async {
            b.clear_faults().await;
            b.e.connect().await;
        },
    )
    .await;

    // The token refresh, by AADSTS class (the access token is made to
    // expire by moving the clocks two hours on).
    let expire = || b.e.advance(2 * 3600);
    b.row(
        &mut rows,
        "refresh: 503 temporarily_unavailable (transient)",
        async {
            b.e.control(
                "/faults",
                json!({"route": "token", "status": 503, "times": 0}),
            )
            .await;
            expire().await;
        },
        Expect::Fails(&["AADSTS90006", "tries again by itself"]),
        b.clear_faults(),
    )
    .await;
    for (fault, aadsts, error, parts) in [
        (
            "refresh: AADSTS50076 MFA needed (needs the user)",
            50076,
            "invalid_grant",
            &["50076", "Choose Reconnect", "keep working"] as &'static [&'static str],
        ),
        (
            "refresh: AADSTS700016 unknown app (configuration)",
            700016,
            "unauthorized_client",
            &["700016", "app registration", "docs/CONNECT.md"],
        ),
        (
            "refresh: AADSTS53003 blocked by Conditional Access",
            53003,
            "invalid_grant",
            &["53003", "Conditional Access", "IT support"],
        ),
        (
            "refresh: AADSTS65001 permissions removed (needs the user)",
            65001,
            "invalid_grant",
            &["65001", "Choose Reconnect"],
        ),
        (
            "refresh: AADSTS90094 administrator approval needed",
            90094,
            "invalid_grant",
            &[
                "90094",
                "administrator must grant consent",
                "docs/CONNECT.md",
            ],
        ),
    ] {
        b.row(
        &mut rows,
            fault,
            async {
                b.e.control(
                    "/faults",
                    json!({"route": "token", "status": 400, "code": error, "aadsts": aadsts, "times": 0}),
                )
                .await;
                expire().await;
            },
            Expect::NeedsUser(parts),
            async {
                b.clear_faults().await;
                b.e.connect().await;
            },
        )
        .await;
    }
    b.row(
        &mut rows,
        "refresh token revoked (AADSTS50173)",
        async {
            b.e.control(&format!("/users/{DANA}/tokens/revoke"), json!({}))
                .await;
            expire().await;
        },
        Expect::NeedsUser(&["50173", "Choose Reconnect"]),
        b.e.connect(),
    )
    .await;
    b.row(
        &mut rows,
        "consent revoked by the user or an admin",
        async {
            b.e.control(&format!("/users/{DANA}/consent/revoke"), json!({}))
                .await;
            expire().await;
        },
        Expect::NeedsUser(&["Reconnect"]),
        b.e.connect(),
    )
    .await;

    // The keychain, locked while the app runs: the token cannot be
    // refreshed, the cache in memory still serves the agenda.
    b.row(
        &mut rows,
        "keychain locked",
        async {
            b.e.store.set_locked(true);
            expire().await;
        },
        Expect::Fails(&["keychain is locked", "Unlock"]),
        async { b.e.store.set_locked(false) },
    )
    .await;

    print_and_keep("engine", &rows);
}

/// Ten minutes without a network, then back: the polls back off (1, 2, 4
/// minutes …), each says "cannot reach", and the first poll after the
/// network returns syncs.
async fn network_down_for_ten_minutes(b: &mut Bench, rows: &mut Vec<Row>) {
    b.e.emu.unplug().await;
    let mut last = LastSync::Ok;
    let mut waited = Duration::ZERO;
    let mut polls = 0;
    let mut message = String::new();
    let mut at = Vec::new();
    while waited < Duration::from_secs(600) {
        at.push(format!("+{}", waited.as_secs() / 60));
        let err = b.cal.sync(b.e.now()).await.unwrap_err();
        assert!(err.is_offline(), "{err}");
        message = err.to_string();
        assert!(
            message.contains("check the network connection"),
            "{message}"
        );
        polls += 1;
        last = match last {
            LastSync::Offline(n) => LastSync::Offline(n + 1),
            _ => LastSync::Offline(1),
        };
        let cache = b.cal.cached().await.unwrap().unwrap();
        assert_eq!(cache.meetings.len(), b.meetings);
        assert!(next_alert(&cache, b.e.now()).is_some());
        let wait = next_sync(Some(&cache), last, b.e.now()).unwrap();
        b.e.offset
            .fetch_add(wait.as_secs() as i64, std::sync::atomic::Ordering::SeqCst);
        waited += wait;
    }
    // The emulator's clock follows the app's while it is away.
    b.e.emu.plug_in().await.expect("the emulator listens again");
    b.e.control("/clock", json!({"seconds": waited.as_secs()}))
        .await;
    let (cache, _) = b.cal.sync(b.e.now()).await.expect("back online");
    assert_eq!(cache.meetings.len(), b.meetings);
    assert!(polls >= 4, "backing off, but still trying: {at:?}");
    let result = format!(
        "polls at {} min, each says \u{201c}{}\u{201d}; agenda kept; alerts planned; the poll at +{} min synced (at once when NetworkManager says the network is back)",
        at.join(", "),
        short(&message),
        waited.as_secs() / 60,
    );
    rows.push(Row {
        fault: "network down for 10 minutes, then back".to_owned(),
        result,
    });
}

/// Prints the table and writes it where the end of `make test` finds it.
fn print_and_keep(part: &str, rows: &[Row]) {
    let width = rows
        .iter()
        .map(|r| r.fault.chars().count())
        .max()
        .unwrap_or(0);
    let mut table = String::new();
    for r in rows {
        writeln!(table, "{:<width$}  {}", r.fault, r.result).unwrap();
    }
    println!("\nfault matrix, {part} ({} faults)\n{table}", rows.len());
    let json: Vec<Value> = rows
        .iter()
        .map(|r| json!({"level": part, "fault": r.fault, "result": r.result}))
        .collect();
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("fault-matrix-{}.json", part.replace(' ', "-")));
    std::fs::write(&path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
}

/// The cache file broken on disk, the disk full, the clock and the time
/// zone changed under the running calendar.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storage_and_clock_faults_lose_nothing() {
    let mut rows = Vec::new();
    let b = Bench::new().await;
    for (fault, damage) in [
        ("cache file corrupted (overwritten)", 0usize),
        ("cache file tampered (one byte flipped)", 1),
    ] {
        let path = b.cache_path();
        let mut bytes = std::fs::read(&path).unwrap();
        if damage == 0 {
            bytes = b"{\"meetings\": \"not what was written\"}".to_vec();
        } else {
            let middle = bytes.len() / 2;
            bytes[middle] ^= 0x40;
        }
        std::fs::write(&path, &bytes).unwrap();
        let before = b.others().len();
        // The unreadable file is set aside, and the poll rebuilds the
        // calendar with a full round.
        let (cache, report) = b.cal.sync(b.e.now()).await.unwrap();
        assert!(report.outcome.full, "{fault}");
        assert_eq!(cache.meetings.len(), b.meetings, "{fault}");
        let copies: Vec<String> = b
            .others()
            .into_iter()
            .filter(|f| f.contains(".corrupt-"))
            .collect();
        assert_eq!(copies.len(), before + 1, "{fault}: {copies:?}");
        // A restarted app reads the rebuilt file.
        let again = Calendar::new(Arc::new(b.e.auth_clone()), b.e.store.clone(), &b.data);
        let cached = again.cached().await.unwrap().unwrap();
        assert_eq!(cached.meetings.len(), b.meetings, "{fault}");
        assert!(next_alert(&cached, b.e.now()).is_some(), "{fault}");
        rows.push(Row {
            fault: fault.to_owned(),
            result: format!(
                "set aside as {}; the same poll rebuilt it with a full round ({} meetings); alert due for {}",
                copies.iter().max().unwrap(),
                cache.meetings.len(),
                next_alert(&cached, b.e.now()).unwrap(),
            ),
        });
    }

    // The clock jumps both ways: the window moves, a full round follows,
    // and the alerts are planned from the new time.
    for (fault, seconds) in [
        ("clock jumps 3 hours ahead", 3 * 3600),
        ("clock jumps 1 day back", -86400),
    ] {
        if seconds > 0 {
            b.e.advance(seconds).await;
        } else {
            // The emulator's clock cannot go back; only the app's does.
            b.e.offset
                .fetch_add(seconds, std::sync::atomic::Ordering::SeqCst);
        }
        let (cache, report) = b.cal.sync(b.e.now()).await.unwrap();
        assert_eq!(cache.meetings.len(), b.meetings, "{fault}");
        let alert = next_alert(&cache, b.e.now()).unwrap();
        let round = if report.outcome.full {
            "the window moved: a full round"
        } else {
            "the same window: a delta poll"
        };
        rows.push(Row {
            fault: fault.to_owned(),
            result: format!(
                "{round}, {} meetings; alert due for {alert}",
                cache.meetings.len()
            ),
        });
    }

    // A new time zone: meetings are kept in UTC, so each alert is due at
    // the same instant; only all-day events move to the new zone's days.
    let cache = b.cal.cached().await.unwrap().unwrap();
    let now = b.e.now();
    let due = |zone: chrono_tz::Tz| {
        let day = chrono::Duration::days(1);
        let start = cache
            .meetings
            .values()
            .filter_map(|m| match m.when {
                When::Timed { start, .. } if start > now => Some(start),
                _ => None,
            })
            .min()
            .unwrap();
        let at = start - chrono::Duration::minutes(1);
        let items = agenda(&cache, &Filters::default(), at, at - day, at + day, &zone);
        plan(
            &items,
            &AlertSettings::default(),
            &AlertState::default(),
            at,
        )
        .due
    };
    let (prague, la) = (
        due(chrono_tz::Europe::Prague),
        due(chrono_tz::America::Los_Angeles),
    );
    assert_eq!(prague.len(), 1);
    assert_eq!(prague, la);
    rows.push(Row {
        fault: "time zone changes (Prague to Los Angeles)".to_owned(),
        result: format!(
            "the alert for {} stays due at {} UTC",
            prague[0].subject,
            prague[0].instant.format("%H:%M")
        ),
    });

    disk_full(&mut rows).await;
    print_and_keep("storage and clock", &rows);
}

/// The cache's folder on a tmpfs of 256 KiB that is then filled.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &std::path::Path) -> SmallDisk {
        std::fs::create_dir_all(dir).unwrap();
        let done = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs"])
            .arg(dir)
            .output()
            .expect("mount(8) runs");
        assert!(
            done.status.success(),
            "a tmpfs for the disk-full case needs root (the CI runs as root): {}",
            String::from_utf8_lossy(&done.stderr)
        );
        SmallDisk(dir.to_owned())
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // A panic in drop would hide the test's own failure: say it instead.
        let unmounted = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
        if !unmounted.is_ok_and(|s| s.success()) {
            eprintln!("could not unmount the test tmpfs at {}", self.0.display());
        }
    }
}

async fn disk_full(rows: &mut Vec<Row>) {
    let folder = tempfile::tempdir().unwrap();
    let disk = SmallDisk::mount(&folder.path().join("data"));
    let b = Bench::in_folder(Some(&disk.0)).await;
    // Fill what is left, then add a meeting: the poll must write.
    let filler = disk.0.join("filler");
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 4096];
        // tmpfs keeps no other copy: the disk is full once a write fails.
        while f.write_all(&block).is_ok() {}
    }
    let start = b.e.now() + chrono::Duration::days(6);
    b.e.control(
        &format!("/users/{DANA}/events"),
        json!({"subject": "Added while the disk is full", "start": utc(start),
               "end": utc(start + chrono::Duration::minutes(30)), "bodyFixture": "zoom"}),
    )
    .await;
    let before = std::fs::read(b.cache_path()).unwrap();
    let err = b.cal.sync(b.e.now()).await.unwrap_err().to_string();
    assert!(err.contains("disk is not full"), "{err}");
    // The file on disk is the one before; no half-written file is left.
    assert_eq!(std::fs::read(b.cache_path()).unwrap(), before);
    assert_eq!(b.others(), vec!["filler".to_owned()]);
    let cached = b.cal.cached().await.unwrap().unwrap();
    assert_eq!(cached.meetings.len(), b.meetings);
    let alert = next_alert(&cached, b.e.now()).unwrap();
    // Space comes back: the next poll writes the new meeting too.
    std::fs::remove_file(&filler).unwrap();
    let (cache, _) = b.cal.sync(b.e.now()).await.unwrap();
    assert_eq!(cache.meetings.len(), b.meetings + 1);
    let again = Calendar::new(Arc::new(b.e.auth_clone()), b.e.store.clone(), &disk.0);
    assert_eq!(
        again.cached().await.unwrap().unwrap().meetings.len(),
        b.meetings + 1
    );
    rows.push(Row {
        fault: "disk full on cache write (256 KiB tmpfs)".to_owned(),
        result: format!(
            "says \u{201c}{}\u{201d}; the file on disk unchanged, no temp file left; agenda kept ({}); alert due for {alert}; with space back the next poll wrote the new meeting",
            short(&err),
            cached.meetings.len()
        ),
    });
    drop(b);
    drop(disk);
}
