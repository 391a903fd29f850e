//! Conformance of the identity platform emulation with
//! shared/reference/microsoft-graph.md §1 (checklist §9 "Identity").

mod common;

use common::*;
use msgraph_emulator::cloud::Cloud;
use msgraph_emulator::Settings;
use reqwest::StatusCode;
use serde_json::json;

/// §1.1: discovery per cloud carries msgraph_host, cloud_instance_name and the region scopes.
#[tokio::test]
async fn discovery_document_names_the_graph_host_of_each_cloud() {
    for (cloud, graph, instance) in [
        (
            Cloud::Worldwide,
            "graph.microsoft.com",
            "microsoftonline.com",
        ),
        (Cloud::GccHigh, "graph.microsoft.us", "microsoftonline.us"),
        (Cloud::Dod, "dod-graph.microsoft.us", "microsoftonline.us"),
        (
            Cloud::China,
            "microsoftgraph.chinacloudapi.cn",
            "partner.microsoftonline.cn",
        ),
    ] {
        let emu = Emu::with(Settings {
            cloud,
            ..Settings::default()
        })
        .await;
        let doc: serde_json::Value = emu
            .http
            .get(format!(
                "{}/organizations/v2.0/.well-known/openid-configuration",
                emu.authority()
            ))
            .send()
            .await
            .expect("discovery")
            .json()
            .await
            .expect("json");
        assert_eq!(doc["msgraph_host"], graph);
        assert_eq!(doc["cloud_instance_name"], instance);
        assert!(doc["tenant_region_scope"].is_string());
        assert_eq!(
            doc["authorization_endpoint"],
            format!("{}/organizations/oauth2/v2.0/authorize", emu.authority())
        );
        assert_eq!(
            doc["issuer"],
            format!("{}/{{tenantid}}/v2.0", emu.authority())
        );
    }
    let gcc = Emu::with(Settings {
        cloud: Cloud::Gcc,
        ..Settings::default()
    })
    .await;
    let doc: serde_json::Value = gcc
        .http
        .get(format!(
            "{}/contoso.example/v2.0/.well-known/openid-configuration",
            gcc.authority()
        ))
        .send()
        .await
        .expect("discovery")
        .json()
        .await
        .expect("json");
    assert_eq!(doc["tenant_region_sub_scope"], "GCC");
    assert_eq!(doc["msgraph_host"], "graph.microsoft.com");
    assert_eq!(
        doc["issuer"],
        format!(
            "{}/{}/v2.0",
            gcc.authority(),
            msgraph_emulator::world::TENANT_ID
        )
    );
}

/// §1.1: tenant segment forms; unknown tenants are AADSTS90002, /consumers 9002332.
#[tokio::test]
async fn tenant_segment_forms() {
    let emu = Emu::new().await;
    for tenant in [
        "common",
        "organizations",
        msgraph_emulator::world::TENANT_ID,
        "contoso.example",
    ] {
        let url = emu
            .authorize_url(&[])
            .replace("/organizations/", &format!("/{tenant}/"));
        let r = emu.http.get(url).send().await.expect("authorize");
        assert_eq!(r.status(), StatusCode::OK, "{tenant}");
    }
    let unknown = emu
        .http
        .get(
            emu.authorize_url(&[])
                .replace("/organizations/", "/fabrikam.example/"),
        )
        .send()
        .await
        .expect("authorize");
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert!(unknown.headers().get("location").is_none());
    assert!(unknown.text().await.expect("text").contains("AADSTS90002"));
    let r = emu
        .http
        .post(format!("{}/consumers/oauth2/v2.0/token", emu.authority()))
        .form(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
        ])
        .send()
        .await
        .expect("token");
    aad_error(r, StatusCode::BAD_REQUEST, "invalid_request", 9002332).await;
}

