//! One sync: a delta round over the window (a full one when there is no delta
//! link yet, the window moved or Graph lost the sync state), then the
//! mailbox settings.

use chrono::{DateTime, Utc};
use meeting_tray_links::Preferences;
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use super::mapping;
use super::window::window;
use crate::calendar::{Cache, Mailbox, OutOfOffice};
use crate::graph::{GraphClient, GraphError};
use crate::outlook_web;

/// Page size asked of Graph; fewer requests than the default 10.
pub const PAGE_SIZE: u32 = 100;
/// A round that needs more pages than this is a server bug, not a calendar.
const MAX_PAGES: usize = 2000;

/// What one sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncOutcome {
    /// A full round (first sync, moved window, lost sync state).
    pub full: bool,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub pages: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error("Microsoft Graph sent a calendar page without a next or delta link; the sync will start over next time")]
    Unfinished,
}

impl SyncError {
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Graph(g) if g.is_offline())
    }
}

fn preferences() -> Vec<String> {
    vec![
        "outlook.timezone=\"UTC\"".to_owned(),
        // Text bodies: Outlook writes each link's target after its text, and
        // text is a fraction of the HTML's size (see make bench).
        "outlook.body-content-type=\"text\"".to_owned(),
        format!("odata.maxpagesize={PAGE_SIZE}"),
    ]
}

/// One sync of `cache` (or a first one) at `now`.
pub async fn sync(
    graph: &GraphClient,
    cache: Option<Cache>,
    now: DateTime<Utc>,
    prefs: &Preferences,
) -> Result<(Cache, SyncOutcome), SyncError> {
    let (start, end) = window(now);
    let resumable = cache
        .as_ref()
        .filter(|c| c.window_start == start && c.window_end == end && c.delta_link.is_some());
    let mut outcome = SyncOutcome::default();
    let mut mailbox_answer = None;
    let mut result = match resumable {
        // A quiet poll costs one request: the delta page and the mailbox
        // settings travel together in one $batch.
        Some(c) => match batched_first_page(graph, c).await {
            Ok(Some((page, mailbox))) => {
                mailbox_answer = mailbox;
                round(
                    graph,
                    Some(c.clone()),
                    Some(page),
                    start,
                    end,
                    prefs,
                    &mut outcome,
                )
                .await
            }
            // Throttled inside the batch: the plain requests wait it out.
            Ok(None) => {
                round(
                    graph,
                    Some(c.clone()),
                    None,
                    start,
                    end,
                    prefs,
                    &mut outcome,
                )
                .await
            }
            Err(e) => Err(e.into()),
        },
        None => round(graph, None, None, start, end, prefs, &mut outcome).await,
    };
    if let Err(SyncError::Graph(e)) = &result {
        if e.status() == Some(410) {
            // SyncStateNotFound: the delta link is gone; start over.
            tracing::info!("Graph lost the sync state; starting a full round");
            outcome = SyncOutcome::default();
            result = round(graph, None, None, start, end, prefs, &mut outcome).await;
        }
    }
    let mut cache = result?;
    let settings = match mailbox_answer {
        Some(v) => v,
        None => {
            graph
                .get(&["me", "mailboxSettings"], &[("$select", MAILBOX_FIELDS)])
                .await?
        }
    };
    cache.mailbox = mailbox(&settings, cache.mailbox.clone());
    cache.last_sync = Some(now);
    cache.purge_outside_window();
    Ok((cache, outcome))
}

/// The mailbox settings the app reads.
const MAILBOX_FIELDS: &str = "timeZone,language,automaticRepliesSetting";

