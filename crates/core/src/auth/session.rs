//! The connected account at run time: sign-in, the access token in memory,
//! refresh with rotation into the keychain, re-authorization, disconnect.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tokio::sync::Mutex;

use super::client::{self, Authorization, AuthorizeOptions, Prompt, TokenSet};
use super::config::AuthConfig;
use super::error::ErrorClass;
use super::loopback::{Callback, Loopback};
use super::reauth::{self, Reauth};
use super::record::{self, AccountRecord, Problem};
use super::{AuthError, Cloud};
use crate::secrets::{Secret, SecretError, TokenVault};

/// The one place that reads "now"; tests inject their own.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// Refresh this long before the access token expires.
const REFRESH_MARGIN: chrono::Duration = chrono::Duration::minutes(5);
/// Transient refresh failures are retried this many times in a row.
const REFRESH_ATTEMPTS: u32 = 3;
/// How long the browser may take by default.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(5 * 60);
/// The vault's account key: one Microsoft account per installation.
pub const VAULT_ACCOUNT: &str = "microsoft";

struct Inner {
    record: Option<AccountRecord>,
    /// The record file's modification time when last read or written: the
    /// command line may change the file while the app runs.
    record_stamp: Option<std::time::SystemTime>,
    access: Option<(Secret, DateTime<Utc>)>,
}

fn stamp(path: &Path) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

pub struct Auth {
    config: AuthConfig,
    http: reqwest::Client,
    vault: Arc<TokenVault>,
    record_path: PathBuf,
    clock: Clock,
    /// First delay of the transient-retry backoff (doubles, with jitter).
    pub retry_base: Duration,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("client_id", &self.config.client_id)
            .field("authority", &self.config.authority.as_str())
            .finish_non_exhaustive()
    }
}

/// A sign-in waiting for the browser: open `url`, then [`Auth::finish_sign_in`].
#[derive(Debug)]
pub struct PendingSignIn {
    pub url: url::Url,
    auth: Authorization,
    loopback: Loopback,
}

/// What `status` shows: enough for the CLI, the tray and the window.
#[derive(Clone, Debug, Serialize)]
pub struct AccountStatus {
    /// `not_connected`, `connected`, `reconnect_soon`, `reconnect_needed`,
    /// `attention` (a configuration or transient problem).
    pub state: &'static str,
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub cloud: Cloud,
    pub tenant_id: Option<String>,
    pub signed_in_at: Option<DateTime<Utc>>,
    /// The re-authorization deadline, if the policy is on.
    pub reconnect_by: Option<DateTime<Utc>>,
    pub access_token_expires_at: Option<DateTime<Utc>>,
    pub last_refresh_at: Option<DateTime<Utc>>,
    pub problem: Option<Problem>,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SecretError> + Send + 'static,
) -> Result<T, AuthError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AuthError::Internal(format!("keychain task: {e}")))?
        .map_err(AuthError::Secrets)
}

impl Auth {
    pub fn new(config: AuthConfig, vault: TokenVault, config_dir: &Path, clock: Clock) -> Auth {
        let record_path = record::path_in(config_dir);
        let record = record::load(&record_path);
        let record_stamp = stamp(&record_path);
        Auth {
            config,
            http: client::http_client(),
            vault: Arc::new(vault),
            record_path,
            clock,
            retry_base: Duration::from_secs(2),
            inner: Mutex::new(Inner {
                record,
                record_stamp,
                access: None,
            }),
        }
    }

    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// Replaces the overall request timeout (30 s by default).
    pub fn set_request_timeout(&mut self, total: Duration) {
        self.http = client::http_client_with_timeout(total);
    }

    /// Starts a sign-in: listens on 127.0.0.1 and builds the browser URL.
    /// A reconnect of a known account hints its name, and forces the password
    /// page when the re-authorization policy asked for it.
    pub async fn begin_sign_in(
        &self,
        mut options: AuthorizeOptions,
    ) -> Result<PendingSignIn, AuthError> {
        let now = (self.clock)();
        {
            let inner = self.state().await;
            if let Some(r) = &inner.record {
                options.login_hint.get_or_insert_with(|| r.username.clone());
                let status =
                    reauth::status(r.signed_in_at, self.config.reauthorize_after_days, now);
                if matches!(status, Reauth::DueSoon { .. } | Reauth::Overdue { .. }) {
                    options.prompt.get_or_insert(Prompt::Login);
                }
            }
        }
        // A locked keychain found after the browser round trip would throw
        // the sign-in away: ask it first.
        let vault = self.vault.clone();
        blocking(move || vault.load().map(drop)).await?;
        let loopback = Loopback::bind().await?;
        let auth = client::authorization(&self.config, &loopback.redirect_uri(), &options)?;
        Ok(PendingSignIn {
            url: auth.url.clone(),
            auth,
            loopback,
        })
    }

