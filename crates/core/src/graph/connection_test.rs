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
    checked(permission, what, result.map_err(|e| reason(&e)))
}

fn checked(permission: &'static str, what: &'static str, result: Result<String, String>) -> Check {
    let (ok, detail) = match result {
        Ok(d) => (true, d),
        Err(d) => (false, d),
    };
    Check {
        permission,
        what,
        ok,
        detail,
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
        checks.push(checked(
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
async fn write_check(graph: &GraphClient) -> Result<String, String> {
    let day = (Utc::now() + Duration::days(365)).date_naive();
    let event = json!({
        "subject": "Meeting Tray connection test (safe to delete)",
        "start": {"dateTime": format!("{day}T03:00:00"), "timeZone": "UTC"},
        "end": {"dateTime": format!("{day}T03:05:00"), "timeZone": "UTC"},
        "showAs": "tentative",
        "sensitivity": "private",
        "isReminderOn": false,
        "responseRequested": false,
        // Graph creates one event per transaction id: a retried POST adds no second one.
        "transactionId": format!("meeting-tray-test-{}", crate::auth::admin::random_state()),
    });
    let created = graph
        .send(
            Method::POST,
            graph.url(&["me", "events"], &[]),
            Some(&event),
        )
        .await
        .map_err(|e| reason(&e))?;
    let id = created["id"]
        .as_str()
        .ok_or_else(|| "Microsoft Graph created the test event without an id".to_owned())?;
    if let Err(e) = graph
        .send(Method::DELETE, graph.url(&["me", "events", id], &[]), None)
        .await
    {
        return Err(format!(
            "the test event was created but could not be deleted ({e}); delete \"Meeting Tray connection test (safe to delete)\" from your calendar"
        ));
    }
    Ok("created and deleted a private test event".to_owned())
}
