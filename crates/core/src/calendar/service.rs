//! The connected calendar: the encrypted cache on disk and the sync that
//! refreshes it. Used alike by the app's scheduler and the command line.

use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use meeting_tray_links::Preferences;
use serde::Serialize;

use super::Cache;
use crate::auth::Auth;
use crate::graph::GraphClient;
use crate::secrets::SecretStore;
use crate::store::{CacheFile, StoreError};
use crate::sync::{self, SyncError, SyncOutcome};

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl CalendarError {
    /// Graph or the sign-in service could not be reached: work from the cache.
    pub fn is_offline(&self) -> bool {
        matches!(self, CalendarError::Sync(e) if e.is_offline())
    }
}

/// What a sync reports: the change counts and the traffic it cost.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    #[serde(flatten)]
    pub outcome: SyncOutcome,
    pub meetings: usize,
    pub requests: u64,
    pub bytes: u64,
    /// A quiet poll: the calendar is the one before ([`Cache::same_calendar`]),
    /// so the agenda and the alerts stay as they are.
    #[serde(skip)]
    pub unchanged: bool,
}

/// An answer to an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub enum Answer {
    #[serde(rename = "accept")]
    Accept,
    #[serde(rename = "tentativelyAccept")]
    Tentative,
    #[serde(rename = "decline")]
    Decline,
}

impl Answer {
    /// The Graph action (`POST /me/events/{id}/{action}`).
    pub fn action(self) -> &'static str {
        match self {
            Answer::Accept => "accept",
            Answer::Tentative => "tentativelyAccept",
            Answer::Decline => "decline",
        }
    }

    pub fn response(self) -> super::Response {
        match self {
            Answer::Accept => super::Response::Accepted,
            Answer::Tentative => super::Response::TentativelyAccepted,
            Answer::Decline => super::Response::Declined,
        }
    }
}

/// A quiet poll (nothing changed) rewrites the file only when the copy on
/// disk was confirmed this long ago: it still moves `last_sync`, which the
/// command line reads (it calls a cache older than 15 minutes stale), and the
/// delta link, but not every five minutes, nor every minute near a meeting.
pub const REWRITE_UNCHANGED_AFTER: chrono::Duration = chrono::Duration::minutes(10);

/// The cache as last read or written.
#[derive(Debug)]
struct Remembered {
    cache: Cache,
    /// The file's modification time when it was read or written.
    stamp: Option<SystemTime>,
    /// `last_sync` of the copy on disk (older than the cache's own after
    /// quiet polls that skipped the write).
    on_disk: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Calendar {
    graph: GraphClient,
    file: Arc<CacheFile>,
    /// The cache as last read or written, with the file's modification time
    /// then: a long-lived calendar (the app's sync loop) decrypts the file
    /// once, not at every poll, and still sees a disconnect or a sync made
    /// by the command line.
    memo: Arc<tokio::sync::Mutex<Option<Remembered>>>,
    pub link_preferences: Preferences,
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, CalendarError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CalendarError::Internal(format!("cache task: {e}")))?
        .map_err(CalendarError::Store)
}

impl Calendar {
    pub fn new(auth: Arc<Auth>, store: Arc<dyn SecretStore>, data_dir: &Path) -> Calendar {
        Calendar {
            graph: GraphClient::new(auth),
            file: Arc::new(CacheFile::new(
                data_dir,
                store,
                crate::auth::session::VAULT_ACCOUNT,
            )),
            memo: Arc::default(),
            link_preferences: Preferences::default(),
        }
    }

    pub fn graph(&self) -> &GraphClient {
        &self.graph
    }

    /// The Graph client, to change its retry policy.
    pub fn graph_mut(&mut self) -> &mut GraphClient {
        &mut self.graph
    }

    /// The cached calendar, without the network (`None` before the first sync).
    pub async fn cached(&self) -> Result<Option<Cache>, CalendarError> {
        let mut memo = self.memo.lock().await;
        let stamp = self.stamp();
        match memo.as_ref() {
            Some(r) if stamp.is_some() && r.stamp == stamp => Ok(Some(r.cache.clone())),
            _ => {
                let file = self.file.clone();
                let loaded = blocking(move || file.load()).await?;
                *memo = loaded.clone().map(|cache| Remembered {
                    on_disk: cache.last_sync,
                    cache,
                    stamp,
                });
                Ok(loaded)
            }
        }
    }