    /// Waits for the browser, redeems the code, stores the refresh token in
    /// the keychain and the account record beside the settings.
    pub async fn finish_sign_in(
        &self,
        pending: PendingSignIn,
        timeout: Duration,
    ) -> Result<AccountRecord, AuthError> {
        let state = pending.auth.state.secret().clone();
        let code = match pending.loopback.wait(&state, timeout).await? {
            Callback::Code(c) => c,
            Callback::Error(e) => return Err(AuthError::Service(Box::new(e))),
        };
        let now = (self.clock)();
        let tokens = client::redeem(&self.config, &self.http, pending.auth, code, now).await?;
        let refresh = tokens
            .refresh_token
            .clone()
            .ok_or(AuthError::NoRefreshToken)?;
        let vault = self.vault.clone();
        blocking(move || vault.save(&refresh)).await?;
        let id = tokens.id.clone().unwrap_or_default();
        let record = AccountRecord {
            username: id
                .preferred_username
                .clone()
                .unwrap_or_else(|| "unknown account".to_owned()),
            display_name: id.name.clone(),
            tenant_id: id.tid.clone(),
            object_id: id.oid.clone(),
            cloud: self.config.cloud,
            client_id: self.config.client_id.clone(),
            scopes: tokens.scopes.clone(),
            signed_in_at: id.signed_in_at().unwrap_or(now),
            last_refresh_at: None,
            problem: None,
        };
        let mut inner = self.inner.lock().await;
        self.save_record(&mut inner, &record)?;
        inner.access = Some((tokens.access_token, tokens.expires_at));
        inner.record = Some(record.clone());
        tracing::info!(cloud = self.config.cloud.name(), "connected");
        Ok(record)
    }

    fn save_record(&self, inner: &mut Inner, record: &AccountRecord) -> Result<(), AuthError> {
        record::save(&self.record_path, record).map_err(|source| AuthError::Record {
            path: self.record_path.display().to_string(),
            source,
        })?;
        inner.record_stamp = stamp(&self.record_path);
        Ok(())
    }

    /// Takes in what another process (the command line) wrote: a new
    /// sign-in, a disconnect. A different account or sign-in drops the
    /// access token held for the old one.
    fn reload_if_changed(&self, inner: &mut Inner) {
        let now = stamp(&self.record_path);
        if now == inner.record_stamp {
            return;
        }
        let fresh = record::load(&self.record_path);
        let same_sign_in = match (&fresh, &inner.record) {
            (Some(a), Some(b)) => a.username == b.username && a.signed_in_at == b.signed_in_at,
            _ => false,
        };
        if !same_sign_in {
            tracing::info!("the account changed outside the app; following it");
            inner.access = None;
        }
        inner.record = fresh;
        inner.record_stamp = now;
    }

