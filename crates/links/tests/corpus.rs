//! The corpus: invitations with the link a correct detector must choose.
//! `corpus/` holds hand-written, anonymised bodies (several languages, wrapped
//! links, plain-text `<…>` bodies, negatives and look-alikes) with
//! `expected.json`; every invitation style of the Graph emulator's fixtures is
//! checked too, for several seeds each.

use std::path::Path;

use meeting_tray_links::{detect_in_body, Preferences, Safety};
use msgraph_emulator::event::html_to_text;
use msgraph_emulator::fixtures::{invitation, BodyKind, MeetingSeed};

#[test]
fn hand_written_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let expected: serde_json::Map<String, serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
    )
    .expect("json");
    let mut failures = Vec::new();
    for (name, want) in &expected {
        let body =
            std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = detect_in_body(&body, &Preferences::default())
            .best()
            .map(|c| c.url.clone());
        if got.as_deref() != want.as_str() {
            failures.push(format!("{name}: got {got:?}, want {want}"));
        }
    }
    let files = std::fs::read_dir(&dir).expect("corpus dir").count() - 1;
    assert_eq!(
        files,
        expected.len(),
        "every corpus file has an expectation"
    );
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        expected.len(),
        failures.join("\n")
    );
}

#[test]
fn every_emulator_invitation_style() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for kind in BodyKind::ALL {
        for n in 1..=8u64 {
            let seed = MeetingSeed {
                tenant_id: "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a5b",
                organizer_id: "sam.lee@fabrikam.example",
                organizer_email: "sam.lee@fabrikam.example",
                recipient_email: "dana@contoso.example",
                n,
            };
            let inv = invitation(*kind, &seed);
            let d = detect_in_body(&inv.html, &Preferences::default());
            let got = d.best().map(|c| c.url.clone());
            let want = inv.join_url.as_ref().map(|u| {
                url::Url::parse(u)
                    .map(|p| p.to_string())
                    .unwrap_or_else(|_| u.clone())
            });
            if got != want {
                failures.push(format!("{} n={n}: got {got:?}, want {want:?}", kind.name()));
            }
            // The same body as Graph sends it with `outlook.body-content-type="text"`.
            let text = html_to_text(&inv.html);
            let got_text = detect_in_body(&text, &Preferences::default())
                .best()
                .map(|c| c.url.clone());
            if got_text != want {
                failures.push(format!(
                    "{} n={n} as text: got {got_text:?}, want {want:?}",
                    kind.name()
                ));
            }
            if want.is_some()
                && d.candidates.iter().any(|c| {
                    matches!(c.safety, Safety::Refused { .. })
                        && c.source <= d.best().map(|b| b.source).unwrap_or(c.source)
                })
            {
                failures.push(format!(
                    "{} n={n}: a refused candidate outranks",
                    kind.name()
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
