//! Everything the emulator knows: tenants, app registrations, users with their
//! mailboxes, grants and tokens, the emulated clock and the test knobs. One lock
//! guards it; handlers never hold it across an await.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::cloud::Cloud;
use crate::event::EventRecord;
use crate::faults::FaultRule;
use crate::ids;

/// The public client every emulator accepts (a "Mobile and desktop" registration
/// with `http://localhost`, reference §1.7).
pub const DEFAULT_CLIENT_ID: &str = "0b7c1f6e-5d2a-4e8b-9c3f-7a1d2e4b6c80";
/// The same app registered under the *Web* platform: redeeming without a secret
/// fails with AADSTS7000218 (reference §1.3).
pub const WEB_CLIENT_ID: &str = "9e3a5c71-2b4d-4f6a-8e1c-0d2b3a4c5e6f";
/// The tenant of the built-in users.
pub const TENANT_ID: &str = "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a5b";
pub const TENANT_DOMAIN: &str = "contoso.example";
/// Graph's own application ID: the `aud` of Graph access tokens.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// The OIDC scopes; everything else is a Graph scope.
pub const OIDC_SCOPES: [&str; 4] = ["openid", "profile", "email", "offline_access"];
/// The delegated Graph permissions the emulator knows.
pub const GRAPH_SCOPES: [&str; 7] = [
    "User.Read",
    "Calendars.Read",
    "Calendars.ReadWrite",
    "Calendars.Read.Shared",
    "MailboxSettings.Read",
    "MailboxSettings.ReadWrite",
    "Domain.Read.All",
];

/// Knobs tests turn through the control API.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct Settings {
    pub cloud: Cloud,
    /// Reusing a rotated refresh token fails (Entra keeps both valid: off by default, §1.6).
    pub strict_refresh_rotation: bool,
    /// Concurrent Graph requests per app and mailbox before `ApplicationThrottled` (§7.2).
    pub concurrency_limit: usize,
    /// Empty delta pages (with a nextLink) served at the start of every round (§2.3).
    pub delta_empty_pages: u32,
    pub delta_default_page_size: usize,
    /// Refresh tokens expire after this much inactivity (§1.6: 90 days).
    pub refresh_inactivity_days: i64,
    pub access_token_lifetime_seconds: i64,
    pub subscription_max_minutes: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            cloud: Cloud::Worldwide,
            strict_refresh_rotation: false,
            concurrency_limit: 4,
            delta_empty_pages: 0,
            delta_default_page_size: 10,
            refresh_inactivity_days: 90,
            access_token_lifetime_seconds: 4417,
            subscription_max_minutes: 4230,
        }
    }
}

