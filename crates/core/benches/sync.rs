//! What keeping the calendar fresh costs, against the Microsoft 365 emulator
//! on loopback (its own thread, so the figures are the client's):
//! - requests and bytes per hour in steady state with no changes (a poll
//!   every 5 minutes), beside a naive client that fetches the whole
//!   calendarView window with HTML bodies at the same interval;
//! - the first sync of 1,000 events in the window;
//! - CPU time of one no-change poll (averaged over many);
//! - text versus HTML bodies: bytes on the wire and link-detection time;
//! - under load (issue 10): 5,000 events in the window and 200 changes per
//!   poll: the first sync, each poll, the cache file, the agenda and the
//!   tray menu built from it, and the process's memory across the polls.
//!
//! Prints figures; asserts nothing. With `BENCH_FIGURES=<file>` set it also
//! writes them there as JSON, for `make bench`'s table.

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use meeting_tray_core::auth::client::AuthorizeOptions;
use meeting_tray_core::auth::session::VAULT_ACCOUNT;
use meeting_tray_core::auth::{Auth, AuthSettings};
use meeting_tray_core::calendar::Calendar;
use meeting_tray_core::graph::GraphClient;
use meeting_tray_core::secrets::{MemoryStore, TokenVault};
use msgraph_emulator::{Options, Settings};
use serde_json::{json, Value};

const EVENTS: usize = 1000;
const POLLS_PER_HOUR: u64 = 12;
const CPU_POLLS: u32 = 200;

/// CPU time of the calling thread (user + system), from /proc.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, r)| r.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 (11 and 12 after the name); ticks of 1/100 s.
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|v| v.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

fn main() {
    // The emulator serves from its own thread and runtime.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let running = msgraph_emulator::start(Options {
                port: 0,
                settings: Settings::default(),
                demo_mailbox: false,
            })
            .await
            .expect("emulator");
            tx.send((
                running.authority.clone(),
                running.graph.clone(),
                running.control.clone(),
                running.client_id.clone(),
            ))
            .expect("send");
            std::future::pending::<()>().await;
        });
    });
    let (authority, graph_url, control, client_id) = rx.recv().expect("emulator urls");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(run(authority, graph_url, control, client_id));
}