/// §1.2: an unknown client_id gets an error page (AADSTS700016) and no redirect.
#[tokio::test]
async fn unknown_client_gets_an_error_page_not_a_redirect() {
    let emu = Emu::new().await;
    let url = emu
        .authorize_url(&[])
        .replace(emu.client_id(), "11111111-2222-3333-4444-555555555555");
    let r = emu.http.get(url).send().await.expect("authorize");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get("location").is_none());
    assert!(r.text().await.expect("text").contains("AADSTS700016"));
}

/// §1.7: the loopback port is ignored, the path is exact, a path-less URI comes
/// back with a trailing slash, IPv6 loopback is not supported.
#[tokio::test]
async fn redirect_uri_rules() {
    let emu = Emu::new().await;
    for (uri, ok) in [
        ("http://localhost:1234", true),
        ("http://localhost:40000/", true),
        ("http://127.0.0.1:40000/", true),
        ("http://localhost:40000/callback", false),
        ("http://[::1]:40000/", false),
        ("https://localhost:40000/", false),
        ("http://evil.example/", false),
    ] {
        let url = emu.authorize_url(&[]).replace(
            &format!(
                "redirect_uri={}",
                url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>()
            ),
            &format!(
                "redirect_uri={}",
                url::form_urlencoded::byte_serialize(uri.as_bytes()).collect::<String>()
            ),
        );
        if ok {
            let r = emu.submit_page(&url, DANA, "accept").await;
            let to = location(&r);
            let expected = if uri.ends_with('/') {
                uri.to_owned()
            } else {
                format!("{uri}/")
            };
            assert!(to.starts_with(&format!("{expected}?code=")), "{uri} → {to}");
        } else {
            let r = emu.http.get(&url).send().await.expect("authorize");
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{uri}");
            assert!(r.headers().get("location").is_none(), "{uri}");
            assert!(
                r.text().await.expect("text").contains("AADSTS50011"),
                "{uri}"
            );
        }
    }
}

/// §1.2: the page is a real account picker with consent, Accept and Cancel;
/// Accept redirects with code, state and session_state.
#[tokio::test]
async fn sign_in_page_accept_redirects_with_code_and_state() {
    let emu = Emu::new().await;
    let page = emu
        .http
        .get(emu.authorize_url(&[]))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains(DANA) && page.contains("id=\"accept\"") && page.contains("id=\"cancel\"")
    );
    assert!(
        page.contains("Have full access to your calendars"),
        "consent lists the permissions"
    );
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "accept")
        .await;
    let to = location(&r);
    assert!(query_param(&to, "code").is_some());
    assert_eq!(query_param(&to, "state").as_deref(), Some("st-123"));
    assert!(query_param(&to, "session_state").is_some());
    assert!(
        r.headers().get("set-cookie").is_some(),
        "a browser session starts"
    );
}

/// §1.2: Cancel → error=access_denied&error_subcode=cancel with the state.
#[tokio::test]
async fn cancel_redirects_access_denied_with_subcode_cancel() {
    let emu = Emu::new().await;
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "cancel")
        .await;
    let to = location(&r);
    assert_eq!(query_param(&to, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&to, "error_subcode").as_deref(), Some("cancel"));
    assert_eq!(query_param(&to, "state").as_deref(), Some("st-123"));
    assert!(query_param(&to, "error_description")
        .expect("description")
        .starts_with("AADSTS"));
    assert!(query_param(&to, "code").is_none());
}