impl Settings {
    /// Keeps knobs in ranges where time arithmetic cannot overflow.
    pub fn validate(&self) -> Result<(), String> {
        let checks = [
            ("concurrency_limit", self.concurrency_limit as i64, 1, 1000),
            (
                "delta_empty_pages",
                i64::from(self.delta_empty_pages),
                0,
                100,
            ),
            (
                "delta_default_page_size",
                self.delta_default_page_size as i64,
                1,
                1000,
            ),
            (
                "refresh_inactivity_days",
                self.refresh_inactivity_days,
                1,
                3650,
            ),
            (
                "access_token_lifetime_seconds",
                self.access_token_lifetime_seconds,
                1,
                366 * 86400,
            ),
            (
                "subscription_max_minutes",
                self.subscription_max_minutes,
                1,
                525_600,
            ),
        ];
        for (name, value, min, max) in checks {
            if !(min..=max).contains(&value) {
                return Err(format!("{name} must be between {min} and {max}"));
            }
        }
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub struct Tenant {
    pub id: String,
    pub domain: String,
    pub display_name: String,
    /// Users may consent to apps themselves; when false, AADSTS90094 (§1.2).
    pub user_consent_allowed: bool,
    /// Tenant-wide (admin) consent: client ID → scopes.
    pub admin_consent: HashMap<String, BTreeSet<String>>,
}

#[derive(Clone, Debug)]
pub struct AppRegistration {
    pub client_id: String,
    pub display_name: String,
    pub redirect_uris: Vec<String>,
    /// "Mobile and desktop" (public) vs "Web" platform.
    pub public_client: bool,
    /// What `.default` expands to: the statically configured permissions.
    pub required_scopes: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct UserFlags {
    /// The next silent refresh (and prompt=none) needs MFA: AADSTS50076.
    pub require_mfa: bool,
    /// Conditional Access sign-in frequency: refreshes fail with AADSTS70043 once the
    /// last interactive sign-in is older than this.
    pub sign_in_frequency_days: Option<i64>,
    /// The next Graph call by a CAE-capable (cp1) token gets a claims challenge.
    pub claims_challenge: bool,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub tenant_id: String,
    pub upn: String,
    pub display_name: String,
    pub given_name: String,
    pub surname: String,
    pub job_title: Option<String>,
    pub is_admin: bool,
    /// false: an unlicensed or on-premises mailbox (404 MailboxNotEnabledForRESTAPI).
    pub has_mailbox: bool,
    /// Per-app user consent: client ID → scopes.
    pub consents: HashMap<String, BTreeSet<String>>,
    pub flags: UserFlags,
    pub mailbox: Mailbox,
}

#[derive(Clone, Debug)]
pub struct Tombstone {
    pub id: String,
    pub version: u64,
}

#[derive(Clone, Debug)]
pub struct Mailbox {
    pub calendar_id: String,
    /// mailboxSettings as Graph returns it (without @odata.context).
    pub settings: serde_json::Value,
    pub events: BTreeMap<String, EventRecord>,
    /// Bumped on every change; delta tokens remember the version they have seen.
    pub version: u64,
    pub tombstones: Vec<Tombstone>,
    /// Delta tokens from another generation are gone (410 SyncStateNotFound).
    pub sync_generation: u64,
}

impl Mailbox {
    pub fn new(time_zone: &str, locale: &str) -> Mailbox {
        Mailbox {
            calendar_id: ids::event_id(),
            settings: default_settings(time_zone, locale),
            events: BTreeMap::new(),
            version: 0,
            tombstones: Vec::new(),
            sync_generation: 1,
        }
    }

    pub fn bump(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    /// Removes an event (a series with all its occurrences) and tombstones every
    /// ID a client may hold, so delta reports them as removed.
    pub fn remove_event(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        mailbox_tz: chrono_tz::Tz,
    ) -> Option<EventRecord> {
        let ev = self.events.remove(id)?;
        let version = self.bump();
        let mut gone = ev.instance_ids(now, mailbox_tz);
        gone.insert(ev.id.clone());
        self.tombstones
            .extend(gone.into_iter().map(|id| Tombstone { id, version }));
        Some(ev)
    }

    pub fn time_zone(&self) -> String {
        self.settings["timeZone"]
            .as_str()
            .unwrap_or("UTC")
            .to_owned()
    }
}

fn language_name(locale: &str) -> &'static str {
    match locale {
        "cs-CZ" => "Czech (Czechia)",
        "de-DE" => "German (Germany)",
        "en-GB" => "English (United Kingdom)",
        "fr-FR" => "French (France)",
        _ => "English (United States)",
    }
}

fn default_settings(time_zone: &str, locale: &str) -> serde_json::Value {
    let (date_format, time_format) = match locale {
        "en-US" => ("M/d/yyyy", "h:mm tt"),
        "cs-CZ" => ("dd.MM.yyyy", "H:mm"),
        "de-DE" => ("dd.MM.yyyy", "HH:mm"),
        _ => ("dd/MM/yyyy", "HH:mm"),
    };
    serde_json::json!({
        "archiveFolder": ids::event_id(),
        "timeZone": time_zone,
        "dateFormat": date_format,
        "timeFormat": time_format,
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
        "userPurpose": { "value": "user" },
        "language": { "locale": locale, "displayName": language_name(locale) },
        "automaticRepliesSetting": {
            "status": "disabled",
            "externalAudience": "all",
            "scheduledStartDateTime": { "dateTime": "2025-01-01T00:00:00.0000000", "timeZone": "UTC" },
            "scheduledEndDateTime": { "dateTime": "2025-01-02T00:00:00.0000000", "timeZone": "UTC" },
            "internalReplyMessage": "",
            "externalReplyMessage": ""
        },
        "workingHours": {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": { "name": time_zone }
        }
    })
}

#[derive(Clone, Debug)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub user_id: String,
    pub scopes: Vec<String>,
    pub code_challenge: Option<String>,
    pub challenge_method: String,
    pub issued_at: DateTime<Utc>,
    pub redeemed: bool,
    pub auth_time: DateTime<Utc>,
    pub nonce: Option<String>,
    pub cp1: bool,
}

/// Why a refresh token no longer works, and the AADSTS code that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Revocation {
    /// Revoked by the user or an admin ("revoke sessions"): AADSTS50173.
    Revoked,
    /// Expired or revoked grant: AADSTS70008.
    Expired,
    /// Replaced by a newer token in strict rotation mode: AADSTS70008.
    Rotated,
}

#[derive(Clone, Debug)]
pub struct RefreshGrant {
    pub user_id: String,
    pub client_id: String,
    pub scopes: Vec<String>,
    pub issued_at: DateTime<Utc>,
    pub last_used: DateTime<Utc>,
    pub auth_time: DateTime<Utc>,
    pub revoked: Option<Revocation>,
    pub cp1: bool,
}

#[derive(Clone, Debug)]
pub struct AccessGrant {
    pub user_id: String,
    pub client_id: String,
    pub scopes: BTreeSet<String>,
    pub expires_at: DateTime<Utc>,
    pub cp1: bool,
}

#[derive(Clone, Debug)]
pub struct BrowserSession {
    pub user_id: String,
    pub auth_time: DateTime<Utc>,
}

/// What the next `/authorize` does without showing the page, for tests that drive
/// the app's sign-in end to end (issue: "scripted outcomes").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ScriptedOutcome {
    /// Sign in as this user (or the first one), consent, redirect with a code.
    Success { user: Option<String> },
    /// The user cancelled: `error=access_denied&error_subcode=cancel`.
    Cancel,
    /// The user declined the consent screen: `access_denied` with AADSTS65004.
    DeclineConsent,
    /// The "Need admin approval" page (AADSTS90094); its link back cancels.
    AdminApprovalRequired,
    /// The user closed the browser: a page that never redirects.
    NoCallback,
}

