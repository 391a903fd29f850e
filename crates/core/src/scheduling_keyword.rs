//! The scheduling keyword (issue 11): the user types `@meet` (or another
//! configured keyword) in the Location of a meeting they organize, in any
//! calendar client, and Meeting Tray adds the join details to it.
//!
//! One PATCH writes three things at once: a delimited, localized block at
//! the top of the body (the rest kept byte for byte), the keyword in
//! Location replaced by the service's name, and a single-value extended
//! property marking the event as done, so no device does it twice.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{json, Value};

use crate::auth::loopback::escape as escape_html;
use crate::calendar::{Cache, Response, When};
use crate::graph::{GraphClient, GraphError};
use crate::i18n::{texts, Arg, Lang, Texts};
use crate::meeting_source::{JoinDetails, MeetingSource, SourceError};

/// The marker: a single-value extended property in Meeting Tray's own
/// property set (reference §6.2: `"{type} {guid} Name {name}"`). Its value
/// is the join link that was added.
pub const MARKER_ID: &str =
    "String {6f1c2b7e-5a43-4d8e-9b21-3c0d8e7f4a19} Name MeetingTrayJoinDetails";

/// Opens the HTML block; the block holds no other `div`, so the first
/// `</div>` after it closes it.
const HTML_OPEN: &str = "<div id=\"meeting-tray-join-details\">";
const HTML_CLOSE: &str = "</div>";

/// One keyword and where its join details come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeywordRule {
    pub keyword: String,
    pub source: MeetingSource,
}

/// Characters of a keyword after its `@`.
fn keyword_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The `@words` of a Location that stand as words of their own, with where
/// they are: `Room 4 @meet` has one, `dana@meeting.example` and
/// `@meet.example.com` have none.
fn keyword_spans(location: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let joined = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '@' || c == '.');
    location.match_indices('@').filter_map(move |(at, _)| {
        if joined(location[..at].chars().next_back()) {
            return None;
        }
        let rest = &location[at + 1..];
        let len = rest.find(|c: char| !keyword_char(c)).unwrap_or(rest.len());
        let end = at + 1 + len;
        let mut after = location[end..].chars();
        let continues = match after.next() {
            Some('@') => true,
            Some('.') => after.next().is_some_and(keyword_char),
            _ => false,
        };
        (len > 0 && !continues).then_some(at..end)
    })
}

/// The keywords a Location holds, lowercased: all the cache keeps of it.
pub fn keywords_in(location: &str) -> Vec<String> {
    let mut out: Vec<String> = keyword_spans(location)
        .map(|r| location[r].to_lowercase())
        .collect();
    out.dedup();
    out.truncate(5);
    out
}

/// Where `keyword` stands in `location` as a word of its own, ignoring case.
pub fn find_keyword(location: &str, keyword: &str) -> Option<Range<usize>> {
    let keyword = keyword.trim();
    keyword_spans(location).find(|r| location[r.clone()].to_lowercase() == keyword.to_lowercase())
}

/// The Location with the keyword replaced by `service`; a Location that
/// was only the keyword becomes the service's name.
pub fn replace_keyword(location: &str, at: Range<usize>, service: &str) -> String {
    let replaced = format!("{}{service}{}", &location[..at.start], &location[at.end..]);
    replaced.trim().to_owned()
}

/// The lines of the block, in one language.
struct BlockText {
    heading: String,
    join: String,
    dial_in: String,
    end: String,
}

fn block_text(t: &Texts, service: &str) -> BlockText {
    BlockText {
        heading: t.text("join-details-heading"),
        join: t.get("join-details-join", &[("service", Arg::Str(service))]),
        dial_in: t.text("join-details-dial-in"),
        end: t.text("join-details-end"),
    }
}

/// The block for a body of `content_type` (`html` or `text`, as Graph
/// names them), in the language of `t`.
pub fn block(details: &JoinDetails, t: &Texts, html: bool) -> String {
    let b = block_text(t, &details.service);
    if html {
        let url = escape_html(&details.url);
        let mut s = format!(
            "{HTML_OPEN}<p>--- {} ---<br>{}: <a href=\"{url}\">{url}</a><br>",
            escape_html(&b.heading),
            escape_html(&b.join),
        );
        if let Some(dial) = &details.dial_in {
            s.push_str(&format!(
                "{}: {}<br>",
                escape_html(&b.dial_in),
                escape_html(dial)
            ));
        }
        s.push_str(&format!("--- {} ---</p>{HTML_CLOSE}", escape_html(&b.end)));
        s
    } else {
        let mut s = format!("--- {} ---\n{}: {}\n", b.heading, b.join, details.url);
        if let Some(dial) = &details.dial_in {
            s.push_str(&format!("{}: {dial}\n", b.dial_in));
        }
        s.push_str(&format!("--- {} ---\n\n", b.end));
        s
    }
}