/// §1.2: scripted outcomes for end-to-end tests of the app.
#[tokio::test]
async fn scripted_outcomes() {
    let emu = Emu::new().await;
    emu.control_post(
        "/authorize-outcome",
        json!({ "outcome": "decline_consent" }),
    )
    .await;
    let to = location(
        &emu.http
            .get(emu.authorize_url(&[]))
            .send()
            .await
            .expect("authorize"),
    );
    assert_eq!(query_param(&to, "error").as_deref(), Some("access_denied"));
    assert!(query_param(&to, "error_description")
        .expect("d")
        .starts_with("AADSTS65004:"));

    emu.control_post(
        "/authorize-outcome",
        json!({ "outcome": "admin_approval_required" }),
    )
    .await;
    let r = emu
        .http
        .get(emu.authorize_url(&[]))
        .send()
        .await
        .expect("authorize");
    assert_eq!(r.status(), StatusCode::OK);
    let page = r.text().await.expect("html");
    assert!(page.contains("AADSTS90094") && page.contains("Need admin approval"));

    emu.control_post("/authorize-outcome", json!({ "outcome": "no_callback" }))
        .await;
    let r = emu
        .http
        .get(emu.authorize_url(&[]))
        .send()
        .await
        .expect("authorize");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().get("location").is_none());

    emu.control_post(
        "/authorize-outcome",
        json!({ "outcome": "success", "user": DANA }),
    )
    .await;
    let to = location(
        &emu.http
            .get(emu.authorize_url(&[]))
            .send()
            .await
            .expect("authorize"),
    );
    assert!(query_param(&to, "code").is_some());

    emu.control_post("/authorize-outcome", json!({ "outcome": "cancel" }))
        .await;
    let to = location(
        &emu.http
            .get(emu.authorize_url(&[]))
            .send()
            .await
            .expect("authorize"),
    );
    assert_eq!(query_param(&to, "error_subcode").as_deref(), Some("cancel"));
}

/// §1.2: prompt=none answers without UI: login_required, consent_required,
/// interaction_required (MFA) or a code when the session suffices.
#[tokio::test]
async fn prompt_none_outcomes() {
    let emu = Emu::new().await;
    let silent = emu.authorize_url(&[("prompt", "none")]);
    let to = location(&emu.http.get(&silent).send().await.expect("authorize"));
    assert_eq!(query_param(&to, "error").as_deref(), Some("login_required"));

    // Sign in once to get a session cookie (with consent for the usual scopes).
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "accept")
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let with_cookie = |url: &str| emu.http.get(url).header("cookie", cookie.clone()).send();
    let to = location(&with_cookie(&silent).await.expect("authorize"));
    assert!(query_param(&to, "code").is_some(), "{to}");

    let more = silent.replace("scope=openid", "scope=MailboxSettings.ReadWrite+openid");
    let to = location(&with_cookie(&more).await.expect("authorize"));
    assert_eq!(
        query_param(&to, "error").as_deref(),
        Some("consent_required")
    );

    emu.control_patch(
        &format!("/users/{DANA}/flags"),
        json!({ "require_mfa": true }),
    )
    .await;
    let to = location(&with_cookie(&silent).await.expect("authorize"));
    assert_eq!(
        query_param(&to, "error").as_deref(),
        Some("interaction_required")
    );
}

/// §1.6: single sign-on with a session; prompt=login and max_age force the page again.
#[tokio::test]
async fn prompt_login_and_max_age_force_the_page() {
    let emu = Emu::new().await;
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "accept")
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    let sso = emu
        .http
        .get(emu.authorize_url(&[]))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("authorize");
    assert_eq!(
        sso.status(),
        StatusCode::FOUND,
        "an existing session signs in silently"
    );
    let forced = emu
        .http
        .get(emu.authorize_url(&[("prompt", "login")]))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("authorize");
    assert_eq!(
        forced.status(),
        StatusCode::OK,
        "prompt=login shows the page"
    );
    emu.advance(120).await;
    let aged = emu
        .http
        .get(emu.authorize_url(&[("max_age", "60")]))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("authorize");
    assert_eq!(
        aged.status(),
        StatusCode::OK,
        "max_age shorter than the session's age shows the page"
    );
}