async fn run(authority: String, graph_url: String, control: String, client_id: String) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let post = |path: String, body: Value| {
        let http = http.clone();
        let control = control.clone();
        async move {
            http.post(format!("{control}{path}"))
                .json(&body)
                .send()
                .await
                .expect("control")
        }
    };
    let user = "dana@contoso.example";
    post(
        "/users".into(),
        json!({"upn": user, "display_name": "Dana", "time_zone": "UTC", "locale": "en-US"}),
    )
    .await;
    let fixtures = [
        "teams-2024",
        "zoom",
        "webex",
        "google-meet",
        "teams-safelinks",
        "teams-2021",
    ];
    let now = Utc::now();
    for i in 0..EVENTS {
        let start = now + chrono::Duration::minutes(30 * (i as i64 + 1));
        let t = |t: chrono::DateTime<Utc>| json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"});
        post(
            format!("/users/{user}/events"),
            json!({"subject": format!("Meeting {i}"), "start": t(start), "end": t(start + chrono::Duration::minutes(30)),
                   "bodyFixture": fixtures[i % fixtures.len()],
                   "organizer": {"emailAddress": {"name": "Sam", "address": "sam@fabrikam.example"}},
                   "attendees": [{"emailAddress": {"name": "Carol", "address": "carol@fabrikam.example"}}]}),
        )
        .await;
    }

    // Sign in (scripted: the user accepts at once).
    let config = AuthSettings {
        client_id: Some(client_id),
        authority_url: Some(authority),
        graph_url: Some(graph_url),
        ..AuthSettings::default()
    }
    .resolve()
    .expect("config");
    let store = Arc::new(MemoryStore::new());
    let dir = tempfile::tempdir().expect("tempdir");
    let auth = Arc::new(Auth::new(
        config,
        TokenVault::new(store.clone(), dir.path().join("data"), VAULT_ACCOUNT),
        &dir.path().join("config"),
        Arc::new(Utc::now),
    ));
    post(
        "/authorize-outcome".into(),
        json!({"outcome": "success", "user": user}),
    )
    .await;
    let pending = auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .expect("sign-in");
    let page = http
        .get(pending.url.clone())
        .send()
        .await
        .expect("authorize");
    let back = page.headers()["location"]
        .to_str()
        .expect("location")
        .replacen("localhost", "127.0.0.1", 1);
    let (_, done) = tokio::join!(
        http.get(back).send(),
        auth.finish_sign_in(pending, Duration::from_secs(30))
    );
    done.expect("signed in");

    let mut figures = serde_json::Map::new();
    println!("sync cost against the emulator ({EVENTS} events in the window, a poll every 5 min)");
    let calendar = Calendar::new(auth.clone(), store.clone(), &dir.path().join("cache"));
    let started = Instant::now();
    let cpu = thread_cpu();
    let (_, first) = calendar.sync(Utc::now()).await.expect("first sync");
    println!(
        "  first sync of {} meetings: {:.2} s wall, {:.2} s CPU (client), {} requests, {:.1} MiB",
        first.meetings,
        started.elapsed().as_secs_f64(),
        (thread_cpu() - cpu).as_secs_f64(),
        first.requests,
        first.bytes as f64 / 1_048_576.0
    );

    let mut bytes = 0;
    let mut requests = 0;
    for _ in 0..POLLS_PER_HOUR {
        let (_, r) = calendar.sync(Utc::now()).await.expect("poll");
        bytes += r.bytes;
        requests += r.requests;
    }
    println!(
        "  steady state, no changes: {requests} requests/hour, {:.1} KiB/hour",
        bytes as f64 / 1024.0
    );
    figures.insert("requests_per_hour".into(), json!(requests));
    figures.insert("bytes_per_hour".into(), json!(bytes));

    // The naive client: the whole window, default (HTML) bodies, every poll.
    let graph = GraphClient::new(auth.clone());
    let before = graph.traffic.snapshot();
    fetch_window(&graph, &[]).await;
    let after = graph.traffic.snapshot();
    let (r, b) = (after.0 - before.0, after.1 - before.1);
    figures.insert("naive_requests_per_hour".into(), json!(r * POLLS_PER_HOUR));
    figures.insert("naive_bytes_per_hour".into(), json!(b * POLLS_PER_HOUR));
    println!(
        "  naive full calendarView poll: {} requests/hour, {:.1} MiB/hour ({}× the bytes)",
        r * POLLS_PER_HOUR,
        (b * POLLS_PER_HOUR) as f64 / 1_048_576.0,
        (b * POLLS_PER_HOUR) / bytes.max(1)
    );

    let cpu = thread_cpu();
    let started = Instant::now();
    for _ in 0..CPU_POLLS {
        calendar.sync(Utc::now()).await.expect("poll");
    }
    let poll_cpu_ms = (thread_cpu() - cpu).as_secs_f64() * 1000.0 / f64::from(CPU_POLLS);
    figures.insert("poll_cpu_ms".into(), json!(poll_cpu_ms));
    println!(
        "  one no-change poll: {poll_cpu_ms:.2} ms CPU (client; a quiet poll keeps the cache in memory, the file is rewritten every 10 min), {:.2} ms wall (mean of {CPU_POLLS})",
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(CPU_POLLS)
    );

    // Text or HTML bodies for link detection: the same window both ways.
    for kind in ["text", "html"] {
        let before = graph.traffic.snapshot();
        let prefer = format!("outlook.body-content-type=\"{kind}\"");
        let events = fetch_window(&graph, &[&prefer]).await;
        let wire = graph.traffic.snapshot().1 - before.1;
        let prefs = meeting_tray_links::Preferences::default();
        let started = Instant::now();
        let mut found = 0;
        for _ in 0..10 {
            for e in &events {
                found += usize::from(
                    meeting_tray_core::sync::mapping::meeting(e, &prefs)
                        .is_some_and(|m| !m.links.is_empty()),
                );
            }
        }
        println!(
            "  {kind} bodies: {:.1} MiB on the wire, {:.1} µs per event to map and detect, links found in {}/{}",
            wire as f64 / 1_048_576.0,
            started.elapsed().as_secs_f64() * 1e6 / (10.0 * events.len() as f64),
            found / 10,
            events.len()
        );
    }

    load(
        &http,
        &control,
        user,
        auth.clone(),
        store.clone(),
        &mut figures,
    )
    .await;

    if let Some(path) = std::env::var_os("BENCH_FIGURES") {
        let text = serde_json::to_string_pretty(&figures).expect("figures are JSON");
        std::fs::write(&path, text).expect("write BENCH_FIGURES");
    }
}

