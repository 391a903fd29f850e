//! Sign-in, refresh and re-authorization against the Microsoft 365 emulator
//! over real HTTP on loopback, with the browser played by an HTTP client.

// The helpers below are test code too: a panic is the failure report.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use meeting_tray_core::auth::client::{self, AuthorizeOptions};
use meeting_tray_core::auth::record::AccountRecord;
use meeting_tray_core::auth::session::VAULT_ACCOUNT;
use meeting_tray_core::auth::{Auth, AuthError, AuthSettings, Cloud, ErrorClass};
use meeting_tray_core::graph::{connection_test, GraphClient};
use meeting_tray_core::secrets::{MemoryStore, SecretStore, TokenVault};
use msgraph_emulator::{Options, Running, Settings};
use serde_json::{json, Value};

const DANA: &str = "dana@contoso.example";

struct Env {
    emu: Running,
    http: reqwest::Client,
    /// Seconds the app's clock is ahead of the real one (the emulator's is moved alongside).
    offset: Arc<AtomicI64>,
    store: Arc<MemoryStore>,
    dir: tempfile::TempDir,
    auth: Auth,
}

async fn env_with(settings: Settings, tweak: impl FnOnce(&mut AuthSettings)) -> Env {
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
    let store = Arc::new(MemoryStore::new());
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

async fn env() -> Env {
    env_with(Settings::default(), |_| {}).await
}

fn between<'a>(s: &'a str, a: &str, b: &str) -> &'a str {
    let start = s.find(a).expect(a) + a.len();
    let end = s[start..].find(b).expect(b);
    &s[start..start + end]
}