/// The first delta page and the mailbox settings in one `$batch` request.
/// `Ok(None)` when Graph throttled inside the batch (retry the plain way);
/// a 410 comes back as the error it is.
async fn batched_first_page(
    graph: &GraphClient,
    cache: &Cache,
) -> Result<Option<(Value, Option<Value>)>, GraphError> {
    let Some(link) = cache.delta_link.as_deref() else {
        return Ok(None);
    };
    let url = graph.same_origin(link)?;
    let base = graph.url(&[], &[]);
    let relative = url
        .as_str()
        .strip_prefix(base.as_str().trim_end_matches('/'))
        .ok_or_else(|| GraphError::ForeignLink(link.to_owned()))?
        .to_owned();
    let body = serde_json::json!({"requests": [
        {"id": "delta", "method": "GET", "url": relative,
         "headers": {"Prefer": preferences().join(", ")}},
        {"id": "mailbox", "method": "GET",
         "url": format!("/me/mailboxSettings?$select={MAILBOX_FIELDS}")},
    ]});
    let answer = graph
        .send(Method::POST, graph.url(&["$batch"], &[]), Some(&body))
        .await?;
    let part = |id: &str| {
        answer["responses"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| r["id"] == id)
            .cloned()
    };
    let status = |r: &Value| r["status"].as_u64().unwrap_or(0);
    let Some(delta) = part("delta") else {
        return Ok(None);
    };
    match status(&delta) {
        // A page must carry its items; anything else is retried the plain way.
        200..=299 if delta["body"]["value"].is_array() => {}
        410 => {
            return Err(GraphError::Service {
                status: 410,
                code: delta["body"]["error"]["code"]
                    .as_str()
                    .unwrap_or("SyncStateNotFound")
                    .to_owned(),
                message: String::new(),
                request_id: None,
            })
        }
        _ => return Ok(None),
    }
    let mailbox = part("mailbox")
        .filter(|m| status(m) == 200)
        .map(|m| m["body"].clone());
    Ok(Some((delta["body"].clone(), mailbox)))
}

async fn round(
    graph: &GraphClient,
    resume: Option<Cache>,
    first_page: Option<Value>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    prefs: &Preferences,
    outcome: &mut SyncOutcome,
) -> Result<Cache, SyncError> {
    let (mut cache, mut url) = match resume.and_then(|c| c.delta_link.clone().map(|l| (c, l))) {
        Some((cache, link)) => (cache, graph.same_origin(&link)?),
        None => {
            outcome.full = true;
            let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let url = graph.url(
                &["me", "calendarView", "delta"],
                &[("startDateTime", &fmt(start)), ("endDateTime", &fmt(end))],
            );
            (Cache::empty(start, end), url)
        }
    };
    let owned = preferences();
    let prefer: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut prefetched = first_page;
    for _ in 0..MAX_PAGES {
        let page = match prefetched.take() {
            Some(p) => p,
            None => graph.send_with(Method::GET, url, None, &prefer).await?,
        };
        match apply_page(&mut cache, &page, prefs, outcome) {
            PageEnd::Next(n) => url = graph.same_origin(n)?,
            PageEnd::Delta(d) => {
                graph.same_origin(d)?;
                cache.delta_link = Some(d.to_owned());
                return Ok(cache);
            }
            PageEnd::Unfinished => return Err(SyncError::Unfinished),
        }
    }
    Err(SyncError::Unfinished)
}

/// Where a calendarView or delta page says the round goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageEnd<'a> {
    /// `@odata.nextLink`: another page of this round.
    Next(&'a str),
    /// `@odata.deltaLink`: the round is over and the next one starts there.
    Delta(&'a str),
    /// Neither link: Graph broke the round off.
    Unfinished,
}

/// Applies one page's `value` items to `cache` (counted in `outcome`) and
/// says where the round goes on. Public and free of requests so the fuzz
/// target can reach it; the links are not checked against Graph's origin
/// here, the caller does that.
pub fn apply_page<'p>(
    cache: &mut Cache,
    page: &'p Value,
    prefs: &Preferences,
    outcome: &mut SyncOutcome,
) -> PageEnd<'p> {
    outcome.pages += 1;
    for item in page["value"].as_array().into_iter().flatten() {
        apply(cache, item, prefs, outcome);
    }
    if let Some(n) = page["@odata.nextLink"].as_str() {
        return PageEnd::Next(n);
    }
    page["@odata.deltaLink"]
        .as_str()
        .map_or(PageEnd::Unfinished, PageEnd::Delta)
}

