//! Sign-in and token errors, sorted into what the app does about them
//! (reference §1.5): retry later, ask the user to sign in again, or explain a
//! configuration problem. Branch on `error` and `suberror` first, then on the
//! AADSTS code for a finer message; never on the description text.

use serde::{Deserialize, Serialize};

/// The error body of Entra's token endpoint, also used for redirect errors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AadError {
    pub error: String,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub error_codes: Vec<u32>,
    #[serde(default)]
    pub suberror: Option<String>,
    /// A claims challenge for Conditional Access step-up (JSON text).
    #[serde(default)]
    pub claims: Option<String>,
    #[serde(default)]
    pub correlation_id: Option<String>,
    #[serde(default)]
    pub trace_id: Option<String>,
    /// Redirect errors only: `cancel` when the user backed out.
    #[serde(default, rename = "error_subcode")]
    pub error_subcode: Option<String>,
}

impl std::fmt::Display for AadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(code) = self.code() {
            write!(f, " (AADSTS{code})")?;
        }
        Ok(())
    }
}

impl oauth2::ErrorResponse for AadError {}

/// What the app does about an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorClass {
    /// The service or network is briefly unavailable: retry with backoff.
    Transient,
    /// The grant is gone or needs the user (expired, revoked, MFA, consent):
    /// sign in again; cached meetings keep working meanwhile.
    NeedsReauth,
    /// The app registration, tenant, cloud or redirect is wrong: an
    /// administrator or the settings must change; retrying does not help.
    Configuration,
    /// The user closed or cancelled the sign-in.
    Cancelled,
    /// The user declined the permissions.
    ConsentDeclined,
    /// Only an administrator can grant the permissions (tenant-wide consent).
    AdminConsentRequired,
    /// Conditional Access blocks this sign-in (device, location, policy).
    Blocked,
    /// The keychain is locked or missing: nothing is wrong with the sign-in;
    /// it works again once the keychain does.
    Keychain,
}

impl ErrorClass {
    /// What the user can do about an error of this class, as a sentence.
    pub fn advice(self) -> &'static str {
        use ErrorClass::*;
        match self {
            Transient => "Meeting Tray tries again by itself",
            NeedsReauth => {
                "Choose Reconnect to sign in again; the cached meetings and their alerts keep \
                 working meanwhile"
            }
            Configuration => {
                "The app registration or the sign-in settings need a change (docs/CONNECT.md); \
                 then choose Reconnect"
            }
            Cancelled => "Choose Connect to try again",
            ConsentDeclined => {
                "Choose Connect again and accept the permissions, or ask your administrator"
            }
            AdminConsentRequired => {
                "An administrator must grant consent for your organisation (docs/CONNECT.md); \
                 then choose Reconnect"
            }
            Blocked => {
                "Your organisation's Conditional Access policy blocks this sign-in: ask your IT \
                 support, then choose Reconnect"
            }
            Keychain => "Unlock or start the keychain and choose Retry",
        }
    }
}