/// §1.2/§1.3: PKCE S256 verified; wrong verifier → 501481; plain also works.
#[tokio::test]
async fn pkce_is_verified() {
    let emu = Emu::new().await;
    let verifier = "a".repeat(43);
    let challenge = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        <sha2::Sha256 as sha2::Digest>::digest(verifier.as_bytes()),
    );
    let url = emu.authorize_url(&[
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    aad_error(
        emu.redeem(&code, &"b".repeat(43)).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        501481,
    )
    .await;

    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    assert_eq!(emu.redeem(&code, &verifier).await.status(), StatusCode::OK);

    let plain = "p".repeat(50);
    let url = emu.authorize_url(&[
        ("code_challenge", &plain),
        ("code_challenge_method", "plain"),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    assert_eq!(emu.redeem(&code, &plain).await.status(), StatusCode::OK);

    let short = emu.authorize_url(&[
        ("code_challenge", "tooshort"),
        ("code_challenge_method", "S256"),
    ]);
    let to = location(&emu.http.get(short).send().await.expect("authorize"));
    assert_eq!(
        query_param(&to, "error").as_deref(),
        Some("invalid_request")
    );
}

/// §1.3: codes are single-use (54005) and expire after 10 minutes (70008);
/// redirect_uri must equal the one used on /authorize.
#[tokio::test]
async fn codes_are_single_use_expire_and_bind_the_redirect_uri() {
    let emu = Emu::new().await;
    let verifier = "c".repeat(43);
    let url = emu.authorize_url(&[
        ("code_challenge", &verifier),
        ("code_challenge_method", "plain"),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    assert_eq!(emu.redeem(&code, &verifier).await.status(), StatusCode::OK);
    aad_error(
        emu.redeem(&code, &verifier).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        54005,
    )
    .await;

    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    let other = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost:9999/"),
            ("code_verifier", &verifier),
        ])
        .await;
    aad_error(other, StatusCode::BAD_REQUEST, "invalid_grant", 50011).await;

    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    emu.advance(11 * 60).await;
    aad_error(
        emu.redeem(&code, &verifier).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        70008,
    )
    .await;
}

/// §1.3: a public client must not send a secret (700025, 401); a Web-platform
/// registration demands one (7000218, 401); requests must be form-encoded.
#[tokio::test]
async fn client_authentication_errors_are_401_invalid_client() {
    let emu = Emu::new().await;
    let r = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_secret", "s"),
        ])
        .await;
    aad_error(r, StatusCode::UNAUTHORIZED, "invalid_client", 700025).await;
    let r = emu
        .token(&[
            ("client_id", msgraph_emulator::world::WEB_CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
        ])
        .await;
    aad_error(r, StatusCode::UNAUTHORIZED, "invalid_client", 7000218).await;
    let r = emu
        .http
        .post(format!(
            "{}/organizations/oauth2/v2.0/token",
            emu.authority()
        ))
        .json(&json!({ "grant_type": "refresh_token" }))
        .send()
        .await
        .expect("token");
    aad_error(r, StatusCode::BAD_REQUEST, "invalid_request", 900144).await;
    let r = emu
        .token(&[("client_id", emu.client_id()), ("grant_type", "password")])
        .await;
    aad_error(r, StatusCode::BAD_REQUEST, "unsupported_grant_type", 70003).await;
}

/// §1.5: the success JSON, its headers, and the ID token's claims.
#[tokio::test]
async fn token_response_shape_and_id_token_claims() {
    let emu = Emu::new().await;
    let verifier = "d".repeat(43);
    let url = emu.authorize_url(&[
        ("code_challenge", &verifier),
        ("code_challenge_method", "plain"),
        ("nonce", "n-1"),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    let r = emu
        .http
        .post(format!(
            "{}/organizations/oauth2/v2.0/token",
            emu.authority()
        ))
        .header("client-request-id", "9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff")
        .header("return-client-request-id", "true")
        .form(&[
            ("client_id", emu.client_id()),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
        ])
        .send()
        .await
        .expect("token");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["cache-control"]
        .to_str()
        .expect("ascii")
        .contains("no-store"));
    assert_eq!(r.headers()["pragma"], "no-cache");
    assert_eq!(
        r.headers()["client-request-id"],
        "9a8b7c6d-aaaa-bbbb-cccc-ddddeeeeffff"
    );
    let t: serde_json::Value = r.json().await.expect("json");
    assert_eq!(t["token_type"], "Bearer");
    assert!(t["expires_in"].as_i64().expect("int") > 0);
    assert_eq!(t["ext_expires_in"], t["expires_in"]);
    for f in ["access_token", "refresh_token", "id_token", "scope"] {
        assert!(t[f].is_string(), "{f}");
    }
    let scope = t["scope"].as_str().expect("scope");
    assert!(
        scope.contains("Calendars.ReadWrite") && !scope.contains("offline_access"),
        "{scope}"
    );
    let id = jwt_claims(t["id_token"].as_str().expect("id token"));
    assert_eq!(id["aud"], emu.client_id());
    assert_eq!(id["preferred_username"], DANA);
    assert_eq!(id["tid"], msgraph_emulator::world::TENANT_ID);
    assert_eq!(id["nonce"], "n-1");
    assert!(id["oid"].is_string() && id["auth_time"].is_i64());
    assert_eq!(
        id["iss"],
        format!(
            "{}/{}/v2.0",
            emu.authority(),
            msgraph_emulator::world::TENANT_ID
        )
    );
}

/// §1.4/§1.6: rotation: a new refresh token every time, the old one still valid
/// by default, rejected in strict mode; auth_time stays that of the sign-in.
#[tokio::test]
async fn refresh_rotation() {
    let emu = Emu::new().await;
    let first = emu.sign_in(DANA, SCOPES).await;
    let rt1 = first["refresh_token"].as_str().expect("rt").to_owned();
    let second: serde_json::Value = emu.refresh(&rt1).await.json().await.expect("json");
    let rt2 = second["refresh_token"].as_str().expect("rt").to_owned();
    assert_ne!(rt1, rt2);
    assert_ne!(first["access_token"], second["access_token"]);
    assert_eq!(
        jwt_claims(second["id_token"].as_str().expect("id"))["auth_time"],
        jwt_claims(first["id_token"].as_str().expect("id"))["auth_time"]
    );
    assert_eq!(
        emu.refresh(&rt1).await.status(),
        StatusCode::OK,
        "the old token stays usable"
    );

    let strict = Emu::with(Settings {
        strict_refresh_rotation: true,
        ..Settings::default()
    })
    .await;
    let t = strict.sign_in(DANA, SCOPES).await;
    let rt = t["refresh_token"].as_str().expect("rt");
    assert_eq!(strict.refresh(rt).await.status(), StatusCode::OK);
    aad_error(
        strict.refresh(rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        70008,
    )
    .await;
}

/// §1.6: 90 days of inactivity → 700082 with suberror bad_token.
#[tokio::test]
async fn refresh_token_expires_after_90_days_of_inactivity() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.advance(89 * 86400).await;
    assert_eq!(
        emu.refresh(&rt).await.status(),
        StatusCode::OK,
        "used within 90 days"
    );
    emu.advance(91 * 86400).await;
    let v = aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        700082,
    )
    .await;
    assert_eq!(v["suberror"], "bad_token");
}

/// §1.6: revocation (50173) and expiry (70008) of the grant.
#[tokio::test]
async fn revoked_and_expired_grants() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.control_post(&format!("/users/{DANA}/tokens/revoke"), json!({}))
        .await;
    aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        50173,
    )
    .await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.control_post(
        &format!("/users/{DANA}/tokens/revoke"),
        json!({ "kind": "expired" }),
    )
    .await;
    aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        70008,
    )
    .await;
}