    /// The lock on the account state, with changes from elsewhere taken in.
    async fn state(&self) -> tokio::sync::MutexGuard<'_, Inner> {
        let mut inner = self.inner.lock().await;
        self.reload_if_changed(&mut inner);
        inner
    }

    /// A valid access token: the one in memory, or a fresh one from the
    /// refresh token (which rotates). Errors say whether to retry or reconnect.
    pub async fn access_token(&self) -> Result<Secret, AuthError> {
        let mut inner = self.state().await;
        let now = (self.clock)();
        let Some(rec) = inner.record.clone() else {
            return Err(AuthError::NotConnected);
        };
        if rec.client_id != self.config.client_id || rec.cloud != self.config.cloud {
            // Never send a refresh token to another registration or cloud.
            inner.access = None;
            let err = AuthError::SettingsChanged;
            self.note_problem(&mut inner, &err, now);
            return Err(err);
        }
        let days = self.config.reauthorize_after_days;
        if let Reauth::Overdue { .. } = reauth::status(rec.signed_in_at, days, now) {
            // The policy: no silent refresh past the deadline (reference §1.6).
            inner.access = None;
            let vault = self.vault.clone();
            blocking(move || vault.delete()).await?;
            let err = AuthError::ReauthDue { days };
            self.note_problem(&mut inner, &err, now);
            return Err(err);
        }
        if let Some((token, expires)) = &inner.access {
            if *expires - REFRESH_MARGIN > now {
                return Ok(token.clone());
            }
        }
        match self.refresh_locked(&mut inner).await {
            Ok(t) => Ok(t),
            Err(e) => {
                self.note_problem(&mut inner, &e, (self.clock)());
                Err(e)
            }
        }
    }

    /// Forgets the access token after Graph answered 401 to it, so the next
    /// call refreshes — unless another call has already replaced it.
    pub async fn invalidate_access_token(&self, failed: &Secret) {
        let mut inner = self.inner.lock().await;
        if inner
            .access
            .as_ref()
            .is_some_and(|(t, _)| t.expose() == failed.expose())
        {
            inner.access = None;
        }
    }

    /// Graph refused a freshly refreshed token too: the grant no longer
    /// works for Graph, so the user must sign in again.
    pub async fn graph_refused(&self) {
        let mut inner = self.inner.lock().await;
        inner.access = None;
        let now = (self.clock)();
        self.note_problem(&mut inner, &AuthError::GraphRefused, now);
    }

    async fn refresh_locked(&self, inner: &mut Inner) -> Result<Secret, AuthError> {
        let vault = self.vault.clone();
        let Some(refresh) = blocking(move || vault.load()).await? else {
            return Err(AuthError::NotConnected);
        };
        let mut delay = self.retry_base;
        let mut attempt = 1;
        let tokens: TokenSet = loop {
            match client::refresh(&self.config, &self.http, &refresh, (self.clock)()).await {
                Ok(t) => break t,
                Err(e) if e.class() == ErrorClass::Transient && attempt < REFRESH_ATTEMPTS => {
                    tracing::warn!(attempt, "token refresh failed, retrying: {e}");
                    let jitter = rand::random_range(0.8..1.2);
                    tokio::time::sleep(delay.mul_f64(jitter)).await;
                    delay *= 2;
                    attempt += 1;
                }
                Err(e) => {
                    if e.class() == ErrorClass::NeedsReauth {
                        // The grant is dead: keep nothing that looks usable.
                        inner.access = None;
                        let vault = self.vault.clone();
                        blocking(move || vault.delete()).await?;
                    }
                    return Err(e);
                }
            }
        };
        if let Some(new_rt) = tokens.refresh_token.clone() {
            let vault = self.vault.clone();
            blocking(move || vault.save(&new_rt)).await?;
        }
        let now = (self.clock)();
        if let Some(rec) = inner.record.as_mut() {
            rec.last_refresh_at = Some(now);
            rec.problem = None;
            if !tokens.scopes.is_empty() {
                rec.scopes = tokens.scopes.clone();
            }
            let rec = rec.clone();
            self.save_record(inner, &rec)?;
        }
        inner.access = Some((tokens.access_token.clone(), tokens.expires_at));
        tracing::info!("access token refreshed");
        Ok(tokens.access_token)
    }

    fn note_problem(&self, inner: &mut Inner, err: &AuthError, now: DateTime<Utc>) {
        let Some(rec) = inner.record.as_mut() else {
            return;
        };
        let class = err.class();
        let message = err.to_string();
        let known = rec.problem.as_ref();
        if known.is_some_and(|p| p.class == class && p.message == message)
            // Keep the first, specific reason ("revoked (AADSTS50173)") over
            // the "not connected" that follows once the token is gone.
            || (matches!(err, AuthError::NotConnected)
                && known.is_some_and(|p| p.class == ErrorClass::NeedsReauth))
        {
            return;
        }
        tracing::warn!(?class, "account problem: {message}");
        rec.problem = Some(Problem {
            class,
            message,
            since: now,
        });
        let rec = rec.clone();
        if let Err(e) = self.save_record(inner, &rec) {
            tracing::warn!("{e}");
        }
    }

    /// Removes the tokens from the keychain and the account record. The
    /// calendar cache goes with the sync engine's own disconnect.
    pub async fn disconnect(&self) -> Result<(), AuthError> {
        let vault = self.vault.clone();
        blocking(move || vault.delete()).await?;
        record::remove(&self.record_path).map_err(|source| AuthError::Record {
            path: self.record_path.display().to_string(),
            source,
        })?;
        let mut inner = self.inner.lock().await;
        inner.record = None;
        inner.record_stamp = None;
        inner.access = None;
        tracing::info!("disconnected");
        Ok(())
    }

    pub async fn status(&self) -> AccountStatus {
        let inner = self.state().await;
        let now = (self.clock)();
        let Some(r) = &inner.record else {
            return AccountStatus {
                state: "not_connected",
                username: None,
                display_name: None,
                cloud: self.config.cloud,
                tenant_id: None,
                signed_in_at: None,
                reconnect_by: None,
                access_token_expires_at: None,
                last_refresh_at: None,
                problem: None,
            };
        };
        let policy = reauth::status(r.signed_in_at, self.config.reauthorize_after_days, now);
        let state = match (&r.problem, policy) {
            (_, Reauth::Overdue { .. }) => "reconnect_needed",
            (Some(p), _) if p.class == ErrorClass::NeedsReauth => "reconnect_needed",
            // A locked keychain, a configuration problem, a policy block.
            (Some(p), _) if p.class != ErrorClass::Transient => "attention",
            (_, Reauth::DueSoon { .. }) => "reconnect_soon",
            _ => "connected",
        };
        AccountStatus {
            state,
            username: Some(r.username.clone()),
            display_name: r.display_name.clone(),
            cloud: r.cloud,
            tenant_id: r.tenant_id.clone(),
            signed_in_at: Some(r.signed_in_at),
            reconnect_by: policy.due(),
            access_token_expires_at: inner.access.as_ref().map(|(_, e)| *e),
            last_refresh_at: r.last_refresh_at,
            problem: r.problem.clone(),
        }
    }
}