/// (AADSTS code, class, what it means in the user's words).
const CODES: &[(u32, ErrorClass, &str)] = {
    use ErrorClass::*;
    &[
        (700082, NeedsReauth, "the sign-in expired after 90 days without use"),
        (70008, NeedsReauth, "the sign-in expired or was revoked"),
        (700084, NeedsReauth, "the sign-in reached its fixed lifetime"),
        (50173, NeedsReauth, "the sign-in was revoked, for example after a password change"),
        (70043, NeedsReauth, "your organisation requires you to sign in again regularly"),
        (50132, NeedsReauth, "your session ended after a password change"),
        (50133, NeedsReauth, "your session ended after a password change"),
        (50089, NeedsReauth, "the sign-in took too long"),
        (54005, NeedsReauth, "the sign-in code was already used"),
        (501481, NeedsReauth, "the sign-in could not be verified (PKCE mismatch)"),
        (65001, NeedsReauth, "the permissions for Meeting Tray were removed or never granted"),
        (50076, NeedsReauth, "multi-factor authentication is now required"),
        (50079, NeedsReauth, "you must register for multi-factor authentication"),
        (50074, NeedsReauth, "multi-factor authentication was not completed"),
        (50078, NeedsReauth, "your multi-factor authentication expired"),
        (50058, NeedsReauth, "there is no active sign-in session"),
        (65004, ConsentDeclined, "the permissions were declined"),
        (90094, AdminConsentRequired, "an administrator must approve Meeting Tray for your organisation"),
        (90095, AdminConsentRequired, "your request for administrator approval is pending"),
        (53003, Blocked, "Conditional Access blocks this sign-in"),
        (53000, Blocked, "your device is not compliant with your organisation's policy"),
        (53001, Blocked, "your device must be joined to your organisation's domain"),
        (50105, Configuration, "your account is not assigned to this app registration; ask an administrator to assign you"),
        (50011, Configuration, "the app registration lacks the redirect URI http://localhost (Mobile and desktop applications platform)"),
        (700016, Configuration, "the app (client) ID is not known in this tenant or cloud"),
        (50194, Configuration, "the app registration is single-tenant: set your tenant (ID or domain) instead of common"),
        (9002332, Configuration, "the app registration is for work accounts only: use the tenant organizations"),
        (700025, Configuration, "the app registration is not a public client"),
        (7000218, Configuration, "the redirect URI is registered as Web; register http://localhost under Mobile and desktop applications"),
        (65005, Configuration, "the app registration does not list the permissions Meeting Tray asks for"),
        (650057, Configuration, "the app registration does not list the permissions Meeting Tray asks for"),
        (70011, Configuration, "a requested scope is not valid"),
        (700022, Configuration, "a requested scope is not valid"),
        (28002, Configuration, "a requested scope is not valid"),
        (90002, Configuration, "the tenant was not found in this cloud"),
        (90038, Configuration, "the tenant belongs to another national cloud: choose that cloud in Settings"),
        (500011, Configuration, "Microsoft Graph is not available in this tenant or cloud"),
        (50196, Transient, "too many identical sign-in requests in a short time"),
        (50033, Transient, "a temporary service error"),
        (90006, Transient, "a temporary service error"),
        (90024, Transient, "a temporary service error"),
        (90033, Transient, "a temporary service error"),
        (90090, Transient, "a temporary service error"),
    ]
};

impl AadError {
    /// The first AADSTS code, from `error_codes` or else the description.
    pub fn code(&self) -> Option<u32> {
        self.error_codes.first().copied().or_else(|| {
            let d = self.error_description.as_deref()?;
            let digits = d.strip_prefix("AADSTS")?;
            let end = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            digits[..end].parse().ok()
        })
    }

