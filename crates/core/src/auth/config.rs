//! Which app registration, tenant and cloud to sign in with, and where the
//! endpoints are. Settings give the choice; `MEETING_TRAY_*` variables override
//! it, which is how the demo and the tests point the app at the emulator.

use serde::{Deserialize, Serialize};
use url::Url;

use super::cloud::{Cloud, OIDC_SCOPES};

/// Graph permissions of the normal mode.
pub const SCOPES: [&str; 3] = ["User.Read", "Calendars.ReadWrite", "MailboxSettings.Read"];
/// Graph permissions of the read-only mode, for tenants that forbid write access.
pub const READ_ONLY_SCOPES: [&str; 3] = ["User.Read", "Calendars.Read", "MailboxSettings.Read"];

/// The sign-in part of the settings file, as the user (or an administrator) wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// The app (client) ID of the organisation's app registration. There is no
    /// shared one: docs/CONNECT.md explains how to register one.
    pub client_id: Option<String>,
    /// `organizations`, `common`, a tenant GUID or a verified domain.
    pub tenant: String,
    pub cloud: Cloud,
    /// Explicit sign-in base URL (`https://host[/path]`, no tenant); overrides the cloud's.
    pub authority_url: Option<String>,
    /// Explicit Graph base URL (no `/v1.0`); overrides the cloud's.
    pub graph_url: Option<String>,
    /// Ask for `Calendars.Read` instead of `Calendars.ReadWrite`.
    pub read_only: bool,
    /// Ask the user to sign in again this many days after the last interactive
    /// sign-in (0: never; the seed's service uses 30).
    pub reauthorize_after_days: u32,
    /// Extra scopes some tenants need (rare); appended as given.
    pub extra_scopes: Vec<String>,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            client_id: None,
            tenant: "organizations".to_owned(),
            cloud: Cloud::Worldwide,
            authority_url: None,
            graph_url: None,
            read_only: false,
            reauthorize_after_days: 30,
            extra_scopes: Vec::new(),
        }
    }
}

/// Why the sign-in settings cannot be used; each says what to change.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("no app (client) ID is set. Register Meeting Tray in your organisation's Microsoft Entra admin center (see docs/CONNECT.md) and enter its Application (client) ID in Settings, or set MEETING_TRAY_CLIENT_ID")]
    NoClientId,
    #[error("the app (client) ID {0:?} is not a GUID such as 0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f; copy the Application (client) ID from the app registration's Overview page")]
    BadClientId(String),
    #[error("the tenant {0:?} is not valid: use organizations, common, a tenant ID (GUID) or a domain such as contoso.com")]
    BadTenant(String),
    #[error("the {what} URL {url:?} is not usable: {why}")]
    BadUrl {
        what: &'static str,
        url: String,
        why: String,
    },
}

/// Resolved sign-in configuration: everything a sign-in or refresh needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthConfig {
    pub client_id: String,
    pub tenant: String,
    pub cloud: Cloud,
    /// Sign-in base (`https://login.microsoftonline.com`), no trailing slash.
    pub authority: Url,
    /// Graph base (`https://graph.microsoft.com`), no trailing slash.
    pub graph: Url,
    pub read_only: bool,
    pub reauthorize_after_days: u32,
    pub extra_scopes: Vec<String>,
}

/// The variables that override settings (read by [`AuthSettings::with_env`]).
pub const ENV_AUTHORITY: &str = "MEETING_TRAY_AUTHORITY";
pub const ENV_GRAPH: &str = "MEETING_TRAY_GRAPH";
pub const ENV_CLIENT_ID: &str = "MEETING_TRAY_CLIENT_ID";
pub const ENV_TENANT: &str = "MEETING_TRAY_TENANT";
pub const ENV_CLOUD: &str = "MEETING_TRAY_CLOUD";

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn base_url(what: &'static str, raw: &str) -> Result<Url, ConfigError> {
    let bad = |why: &str| ConfigError::BadUrl {
        what,
        url: raw.to_owned(),
        why: why.to_owned(),
    };
    let url = Url::parse(raw.trim_end_matches('/')).map_err(|e| bad(&e.to_string()))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    // Tokens travel to these URLs: plain http only to this machine (the emulator).
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        _ => return Err(bad("it must be https (http only for 127.0.0.1)")),
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err(bad("it must not carry a query, fragment or user name"));
    }
    Ok(url)
}

impl AuthSettings {
    /// These settings with the `MEETING_TRAY_*` overrides applied, from `get`
    /// (the process environment in the app; a map in tests).
    pub fn with_env(mut self, get: impl Fn(&str) -> Option<String>) -> Self {
        let non_empty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        if let Some(v) = non_empty(ENV_AUTHORITY) {
            self.authority_url = Some(v);
        }
        if let Some(v) = non_empty(ENV_GRAPH) {
            self.graph_url = Some(v);
        }
        if let Some(v) = non_empty(ENV_CLIENT_ID) {
            self.client_id = Some(v);
        }
        if let Some(v) = non_empty(ENV_TENANT) {
            self.tenant = v;
        }
        if let Some(c) = non_empty(ENV_CLOUD).and_then(|v| Cloud::parse(&v)) {
            self.cloud = c;
        }
        self
    }