/// §1.6 option 1: Conditional Access sign-in frequency → 70043 on refresh.
#[tokio::test]
async fn sign_in_frequency_fails_refresh_with_70043() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.control_patch(
        &format!("/users/{DANA}/flags"),
        json!({ "sign_in_frequency_days": 30 }),
    )
    .await;
    emu.advance(29 * 86400).await;
    assert_eq!(emu.refresh(&rt).await.status(), StatusCode::OK);
    emu.advance(2 * 86400).await;
    aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        70043,
    )
    .await;
}

/// §1.5: MFA step-up: invalid_grant + 50076 + suberror basic_action + claims;
/// consent revoked: 65001 + consent_required.
#[tokio::test]
async fn step_up_and_revoked_consent() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.control_patch(
        &format!("/users/{DANA}/flags"),
        json!({ "require_mfa": true }),
    )
    .await;
    let v = aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        50076,
    )
    .await;
    assert_eq!(v["suberror"], "basic_action");
    let claims: serde_json::Value =
        serde_json::from_str(v["claims"].as_str().expect("claims string")).expect("claims JSON");
    assert!(claims["access_token"].is_object());
    // An interactive sign-in satisfies MFA.
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    assert_eq!(emu.refresh(&rt).await.status(), StatusCode::OK);

    emu.control_post(&format!("/users/{DANA}/consent/revoke"), json!({}))
        .await;
    let v = aad_error(
        emu.refresh(&rt).await,
        StatusCode::BAD_REQUEST,
        "invalid_grant",
        65001,
    )
    .await;
    assert_eq!(v["suberror"], "consent_required");
}