/// Where the block goes: in HTML right after the `<body …>` tag (or at
/// the start when there is none), in text at the start.
fn insertion_point(content: &str, html: bool) -> usize {
    if !html {
        return 0;
    }
    let lower = content.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<body").map(|i| i + from) {
        let next = lower.as_bytes().get(at + 5).copied();
        if matches!(next, Some(b'>' | b' ' | b'\t' | b'\r' | b'\n' | b'/')) {
            if let Some(close) = lower[at..].find('>') {
                return at + close + 1;
            }
        }
        from = at + 5;
    }
    0
}

/// The body with the block inserted; everything else as it was, byte for byte.
pub fn insert_block(content: &str, html: bool, block: &str) -> String {
    let at = insertion_point(content, html);
    let mut out = String::with_capacity(content.len() + block.len());
    out.push_str(&content[..at]);
    out.push_str(block);
    out.push_str(&content[at..]);
    out
}

/// The block's delimiting lines in one language, as the text block writes
/// them and (the heading) as the HTML block escapes it.
struct Delimiters {
    heading: String,
    heading_html: String,
    text_open: String,
    text_close: String,
}

/// Built once: the sync asks of every body of the user's own meetings.
static DELIMITERS: LazyLock<Vec<Delimiters>> = LazyLock::new(|| {
    Lang::ALL
        .iter()
        .map(|&l| {
            let t = texts(l);
            let (heading, end) = (t.text("join-details-heading"), t.text("join-details-end"));
            Delimiters {
                heading_html: format!("--- {} ---", escape_html(&heading)),
                text_open: format!("--- {heading} ---\n"),
                text_close: format!("--- {end} ---\n\n"),
                heading: format!("--- {heading} ---"),
            }
        })
        .collect()
});

/// Whether a body already holds a block of ours, in any language: a
/// meeting synced with one shows as changed, and a body that has one never
/// gets a second even if the marker was lost (an event copied by hand).
pub fn has_block(content: &str) -> bool {
    DELIMITERS
        .iter()
        .any(|d| content.contains(&d.heading) || content.contains(&d.heading_html))
}

/// A body split around its block: `(before, block, after)`. The text
/// block ends after its closing line and the blank line that follows.
pub fn split_block(content: &str) -> Option<(&str, &str, &str)> {
    if let Some(start) = content.find(HTML_OPEN) {
        let end = start + content[start..].find(HTML_CLOSE)? + HTML_CLOSE.len();
        return Some((&content[..start], &content[start..end], &content[end..]));
    }
    DELIMITERS.iter().find_map(|d| {
        let start = content.find(&d.text_open)?;
        let end = start + content[start..].find(&d.text_close)? + d.text_close.len();
        Some((&content[..start], &content[start..end], &content[end..]))
    })
}

