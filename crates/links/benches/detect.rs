//! Join-link detection throughput over realistic invitation bodies (every
//! invitation style of the Graph emulator, many seeds), beside a naive
//! baseline (one regex per service over the text) and ripgrep extracting
//! URLs from the same bytes (`rg -o 'https?://[^\s"<>]+'`), when installed.

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

use std::hint::black_box;
use std::io::Write;
use std::process::{Command, Stdio};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use meeting_tray_links::catalogue::SERVICES;
use meeting_tray_links::{detect_in_body, Preferences};
use msgraph_emulator::fixtures::{invitation, BodyKind, MeetingSeed};
use regex::Regex;

fn corpus() -> Vec<String> {
    let mut bodies = Vec::new();
    for n in 1..=200u64 {
        for kind in BodyKind::ALL {
            let seed = MeetingSeed {
                tenant_id: "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a5b",
                organizer_id: "sam.lee@fabrikam.example",
                organizer_email: "sam.lee@fabrikam.example",
                recipient_email: "dana@contoso.example",
                n,
            };
            bodies.push(invitation(*kind, &seed).html);
        }
    }
    bodies
}

/// What a detector without a design would do: one regex per service, run over
/// the text one after the other.
fn naive_regexes() -> Vec<Regex> {
    SERVICES
        .iter()
        .map(|s| {
            let hosts: Vec<String> = s
                .hosts
                .iter()
                .map(|h| match h.strip_prefix('=') {
                    Some(exact) => regex::escape(exact),
                    None => format!("(?:[a-z0-9-]+\\.)*{}", regex::escape(h)),
                })
                .collect();
            Regex::new(&format!(
                "(?i)https?://(?:{})(?::[0-9]+)?/[^\\s\"<>]*",
                hosts.join("|")
            ))
            .expect("valid regex")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let bodies = corpus();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let prefs = Preferences::default();
    let mut group = c.benchmark_group("join-link detection");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    println!(
        "corpus: {} bodies, {:.1} MiB",
        bodies.len(),
        bytes as f64 / 1048576.0
    );

    group.bench_function("meeting-tray detect_in_body", |b| {
        b.iter(|| {
            let mut found = 0;
            for body in &bodies {
                found += usize::from(detect_in_body(black_box(body), &prefs).best().is_some());
            }
            found
        })
    });

    let regexes = naive_regexes();
    group.bench_function("naive: one regex per service", |b| {
        b.iter(|| {
            let mut found = 0;
            for body in &bodies {
                for re in &regexes {
                    found += re.find_iter(black_box(body)).count();
                }
            }
            found
        })
    });

    let rg_available = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if rg_available {
        let mut file = tempfile_in_target();
        for body in &bodies {
            file.1.write_all(body.as_bytes()).expect("write corpus");
            file.1.write_all(b"\n").expect("write corpus");
        }
        drop(file.1);
        let path = file.0;
        group.bench_function("ripgrep -o 'https?://[^\\s\"<>]+'", |b| {
            b.iter(|| {
                let status = Command::new("rg")
                    .args([
                        "-o",
                        "--no-filename",
                        "--no-line-number",
                        r#"https?://[^\s"<>]+"#,
                    ])
                    .arg(&path)
                    .stdout(Stdio::null())
                    .status()
                    .expect("rg runs");
                assert!(status.success());
            })
        });
        let _ = std::fs::remove_file(&path);
    } else {
        println!(
            "ripgrep (rg) is not installed: its comparison is skipped (make bench installs it)"
        );
    }
    group.finish();
}

fn tempfile_in_target() -> (std::path::PathBuf, std::fs::File) {
    let path = std::env::temp_dir().join(format!(
        "meeting-tray-bench-corpus-{}.html",
        std::process::id()
    ));
    let file = std::fs::File::create(&path).expect("create corpus file");
    (path, file)
}

criterion_group!(benches, bench);
criterion_main!(benches);
