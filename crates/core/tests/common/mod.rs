//! Shared by the integration tests: an emulator per test with Dana as its
//! user, an `Auth` over an in-memory keychain and a movable clock, and the
//! browser's part of a sign-in played over HTTP.

// Each test file uses a different part; helpers may panic: that is the report.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use meeting_tray_core::auth::client::AuthorizeOptions;
use meeting_tray_core::auth::record::AccountRecord;
use meeting_tray_core::auth::session::VAULT_ACCOUNT;
use meeting_tray_core::auth::{Auth, AuthError, AuthSettings, Cloud};
use meeting_tray_core::graph::GraphClient;
use meeting_tray_core::secrets::{MemoryStore, SecretStore, TokenVault};
use msgraph_emulator::{Options, Running, Settings};
use serde_json::{json, Value};

pub const DANA: &str = "dana@contoso.example";

pub struct Env {
    pub emu: Running,
    pub http: reqwest::Client,
    /// Seconds the app's clock is ahead of the real one (the emulator's is moved alongside).
    pub offset: Arc<AtomicI64>,
    pub store: Arc<MemoryStore>,
    pub dir: tempfile::TempDir,
    pub auth: Auth,
}

pub async fn env_with(settings: Settings, tweak: impl FnOnce(&mut AuthSettings)) -> Env {
    env_full(settings, tweak, Arc::new(MemoryStore::new())).await
}

