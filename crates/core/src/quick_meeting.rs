//! "Start a meeting now" (issue 11): an event from now for a set time with
//! join details from the user's meeting source, created exactly once even
//! when an answer is lost (Graph's `transactionId`, reference §6.1).

use chrono::{DateTime, Duration, Utc};
use reqwest::Method;
use serde_json::json;

use crate::graph::{GraphClient, GraphError};
use crate::meeting_source::{MeetingSource, SourceError};
use crate::time_zones::graph_utc;

/// Tries of one creation: the first and two more after a lost answer.
const TRIES: u32 = 3;

#[derive(Debug, thiserror::Error)]
pub enum QuickMeetingError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Graph(#[from] GraphError),
    #[error("a quick meeting lasts 5 to 480 minutes, not {0}")]
    Length(i64),
}

/// The meeting as created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuickMeeting {
    pub id: String,
    pub join_url: String,
    /// Opens the event in Outlook on the web.
    pub web_link: Option<String>,
}

/// Creates the meeting: `subject`, from `now` for `minutes`, the source's
/// join link in the body and its service as the Location.
pub async fn start_now(
    graph: &GraphClient,
    source: &MeetingSource,
    subject: &str,
    now: DateTime<Utc>,
    minutes: i64,
) -> Result<QuickMeeting, QuickMeetingError> {
    if !(5..=480).contains(&minutes) {
        return Err(QuickMeetingError::Length(minutes));
    }
    let details = source.join_details()?;
    let mut content = format!("{}: {}\n", details.service, details.url);
    if let Some(dial_in) = &details.dial_in {
        content.push_str(dial_in);
        content.push('\n');
    }
    let body = json!({
        "subject": subject,
        "start": graph_utc(now),
        "end": graph_utc(now + Duration::minutes(minutes)),
        "location": {"displayName": details.service},
        "body": {"contentType": "text", "content": content},
        "showAs": "busy",
        // The same key on every try: a POST whose answer was lost and is
        // sent again yields the event already made, not a second one.
        "transactionId": uuid::Uuid::new_v4().to_string(),
    });
    let url = graph.url(&["me", "events"], &[]);
    let mut tries = 0;
    let created = loop {
        tries += 1;
        match graph.send(Method::POST, url.clone(), Some(&body)).await {
            Err(e) if e.is_offline() && tries < TRIES => {
                tracing::info!(
                    tries,
                    "creating the quick meeting again after a lost answer: {e}"
                );
            }
            other => break other?,
        }
    };
    let id = created["id"]
        .as_str()
        .ok_or_else(|| GraphError::Malformed("a created event without an id".to_owned()))?
        .to_owned();
    Ok(QuickMeeting {
        id,
        join_url: details.url,
        web_link: created["webLink"].as_str().map(str::to_owned),
    })
}