#[derive(Clone, Debug, Serialize)]
pub struct LogEntry {
    pub at: String,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub bytes: u64,
    pub route: String,
}

#[derive(Debug)]
pub struct World {
    pub settings: Settings,
    pub clock_offset: Duration,
    pub tenants: Vec<Tenant>,
    pub apps: Vec<AppRegistration>,
    pub users: Vec<User>,
    pub codes: HashMap<String, AuthCode>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    pub access_tokens: HashMap<String, AccessGrant>,
    pub sessions: HashMap<String, BrowserSession>,
    pub next_authorize: Option<ScriptedOutcome>,
    pub faults: Vec<FaultRule>,
    pub log: Vec<LogEntry>,
    pub subscriptions: BTreeMap<String, serde_json::Value>,
    /// Frozen results of delta rounds that span pages, by round ID.
    pub delta_rounds: HashMap<String, Vec<serde_json::Value>>,
    /// transactionId → event ID per user, for idempotent POSTs (§6.1).
    pub transactions: HashMap<(String, String), String>,
}

impl World {
    pub fn new(settings: Settings) -> World {
        let app = |client_id: &str, public_client: bool| AppRegistration {
            client_id: client_id.to_owned(),
            display_name: "Meeting Tray".to_owned(),
            // Loopback for sign-in, and the admin-consent return path of §1.8.
            redirect_uris: vec![
                "http://localhost".to_owned(),
                "http://127.0.0.1".to_owned(),
                "http://localhost/adminconsent".to_owned(),
            ],
            public_client,
            required_scopes: vec![
                "User.Read".to_owned(),
                "Calendars.ReadWrite".to_owned(),
                "MailboxSettings.Read".to_owned(),
            ],
        };
        World {
            settings,
            clock_offset: Duration::zero(),
            tenants: vec![Tenant {
                id: TENANT_ID.to_owned(),
                domain: TENANT_DOMAIN.to_owned(),
                display_name: "Contoso (emulated)".to_owned(),
                user_consent_allowed: true,
                admin_consent: HashMap::new(),
            }],
            apps: vec![app(DEFAULT_CLIENT_ID, true), app(WEB_CLIENT_ID, false)],
            users: Vec::new(),
            codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            access_tokens: HashMap::new(),
            sessions: HashMap::new(),
            next_authorize: None,
            faults: Vec::new(),
            log: Vec::new(),
            subscriptions: BTreeMap::new(),
            delta_rounds: HashMap::new(),
            transactions: HashMap::new(),
        }
    }

