//! The few ID-token claims the app uses. The token comes straight from the
//! token endpoint over TLS in the code flow, so its payload is read without
//! checking the signature (OpenID Connect Core §3.1.3.7 allows this).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, TimeZone, Utc};
use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct IdClaims {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub oid: Option<String>,
    #[serde(default)]
    pub tid: Option<String>,
    #[serde(default)]
    pub iss: Option<String>,
    /// When the user last entered credentials (seconds since 1970).
    #[serde(default)]
    pub auth_time: Option<i64>,
    #[serde(default)]
    pub iat: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
#[error("the sign-in service returned an ID token that cannot be read")]
pub struct BadIdToken;

impl IdClaims {
    pub fn parse(token: &str) -> Result<IdClaims, BadIdToken> {
        let payload = token.split('.').nth(1).ok_or(BadIdToken)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(payload.trim_end_matches('='))
            .map_err(|_| BadIdToken)?;
        serde_json::from_slice(&bytes).map_err(|_| BadIdToken)
    }

    /// The time of the last interactive sign-in: `auth_time`, else `iat`.
    pub fn signed_in_at(&self) -> Option<DateTime<Utc>> {
        Utc.timestamp_opt(self.auth_time.or(self.iat)?, 0).single()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_claims_and_rejects_garbage() {
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"name":"Dana Reyes","preferred_username":"dana@contoso.example","tid":"t","oid":"o","auth_time":1700000000,"iat":1700000100}"#,
        );
        let c = IdClaims::parse(&format!("e30.{payload}.c2ln")).unwrap();
        assert_eq!(
            c.preferred_username.as_deref(),
            Some("dana@contoso.example")
        );
        assert_eq!(c.signed_in_at().unwrap().timestamp(), 1_700_000_000);
        assert!(IdClaims::parse("no-dots").is_err());
        assert!(IdClaims::parse("a.!!!.b").is_err());
    }
}
