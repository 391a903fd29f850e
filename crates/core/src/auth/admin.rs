//! The tenant-wide admin consent link (reference §1.8): an administrator opens
//! it once and every user of the tenant can then connect without a consent page.

use url::Url;

use super::config::{AuthConfig, READ_ONLY_SCOPES, SCOPES};

/// The redirect the consent page returns to; registered with the app.
pub const ADMIN_CONSENT_REDIRECT: &str = "http://localhost/adminconsent";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AdminConsentError {
    #[error("admin consent needs your tenant: give its ID (GUID) or domain, or organizations — not {0:?}")]
    BadTenant(String),
}

/// An opaque `state` value for a consent link.
pub fn random_state() -> String {
    (0..16)
        .map(|_| format!("{:02x}", rand::random::<u8>()))
        .collect()
}

/// The consent URL for `tenant` (never `common`), with fully qualified Graph scopes.
pub fn admin_consent_url(
    config: &AuthConfig,
    tenant: &str,
    state: &str,
) -> Result<Url, AdminConsentError> {
    let tenant = tenant.trim();
    let ok = !tenant.is_empty()
        && !tenant.eq_ignore_ascii_case("common")
        && !tenant.eq_ignore_ascii_case("consumers")
        && tenant
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !ok {
        return Err(AdminConsentError::BadTenant(tenant.to_owned()));
    }
    let graph = if config.read_only {
        READ_ONLY_SCOPES
    } else {
        SCOPES
    };
    let scope: Vec<String> = graph
        .iter()
        .map(|s| format!("https://{}/{s}", config.cloud.graph_host()))
        .collect();
    let mut url = config.authority.clone();
    let path = format!(
        "{}/{tenant}/v2.0/adminconsent",
        url.path().trim_end_matches('/')
    );
    url.set_path(&path);
    url.query_pairs_mut()
        .append_pair("client_id", &config.client_id)
        .append_pair("scope", &scope.join(" "))
        .append_pair("redirect_uri", ADMIN_CONSENT_REDIRECT)
        .append_pair("state", state);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::config::AuthSettings;

    #[test]
    fn builds_the_documented_link_and_refuses_common() {
        let cfg = AuthSettings {
            client_id: Some("0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f".into()),
            ..AuthSettings::default()
        }
        .resolve()
        .unwrap();
        let url = admin_consent_url(&cfg, "contoso.example", "s1").unwrap();
        assert_eq!(url.path(), "/contoso.example/v2.0/adminconsent");
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert!(q.contains(&("scope".into(), "https://graph.microsoft.com/User.Read https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/MailboxSettings.Read".into())));
        assert!(q.contains(&("redirect_uri".into(), ADMIN_CONSENT_REDIRECT.into())));
        assert!(admin_consent_url(&cfg, "common", "s").is_err());
        assert!(admin_consent_url(&cfg, "a/b", "s").is_err());
    }
}