    pub fn resolve(&self) -> Result<AuthConfig, ConfigError> {
        let client_id = self
            .client_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .ok_or(ConfigError::NoClientId)?;
        if !is_guid(client_id) {
            return Err(ConfigError::BadClientId(client_id.to_owned()));
        }
        let tenant = self.tenant.trim();
        let tenant_ok = !tenant.is_empty()
            && tenant.len() <= 256
            && tenant
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if !tenant_ok {
            return Err(ConfigError::BadTenant(self.tenant.clone()));
        }
        let authority = base_url(
            "sign-in",
            self.authority_url
                .as_deref()
                .unwrap_or(&self.cloud.authority()),
        )?;
        let graph = base_url(
            "Graph",
            self.graph_url.as_deref().unwrap_or(&self.cloud.graph()),
        )?;
        Ok(AuthConfig {
            client_id: client_id.to_ascii_lowercase(),
            tenant: tenant.to_owned(),
            cloud: self.cloud,
            authority,
            graph,
            read_only: self.read_only,
            reauthorize_after_days: self.reauthorize_after_days,
            extra_scopes: self.extra_scopes.clone(),
        })
    }
}

impl AuthConfig {
    fn endpoint(&self, tail: &str) -> Url {
        let mut u = self.authority.clone();
        let path = format!("{}/{}/{tail}", u.path().trim_end_matches('/'), self.tenant);
        u.set_path(&path);
        u
    }

    pub fn authorize_url(&self) -> Url {
        self.endpoint("oauth2/v2.0/authorize")
    }

    pub fn token_url(&self) -> Url {
        self.endpoint("oauth2/v2.0/token")
    }

    /// A Graph v1.0 URL for `path` (which starts with `/`).
    pub fn graph_url(&self, path: &str) -> String {
        format!("{}/v1.0{path}", self.graph.as_str().trim_end_matches('/'))
    }

    /// Every scope a sign-in asks for, qualified for the cloud.
    pub fn scopes(&self) -> Vec<String> {
        let graph = if self.read_only {
            READ_ONLY_SCOPES
        } else {
            SCOPES
        };
        OIDC_SCOPES
            .iter()
            .chain(graph.iter())
            .map(|s| self.cloud.qualify_scope(s))
            .chain(self.extra_scopes.iter().cloned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f";

    fn settings() -> AuthSettings {
        AuthSettings {
            client_id: Some(ID.to_owned()),
            ..AuthSettings::default()
        }
    }

    #[test]
    fn defaults_resolve_to_the_worldwide_endpoints() {
        let c = settings().resolve().unwrap();
        assert_eq!(
            c.authorize_url().as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
        );
        assert_eq!(
            c.token_url().as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
        );
        assert_eq!(c.graph_url("/me"), "https://graph.microsoft.com/v1.0/me");
        assert_eq!(
            c.scopes().join(" "),
            "openid profile offline_access User.Read Calendars.ReadWrite MailboxSettings.Read"
        );
        assert_eq!(c.reauthorize_after_days, 30);
    }

    #[test]
    fn env_overrides_point_at_the_emulator_and_keep_the_path() {
        let env = |k: &str| match k {
            ENV_AUTHORITY => Some("http://127.0.0.1:4000/login".to_owned()),
            ENV_GRAPH => Some("http://127.0.0.1:4000/graph/".to_owned()),
            ENV_CLOUD => Some("gcc-high".to_owned()),
            _ => None,
        };
        let mut s = settings().with_env(env);
        s.read_only = true;
        let c = s.resolve().unwrap();
        assert_eq!(
            c.token_url().as_str(),
            "http://127.0.0.1:4000/login/organizations/oauth2/v2.0/token"
        );
        assert_eq!(c.graph_url("/me"), "http://127.0.0.1:4000/graph/v1.0/me");
        assert!(c
            .scopes()
            .contains(&"https://graph.microsoft.us/Calendars.Read".to_owned()));
    }

    #[test]
    fn bad_settings_say_what_to_fix() {
        let mut s = AuthSettings::default();
        assert_eq!(s.resolve(), Err(ConfigError::NoClientId));
        s.client_id = Some("my-app".into());
        assert!(matches!(s.resolve(), Err(ConfigError::BadClientId(_))));
        s.client_id = Some(ID.into());
        s.tenant = "contoso.com/evil?x".into();
        assert!(matches!(s.resolve(), Err(ConfigError::BadTenant(_))));
        s.tenant = "contoso.com".into();
        s.authority_url = Some("http://login.example.com".into());
        let e = s.resolve().unwrap_err();
        assert!(e.to_string().contains("https"), "{e}");
    }
}