const LOAD_EVENTS: usize = 5000;
const LOAD_CHANGES: usize = 200;
const LOAD_POLLS: usize = 20;

/// Resident memory of this process (client and emulator), from /proc.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// 5,000 events in the window (the 1,000 above and 4,000 more, 7 minutes
/// apart from six days back), then polls that each find 200 changed.
async fn load(
    http: &reqwest::Client,
    control: &str,
    user: &str,
    auth: Arc<Auth>,
    store: Arc<MemoryStore>,
    figures: &mut serde_json::Map<String, Value>,
) {
    use meeting_tray_core::agenda::{agenda, Filters};
    use meeting_tray_core::i18n::{texts, Lang};
    use meeting_tray_core::store::CacheFile;
    use meeting_tray_core::tray_menu::{menu, Context};

    let t = |t: chrono::DateTime<Utc>| json!({"dateTime": t.format("%Y-%m-%dT%H:%M:%S").to_string(), "timeZone": "UTC"});
    let first = Utc::now() - chrono::Duration::days(6);
    let mut ids = Vec::new();
    for i in 0..LOAD_EVENTS - EVENTS {
        let start = first + chrono::Duration::minutes(7 * i as i64);
        let made: Value = http
            .post(format!("{control}/users/{user}/events"))
            .json(&json!({"subject": format!("Load {i}"), "start": t(start),
                          "end": t(start + chrono::Duration::minutes(30)), "bodyFixture": "zoom"}))
            .send()
            .await
            .expect("control")
            .json()
            .await
            .expect("event");
        ids.push(made["id"].as_str().expect("id").to_owned());
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let calendar = Calendar::new(auth, store.clone(), dir.path());
    let started = Instant::now();
    let cpu = thread_cpu();
    let (cache, report) = calendar.sync(Utc::now()).await.expect("first sync");
    let first_s = started.elapsed().as_secs_f64();
    let first_cpu = (thread_cpu() - cpu).as_secs_f64();
    let file = CacheFile::new(dir.path(), store, VAULT_ACCOUNT);
    let cache_bytes = std::fs::metadata(file.path()).map_or(0, |m| m.len());
    println!(
        "under load ({} meetings in the window):\n  first sync: {first_s:.2} s wall, {first_cpu:.2} s CPU, {} requests, {:.1} MiB; cache file {:.0} KiB",
        report.meetings,
        report.requests,
        report.bytes as f64 / 1_048_576.0,
        cache_bytes as f64 / 1024.0
    );
    let rss_first = rss_mib();
    let mut wall = Vec::new();
    let mut cpu_ms = Vec::new();
    let mut changed = 0;
    let mut other = 0;
    for round in 0..LOAD_POLLS {
        for id in ids
            .iter()
            .skip(round % (ids.len() / LOAD_CHANGES))
            .step_by(ids.len() / LOAD_CHANGES)
            .take(LOAD_CHANGES)
        {
            // Event ids hold '/', '+' and '=': one path segment, encoded.
            let id: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            http.patch(format!("{control}/users/{user}/events/{id}"))
                .json(&json!({"subject": format!("Load, moved in round {round}")}))
                .send()
                .await
                .expect("control")
                .error_for_status()
                .expect("the change");
        }
        let started = Instant::now();
        let cpu = thread_cpu();
        let (_, r) = calendar.sync(Utc::now()).await.expect("poll");
        wall.push(started.elapsed().as_secs_f64() * 1000.0);
        cpu_ms.push((thread_cpu() - cpu).as_secs_f64() * 1000.0);
        changed += r.outcome.changed;
        other += r.outcome.added + r.outcome.removed;
    }
    let rss_last = rss_mib();
    let (poll_ms, poll_cpu) = (median(wall), median(cpu_ms));
    println!(
        "  a poll with {LOAD_CHANGES} changes: {poll_ms:.0} ms wall, {poll_cpu:.0} ms CPU (median of {LOAD_POLLS}; {changed} of {} changes seen, {other} other)",
        LOAD_CHANGES * LOAD_POLLS
    );
    println!("  process memory: {rss_first:.0} MiB after the first sync, {rss_last:.0} MiB after {LOAD_POLLS} such polls");
    // What the alert loop and the tray do with that cache on every change.
    let now = Utc::now();
    let en = texts(Lang::En);
    let started = Instant::now();
    let mut entries = 0;
    for _ in 0..50 {
        let a = agenda(
            &cache,
            &Filters::default(),
            now,
            now - chrono::Duration::days(1),
            now + chrono::Duration::days(2),
            &Utc,
        );
        entries += menu(en, Some(&a), &Context::default(), now, &Utc).len();
    }
    let tray_ms = started.elapsed().as_secs_f64() * 1000.0 / 50.0;
    let started = Instant::now();
    let mut items = 0;
    for _ in 0..50 {
        items += agenda(
            &cache,
            &Filters::default(),
            now,
            now - chrono::Duration::days(1),
            now + chrono::Duration::days(8),
            &Utc,
        )
        .items
        .len();
    }
    let week_ms = started.elapsed().as_secs_f64() * 1000.0 / 50.0;
    let started = Instant::now();
    file.save(&cache).expect("save");
    let loaded = file.load().expect("load").expect("cache");
    let file_ms = started.elapsed().as_secs_f64() * 1000.0;
    println!(
        "  tray: agenda and menu ({} entries) {tray_ms:.1} ms; the window's week ({} meetings) {week_ms:.1} ms; cache save and load {file_ms:.0} ms ({} meetings)",
        entries / 50,
        items / 50,
        loaded.meetings.len()
    );
    for (k, v) in [
        ("load_meetings", json!(report.meetings)),
        ("load_first_sync_s", json!(first_s)),
        ("load_first_sync_cpu_s", json!(first_cpu)),
        ("load_first_sync_requests", json!(report.requests)),
        ("load_first_sync_bytes", json!(report.bytes)),
        ("load_cache_bytes", json!(cache_bytes)),
        ("load_poll_ms", json!(poll_ms)),
        ("load_poll_cpu_ms", json!(poll_cpu)),
        ("load_rss_first_mib", json!(rss_first)),
        ("load_rss_last_mib", json!(rss_last)),
        ("load_tray_ms", json!(tray_ms)),
        ("load_week_ms", json!(week_ms)),
        ("load_cache_save_load_ms", json!(file_ms)),
    ] {
        figures.insert(k.into(), v);
    }
}

/// Every event of the sync window through plain `calendarView` paging, as a
/// client without delta would fetch it.
async fn fetch_window(graph: &GraphClient, prefer: &[&str]) -> Vec<Value> {
    let (from, to) = meeting_tray_core::sync::window(Utc::now());
    let fmt = |t: chrono::DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let mut url = graph.url(
        &["me", "calendarView"],
        &[
            ("startDateTime", &fmt(from)),
            ("endDateTime", &fmt(to)),
            ("$top", "100"),
        ],
    );
    let mut events = Vec::new();
    loop {
        let page = graph
            .send_with(reqwest::Method::GET, url, None, prefer)
            .await
            .expect("calendarView page");
        events.extend(page["value"].as_array().cloned().unwrap_or_default());
        match page["@odata.nextLink"].as_str() {
            Some(n) => url = graph.same_origin(n).expect("link"),
            None => return events,
        }
    }
}