    fn known(&self) -> Option<&'static (u32, ErrorClass, &'static str)> {
        let code = self.code()?;
        CODES.iter().find(|(c, _, _)| *c == code)
    }

    pub fn class(&self) -> ErrorClass {
        use ErrorClass::*;
        let cancel = self.error_subcode.as_deref() == Some("cancel");
        if self.error == "access_denied" && cancel {
            return Cancelled;
        }
        if let Some((_, class, _)) = self.known() {
            return *class;
        }
        match self.error.as_str() {
            "temporarily_unavailable" | "server_error" => Transient,
            "invalid_grant" | "interaction_required" | "consent_required" | "login_required" => {
                NeedsReauth
            }
            "access_denied" => ConsentDeclined,
            _ => Configuration,
        }
    }

    /// A sentence for the user: what happened (with the code for support).
    pub fn explain(&self) -> String {
        let what = match self.known() {
            Some((_, _, text)) => (*text).to_owned(),
            None => match self.error.as_str() {
                "temporarily_unavailable" | "server_error" => {
                    "Microsoft's sign-in service is temporarily unavailable".to_owned()
                }
                "invalid_grant" => "the sign-in is no longer valid".to_owned(),
                "interaction_required" | "login_required" => {
                    "Microsoft needs you to sign in again".to_owned()
                }
                "consent_required" => "the permissions need your consent".to_owned(),
                "access_denied" => "access was denied".to_owned(),
                "invalid_client" | "unauthorized_client" => {
                    "the app registration does not allow this sign-in".to_owned()
                }
                other => format!("the sign-in service answered {other}"),
            },
        };
        match self.code() {
            Some(code) => format!("{what} (AADSTS{code})"),
            None => what,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(error: &str, code: Option<u32>, suberror: Option<&str>) -> AadError {
        AadError {
            error: error.into(),
            error_codes: code.into_iter().collect(),
            suberror: suberror.map(Into::into),
            ..AadError::default()
        }
    }

    /// Every AADSTS code the reference's table lists lands in the class its
    /// "App action" column asks for.
    #[test]
    fn reference_codes_are_classified() {
        use ErrorClass::*;
        let table = [
            (700082, NeedsReauth),
            (70008, NeedsReauth),
            (50173, NeedsReauth),
            (70043, NeedsReauth),
            (50132, NeedsReauth),
            (50133, NeedsReauth),
            (50089, NeedsReauth),
            (54005, NeedsReauth),
            (65001, NeedsReauth),
            (50076, NeedsReauth),
            (50079, NeedsReauth),
            (50074, NeedsReauth),
            (50078, NeedsReauth),
            (50058, NeedsReauth),
            (65004, ConsentDeclined),
            (90094, AdminConsentRequired),
            (90095, AdminConsentRequired),
            (53003, Blocked),
            (53000, Blocked),
            (53001, Blocked),
            (50105, Configuration),
            (50011, Configuration),
            (700016, Configuration),
            (50194, Configuration),
            (9002332, Configuration),
            (700025, Configuration),
            (7000218, Configuration),
            (65005, Configuration),
            (650057, Configuration),
            (70011, Configuration),
            (700022, Configuration),
            (28002, Configuration),
            (90002, Configuration),
            (90038, Configuration),
            (50196, Transient),
            (50033, Transient),
            (90006, Transient),
            (90024, Transient),
            (90033, Transient),
            (90090, Transient),
        ];
        for (code, class) in table {
            let e = err("invalid_grant", Some(code), None);
            assert_eq!(e.class(), class, "AADSTS{code}");
            assert!(e.explain().contains(&code.to_string()));
        }
    }

    #[test]
    fn error_field_decides_when_the_code_is_unknown() {
        use ErrorClass::*;
        assert_eq!(err("server_error", Some(1), None).class(), Transient);
        assert_eq!(
            err("temporarily_unavailable", None, None).class(),
            Transient
        );
        assert_eq!(
            err("invalid_grant", None, Some("bad_token")).class(),
            NeedsReauth
        );
        assert_eq!(err("interaction_required", None, None).class(), NeedsReauth);
        assert_eq!(err("invalid_client", None, None).class(), Configuration);
        assert_eq!(
            err("unauthorized_client", None, None).class(),
            Configuration
        );
        let mut cancel = err("access_denied", Some(65004), None);
        cancel.error_subcode = Some("cancel".into());
        assert_eq!(cancel.class(), Cancelled);
    }

    #[test]
    fn token_error_body_parses_and_code_falls_back_to_the_description() {
        let body = r#"{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity.","error_codes":[700082],"timestamp":"2025-04-02 03:04:06Z","trace_id":"t","correlation_id":"c","error_uri":"https://login.microsoftonline.com/error?code=700082","suberror":"bad_token"}"#;
        let e: AadError = serde_json::from_str(body).unwrap();
        assert_eq!(e.code(), Some(700082));
        assert_eq!(e.class(), ErrorClass::NeedsReauth);
        let e = AadError {
            error: "access_denied".into(),
            error_description: Some("AADSTS65004: User declined to consent".into()),
            ..AadError::default()
        };
        assert_eq!(e.code(), Some(65004));
        assert_eq!(e.class(), ErrorClass::ConsentDeclined);
    }
}
