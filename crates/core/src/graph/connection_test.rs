//! The connection test (the seed's administrator check): each permission is
//! tried with a real, harmless call and reported with a reason.

use chrono::{Duration, Utc};
use reqwest::Method;
use serde::Serialize;
use serde_json::json;

use super::{GraphClient, GraphError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The Graph permission this check exercises.
    pub permission: &'static str,
    /// What was tried, in the user's words.
    pub what: &'static str,
    pub ok: bool,
    /// The result: what was seen, or why it failed and what to do.
    pub detail: String,
}

fn reason(e: &GraphError) -> String {
    match e.code() {
        Some("ErrorAccessDenied") | Some("Authorization_RequestDenied") => format!(
            "access denied: the permission is not granted to Meeting Tray — ask an administrator to grant it (meeting-tray admin-consent-url) or reconnect ({e})"
        ),
        Some("MailboxNotEnabledForRESTAPI") => {
            format!("this account has no Exchange Online mailbox ({e})")
        }
        _ => e.to_string(),
    }
}

fn check(
    permission: &'static str,
    what: &'static str,
    result: Result<String, GraphError>,
) -> Check {
    match result {
        Ok(detail) => Check {
            permission,
            what,
            ok: true,
            detail,
        },
        Err(e) => Check {
            permission,
            what,
            ok: false,
            detail: reason(&e),
        },
    }
}

/// Runs every check in order; `read_only` skips the write check.
pub async fn run(graph: &GraphClient, read_only: bool) -> Vec<Check> {
    let mut checks = Vec::new();
    let me = graph
        .get(&["me"], &[("$select", "displayName,userPrincipalName")])
        .await
        .map(|v| {
            format!(
                "signed in as {} <{}>",
                v["displayName"].as_str().unwrap_or("?"),
                v["userPrincipalName"].as_str().unwrap_or("?")
            )
        });
    checks.push(check("User.Read", "Read your profile", me));

    let now = Utc::now();
    let start = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let end = (now + Duration::days(1))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let read = graph
        .get(
            &["me", "calendarView"],
            &[
                ("startDateTime", &start),
                ("endDateTime", &end),
                ("$select", "id"),
                ("$top", "50"),
            ],
        )
        .await
        .map(|v| {
            let n = v["value"].as_array().map_or(0, Vec::len);
            format!("{n} calendar item(s) in the next 24 hours")
        });
    checks.push(check("Calendars.Read", "Read your calendar", read));

    if !read_only {
        checks.push(check(
            "Calendars.ReadWrite",
            "Add and remove a test event",
            write_check(graph).await,
        ));
    }

    let settings = graph
        .get(
            &["me", "mailboxSettings"],
            &[("$select", "timeZone,language")],
        )
        .await
        .map(|v| {
            format!(
                "time zone {}, language {}",
                v["timeZone"].as_str().unwrap_or("?"),
                v["language"]["locale"].as_str().unwrap_or("?")
            )
        });
    checks.push(check(
        "MailboxSettings.Read",
        "Read your time zone, language and automatic replies",
        settings,
    ));
    checks
}

/// A private, free, reminder-less event a year ahead, deleted at once.
async fn write_check(graph: &GraphClient) -> Result<String, GraphError> {
    let day = (Utc::now() + Duration::days(365)).date_naive();
    let event = json!({
        "subject": "Meeting Tray connection test (safe to delete)",
        "start": {"dateTime": format!("{day}T03:00:00"), "timeZone": "UTC"},
        "end": {"dateTime": format!("{day}T03:05:00"), "timeZone": "UTC"},
        "showAs": "tentative",
        "sensitivity": "private",
        "isReminderOn": false,
        "responseRequested": false,
    });
    let created = graph
        .send(
            Method::POST,
            graph.url(&["me", "events"], &[]),
            Some(&event),
        )
        .await?;
    let id = created["id"]
        .as_str()
        .ok_or_else(|| GraphError::Malformed("the created event has no id".to_owned()))?;
    graph
        .send(Method::DELETE, graph.url(&["me", "events", id], &[]), None)
        .await?;
    Ok("created and deleted a private test event".to_owned())
}