fn apply(cache: &mut Cache, item: &Value, prefs: &Preferences, outcome: &mut SyncOutcome) {
    let Some(id) = item["id"].as_str() else {
        return;
    };
    if item.get("@removed").is_some() {
        if cache.meetings.remove(id).is_some() {
            outcome.removed += 1;
        }
        return;
    }
    if cache.mailbox.outlook_web.is_none() {
        cache.mailbox.outlook_web = item["webLink"].as_str().and_then(outlook_web::origin_of);
    }
    let Some(m) = mapping::meeting(item, prefs) else {
        return;
    };
    match cache.meetings.insert(m.id.clone(), m) {
        None => outcome.added += 1,
        Some(old) if Some(&old) != cache.meetings.get(id) => outcome.changed += 1,
        Some(_) => {}
    }
}

fn mailbox(v: &Value, previous: Mailbox) -> Mailbox {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(str::to_owned);
    let replies = &v["automaticRepliesSetting"];
    // Graph gives these in the zone they were set in (Outlook sets the
    // mailbox's, "Pacific Standard Time" say), not always UTC.
    let when = crate::time_zones::graph_instant;
    Mailbox {
        time_zone: text(&v["timeZone"]).or(previous.time_zone),
        locale: text(&v["language"]["locale"]).or(previous.locale),
        automatic_replies: OutOfOffice {
            // The docs' own examples mix `scheduled` and `Scheduled`.
            status: text(&replies["status"])
                .map(|s| s.to_ascii_lowercase())
                .unwrap_or_else(|| "disabled".to_owned()),
            scheduled_start: when(&replies["scheduledStartDateTime"]),
            scheduled_end: when(&replies["scheduledEndDateTime"]),
        },
        outlook_web: previous.outlook_web,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_counts_its_changes_and_says_where_the_round_goes_on() {
        let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let mut cache = Cache::empty(t("2026-03-03T00:00:00Z"), t("2026-04-11T00:00:00Z"));
        let event = |id: &str, subject: &str| {
            json!({"id": id, "subject": subject,
                "start": {"dateTime": "2026-03-10T16:00:00", "timeZone": "UTC"},
                "end": {"dateTime": "2026-03-10T16:30:00", "timeZone": "UTC"}})
        };
        let prefs = Preferences::default();
        let mut outcome = SyncOutcome::default();
        let first = json!({
            "value": [event("a", "A"), event("b", "B"),
                      {"@removed": {"reason": "deleted"}, "id": "b"},
                      {"@removed": {"reason": "deleted"}, "id": "never-seen"}],
            // Both links: the round is not over while there is a next page.
            "@odata.nextLink": "https://graph.example/next",
            "@odata.deltaLink": "https://graph.example/delta",
        });
        assert_eq!(
            apply_page(&mut cache, &first, &prefs, &mut outcome),
            PageEnd::Next("https://graph.example/next")
        );
        assert_eq!((outcome.added, outcome.changed, outcome.removed), (2, 0, 1));
        assert_eq!(cache.meetings.keys().collect::<Vec<_>>(), ["a"]);

        let second = json!({"value": [event("a", "A2"), event("a", "A2")],
                            "@odata.deltaLink": "https://graph.example/delta"});
        assert_eq!(
            apply_page(&mut cache, &second, &prefs, &mut outcome),
            PageEnd::Delta("https://graph.example/delta")
        );
        // The same content twice is one change.
        assert_eq!((outcome.changed, outcome.pages), (1, 2));
        assert_eq!(cache.meetings["a"].subject, "A2");

        let broken = json!({"value": [], "@odata.nextLink": 7});
        assert_eq!(
            apply_page(&mut cache, &broken, &prefs, &mut outcome),
            PageEnd::Unfinished
        );
    }
}