    fn stamp(&self) -> Option<SystemTime> {
        std::fs::metadata(self.file.path())
            .and_then(|m| m.modified())
            .ok()
    }

    /// One sync from the cache (or from scratch), saved before returning.
    pub async fn sync(&self, now: DateTime<Utc>) -> Result<(Cache, SyncReport), CalendarError> {
        let traffic = self.graph.traffic.snapshot();
        let rules = crate::settings::link_rules_key(&self.link_preferences);
        let cached = self.cached().await?.map(|mut c| {
            if c.link_rules != rules {
                // Bodies are not kept, so only Graph can give them again.
                tracing::info!("the link rules changed: reading the whole calendar again");
                c.delta_link = None;
            }
            c
        });
        let (mut cache, outcome) =
            sync::sync(&self.graph, cached, now, &self.link_preferences).await?;
        cache.link_rules = rules;
        let unchanged = self.keep(cache.clone(), now).await?;
        let after = self.graph.traffic.snapshot();
        let report = SyncReport {
            outcome,
            meetings: cache.meetings.len(),
            requests: after.0 - traffic.0,
            bytes: after.1 - traffic.1,
            unchanged,
        };
        tracing::info!(
            full = report.outcome.full,
            added = report.outcome.added,
            changed = report.outcome.changed,
            removed = report.outcome.removed,
            requests = report.requests,
            unchanged,
            "calendar synced"
        );
        Ok((cache, report))
    }

    /// Answers an invitation (Graph answers 202) and records the answer in
    /// the cache at once; the next sync confirms it.
    pub async fn respond(
        &self,
        id: &str,
        answer: Answer,
        comment: Option<&str>,
        send_response: bool,
    ) -> Result<(), CalendarError> {
        let mut body = serde_json::json!({ "sendResponse": send_response });
        if let Some(c) = comment.map(str::trim).filter(|c| !c.is_empty()) {
            body["comment"] = c.into();
        }
        let url = self.graph.url(&["me", "events", id, answer.action()], &[]);
        self.graph
            .send(reqwest::Method::POST, url, Some(&body))
            .await
            .map_err(|e| CalendarError::Sync(SyncError::Graph(e)))?;
        tracing::info!(action = answer.action(), "invitation answered");
        let Some(mut cache) = self.cached().await? else {
            return Ok(());
        };
        if let Some(m) = cache.meetings.get_mut(id) {
            m.response = answer.response();
            self.save(cache).await?;
        }
        Ok(())
    }

    /// Keeps a synced cache: written when the calendar differs from the one
    /// remembered (read at the start of the sync) or the copy on disk is
    /// [`REWRITE_UNCHANGED_AFTER`] old, else only remembered. Says whether
    /// the calendar is unchanged.
    async fn keep(&self, cache: Cache, now: DateTime<Utc>) -> Result<bool, CalendarError> {
        let mut memo = self.memo.lock().await;
        let unchanged = memo.as_ref().is_some_and(|r| r.cache.same_calendar(&cache));
        if let Some(r) = memo.as_mut() {
            let recent = r
                .on_disk
                .is_some_and(|at| now - at < REWRITE_UNCHANGED_AFTER);
            if unchanged && recent {
                // The stamp stays the file's: a write by another process
                // (the command line) is still noticed and read.
                r.cache = cache;
                return Ok(true);
            }
        }
        drop(memo);
        self.save(cache).await?;
        Ok(unchanged)
    }

    async fn save(&self, cache: Cache) -> Result<(), CalendarError> {
        let file = self.file.clone();
        let saved = cache.clone();
        blocking(move || file.save(&saved)).await?;
        *self.memo.lock().await = Some(Remembered {
            on_disk: cache.last_sync,
            cache,
            stamp: self.stamp(),
        });
        Ok(())
    }

    /// Removes the cache and its key (on disconnect).
    pub async fn forget(&self) -> Result<(), CalendarError> {
        *self.memo.lock().await = None;
        let file = self.file.clone();
        blocking(move || file.delete()).await
    }
}