impl Env {
    async fn control(&self, path: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}{path}", self.emu.control))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap_or(Value::Null)
    }

    /// Moves both clocks forward.
    async fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::SeqCst);
        self.control("/clock", json!({ "seconds": seconds })).await;
    }

    /// Plays the browser: the sign-in page, its form, then the redirect to the
    /// app's loopback listener. Returns the listener's answer page.
    async fn browse(&self, url: &url::Url, action: &str) -> String {
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
    async fn sign_in(&self) -> (String, Result<AccountRecord, AuthError>) {
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

    async fn connect(&self) {
        let (page, done) = self.sign_in().await;
        assert!(page.contains("You can close this tab"), "{page}");
        let record = done.expect("signed in");
        assert_eq!(record.username, DANA);
    }

    fn has_refresh_token(&self) -> bool {
        let entry = self.store.get(&format!("refresh-token:{VAULT_ACCOUNT}"));
        entry.unwrap().is_some()
    }

    fn refresh_token(&self) -> String {
        self.store
            .get(&format!("refresh-token:{VAULT_ACCOUNT}"))
            .unwrap()
            .expect("refresh token in the keychain")
            .expose()
            .to_owned()
    }

    async fn me(&self) -> reqwest::StatusCode {
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

#[tokio::test]
async fn full_sign_in_then_refresh_rotates_the_stored_token() {
    let e = env().await;
    assert_eq!(e.auth.status().await.state, "not_connected");
    assert!(matches!(
        e.auth.access_token().await,
        Err(AuthError::NotConnected)
    ));
    e.connect().await;
    let status = e.auth.status().await;
    assert_eq!(status.state, "connected");
    assert_eq!(status.display_name.as_deref(), Some("Dana Reyes"));
    assert!(status.reconnect_by.is_some());
    assert_eq!(e.me().await, reqwest::StatusCode::OK);

    let first = e.refresh_token();
    // Past the access token's lifetime (4417 s): the next call refreshes.
    e.advance(2 * 3600).await;
    assert_eq!(e.me().await, reqwest::StatusCode::OK);
    let second = e.refresh_token();
    assert_ne!(first, second, "the refresh token rotates");
    assert!(e.auth.status().await.last_refresh_at.is_some());

    // The URL asked for what the issue lists, with PKCE S256 and a state.
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let q: Vec<(String, String)> = pending.url.query_pairs().into_owned().collect();
    let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(get("response_type").as_deref(), Some("code"));
    assert_eq!(
        get("scope").as_deref(),
        Some("openid profile offline_access User.Read Calendars.ReadWrite MailboxSettings.Read")
    );
    assert!(get("state").is_some_and(|s| s.len() >= 16));
    assert_eq!(
        get("login_hint").as_deref(),
        Some(DANA),
        "a reconnect hints the account"
    );
    assert!(get("redirect_uri")
        .unwrap()
        .starts_with("http://localhost:"));

    e.auth.disconnect().await.unwrap();
    assert!(!e.has_refresh_token());
    assert_eq!(e.auth.status().await.state, "not_connected");
}

fn redirect_port(url: &url::Url) -> u16 {
    let redirect = url
        .query_pairs()
        .find(|(k, _)| k == "redirect_uri")
        .expect("redirect_uri")
        .1
        .into_owned();
    url::Url::parse(&redirect).unwrap().port().expect("port")
}

#[tokio::test]
async fn a_reply_with_another_state_is_refused_and_the_real_one_still_lands() {
    let e = env().await;
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let url = pending.url.clone();
    let port = redirect_port(&url);
    let browser = async {
        let r = e
            .http
            .get(format!("http://127.0.0.1:{port}/?code=stolen&state=forged"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::BAD_REQUEST);
        e.browse(&url, "accept").await
    };
    let (page, done) = tokio::join!(
        browser,
        e.auth.finish_sign_in(pending, Duration::from_secs(30))
    );
    assert!(page.contains("You can close this tab"));
    done.expect("the real reply signs in");
}

/// The emulator checks PKCE and single use; the client reports both as
/// "sign in again" with the AADSTS code.
#[tokio::test]
async fn pkce_mismatch_and_code_reuse_are_rejected() {
    let e = env().await;
    let config = e.auth.config().clone();
    let lb = meeting_tray_core::auth::loopback::Loopback::bind()
        .await
        .unwrap();
    let redirect = lb.redirect_uri();
    let a = client::authorization(&config, &redirect, &AuthorizeOptions::default()).unwrap();
    let other = client::authorization(&config, &redirect, &AuthorizeOptions::default()).unwrap();
    let state = a.state.secret().clone();
    let url = a.url.clone();
    let (_, cb) = tokio::join!(
        e.browse(&url, "accept"),
        lb.wait(&state, Duration::from_secs(30))
    );
    let code = match cb.unwrap() {
        meeting_tray_core::auth::loopback::Callback::Code(c) => c,
        other => panic!("{other:?}"),
    };
    // Wrong verifier: AADSTS501481.
    let wrong = client::Authorization {
        verifier: other.verifier,
        ..a
    };
    let err = client::redeem(&config, e.auth.http(), wrong, code.clone(), Utc::now())
        .await
        .unwrap_err();
    match &err {
        AuthError::Service(aad) => assert_eq!(aad.code(), Some(501481), "{aad:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.class(), ErrorClass::NeedsReauth);

    // A fresh code, redeemed twice: the second time AADSTS54005.
    let lb = meeting_tray_core::auth::loopback::Loopback::bind()
        .await
        .unwrap();
    let redirect = lb.redirect_uri();
    let a = client::authorization(&config, &redirect, &AuthorizeOptions::default()).unwrap();
    let state = a.state.secret().clone();
    let url = a.url.clone();
    let (_, cb) = tokio::join!(
        e.browse(&url, "accept"),
        lb.wait(&state, Duration::from_secs(30))
    );
    let meeting_tray_core::auth::loopback::Callback::Code(code) = cb.unwrap() else {
        panic!("no code")
    };
    let verifier = a.verifier.secret().clone();
    client::redeem(&config, e.auth.http(), a, code.clone(), Utc::now())
        .await
        .expect("first redemption");
    let again = client::Authorization {
        url: url.clone(),
        state: oauth2::CsrfToken::new(state),
        verifier: oauth2::PkceCodeVerifier::new(verifier),
        redirect_uri: redirect,
    };
    let err = client::redeem(&config, e.auth.http(), again, code, Utc::now())
        .await
        .unwrap_err();
    match err {
        AuthError::Service(aad) => assert_eq!(aad.code(), Some(54005), "{aad:?}"),
        other => panic!("{other:?}"),
    }
}

async fn redirect_error(e: &Env, outcome: Value) -> AuthError {
    e.control("/authorize-outcome", outcome).await;
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let url = pending.url.clone();
    let (page, done) = tokio::join!(
        e.browse(&url, "accept"),
        e.auth.finish_sign_in(pending, Duration::from_secs(30))
    );
    assert!(page.contains("not connected"), "{page}");
    done.expect_err("sign-in must fail")
}

#[tokio::test]
async fn browser_side_failures_become_clear_classes() {
    let e = env().await;
    let err = redirect_error(&e, json!({"outcome": "cancel"})).await;
    assert_eq!(err.class(), ErrorClass::Cancelled, "{err}");
    let err = redirect_error(&e, json!({"outcome": "decline_consent"})).await;
    assert_eq!(err.class(), ErrorClass::ConsentDeclined, "{err}");
    assert!(err.to_string().contains("AADSTS65004"), "{err}");
    // Nobody comes back: the wait ends with a message, not a hang.
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let err = e
        .auth
        .finish_sign_in(pending, Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Connect again"), "{err}");
}

#[tokio::test]
async fn refresh_failures_are_sorted_into_retry_reconnect_and_configuration() {
    let e = env().await;
    e.connect().await;
    // Transient: one 503 from the token endpoint is retried by itself.
    e.control(
        "/faults",
        json!({"route": "token", "status": 503, "times": 1}),
    )
    .await;
    e.advance(2 * 3600).await;
    assert_eq!(e.me().await, reqwest::StatusCode::OK);
    // Transient, persistently: reported as such and the token is kept.
    e.control(
        "/faults",
        json!({"route": "token", "status": 503, "times": 5}),
    )
    .await;
    e.advance(2 * 3600).await;
    let err = e.auth.access_token().await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::Transient, "{err}");
    assert_eq!(
        e.auth.status().await.state,
        "connected",
        "a transient problem needs no reconnect"
    );
    e.http
        .delete(format!("{}/faults", e.emu.control))
        .send()
        .await
        .unwrap();
    // Needs re-authorization: the grant was revoked (AADSTS50173).
    e.control(&format!("/users/{DANA}/tokens/revoke"), json!({}))
        .await;
    let err = e.auth.access_token().await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::NeedsReauth, "{err}");
    assert!(err.to_string().contains("50173"), "{err}");
    let status = e.auth.status().await;
    assert_eq!(status.state, "reconnect_needed");
    assert!(!e.has_refresh_token());
    // Reconnecting clears the problem.
    e.connect().await;
    assert_eq!(e.auth.status().await.state, "connected");
    // Inactivity: 91 days without use (AADSTS700082).
    e.advance(91 * 86400).await;
    let e2 = e.auth.access_token().await.unwrap_err();
    assert_eq!(e2.class(), ErrorClass::NeedsReauth, "{e2}");
}

#[tokio::test]
async fn a_wrong_client_id_is_a_configuration_problem() {
    let e = env_with(Settings::default(), |s| {
        s.client_id = Some("11111111-2222-3333-4444-555555555555".into());
    })
    .await;
    // Entra shows an error page and never redirects (AADSTS700016).
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let page = e.http.get(pending.url.clone()).send().await.unwrap();
    assert!(!page.status().is_redirection());
    assert!(page.text().await.unwrap().contains("700016"));
    // At the token endpoint the same ID is a configuration error.
    let rt = meeting_tray_core::secrets::Secret::new("1.not-a-token".into());
    let err = client::refresh(e.auth.config(), e.auth.http(), &rt, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.class(), ErrorClass::Configuration, "{err}");
}

#[tokio::test]
async fn reauthorization_deadline_with_an_injected_clock() {
    let e = env().await;
    e.connect().await;
    let due: DateTime<Utc> = e.auth.status().await.reconnect_by.expect("policy on");
    e.advance(26 * 86400).await;
    assert_eq!(e.auth.status().await.state, "reconnect_soon");
    assert_eq!(
        e.me().await,
        reqwest::StatusCode::OK,
        "still refreshes before the deadline"
    );
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    assert!(pending
        .url
        .query_pairs()
        .any(|(k, v)| k == "prompt" && v == "login"));
    drop(pending);
    e.advance(5 * 86400).await;
    assert!(Utc::now() + chrono::Duration::seconds(e.offset.load(Ordering::SeqCst)) > due);
    let err = e.auth.access_token().await.unwrap_err();
    assert!(matches!(err, AuthError::ReauthDue { days: 30 }), "{err}");
    assert_eq!(e.auth.status().await.state, "reconnect_needed");
    assert!(!e.has_refresh_token());
    e.connect().await;
    assert_eq!(e.auth.status().await.state, "connected");
    assert!(e.auth.status().await.reconnect_by.unwrap() > due);
}

#[tokio::test]
async fn national_cloud_sign_in_uses_qualified_scopes() {
    let e = env_with(
        Settings {
            cloud: msgraph_emulator::cloud::Cloud::GccHigh,
            ..Settings::default()
        },
        |_| {},
    )
    .await;
    let pending = e
        .auth
        .begin_sign_in(AuthorizeOptions::default())
        .await
        .unwrap();
    let scope = pending
        .url
        .query_pairs()
        .find(|(k, _)| k == "scope")
        .unwrap()
        .1
        .into_owned();
    assert!(
        scope.contains("https://graph.microsoft.us/Calendars.ReadWrite"),
        "{scope}"
    );
    drop(pending);
    e.connect().await;
    assert_eq!(e.me().await, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn nothing_the_app_writes_holds_a_token() {
    let e = env().await;
    e.connect().await;
    let access = e.auth.access_token().await.unwrap().expose().to_owned();
    let refresh = e.refresh_token();
    let mut seen = 0;
    for entry in walk(e.dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(&access), "{entry:?} holds the access token");
        assert!(
            !text.contains(&refresh),
            "{entry:?} holds the refresh token"
        );
        seen += 1;
    }
    assert!(seen >= 1, "the account record was written");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn graph_client(e: &Env) -> GraphClient {
    // The session is shared with the Graph client in the app; here a fresh
    // Auth over the same keychain and record plays that part.
    GraphClient::new(Arc::new(Auth::new(
        e.auth.config().clone(),
        TokenVault::new(e.store.clone(), e.dir.path().join("data"), VAULT_ACCOUNT),
        &e.dir.path().join("config"),
        Arc::new(Utc::now),
    )))
}

#[tokio::test]
async fn connection_test_checks_every_permission_with_a_real_call() {
    let e = env().await;
    e.connect().await;
    let checks = connection_test::run(&graph_client(&e), false).await;
    let perms: Vec<&str> = checks.iter().map(|c| c.permission).collect();
    assert_eq!(
        perms,
        [
            "User.Read",
            "Calendars.Read",
            "Calendars.ReadWrite",
            "MailboxSettings.Read"
        ]
    );
    assert!(checks.iter().all(|c| c.ok), "{checks:#?}");
    assert!(checks[0].detail.contains(DANA));
    assert!(
        checks[3].detail.contains("Pacific Standard Time"),
        "{checks:#?}"
    );
    // The write check leaves nothing behind.
    let events = e
        .http
        .get(format!("{}/users/{DANA}/events", e.emu.control))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(events.as_array().map(Vec::len), Some(0), "{events}");
}

#[tokio::test]
async fn a_read_only_grant_fails_the_write_check_with_the_reason() {
    let e = env_with(Settings::default(), |s| s.read_only = true).await;
    e.connect().await;
    let checks = connection_test::run(&graph_client(&e), false).await;
    let write = checks
        .iter()
        .find(|c| c.permission == "Calendars.ReadWrite")
        .unwrap();
    assert!(!write.ok);
    assert!(
        write.detail.contains("ErrorAccessDenied"),
        "{}",
        write.detail
    );
    assert!(
        write.detail.contains("admin-consent-url"),
        "{}",
        write.detail
    );
    assert!(checks.iter().filter(|c| c.ok).count() == 3, "{checks:#?}");
}

#[tokio::test]
async fn graph_401_refreshes_once_and_retries() {
    let e = env().await;
    e.connect().await;
    let graph = graph_client(&e);
    assert!(graph.get(&["me"], &[]).await.is_ok());
    // Only Graph's clock moves: the app still believes its token valid.
    e.control("/clock", json!({ "seconds": 2 * 3600 })).await;
    let me = graph
        .get(&["me"], &[])
        .await
        .expect("refreshed after the 401");
    assert_eq!(me["userPrincipalName"], DANA);
}

async fn patch_flags(e: &Env, flags: Value) {
    let r = e
        .http
        .patch(format!("{}/users/{DANA}/flags", e.emu.control))
        .json(&flags)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
}

/// Conditional Access: MFA now required (AADSTS50076) and a sign-in
/// frequency (AADSTS70043) both ask the user to sign in again.
#[tokio::test]
async fn conditional_access_needs_a_new_sign_in() {
    let e = env().await;
    e.connect().await;
    patch_flags(&e, json!({"require_mfa": true})).await;
    e.advance(2 * 3600).await;
    let err = e.auth.access_token().await.unwrap_err();
    assert_eq!(err.class(), ErrorClass::NeedsReauth, "{err}");
    assert!(err.to_string().contains("50076"), "{err}");
    patch_flags(
        &e,
        json!({"require_mfa": false, "sign_in_frequency_days": 1}),
    )
    .await;
    e.connect().await;
    e.advance(2 * 86400).await;
    let err = e.auth.access_token().await.unwrap_err();
    assert!(err.to_string().contains("70043"), "{err}");
    assert_eq!(e.auth.status().await.state, "reconnect_needed");
}
