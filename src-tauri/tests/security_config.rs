//! The webview's security settings (issue 10): each window's capability
//! grants exactly the commands its page calls and nothing wider, and the
//! content security policy forbids remote scripts and inline code.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

fn text(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

/// The commands a page's IPC module invokes: `invoke<T>("name"` or
/// `invoke("name"`.
fn invoked(source: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in source.match_indices("invoke") {
        let rest = &source[at + "invoke".len()..];
        let rest = match rest.strip_prefix('<') {
            Some(generic) => &generic[generic.find('>').unwrap() + 1..],
            None => rest,
        };
        if let Some(quoted) = rest.strip_prefix("(\"") {
            out.insert(quoted[..quoted.find('"').unwrap()].to_owned());
        }
    }
    out
}

/// What a page needs: its commands, events if it listens, dragging if its
/// markup has a drag region.
fn needed(ipc: &str, markup: &[&str]) -> BTreeSet<String> {
    let source = text(ipc);
    let mut out: BTreeSet<String> = invoked(&source)
        .into_iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    if source.contains("listen(") || source.contains("listen<") {
        out.insert("core:event:allow-listen".into());
        out.insert("core:event:allow-unlisten".into());
    }
    if markup
        .iter()
        .any(|m| text(m).contains("data-tauri-drag-region"))
    {
        out.insert("core:window:allow-start-dragging".into());
    }
    out
}

fn granted(capability: &Value) -> BTreeSet<String> {
    capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_str()
                .expect("a permission by name, no scoped object")
                .to_owned()
        })
        .collect()
}

#[test]
fn each_window_is_granted_exactly_what_its_page_calls() {
    for (file, window, ipc, markup) in [
        (
            "src-tauri/capabilities/main.json",
            "main",
            "ui/src/ipc.ts",
            &["ui/index.html", "ui/src/view.ts"][..],
        ),
        (
            "src-tauri/capabilities/popup.json",
            "join-popup",
            "ui/src/popup-ipc.ts",
            &["ui/popup.html", "ui/src/popup-view.ts"][..],
        ),
    ] {
        let cap = json(file);
        assert_eq!(cap["windows"], serde_json::json!([window]), "{file}");
        assert!(
            cap.get("remote").is_none(),
            "{file}: no remote page may call the app"
        );
        assert!(cap.get("webviews").is_none(), "{file}");
        let granted = granted(&cap);
        for p in &granted {
            assert!(
                !p.ends_with(":default") && !p.contains('*'),
                "{file}: {p} is a permission set, not one command"
            );
        }
        let needed = needed(ipc, markup);
        assert!(
            needed.len() > 3,
            "{ipc}: the scan found its commands: {needed:?}"
        );
        assert_eq!(
            granted, needed,
            "{file} must grant what {ipc} uses, nothing more"
        );
    }
    // Between them the windows use every command the app registers.
    let build = text("src-tauri/build.rs");
    let list = build.split("commands(&[").nth(1).unwrap();
    let list = &list[..list.find("])").unwrap()];
    let registered: BTreeSet<String> = list
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    let used: BTreeSet<String> = invoked(&text("ui/src/ipc.ts"))
        .union(&invoked(&text("ui/src/popup-ipc.ts")))
        .cloned()
        .collect();
    assert_eq!(
        registered, used,
        "commands registered (build.rs) and used by a page"
    );
}

#[test]
fn the_content_security_policy_forbids_remote_scripts_and_inline_code() {
    let conf = json("tauri.conf.json");
    let app = &conf["app"];
    assert_eq!(
        app["withGlobalTauri"], false,
        "no global __TAURI__ for injected code"
    );
    let security = &app["security"];
    assert_eq!(security["freezePrototype"], true);
    for risky in [
        "dangerousDisableAssetCspModification",
        "dangerousRemoteDomainIpcAccess",
        "devCsp",
    ] {
        assert!(security.get(risky).is_none(), "{risky} must stay unset");
    }
    let csp = security["csp"]
        .as_object()
        .expect("the CSP, directive by directive");
    let sources = |d: &str| -> Vec<&str> {
        csp.get(d)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{d} is set"))
            .split_whitespace()
            .collect()
    };
    assert_eq!(sources("default-src"), ["'self'"]);
    assert_eq!(
        sources("script-src"),
        ["'self'"],
        "scripts from the app only"
    );
    assert_eq!(sources("object-src"), ["'none'"]);
    assert_eq!(sources("base-uri"), ["'none'"]);
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        for banned in [
            "'unsafe-inline'",
            "'unsafe-eval'",
            "'wasm-unsafe-eval'",
            "'unsafe-hashes'",
            "*",
            "https:",
            "http:",
            "blob:",
        ] {
            assert!(
                !value.split_whitespace().any(|s| s == banned),
                "{directive} allows {banned}"
            );
        }
        // Only the IPC bridge may be reached over http (Tauri's own origin).
        for source in value.split_whitespace() {
            if source.starts_with("http") {
                assert_eq!(
                    (directive.as_str(), source),
                    ("connect-src", "http://ipc.localhost")
                );
            }
        }
    }
    // The pages themselves hold no inline script or handler the CSP would
    // have to allow.
    for page in ["ui/index.html", "ui/popup.html"] {
        let html = text(page);
        for (at, _) in html.match_indices("<script") {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            assert!(tag.contains(" src="), "{page}: inline script {tag}");
        }
        assert!(
            !html.contains(" onload=") && !html.contains(" onclick="),
            "{page}"
        );
    }
}