    /// The emulated "now": real time plus whatever tests advanced the clock by.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.clock_offset
    }

    pub fn app(&self, client_id: &str) -> Option<&AppRegistration> {
        self.apps
            .iter()
            .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
    }

    /// The tenant a path segment names: GUID or domain; the multi-tenant aliases
    /// resolve to the home tenant of whoever signs in, so they give None here.
    pub fn tenant(&self, segment: &str) -> Option<&Tenant> {
        self.tenants
            .iter()
            .find(|t| t.id.eq_ignore_ascii_case(segment) || t.domain.eq_ignore_ascii_case(segment))
    }

    pub fn user(&self, id_or_upn: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.id.eq_ignore_ascii_case(id_or_upn) || u.upn.eq_ignore_ascii_case(id_or_upn))
    }

    pub fn user_mut(&mut self, id_or_upn: &str) -> Option<&mut User> {
        self.users
            .iter_mut()
            .find(|u| u.id.eq_ignore_ascii_case(id_or_upn) || u.upn.eq_ignore_ascii_case(id_or_upn))
    }

    pub fn add_user(&mut self, spec: NewUser) -> &User {
        let (given, surname) = spec
            .display_name
            .split_once(' ')
            .map(|(g, s)| (g.to_owned(), s.to_owned()))
            .unwrap_or_else(|| (spec.display_name.clone(), String::new()));
        self.users.push(User {
            id: ids::guid(),
            tenant_id: TENANT_ID.to_owned(),
            upn: spec.upn,
            display_name: spec.display_name,
            given_name: given,
            surname,
            job_title: spec.job_title,
            is_admin: spec.is_admin,
            has_mailbox: spec.has_mailbox,
            consents: HashMap::new(),
            flags: UserFlags::default(),
            mailbox: Mailbox::new(&spec.time_zone, &spec.locale),
        });
        let last = self.users.len() - 1;
        &self.users[last]
    }
}

/// A user to create (control API and the demo mailbox).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct NewUser {
    pub upn: String,
    pub display_name: String,
    pub job_title: Option<String>,
    pub time_zone: String,
    pub locale: String,
    pub is_admin: bool,
    pub has_mailbox: bool,
}

impl Default for NewUser {
    fn default() -> Self {
        NewUser {
            upn: String::new(),
            display_name: String::new(),
            job_title: None,
            time_zone: "UTC".to_owned(),
            locale: "en-US".to_owned(),
            is_admin: false,
            has_mailbox: true,
        }
    }
}
