//! Shared helpers for the conformance tests: an emulator per test, plain HTTP
//! (reqwest, no redirects followed), and a complete PKCE sign-in done the way a
//! browser would (GET the page, POST its form).

#![allow(dead_code)] // each test file uses a different subset

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use msgraph_emulator::{Options, Running, Settings};
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const DANA: &str = "dana@contoso.example";
pub const SCOPES: &str =
    "openid profile offline_access User.Read Calendars.ReadWrite MailboxSettings.Read";
pub const REDIRECT: &str = "http://localhost:53817/";

pub struct Emu {
    pub running: Running,
    pub http: Client,
}

pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl Emu {
    /// An emulator with one user, Dana (Pacific time, en-US), and no events.
    pub async fn new() -> Emu {
        Emu::with(Settings::default()).await
    }

    pub async fn with(settings: Settings) -> Emu {
        let running = msgraph_emulator::start(Options {
            port: 0,
            settings,
            demo_mailbox: false,
        })
        .await
        .expect("emulator starts");
        let emu = Emu {
            running,
            http: client(),
        };
        emu.control_post("/users", json!({ "upn": DANA, "display_name": "Dana Reyes", "time_zone": "Pacific Standard Time", "locale": "en-US" }))
            .await;
        emu
    }

    pub fn authority(&self) -> &str {
        &self.running.authority
    }

    pub fn client_id(&self) -> &str {
        &self.running.client_id
    }

    pub fn graph(&self, path: &str) -> String {
        format!("{}/v1.0{path}", self.running.graph)
    }

    async fn control_send(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let r = self
            .http
            .request(method.clone(), format!("{}{path}", self.running.control))
            .json(&body)
            .send()
            .await
            .expect("control");
        assert!(
            r.status().is_success(),
            "control {method} {path}: {}",
            r.status()
        );
        r.json().await.unwrap_or(Value::Null)
    }

    pub async fn control_post(&self, path: &str, body: Value) -> Value {
        self.control_send(reqwest::Method::POST, path, body).await
    }

    pub async fn control_patch(&self, path: &str, body: Value) -> Value {
        self.control_send(reqwest::Method::PATCH, path, body).await
    }

    pub async fn control_get(&self, path: &str) -> Value {
        self.http
            .get(format!("{}{path}", self.running.control))
            .send()
            .await
            .expect("control")
            .json()
            .await
            .expect("json")
    }

    pub async fn advance(&self, seconds: i64) {
        self.control_post("/clock", json!({ "seconds": seconds }))
            .await;
    }

    /// Adds an event to a user's calendar through the control API; returns its JSON.
    pub async fn add_event(&self, user: &str, spec: Value) -> Value {
        self.control_post(&format!("/users/{user}/events"), spec)
            .await
    }

    pub fn authorize_url(&self, extra: &[(&str, &str)]) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        q.append_pair("client_id", self.client_id());
        q.append_pair("response_type", "code");
        q.append_pair("redirect_uri", REDIRECT);
        q.append_pair("scope", SCOPES);
        q.append_pair("state", "st-123");
        for (k, v) in extra {
            q.append_pair(k, v);
        }
        format!(
            "{}/organizations/oauth2/v2.0/authorize?{}",
            self.authority(),
            q.finish()
        )
    }

    /// GET the page, then POST its form as if the user picked `user` and pressed a button.
    pub async fn submit_page(&self, page_url: &str, user: &str, action: &str) -> Response {
        let page = self.http.get(page_url).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK, "sign-in page");
        let html = page.text().await.expect("html");
        let q = between(&html, "name=\"q\" value=\"", "\"").replace("&amp;", "&");
        let action_path = between(&html, "<form method=\"post\" action=\"", "\"");
        let base = url::Url::parse(self.authority()).expect("url");
        let target = base.join(&action_path).expect("join");
        self.http
            .post(target)
            .form(&[("q", q.as_str()), ("user", user), ("action", action)])
            .send()
            .await
            .expect("post")
    }

    /// A full interactive sign-in with PKCE; returns the token response JSON.
    pub async fn sign_in(&self, user: &str, scopes: &str) -> Value {
        let verifier = "v".repeat(20) + &URL_SAFE_NO_PAD.encode(rand_bytes());
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        let url = self
            .authorize_url(&[
                ("code_challenge", &challenge),
                ("code_challenge_method", "S256"),
            ])
            .replace(
                &format!(
                    "scope={}",
                    url::form_urlencoded::byte_serialize(SCOPES.as_bytes()).collect::<String>()
                ),
                &format!(
                    "scope={}",
                    url::form_urlencoded::byte_serialize(scopes.as_bytes()).collect::<String>()
                ),
            );
        let r = self.submit_page(&url, user, "accept").await;
        let code = query_param(&location(&r), "code").expect("code in redirect");
        let t = self.redeem(&code, &verifier).await;
        assert_eq!(t.status(), StatusCode::OK);
        t.json().await.expect("token json")
    }

    pub async fn redeem(&self, code: &str, verifier: &str) -> Response {
        self.token(&[
            ("client_id", self.client_id()),
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ])
        .await
    }

    pub async fn token(&self, form: &[(&str, &str)]) -> Response {
        self.http
            .post(format!(
                "{}/organizations/oauth2/v2.0/token",
                self.authority()
            ))
            .form(form)
            .send()
            .await
            .expect("token request")
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.token(&[
            ("client_id", self.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ])
        .await
    }

    /// An access token for Dana with the app's usual scopes.
    pub async fn dana_token(&self) -> String {
        self.sign_in(DANA, SCOPES).await["access_token"]
            .as_str()
            .expect("access token")
            .to_owned()
    }

    pub async fn get(&self, token: &str, path: &str) -> Response {
        self.http
            .get(self.graph(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("graph GET")
    }
}

pub fn rand_bytes() -> [u8; 32] {
    let mut b = [0u8; 32];
    for (i, x) in b.iter_mut().enumerate() {
        *x = (i as u8)
            .wrapping_mul(37)
            .wrapping_add(std::process::id() as u8);
    }
    b
}

pub fn between(haystack: &str, start: &str, end: &str) -> String {
    let from = haystack
        .find(start)
        .map(|i| i + start.len())
        .unwrap_or_else(|| panic!("no {start:?} in {haystack}"));
    let rest = &haystack[from..];
    rest[..rest.find(end).expect("end marker")].to_owned()
}

pub fn location(r: &Response) -> String {
    assert_eq!(r.status(), StatusCode::FOUND, "expected a redirect");
    r.headers()
        .get("location")
        .expect("location")
        .to_str()
        .expect("ascii")
        .to_owned()
}

pub fn query_param(url: &str, name: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    u.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Decodes the payload of a JWT-shaped token.
pub fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).expect("base64url")).expect("json")
}

/// Asserts Entra's error JSON shape and returns it.
pub async fn aad_error(r: Response, status: StatusCode, error: &str, code: u64) -> Value {
    assert_eq!(r.status(), status);
    assert!(r
        .headers()
        .get("cache-control")
        .is_some_and(|v| v.to_str().unwrap_or_default().contains("no-store")));
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["error"], error, "{v}");
    assert_eq!(v["error_codes"], json!([code]), "{v}");
    assert!(
        v["error_description"]
            .as_str()
            .expect("description")
            .starts_with(&format!("AADSTS{code}:")),
        "{v}"
    );
    for f in ["timestamp", "trace_id", "correlation_id", "error_uri"] {
        assert!(v[f].is_string(), "{f} missing in {v}");
    }
    v
}

/// Asserts Graph's error shape (§7.1) and returns it.
pub async fn graph_error(r: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(r.status(), status);
    assert!(r.headers().contains_key("request-id"));
    let v: Value = r.json().await.expect("json");
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(v["error"]["innerError"]["request-id"].is_string(), "{v}");
    assert!(v["error"]["innerError"]["date"].is_string(), "{v}");
    v
}