/// §1.5/§9: transient failures at the token endpoint (fault injection).
#[tokio::test]
async fn token_endpoint_transient_errors() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    emu.control_post(
        "/faults",
        json!({ "route": "token", "status": 503, "retry_after": "5" }),
    )
    .await;
    let r = emu.refresh(&rt).await;
    assert_eq!(r.headers()["retry-after"], "5");
    aad_error(
        r,
        StatusCode::SERVICE_UNAVAILABLE,
        "temporarily_unavailable",
        90006,
    )
    .await;
    emu.control_post("/faults", json!({ "route": "token", "status": 500 }))
        .await;
    aad_error(
        emu.refresh(&rt).await,
        StatusCode::INTERNAL_SERVER_ERROR,
        "server_error",
        90033,
    )
    .await;
    assert_eq!(
        emu.refresh(&rt).await.status(),
        StatusCode::OK,
        "faults are used up"
    );
}

/// §1.2/§1.5: scopes for another cloud's Graph or unknown scopes are refused.
#[tokio::test]
async fn scope_errors() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    let r = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("scope", "https://graph.microsoft.us/User.Read"),
        ])
        .await;
    aad_error(r, StatusCode::BAD_REQUEST, "invalid_resource", 500011).await;
    let r = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("scope", "Files.ReadWrite.All"),
        ])
        .await;
    aad_error(r, StatusCode::BAD_REQUEST, "invalid_scope", 70011).await;
    let subset = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            (
                "scope",
                "https://graph.microsoft.com/User.Read offline_access",
            ),
        ])
        .await;
    assert_eq!(subset.status(), StatusCode::OK);
    let v: serde_json::Value = subset.json().await.expect("json");
    assert_eq!(v["scope"], "User.Read");
}

