//! Talking to the token endpoint: the authorization request, code redemption
//! and refresh, as a public client with PKCE (reference §1.2–1.5), on the
//! oauth2 crate with a reqwest client that follows no redirects.

use std::time::Duration;

use chrono::{DateTime, Utc};
use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, CsrfToken, EndpointNotSet, EndpointSet, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
    StandardRevocableToken, StandardTokenResponse, TokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use url::Url;

use super::config::AuthConfig;
use super::error::AadError;
use super::id_token::IdClaims;
use super::AuthError;
use crate::secrets::Secret;

/// Fields Entra adds to the token response.
#[derive(Clone, Deserialize, Serialize)]
pub struct AadFields {
    #[serde(default)]
    id_token: Option<String>,
    #[serde(default)]
    ext_expires_in: Option<u64>,
}

// Hand-written: the ID token must not reach a log through `{:?}`.
impl std::fmt::Debug for AadFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AadFields")
            .field("id_token", &self.id_token.as_ref().map(|_| "<redacted>"))
            .field("ext_expires_in", &self.ext_expires_in)
            .finish()
    }
}

impl ExtraTokenFields for AadFields {}

type AadTokenResponse = StandardTokenResponse<AadFields, BasicTokenType>;

type OAuthClient = oauth2::Client<
    AadError,
    AadTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// What a successful code redemption or refresh yields.
#[derive(Debug)]
pub struct TokenSet {
    pub access_token: Secret,
    /// Present when `offline_access` was granted; rotates on every refresh.
    pub refresh_token: Option<Secret>,
    pub expires_at: DateTime<Utc>,
    /// What was granted (not always what was asked).
    pub scopes: Vec<String>,
    /// Claims of the ID token, when one came back.
    pub id: Option<IdClaims>,
}

/// The HTTP client for sign-in and Graph: no redirects (a redirect from the
/// token endpoint is an error to report, never to follow), bounded waits.
pub fn http_client() -> reqwest::Client {
    http_client_with_timeout(REQUEST_TIMEOUT)
}

/// The longest a request may take, answer included: a stalled server or a
/// half-open connection becomes "cannot reach" instead of a hung sync.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// [`http_client`] with another overall request timeout (tests of a stall).
pub fn http_client_with_timeout(total: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10).min(total))
        .timeout(total)
        .user_agent(concat!("MeetingTray/", env!("CARGO_PKG_VERSION")))
        .build()
        // Fails only if the TLS backend cannot start: nothing works then.
        .expect("the HTTP client can be built")
}

fn oauth_client(config: &AuthConfig, redirect: Option<&str>) -> Result<OAuthClient, AuthError> {
    let bad = |e: url::ParseError| AuthError::Internal(format!("endpoint URL: {e}"));
    let mut client = oauth2::Client::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::from_url(config.authorize_url()))
        .set_token_uri(TokenUrl::from_url(config.token_url()))
        // Public client: client_id in the body, never a secret (AADSTS700025).
        .set_auth_type(oauth2::AuthType::RequestBody);
    if let Some(r) = redirect {
        client = client.set_redirect_uri(RedirectUrl::new(r.to_owned()).map_err(bad)?);
    }
    Ok(client)
}

/// The prompt behaviour asked of the sign-in page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prompt {
    Login,
    SelectAccount,
    Consent,
    None,
}

impl Prompt {
    pub fn as_str(self) -> &'static str {
        match self {
            Prompt::Login => "login",
            Prompt::SelectAccount => "select_account",
            Prompt::Consent => "consent",
            Prompt::None => "none",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct AuthorizeOptions {
    pub login_hint: Option<String>,
    pub domain_hint: Option<String>,
    pub prompt: Option<Prompt>,
}

/// An authorization request under way: the URL for the browser and what the
/// redemption needs later.
#[derive(Debug)]
pub struct Authorization {
    pub url: Url,
    pub state: CsrfToken,
    pub verifier: PkceCodeVerifier,
    pub redirect_uri: String,
}

pub fn authorization(
    config: &AuthConfig,
    redirect_uri: &str,
    options: &AuthorizeOptions,
) -> Result<Authorization, AuthError> {
    let client = oauth_client(config, Some(redirect_uri))?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut req = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(config.scopes().into_iter().map(Scope::new))
        .set_pkce_challenge(challenge)
        .add_extra_param("response_mode", "query");
    if let Some(h) = options.login_hint.as_deref().filter(|h| !h.is_empty()) {
        req = req.add_extra_param("login_hint", h);
    }
    if let Some(h) = options.domain_hint.as_deref().filter(|h| !h.is_empty()) {
        req = req.add_extra_param("domain_hint", h);
    }
    if let Some(p) = options.prompt {
        req = req.add_extra_param("prompt", p.as_str());
    }
    let (url, state) = req.url();
    Ok(Authorization {
        url,
        state,
        verifier,
        redirect_uri: redirect_uri.to_owned(),
    })
}

fn token_set(r: AadTokenResponse, now: DateTime<Utc>) -> Result<TokenSet, AuthError> {
    let lifetime = r.expires_in().unwrap_or(Duration::from_secs(3600));
    let id = match r.extra_fields().id_token.as_deref() {
        Some(t) => Some(IdClaims::parse(t).map_err(|e| AuthError::Malformed(e.to_string()))?),
        None => None,
    };
    Ok(TokenSet {
        access_token: Secret::new(r.access_token().secret().clone()),
        refresh_token: r.refresh_token().map(|t| Secret::new(t.secret().clone())),
        expires_at: now
            + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::hours(1)),
        scopes: r
            .scopes()
            .map(|s| s.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        id,
    })
}

type TokenError = RequestTokenError<oauth2::HttpClientError<reqwest::Error>, AadError>;

fn map_error(e: TokenError) -> AuthError {
    match e {
        RequestTokenError::ServerResponse(aad) => AuthError::Service(Box::new(aad)),
        RequestTokenError::Request(e) => AuthError::Network(e.to_string()),
        // The body is not quoted: on a success it would hold the tokens.
        RequestTokenError::Parse(e, _) => {
            AuthError::Malformed(format!("unexpected token response ({})", e.path()))
        }
        RequestTokenError::Other(s) => AuthError::Malformed(s),
    }
}

/// Redeems an authorization code with its PKCE verifier.
pub async fn redeem(
    config: &AuthConfig,
    http: &reqwest::Client,
    auth: Authorization,
    code: String,
    now: DateTime<Utc>,
) -> Result<TokenSet, AuthError> {
    let client = oauth_client(config, Some(&auth.redirect_uri))?;
    let r = client
        .exchange_code(AuthorizationCode::new(code))
        .set_pkce_verifier(auth.verifier)
        .request_async(http)
        .await
        .map_err(map_error)?;
    token_set(r, now)
}

/// Trades a refresh token for new tokens (the refresh token rotates).
pub async fn refresh(
    config: &AuthConfig,
    http: &reqwest::Client,
    refresh_token: &Secret,
    now: DateTime<Utc>,
) -> Result<TokenSet, AuthError> {
    let client = oauth_client(config, None)?;
    let rt = RefreshToken::new(refresh_token.expose().to_owned());
    let r = client
        .exchange_refresh_token(&rt)
        .add_scopes(config.scopes().into_iter().map(Scope::new))
        .request_async(http)
        .await
        .map_err(map_error)?;
    token_set(r, now)
}
