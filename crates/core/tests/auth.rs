//! Sign-in, refresh and re-authorization against the Microsoft 365 emulator
//! over real HTTP on loopback, with the browser played by an HTTP client.

// A panic in a test is its failure report.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::{DateTime, Utc};
use meeting_tray_core::auth::client::{self, AuthorizeOptions};
use meeting_tray_core::auth::{AuthError, ErrorClass};
use meeting_tray_core::graph::connection_test;
use msgraph_emulator::Settings;
use serde_json::{json, Value};

const DANA: &str = "dana@contoso.example";

use common::*;

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
    // Inactivity: 91 days without use (AADSTS700082), with the app's own
    // 30-day policy off so the token endpoint is what answers.
    let e = env_with(Settings::default(), |s| s.reauthorize_after_days = 0).await;
    e.connect().await;
    e.advance(91 * 86400).await;
    let e2 = e.auth.access_token().await.unwrap_err();
    assert_eq!(e2.class(), ErrorClass::NeedsReauth, "{e2}");
    assert!(e2.to_string().contains("700082"), "{e2}");
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
    // A keychain that takes only short secrets, as Windows' does: the refresh
    // token goes to the sealed file, which must not show it either.
    let store = std::sync::Arc::new(meeting_tray_core::secrets::MemoryStore::with_limit(64));
    let e = env_full(Settings::default(), |_| {}, store).await;
    e.connect().await;
    let vault = e.vault();
    let first = vault.load().unwrap().unwrap().expose().to_owned();
    let access = e.auth.access_token().await.unwrap().expose().to_owned();
    e.advance(2 * 3600).await;
    e.auth.access_token().await.unwrap();
    let rotated = vault.load().unwrap().unwrap().expose().to_owned();
    assert_ne!(first, rotated);
    let files = walk(e.dir.path());
    assert!(
        files
            .iter()
            .any(|f| f.extension().is_some_and(|x| x == "sealed")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|f| f.ends_with("account.json")),
        "{files:?}"
    );
    for entry in files {
        let bytes = std::fs::read(&entry).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for (what, token) in [
            ("access", &access),
            ("first refresh", &first),
            ("rotated refresh", &rotated),
        ] {
            assert!(
                !text.contains(token.as_str()),
                "{entry:?} holds the {what} token"
            );
        }
        // JWTs (access and ID tokens) start with a base64 '{"'.
        assert!(
            !text.contains("eyJ"),
            "{entry:?} holds something like a JWT"
        );
    }
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

/// The command line changes the account while the app runs: the app's
/// `Auth` follows the record file instead of undoing the change.
#[tokio::test]
async fn an_auth_follows_sign_ins_and_disconnects_made_elsewhere() {
    let e = env().await;
    let app = e.auth_clone();
    assert_eq!(app.status().await.state, "not_connected");
    e.connect().await;
    assert_eq!(app.status().await.state, "connected");
    assert!(app.access_token().await.is_ok());
    e.auth.disconnect().await.unwrap();
    assert_eq!(app.status().await.state, "not_connected");
    assert!(matches!(
        app.access_token().await,
        Err(AuthError::NotConnected)
    ));
}

#[tokio::test]
async fn a_changed_registration_never_gets_the_old_refresh_token() {
    let e = env().await;
    e.connect().await;
    let mut other = e.auth.config().clone();
    other.client_id = "11111111-2222-3333-4444-555555555555".into();
    let moved = meeting_tray_core::auth::Auth::new(
        other,
        e.vault(),
        &e.dir.path().join("config"),
        std::sync::Arc::new(chrono::Utc::now),
    );
    let before = e.requests().await.len();
    let err = moved.access_token().await.unwrap_err();
    assert!(matches!(err, AuthError::SettingsChanged), "{err}");
    assert_eq!(moved.status().await.state, "reconnect_needed");
    assert_eq!(
        e.requests().await.len(),
        before,
        "nothing was sent anywhere"
    );
}

#[tokio::test]
async fn graph_refusing_a_fresh_token_asks_for_a_new_sign_in() {
    let e = env().await;
    e.connect().await;
    let graph = graph_client(&e);
    e.control(
        "/faults",
        json!({"route": "me", "status": 401, "code": "InvalidAuthenticationToken", "times": 2}),
    )
    .await;
    let err = graph.get(&["me"], &[]).await.unwrap_err();
    assert!(
        matches!(
            err,
            meeting_tray_core::graph::GraphError::Auth(AuthError::GraphRefused)
        ),
        "{err}"
    );
    assert_eq!(graph.auth().status().await.state, "reconnect_needed");
}