#[derive(Debug, thiserror::Error)]
pub enum KeywordError {
    #[error(transparent)]
    Source(#[from] SourceError),
    #[error(transparent)]
    Graph(#[from] GraphError),
}

/// What one event was found to be, and what was done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Join details added.
    Added,
    /// The marker says another run (or device) did it already.
    AlreadyDone,
    /// Left alone: a Teams online meeting has its own join details.
    OnlineMeeting,
    /// Left alone: somebody else organizes it.
    NotOrganizer,
    /// Left alone: one occurrence of a series (its series is the unit).
    Occurrence,
    /// Left alone: the keyword is no longer in its Location.
    NoKeyword,
    /// Left alone: it is over.
    Past,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Subjects of the meetings that got join details.
    pub added: Vec<String>,
    /// Meetings that could not be changed, with why; `retry`: the cause
    /// passes by itself (no network, throttling), so the next sync tries again.
    pub failed: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub subject: String,
    pub error: String,
    pub retry: bool,
}

impl Report {
    /// Whether the next sync should run the keyword again even if it
    /// changed nothing.
    pub fn wants_retry(&self) -> bool {
        self.failed.iter().any(|f| f.retry)
    }
}

fn text_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// Adds join details to one event (a single meeting or a series master)
/// if it qualifies; reads it fresh from Graph first, so what the cache
/// holds only decides which events are looked at.
pub async fn process_event(
    graph: &GraphClient,
    id: &str,
    rules: &[KeywordRule],
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(Outcome, String), KeywordError> {
    let expand = format!("singleValueExtendedProperties($filter=id eq '{MARKER_ID}')");
    const FIELDS: &str = "subject,body,location,locations,isOrganizer,isOnlineMeeting,\
                          onlineMeetingProvider,type,start,end";
    let url = graph.url(
        &["me", "events", id],
        &[("$select", FIELDS), ("$expand", &expand)],
    );
    let event = graph
        .send_with(Method::GET, url, None, &[r#"outlook.timezone="UTC""#])
        .await?;
    let subject = text_of(&event, "subject").to_owned();
    let marked = event["singleValueExtendedProperties"]
        .as_array()
        .is_some_and(|props| {
            props
                .iter()
                .any(|p| text_of(p, "id").eq_ignore_ascii_case(MARKER_ID))
        });
    if marked {
        return Ok((Outcome::AlreadyDone, subject));
    }
    if event["isOrganizer"].as_bool() != Some(true) {
        return Ok((Outcome::NotOrganizer, subject));
    }
    if matches!(text_of(&event, "type"), "occurrence" | "exception") {
        return Ok((Outcome::Occurrence, subject));
    }
    // Teams fills its own block and link; changing its body could break
    // the online meeting (reference §6.2).
    if event["isOnlineMeeting"].as_bool() == Some(true)
        || !matches!(text_of(&event, "onlineMeetingProvider"), "" | "unknown")
    {
        return Ok((Outcome::OnlineMeeting, subject));
    }
    // A series is over only when its recurrence ends (not checked: the
    // cache only offers series with an upcoming occurrence); a single
    // meeting when its end has passed.
    if text_of(&event, "type") != "seriesMaster" {
        let end = chrono::NaiveDateTime::parse_from_str(
            text_of(&event["end"], "dateTime"),
            "%Y-%m-%dT%H:%M:%S%.f",
        );
        if end.is_ok_and(|end| end.and_utc() <= now) {
            return Ok((Outcome::Past, subject));
        }
    }
    let location = text_of(&event["location"], "displayName");
    let places: Vec<&Value> = event["locations"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    // The keyword may stand in the combined Location or in one of several places.
    let names: Vec<&str> = std::iter::once(location)
        .chain(places.iter().map(|p| text_of(p, "displayName")))
        .collect();
    let Some(rule) = rules
        .iter()
        .find(|r| names.iter().any(|n| find_keyword(n, &r.keyword).is_some()))
    else {
        return Ok((Outcome::NoKeyword, subject));
    };
    let details = rule.source.join_details()?;
    let rename = |name: &str| {
        find_keyword(name, &rule.keyword).map(|at| replace_keyword(name, at, &details.service))
    };
    let content = text_of(&event["body"], "content");
    let html = text_of(&event["body"], "contentType").eq_ignore_ascii_case("html");
    let mut patch = json!({
        "singleValueExtendedProperties": [{"id": MARKER_ID, "value": details.url}],
    });
    // Updating `location` replaces all of `locations` (reference §2.2): with
    // several places, only the one holding the keyword is renamed and the
    // others (a room with its mailbox …) go back as they were.
    let mut renamed_place = None;
    let renamed: Vec<Value> = places
        .iter()
        .map(|p| {
            let mut p = (*p).clone();
            if let Some(name) = rename(text_of(&p, "displayName")) {
                p["displayName"] = json!(name);
                renamed_place.get_or_insert_with(|| p.clone());
            }
            p
        })
        .collect();
    if renamed.len() > 1 && renamed_place.is_some() {
        patch["locations"] = Value::Array(renamed);
    } else {
        // One place: the same object (its type, address, room mailbox) with
        // the new name.
        let mut place = match (rename(location), renamed_place) {
            (Some(name), _) => {
                let mut p = event["location"].clone();
                if !p.is_object() {
                    p = json!({});
                }
                p["displayName"] = json!(name);
                p
            }
            (None, Some(p)) => p,
            (None, None) => json!({"displayName": details.service}),
        };
        if place["displayName"].as_str().is_none_or(str::is_empty) {
            place["displayName"] = json!(details.service);
        }
        patch["location"] = place;
    }
    if !has_block(content) {
        let block = block(&details, texts(lang), html);
        patch["body"] = json!({
            "contentType": if html { "html" } else { "text" },
            "content": insert_block(content, html, &block),
        });
    }
    graph
        .send(
            Method::PATCH,
            graph.url(&["me", "events", id], &[]),
            Some(&patch),
        )
        .await?;
    Ok((Outcome::Added, subject))
}

/// Runs the keyword over a synced calendar. Remembers which events it
/// looked at (by their version), so a quiet calendar costs no requests.
#[derive(Debug, Default)]
pub struct KeywordProcessor {
    looked_at: HashMap<String, String>,
}

/// The version of `target` as the cache knows it: the change keys of the
/// meeting, or of every occurrence of the series, in a stable order. Any
/// change to any of them makes it worth another look.
fn version_of(cache: &Cache, target: &str) -> String {
    let mut keys: Vec<&str> = cache
        .meetings
        .values()
        .filter(|m| m.id == target || m.series_id.as_deref() == Some(target))
        .map(|m| m.change_key.as_deref().unwrap_or("-"))
        .collect();
    keys.sort_unstable();
    keys.join(",")
}

impl KeywordProcessor {
    /// The events of `cache` worth a look: upcoming, organized by the user,
    /// with a keyword in Location; an occurrence stands for its series.
    pub fn candidates(
        &self,
        cache: &Cache,
        rules: &[KeywordRule],
        now: DateTime<Utc>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for m in cache.meetings.values() {
            let upcoming = match &m.when {
                When::Timed { end, .. } => *end > now,
                When::AllDay { end, .. } => *end > now.date_naive(),
            };
            let has_keyword = rules.iter().any(|r| {
                let k = r.keyword.trim().to_lowercase();
                m.location_keywords.contains(&k)
            });
            if m.response != Response::Organizer || m.is_cancelled || !upcoming || !has_keyword {
                continue;
            }
            let target = m.series_id.clone().unwrap_or_else(|| m.id.clone());
            if out.contains(&target)
                || self.looked_at.get(&target) == Some(&version_of(cache, &target))
            {
                continue;
            }
            out.push(target);
        }
        out
    }

    /// Processes every candidate; one event's failure does not stop the others.
    pub async fn run(
        &mut self,
        graph: &GraphClient,
        cache: &Cache,
        rules: &[KeywordRule],
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Report {
        let mut report = Report::default();
        for id in self.candidates(cache, rules, now) {
            let key = version_of(cache, &id);
            match process_event(graph, &id, rules, lang, now).await {
                Ok((outcome, subject)) => {
                    // The id names the meeting in logs; never its text.
                    tracing::info!(?outcome, event = %id, "scheduling keyword");
                    if outcome == Outcome::Added {
                        report.added.push(subject);
                    }
                    self.looked_at.insert(id, key);
                }
                Err(e) => {
                    tracing::warn!(event = %id, "join details could not be added: {e}");
                    let subject = cache
                        .meetings
                        .values()
                        .find(|m| m.id == id || m.series_id.as_deref() == Some(id.as_str()))
                        .map(|m| m.subject.clone())
                        .unwrap_or_default();
                    // Offline, busy or a garbled answer (a login page in the
                    // way): try again after the next sync.
                    let retry = matches!(&e, KeywordError::Graph(g)
                        if g.is_offline()
                            || matches!(g, GraphError::Malformed(_))
                            || g.status().is_some_and(|s| s == 408 || s == 429 || s >= 500));
                    if !retry {
                        self.looked_at.insert(id, key);
                    }
                    report.failed.push(Failure {
                        subject,
                        error: e.to_string(),
                        retry,
                    });
                }
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_keyword_is_a_word_of_its_own_in_any_case() {
        assert_eq!(find_keyword("@meet", "@meet"), Some(0..5));
        assert_eq!(find_keyword("Room 4, @MEET", "@meet"), Some(8..13));
        assert_eq!(find_keyword("@meet; Room 4", "@meet"), Some(0..5));
        assert_eq!(find_keyword("Room 4 @meet.", "@meet"), Some(7..12));
        for no in [
            "dana@meet.example",
            "@meeting",
            "@meet.example.com",
            "x@meet",
            "Room 4",
            "",
        ] {
            assert_eq!(find_keyword(no, "@meet"), None, "{no}");
        }
        assert_eq!(
            find_keyword("dana@meet.example @meet", "@meet"),
            Some(18..23)
        );
        assert_eq!(find_keyword("Zasedačka @meet", "@meet"), Some(11..16));
        assert_eq!(find_keyword("Raum @MEET-Ü", "@meet-ü"), Some(5..13));
    }

    #[test]
    fn the_cache_keeps_only_the_keywords_of_a_location() {
        assert_eq!(keywords_in("Room 4, @Meet and @zoom"), ["@meet", "@zoom"]);
        assert!(keywords_in("dana@meet.example, @meet.example.com, Room @").is_empty());
        // What the cache keeps and what processing finds agree.
        for location in [
            "@meet",
            "x @meet.",
            "@meet@x",
            "a@meet",
            "(@meet)",
            "@meet_2 now",
        ] {
            let kept = keywords_in(location);
            for k in ["@meet", "@meet_2"] {
                assert_eq!(
                    kept.contains(&k.to_owned()),
                    find_keyword(location, k).is_some(),
                    "{location} {k}"
                );
            }
        }
    }

    #[test]
    fn the_keyword_gives_way_to_the_service_name() {
        let at = find_keyword("Room 4 @meet", "@meet").unwrap();
        assert_eq!(replace_keyword("Room 4 @meet", at, "Zoom"), "Room 4 Zoom");
        let at = find_keyword("@meet", "@meet").unwrap();
        assert_eq!(replace_keyword("@meet", at, "Jitsi Meet"), "Jitsi Meet");
    }

    fn details(dial_in: Option<&str>) -> JoinDetails {
        JoinDetails {
            service: "Zoom".into(),
            url: "https://contoso.zoom.us/my/dana?a=1&b=2".into(),
            dial_in: dial_in.map(str::to_owned),
        }
    }

    #[test]
    fn the_html_block_goes_after_the_body_tag_and_the_rest_stays_byte_for_byte() {
        let t = texts(Lang::En);
        let original = "<html><head>\r\n<meta charset=\"utf-8\"></head><BODY class=\"x\">\r\n<p>Agenda &amp; notes</p>\u{a0}</BODY></html>";
        let b = block(&details(Some("+1 555 0100, 123#")), t, true);
        let new = insert_block(original, true, &b);
        let (before, found, after) = split_block(&new).unwrap();
        assert_eq!(format!("{before}{after}"), original);
        assert_eq!(found, b);
        assert!(before.ends_with("<BODY class=\"x\">"), "{before}");
        assert!(
            b.contains("href=\"https://contoso.zoom.us/my/dana?a=1&amp;b=2\""),
            "{b}"
        );
        assert!(b.contains("Dial in: +1 555 0100, 123#"), "{b}");
        assert!(has_block(&new) && !has_block(original));
        // No <body> (a fragment): the block goes first.
        let fragment = "<p>Hi</p>";
        assert!(insert_block(fragment, true, &b).starts_with(HTML_OPEN));
    }

    #[test]
    fn the_text_block_goes_first_in_the_mailbox_language() {
        for lang in Lang::ALL {
            let t = texts(lang);
            let original = "Agenda:\n1. numbers\r\n\n";
            let b = block(&details(None), t, false);
            assert!(b.contains(&t.text("join-details-heading")));
            assert!(!b.contains(&t.text("join-details-dial-in")), "{b}");
            let new = insert_block(original, false, &b);
            assert!(new.starts_with("--- "), "{new}");
            let (before, _, after) = split_block(&new).unwrap();
            assert_eq!(format!("{before}{after}"), original, "{lang:?}");
            assert!(has_block(&new), "{lang:?}");
        }
        assert_ne!(
            texts(Lang::De).text("join-details-heading"),
            texts(Lang::En).text("join-details-heading")
        );
    }

    #[test]
    fn a_series_is_looked_at_again_only_when_one_of_its_occurrences_changes() {
        use crate::calendar::fixtures::{meeting, t};
        let mut cache = Cache::empty(t(0, 0), t(0, 0) + chrono::Duration::days(31));
        for (id, h, key) in [("o1", 10, "k1"), ("o2", 11, "k2"), ("single", 12, "k3")] {
            let mut m = meeting(id, t(h, 0), 30);
            m.response = Response::Organizer;
            m.location_keywords = vec!["@meet".into()];
            m.change_key = Some(key.into());
            if id != "single" {
                m.series_id = Some("series".into());
            }
            cache.meetings.insert(id.into(), m);
        }
        let rules = [KeywordRule {
            keyword: "@meet".into(),
            source: MeetingSource::Jitsi {
                base_url: "https://meet.example.org".into(),
                dial_in: None,
            },
        }];
        let mut p = KeywordProcessor::default();
        let mut all = p.candidates(&cache, &rules, t(9, 0));
        all.sort();
        assert_eq!(all, ["series", "single"], "one look per series");
        for id in ["series", "single"] {
            p.looked_at.insert(id.into(), version_of(&cache, id));
        }
        assert!(
            p.candidates(&cache, &rules, t(9, 0)).is_empty(),
            "nothing changed"
        );
        if let Some(m) = cache.meetings.get_mut("o2") {
            m.change_key = Some("k2b".into());
        }
        assert_eq!(p.candidates(&cache, &rules, t(9, 0)), ["series"]);
        // Not organized by the user: no look at all.
        for m in cache.meetings.values_mut() {
            m.response = Response::Accepted;
        }
        let fresh = KeywordProcessor::default();
        assert!(fresh.candidates(&cache, &rules, t(9, 0)).is_empty());
    }
}