/// §1.8: tenant-wide admin consent redirects with admin_consent=True, tenant,
/// scope and state; a declined consent adds error fields; /common is refused.
#[tokio::test]
async fn admin_consent_endpoint() {
    let emu = Emu::new().await;
    emu.control_post(
        "/users",
        json!({ "upn": "admin@contoso.example", "display_name": "Admin", "is_admin": true }),
    )
    .await;
    emu.control_patch("/tenant", json!({ "user_consent_allowed": false }))
        .await;
    // Users cannot consent themselves now: the "Need admin approval" page.
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "accept")
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.expect("html").contains("AADSTS90094"));

    let scope = "https://graph.microsoft.com/.default";
    let consent = format!(
        "{}/organizations/v2.0/adminconsent?client_id={}&scope={}&redirect_uri={}&state=s-9",
        emu.authority(),
        emu.client_id(),
        url::form_urlencoded::byte_serialize(scope.as_bytes()).collect::<String>(),
        url::form_urlencoded::byte_serialize(b"http://localhost:4000/adminconsent")
            .collect::<String>()
    );
    let declined = location(
        &emu.submit_page(&consent, "admin@contoso.example", "cancel")
            .await,
    );
    assert_eq!(
        query_param(&declined, "admin_consent").as_deref(),
        Some("True")
    );
    assert_eq!(
        query_param(&declined, "error").as_deref(),
        Some("access_denied")
    );

    let to = location(
        &emu.submit_page(&consent, "admin@contoso.example", "accept")
            .await,
    );
    assert!(to.starts_with("http://localhost:4000/adminconsent?"));
    assert_eq!(query_param(&to, "admin_consent").as_deref(), Some("True"));
    assert_eq!(
        query_param(&to, "tenant").as_deref(),
        Some(msgraph_emulator::world::TENANT_ID)
    );
    assert_eq!(query_param(&to, "scope").as_deref(), Some(scope));
    assert_eq!(query_param(&to, "state").as_deref(), Some("s-9"));
    assert!(query_param(&to, "error").is_none());
    // With tenant-wide consent the user signs in without being asked.
    let t = emu.sign_in(DANA, SCOPES).await;
    assert!(t["access_token"].is_string());

    let common = consent.replace("/organizations/", "/common/");
    let r = emu.http.get(common).send().await.expect("adminconsent");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.headers().get("location").is_none());
}

/// §1.2: prompt=consent shows the consent screen again even when consent exists;
/// prompt=select_account shows the picker instead of signing in silently.
#[tokio::test]
async fn prompt_consent_and_select_account_show_the_page() {
    let emu = Emu::new().await;
    let r = emu
        .submit_page(&emu.authorize_url(&[]), DANA, "accept")
        .await;
    let cookie = r
        .headers()
        .get("set-cookie")
        .expect("cookie")
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();
    for prompt in ["consent", "select_account"] {
        let r = emu
            .http
            .get(emu.authorize_url(&[("prompt", prompt)]))
            .header("cookie", &cookie)
            .send()
            .await
            .expect("authorize");
        assert_eq!(r.status(), StatusCode::OK, "{prompt}");
        let page = r.text().await.expect("html");
        assert!(page.contains("id=\"accept\""), "{prompt}");
        assert_eq!(
            page.contains("Permissions requested"),
            prompt == "consent",
            "{prompt}"
        );
    }
}

/// §1.5: a scope asked at code redemption must have been consented (65001).
#[tokio::test]
async fn redemption_cannot_widen_consent() {
    let emu = Emu::new().await;
    let verifier = "f".repeat(43);
    let url = emu.authorize_url(&[
        ("code_challenge", &verifier),
        ("code_challenge_method", "plain"),
    ]);
    let code = query_param(
        &location(&emu.submit_page(&url, DANA, "accept").await),
        "code",
    )
    .expect("code");
    let r = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", &verifier),
            ("scope", "MailboxSettings.ReadWrite"),
        ])
        .await;
    let v = aad_error(r, StatusCode::BAD_REQUEST, "invalid_grant", 65001).await;
    assert_eq!(v["suberror"], "consent_required");
}

/// §1.4/§1.6: a refresh for a subset of scopes still rotates the refresh token,
/// and the new one still carries the whole grant.
#[tokio::test]
async fn refresh_for_a_subset_keeps_the_whole_grant() {
    let emu = Emu::new().await;
    let rt = emu.sign_in(DANA, SCOPES).await["refresh_token"]
        .as_str()
        .expect("rt")
        .to_owned();
    let narrow: serde_json::Value = emu
        .token(&[
            ("client_id", emu.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt),
            ("scope", "User.Read"),
        ])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(narrow["scope"], "User.Read");
    let rt2 = narrow["refresh_token"]
        .as_str()
        .expect("a new refresh token")
        .to_owned();
    let wide: serde_json::Value = emu.refresh(&rt2).await.json().await.expect("json");
    assert!(
        wide["scope"]
            .as_str()
            .expect("scope")
            .contains("Calendars.ReadWrite"),
        "{wide}"
    );
}