/// [`env_with`] over a given in-memory keychain (a size-limited one, say).
pub async fn env_full(
    settings: Settings,
    tweak: impl FnOnce(&mut AuthSettings),
    store: Arc<MemoryStore>,
) -> Env {
    let cloud = settings.cloud;
    let emu = msgraph_emulator::start(Options {
        port: 0,
        settings,
        demo_mailbox: false,
    })
    .await
    .expect("emulator");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = http
        .post(format!("{}/users", emu.control))
        .json(&json!({"upn": DANA, "display_name": "Dana Reyes", "time_zone": "Pacific Standard Time", "locale": "en-US"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let mut s = AuthSettings {
        client_id: Some(emu.client_id.clone()),
        authority_url: Some(emu.authority.clone()),
        graph_url: Some(emu.graph.clone()),
        cloud: match cloud {
            msgraph_emulator::cloud::Cloud::GccHigh => Cloud::GccHigh,
            msgraph_emulator::cloud::Cloud::Dod => Cloud::Dod,
            msgraph_emulator::cloud::Cloud::China => Cloud::China,
            _ => Cloud::Worldwide,
        },
        ..AuthSettings::default()
    };
    tweak(&mut s);
    let config = s.resolve().expect("config");
    let offset = Arc::new(AtomicI64::new(0));
    let o = offset.clone();
    let clock = Arc::new(move || Utc::now() + chrono::Duration::seconds(o.load(Ordering::SeqCst)));
    let dir = tempfile::tempdir().unwrap();
    let vault = TokenVault::new(store.clone(), dir.path().join("data"), VAULT_ACCOUNT);
    let mut auth = Auth::new(config, vault, &dir.path().join("config"), clock);
    auth.retry_base = Duration::from_millis(10);
    Env {
        emu,
        http,
        offset,
        store,
        dir,
        auth,
    }
}

pub async fn env() -> Env {
    env_with(Settings::default(), |_| {}).await
}

pub fn between<'a>(s: &'a str, a: &str, b: &str) -> &'a str {
    let start = s.find(a).expect(a) + a.len();
    let end = s[start..].find(b).expect(b);
    &s[start..start + end]
}

impl Env {
    /// A control-API call that must succeed; its JSON answer (or null).
    pub async fn control_call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.emu.control));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    pub async fn control(&self, path: &str, body: Value) -> Value {
        self.control_call(reqwest::Method::POST, path, Some(body))
            .await
    }

    /// A second `Auth` over the same keychain, record and clock offset.
    pub fn auth_clone(&self) -> Auth {
        let o = self.offset.clone();
        Auth::new(
            self.auth.config().clone(),
            self.vault(),
            &self.dir.path().join("config"),
            Arc::new(move || Utc::now() + chrono::Duration::seconds(o.load(Ordering::SeqCst))),
        )
    }

    /// The token vault the tests' `Auth` uses.
    pub fn vault(&self) -> TokenVault {
        TokenVault::new(
            self.store.clone(),
            self.dir.path().join("data"),
            VAULT_ACCOUNT,
        )
    }

    /// The app's clock.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + chrono::Duration::seconds(self.offset.load(Ordering::SeqCst))
    }

    pub async fn patch_control(&self, path: &str, body: Value) -> Value {
        self.control_call(reqwest::Method::PATCH, path, Some(body))
            .await
    }

    pub async fn delete_control(&self, path: &str) {
        self.control_call(reqwest::Method::DELETE, path, None).await;
    }

    /// The emulator's request log (method, path, query, status, bytes).
    pub async fn requests(&self) -> Vec<Value> {
        self.control_call(reqwest::Method::GET, "/requests", None)
            .await
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Moves both clocks forward.
    pub async fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::SeqCst);
        self.control("/clock", json!({ "seconds": seconds })).await;
    }

    /// Plays the browser: the sign-in page, its form, then the redirect to the
    /// app's loopback listener. Returns the listener's answer page.
    pub async fn browse(&self, url: &url::Url, action: &str) -> String {
        let page = self.http.get(url.clone()).send().await.unwrap();
        let location = if page.status().is_redirection() {
            page.headers()["location"].to_str().unwrap().to_owned()
        } else {
            let html = page.text().await.unwrap();
            let q = between(&html, "name=\"q\" value=\"", "\"").replace("&amp;", "&");
            let action_path = between(&html, "<form method=\"post\" action=\"", "\"");
            let target = url::Url::parse(&self.emu.authority)
                .unwrap()
                .join(action_path)
                .unwrap();
            let r = self
                .http
                .post(target)
                .form(&[("q", q.as_str()), ("user", DANA), ("action", action)])
                .send()
                .await
                .unwrap();
            assert!(r.status().is_redirection(), "{}", r.status());
            r.headers()["location"].to_str().unwrap().to_owned()
        };
        assert!(location.starts_with("http://localhost:"), "{location}");
        self.http
            .get(location.replacen("localhost", "127.0.0.1", 1))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// A whole sign-in: the browser's side and the app's, together.
    pub async fn sign_in(&self) -> (String, Result<AccountRecord, AuthError>) {
        let pending = self
            .auth
            .begin_sign_in(AuthorizeOptions::default())
            .await
            .unwrap();
        let url = pending.url.clone();
        tokio::join!(
            self.browse(&url, "accept"),
            self.auth.finish_sign_in(pending, Duration::from_secs(30))
        )
    }

    pub async fn connect(&self) {
        let (page, done) = self.sign_in().await;
        assert!(page.contains("You can close this tab"), "{page}");
        let record = done.expect("signed in");
        assert_eq!(record.username, DANA);
    }

    pub fn has_refresh_token(&self) -> bool {
        let entry = self.store.get(&format!("refresh-token:{VAULT_ACCOUNT}"));
        entry.unwrap().is_some()
    }

    pub fn refresh_token(&self) -> String {
        self.store
            .get(&format!("refresh-token:{VAULT_ACCOUNT}"))
            .unwrap()
            .expect("refresh token in the keychain")
            .expose()
            .to_owned()
    }

    pub async fn me(&self) -> reqwest::StatusCode {
        let token = self.auth.access_token().await.unwrap();
        self.http
            .get(format!("{}/v1.0/me", self.emu.graph))
            .bearer_auth(token.expose())
            .send()
            .await
            .unwrap()
            .status()
    }
}

pub fn graph_client(e: &Env) -> GraphClient {
    // The session is shared with the Graph client in the app; here a second
    // Auth over the same keychain, record and clock plays that part.
    GraphClient::new(Arc::new(e.auth_clone()))
}

pub async fn patch_flags(e: &Env, flags: Value) {
    e.patch_control(&format!("/users/{DANA}/flags"), flags)
        .await;
}
