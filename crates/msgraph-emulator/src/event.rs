//! The event resource (reference §2.2): how the emulator stores an event, expands
//! a series into occurrences, reads Graph's JSON on create/update and writes it
//! back the way Graph does.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use crate::ids;
use crate::recurrence::PatternedRecurrence;
use crate::tz;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    SingleInstance,
    Occurrence,
    Exception,
    SeriesMaster,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::SingleInstance => "singleInstance",
            EventType::Occurrence => "occurrence",
            EventType::Exception => "exception",
            EventType::SeriesMaster => "seriesMaster",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    pub kind: String,
    pub name: String,
    pub address: String,
    pub response: String,
    pub time: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug)]
pub struct EventRecord {
    pub id: String,
    pub kind: EventType,
    pub series_master_id: Option<String>,
    pub original_start: Option<DateTime<Utc>>,
    /// Mailbox version of the last change (delta).
    pub version: u64,
    pub change_key: String,
    pub created: DateTime<Utc>,
    pub modified: DateTime<Utc>,
    pub ical_uid: String,
    pub subject: String,
    pub body_type: String,
    pub body: String,
    pub start: NaiveDateTime,
    pub start_zone: String,
    pub end: NaiveDateTime,
    pub end_zone: String,
    pub is_all_day: bool,
    pub show_as: String,
    pub sensitivity: String,
    pub importance: String,
    pub categories: Vec<String>,
    pub is_cancelled: bool,
    pub is_organizer: bool,
    pub response_requested: bool,
    pub allow_new_time_proposals: bool,
    pub response: String,
    pub response_time: Option<DateTime<Utc>>,
    pub organizer_name: String,
    pub organizer_address: String,
    pub attendees: Vec<Attendee>,
    pub location: Value,
    pub locations: Vec<Value>,
    pub is_online_meeting: bool,
    pub online_meeting_provider: String,
    pub online_meeting: Option<Value>,
    pub online_meeting_url: Option<String>,
    pub recurrence: Option<PatternedRecurrence>,
    pub exceptions: BTreeMap<NaiveDate, EventRecord>,
    pub cancelled_occurrences: BTreeSet<NaiveDate>,
    pub transaction_id: Option<String>,
    pub extended: BTreeMap<String, String>,
    pub reminder_minutes: i64,
    pub is_reminder_on: bool,
    pub hide_attendees: bool,
}

/// A request the emulator refuses, with Graph's code and message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct Invalid {
    pub code: &'static str,
    pub message: String,
}

fn invalid(code: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        code,
        message: message.into(),
    }
}

/// How the caller asked to see events (Prefer headers).
#[derive(Clone, Debug)]
pub struct View {
    pub zone_name: String,
    pub tz: Tz,
    pub body_as_text: bool,
    /// The mailbox zone: all-day events are floating dates, placed in it for windows.
    pub mailbox_tz: Tz,
}

/// The organizer or owner of a new event.
#[derive(Clone, Debug)]
pub struct Owner {
    pub name: String,
    pub address: String,
}

fn empty_location() -> Value {
    json!({ "displayName": "", "locationType": "default", "uniqueIdType": "unknown", "address": {}, "coordinates": {} })
}

fn location_from(v: &Value) -> Value {
    let name = v["displayName"].as_str().unwrap_or_default();
    let mut loc = json!({
        "displayName": name,
        "locationType": v["locationType"].as_str().unwrap_or("default"),
        "uniqueId": v["uniqueId"].as_str().unwrap_or(name),
        "uniqueIdType": v["uniqueIdType"].as_str().unwrap_or("private"),
    });
    if let Some(uri) = v["locationUri"].as_str() {
        loc["locationUri"] = json!(uri);
    }
    // A room's mailbox, an address, coordinates: kept as given (§2.2).
    for key in ["locationEmailAddress", "address", "coordinates"] {
        if let Some(x) = v.get(key).filter(|x| !x.is_null()) {
            loc[key] = x.clone();
        }
    }
    if name.is_empty() {
        return empty_location();
    }
    loc
}

fn parse_dttz(v: &Value, field: &str) -> Result<(NaiveDateTime, String), Invalid> {
    let obj = v.get(field).filter(|o| o.is_object()).ok_or_else(|| {
        invalid(
            "ErrorInvalidRequest",
            format!("The property '{field}' is required when creating the entity."),
        )
    })?;
    let zone = obj["timeZone"].as_str().unwrap_or("UTC").to_owned();
    if tz::resolve(&zone).is_none() {
        return Err(invalid(
            "TimeZoneNotSupportedException",
            format!("A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'."),
        ));
    }
    let local = obj["dateTime"]
        .as_str()
        .and_then(tz::parse_local)
        .ok_or_else(|| {
            invalid(
                "ErrorInvalidRequest",
                format!("Cannot convert the literal in '{field}.dateTime' to a date."),
            )
        })?;
    Ok((local, zone))
}

fn attendees_from(v: &Value) -> Vec<Attendee> {
    v.as_array()
        .map(|list| {
            list.iter()
                .filter_map(|a| {
                    let address = a["emailAddress"]["address"].as_str()?.to_owned();
                    Some(Attendee {
                        kind: a["type"].as_str().unwrap_or("required").to_owned(),
                        name: a["emailAddress"]["name"]
                            .as_str()
                            .unwrap_or(&address)
                            .to_owned(),
                        address,
                        response: a["status"]["response"]
                            .as_str()
                            .unwrap_or("none")
                            .to_owned(),
                        time: None,
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Plain text of an HTML body, as `body-content-type="text"` returns it:
/// Outlook writes each link's target after its text in angle brackets
/// (`Click here to join the meeting<https://teams…>`, reference
/// meeting-links.md §2).
pub fn html_to_text(html: &str) -> String {
    convert(html, true)
}

/// The anchor's `href` value, if the tag has one.
fn href_of(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find("href=")? + 5;
    let rest = &tag[at..];
    let (quote, rest) = match rest.chars().next()? {
        q @ ('"' | '\'') => (Some(q), &rest[1..]),
        _ => (None, rest),
    };
    let end = match quote {
        Some(q) => rest.find(q)?,
        None => rest.find(char::is_whitespace).unwrap_or(rest.len()),
    };
    Some(rest[..end].to_owned())
}

fn convert(html: &str, with_links: bool) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut tag = String::new();
    let mut skip = false; // inside <style> or <head>
    let mut href: Option<String> = None;
    for ch in html.chars() {
        match (in_tag, ch) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let closing = tag.starts_with('/');
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                let name = name.to_ascii_lowercase();
                if name == "style" || name == "head" || name == "script" {
                    skip = !closing;
                }
                if name == "a" && with_links {
                    if closing {
                        if let Some(h) = href.take().filter(|h| !h.is_empty()) {
                            out.push('<');
                            out.push_str(&h);
                            out.push('>');
                        }
                    } else {
                        href = href_of(&tag);
                    }
                }
                if matches!(name.as_str(), "br" | "p" | "div" | "tr" | "li" | "hr") {
                    out.push('\n');
                }
            }
            (true, c) => tag.push(c),
            (false, c) if !skip => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    let lines: Vec<&str> = decoded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\r\n")
}

fn preview(body: &str, body_type: &str) -> String {
    // The preview is the text without link targets.
    let text = if body_type == "html" {
        convert(body, false)
    } else {
        body.to_owned()
    };
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(255).collect()
}

impl EventRecord {
    /// A new event from the JSON of `POST /me/events`. `control` lets the control
    /// API set what Graph computes itself (organizer, response, cancellation).
    pub fn from_graph(
        v: &Value,
        owner: &Owner,
        now: DateTime<Utc>,
        control: bool,
    ) -> Result<EventRecord, Invalid> {
        if !v.is_object() {
            return Err(invalid(
                "ErrorInvalidRequest",
                "The request body must be a JSON object.",
            ));
        }
        let (start, start_zone) = parse_dttz(v, "start")?;
        let (end, end_zone) = parse_dttz(v, "end")?;
        let mut ev = EventRecord {
            id: ids::event_id(),
            kind: EventType::SingleInstance,
            series_master_id: None,
            original_start: None,
            version: 0,
            change_key: ids::change_key(),
            created: now,
            modified: now,
            ical_uid: format!(
                "040000008200E00074C5B7101A82E008{}",
                ids::guid().replace('-', "").to_uppercase()
            ),
            subject: v["subject"].as_str().unwrap_or_default().to_owned(),
            body_type: "html".to_owned(),
            body: String::new(),
            start,
            start_zone,
            end,
            end_zone,
            is_all_day: v["isAllDay"].as_bool().unwrap_or(false),
            show_as: v["showAs"].as_str().unwrap_or("busy").to_owned(),
            sensitivity: v["sensitivity"].as_str().unwrap_or("normal").to_owned(),
            importance: v["importance"].as_str().unwrap_or("normal").to_owned(),
            categories: strings(&v["categories"]),
            is_cancelled: false,
            is_organizer: true,
            response_requested: v["responseRequested"].as_bool().unwrap_or(true),
            allow_new_time_proposals: v["allowNewTimeProposals"].as_bool().unwrap_or(true),
            response: "organizer".to_owned(),
            response_time: None,
            organizer_name: owner.name.clone(),
            organizer_address: owner.address.clone(),
            attendees: attendees_from(&v["attendees"]),
            location: empty_location(),
            locations: Vec::new(),
            is_online_meeting: false,
            online_meeting_provider: "unknown".to_owned(),
            online_meeting: None,
            online_meeting_url: None,
            recurrence: None,
            exceptions: BTreeMap::new(),
            cancelled_occurrences: BTreeSet::new(),
            transaction_id: v["transactionId"].as_str().map(str::to_owned),
            extended: BTreeMap::new(),
            reminder_minutes: v["reminderMinutesBeforeStart"].as_i64().unwrap_or(15),
            is_reminder_on: v["isReminderOn"].as_bool().unwrap_or(true),
            hide_attendees: v["hideAttendees"].as_bool().unwrap_or(false),
        };
        if let Some(body) = v.get("body").filter(|b| b.is_object()) {
            ev.body_type = body["contentType"]
                .as_str()
                .unwrap_or("html")
                .to_ascii_lowercase();
            ev.body = body["content"].as_str().unwrap_or_default().to_owned();
        }
        if let Some(loc) = v.get("location").filter(|l| l.is_object()) {
            ev.set_location(loc);
        }
        if let Some(locs) = v["locations"].as_array() {
            ev.locations = locs.iter().map(location_from).collect();
            if let Some(first) = ev.locations.first() {
                ev.location = first.clone();
            }
        }
        if v.get("recurrence").is_some_and(|r| !r.is_null()) {
            ev.set_recurrence(&v["recurrence"])?;
        }
        ev.read_extended(v)?;
        if control {
            if let Some(org) = v.get("organizer") {
                ev.organizer_address = org["emailAddress"]["address"]
                    .as_str()
                    .unwrap_or(&owner.address)
                    .to_owned();
                ev.organizer_name = org["emailAddress"]["name"]
                    .as_str()
                    .unwrap_or(&ev.organizer_address)
                    .to_owned();
            }
            ev.is_organizer = v["isOrganizer"]
                .as_bool()
                .unwrap_or(ev.organizer_address.eq_ignore_ascii_case(&owner.address));
            ev.response = v["responseStatus"]["response"]
                .as_str()
                .unwrap_or(if ev.is_organizer {
                    "organizer"
                } else {
                    "notResponded"
                })
                .to_owned();
            if ev.response != "notResponded" && ev.response != "none" && ev.response != "organizer"
            {
                ev.response_time = Some(now);
            }
            ev.is_cancelled = v["isCancelled"].as_bool().unwrap_or(false);
            if let Some(om) = v.get("onlineMeeting").filter(|o| o.is_object()) {
                ev.is_online_meeting = true;
                ev.online_meeting_provider = v["onlineMeetingProvider"]
                    .as_str()
                    .unwrap_or("teamsForBusiness")
                    .to_owned();
                ev.online_meeting = Some(om.clone());
            }
            ev.online_meeting_url = v["onlineMeetingUrl"].as_str().map(str::to_owned);
        }
        ev.check_times()?;
        Ok(ev)
    }

    fn set_location(&mut self, loc: &Value) {
        self.location = location_from(loc);
        // Updating `location` replaces all `locations` (reference §2.2).
        self.locations = if self.location["displayName"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
        {
            Vec::new()
        } else {
            vec![self.location.clone()]
        };
    }

    fn set_recurrence(&mut self, v: &Value) -> Result<(), Invalid> {
        if v.is_null() {
            self.recurrence = None;
            self.kind = EventType::SingleInstance;
            return Ok(());
        }
        let rec: PatternedRecurrence = serde_json::from_value(v.clone())
            .map_err(|e| invalid("ErrorInvalidRequest", format!("Invalid recurrence: {e}")))?;
        rec.validate()
            .map_err(|e| invalid("ErrorInvalidRequest", e.to_string()))?;
        use chrono::Datelike;
        let end_ok = rec.range.end_date == crate::recurrence::GRAPH_NULL_DATE
            || tz::YEARS.contains(&rec.range.end_date.year());
        if !tz::YEARS.contains(&rec.range.start_date.year()) || !end_ok {
            return Err(invalid(
                "ErrorInvalidRequest",
                "The recurrence range lies outside the dates a calendar can hold.",
            ));
        }
        self.recurrence = Some(rec);
        self.kind = EventType::SeriesMaster;
        Ok(())
    }

    fn read_extended(&mut self, v: &Value) -> Result<(), Invalid> {
        if let Some(props) = v["singleValueExtendedProperties"].as_array() {
            for p in props {
                let (Some(id), Some(value)) = (p["id"].as_str(), p["value"].as_str()) else {
                    return Err(invalid(
                        "ErrorInvalidRequest",
                        "An extended property needs an id and a value.",
                    ));
                };
                let parts: Vec<&str> = id.split_whitespace().collect();
                let shaped = parts.len() >= 4
                    && (parts[2] == "Name" || parts[2] == "Id")
                    && parts[1].starts_with('{');
                if !shaped {
                    return Err(invalid(
                        "ErrorInvalidProperty",
                        format!("The extended property id '{id}' is not valid."),
                    ));
                }
                self.extended.insert(id.to_owned(), value.to_owned());
            }
        }
        Ok(())
    }

    fn check_times(&self) -> Result<(), Invalid> {
        if self.end < self.start && self.start_zone == self.end_zone {
            return Err(invalid(
                "ErrorInvalidRequest",
                "The end time must be after the start time.",
            ));
        }
        if self.is_all_day {
            let midnight = |t: NaiveDateTime| t.time() == chrono::NaiveTime::MIN;
            if !midnight(self.start)
                || !midnight(self.end)
                || self.start_zone != self.end_zone
                || self.end <= self.start
            {
                return Err(invalid(
                    "ErrorInvalidRequest",
                    "An all-day event must start and end at midnight in the same time zone, at least one day apart.",
                ));
            }
        }
        Ok(())
    }

    /// Applies `PATCH /me/events/{id}` (reference §6.2): only the updatable fields.
    pub fn patch(&mut self, v: &Value, now: DateTime<Utc>) -> Result<(), Invalid> {
        let Some(obj) = v.as_object() else {
            return Err(invalid(
                "ErrorInvalidRequest",
                "The request body must be a JSON object.",
            ));
        };
        let mut next = self.clone();
        for (key, val) in obj {
            match key.as_str() {
                "subject" => next.subject = val.as_str().unwrap_or_default().to_owned(),
                "body" => {
                    next.body_type = val["contentType"]
                        .as_str()
                        .unwrap_or("html")
                        .to_ascii_lowercase();
                    next.body = val["content"].as_str().unwrap_or_default().to_owned();
                }
                "start" => (next.start, next.start_zone) = parse_dttz(v, "start")?,
                "end" => (next.end, next.end_zone) = parse_dttz(v, "end")?,
                "isAllDay" => next.is_all_day = val.as_bool().unwrap_or(false),
                "showAs" => next.show_as = val.as_str().unwrap_or("busy").to_owned(),
                "sensitivity" => next.sensitivity = val.as_str().unwrap_or("normal").to_owned(),
                "importance" => next.importance = val.as_str().unwrap_or("normal").to_owned(),
                "categories" => next.categories = strings(val),
                "attendees" => next.attendees = attendees_from(val),
                "location" => next.set_location(val),
                "locations" => {
                    next.locations = val
                        .as_array()
                        .map(|l| l.iter().map(location_from).collect())
                        .unwrap_or_default();
                    next.location = next
                        .locations
                        .first()
                        .cloned()
                        .unwrap_or_else(empty_location);
                }
                "recurrence" => next.set_recurrence(val)?,
                "isReminderOn" => next.is_reminder_on = val.as_bool().unwrap_or(true),
                "reminderMinutesBeforeStart" => next.reminder_minutes = val.as_i64().unwrap_or(15),
                "responseRequested" => next.response_requested = val.as_bool().unwrap_or(true),
                "hideAttendees" => next.hide_attendees = val.as_bool().unwrap_or(false),
                "isOnlineMeeting" | "onlineMeetingProvider" => {}
                "singleValueExtendedProperties" => next.read_extended(v)?,
                // Read-only or unknown properties are ignored [assume].
                _ => {}
            }
        }
        if obj.contains_key("isOnlineMeeting") || obj.contains_key("onlineMeetingProvider") {
            let wants = obj
                .get("isOnlineMeeting")
                .and_then(Value::as_bool)
                .unwrap_or(next.is_online_meeting);
            // An online meeting cannot be turned off again (reference §6.1).
            if wants && !next.is_online_meeting {
                next.make_online(
                    obj.get("onlineMeetingProvider")
                        .and_then(Value::as_str)
                        .unwrap_or("teamsForBusiness"),
                );
            }
        }
        // Removing Microsoft's meeting block from the body disables the online meeting (§6.2).
        if obj.contains_key("body") && next.is_online_meeting {
            if let Some(url) = next
                .online_meeting
                .as_ref()
                .and_then(|m| m["joinUrl"].as_str())
            {
                if !next.body.contains(url) && !next.body.contains(&url.replace('&', "&amp;")) {
                    next.is_online_meeting = false;
                    next.online_meeting = None;
                    next.online_meeting_provider = "unknown".to_owned();
                }
            }
        }
        next.check_times()?;
        next.modified = now;
        next.change_key = ids::change_key();
        *self = next;
        Ok(())
    }

    /// Fills `onlineMeeting` and appends the Teams block, as Graph does for a new
    /// online meeting (reference §6.1).
    pub fn make_online(&mut self, provider: &str) {
        let n = self
            .id
            .bytes()
            .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        let join =
            crate::fixtures::teams_join_url(crate::world::TENANT_ID, &self.organizer_address, n);
        let meeting_id = format!(
            "{} {} {} {} {:02}",
            200 + n % 700,
            100 + n % 900,
            300 + n % 600,
            100 + n % 800,
            n % 100
        );
        let passcode: String = ids::opaque(6)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(6)
            .collect();
        let block = crate::fixtures::teams_block(&join, &meeting_id, &passcode);
        if self.body_type == "html" {
            if let Some(pos) = self.body.rfind("</body>") {
                self.body.insert_str(pos, &block);
            } else {
                self.body.push_str(&block);
            }
        } else {
            self.body.push_str(&html_to_text(&block));
        }
        self.is_online_meeting = true;
        self.online_meeting_provider = provider.to_owned();
        self.online_meeting = Some(json!({
            "joinUrl": join,
            "conferenceId": format!("{}", 100_000_000 + n % 900_000_000),
            "tollNumber": "+1 555 010 0000",
        }));
        if self.location["displayName"]
            .as_str()
            .unwrap_or_default()
            .is_empty()
        {
            self.set_location(&json!({ "displayName": "Microsoft Teams Meeting", "uniqueId": "Microsoft Teams Meeting" }));
        }
    }

    /// The organizer cancelled: an attendee's copy stays, flagged and renamed (§2.2).
    pub fn mark_cancelled(&mut self, version: u64) {
        self.is_cancelled = true;
        if !self.subject.starts_with("Canceled: ") {
            self.subject = format!("Canceled: {}", self.subject);
        }
        self.version = version;
        self.change_key = ids::change_key();
    }

    fn zone_tz(zone: &str) -> Tz {
        tz::resolve(zone).unwrap_or(Tz::UTC)
    }

    pub fn start_utc(&self, mailbox_tz: Tz) -> DateTime<Utc> {
        let zone = if self.is_all_day {
            mailbox_tz
        } else {
            Self::zone_tz(&self.start_zone)
        };
        tz::to_utc(self.start, zone)
    }

    pub fn end_utc(&self, mailbox_tz: Tz) -> DateTime<Utc> {
        let zone = if self.is_all_day {
            mailbox_tz
        } else {
            Self::zone_tz(&self.end_zone)
        };
        tz::to_utc(self.end, zone)
    }

    pub fn overlaps(&self, from: DateTime<Utc>, to: DateTime<Utc>, mailbox_tz: Tz) -> bool {
        let (s, e) = (self.start_utc(mailbox_tz), self.end_utc(mailbox_tz));
        if s == e {
            return s >= from && s < to;
        }
        s < to && e > from
    }

    /// One occurrence of this series on `date`, as Graph would show it.
    fn occurrence(&self, date: NaiveDate) -> EventRecord {
        let length = self.end - self.start;
        let mut occ = self.clone();
        occ.exceptions.clear();
        occ.cancelled_occurrences.clear();
        occ.recurrence = None;
        occ.kind = EventType::Occurrence;
        occ.series_master_id = Some(self.id.clone());
        occ.id = ids::occurrence_id(&self.id, date);
        occ.start = date.and_time(self.start.time());
        occ.end = occ.start + length;
        occ.original_start = Some(tz::to_utc(occ.start, Self::zone_tz(&self.start_zone)));
        occ.ical_uid = format!("{}{}", self.ical_uid, date.format("%Y%m%d"));
        occ
    }

    /// Materialises an occurrence as an exception so it can be changed on its own.
    pub fn exception_for(&self, date: NaiveDate) -> EventRecord {
        let mut ex = self
            .exceptions
            .get(&date)
            .cloned()
            .unwrap_or_else(|| self.occurrence(date));
        ex.kind = EventType::Exception;
        ex
    }

    /// The date of the occurrence an ID names, if this series has it.
    pub fn has_occurrence(&self, date: NaiveDate) -> bool {
        let Some(rec) = &self.recurrence else {
            return false;
        };
        !self.cancelled_occurrences.contains(&date)
            && rec
                .occurrence_dates(date)
                .map(|d| d.contains(&date))
                .unwrap_or(false)
    }

    /// The instances that overlap [from, to): itself, or the series' occurrences
    /// and exceptions (cancelled occurrences are left out; masters never appear).
    pub fn instances(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        mailbox_tz: Tz,
    ) -> Vec<EventRecord> {
        let Some(rec) = &self.recurrence else {
            return if self.overlaps(from, to, mailbox_tz) {
                vec![self.clone()]
            } else {
                Vec::new()
            };
        };
        let until = to
            .checked_add_signed(Duration::days(2))
            .unwrap_or(to)
            .date_naive();
        let dates = rec.occurrence_dates(until).unwrap_or_default();
        let length = self.end - self.start;
        let (start_tz, end_tz) = if self.is_all_day {
            (mailbox_tz, mailbox_tz)
        } else {
            (
                Self::zone_tz(&self.start_zone),
                Self::zone_tz(&self.end_zone),
            )
        };
        let mut out = Vec::new();
        for date in dates {
            if self.cancelled_occurrences.contains(&date) {
                continue;
            }
            if let Some(ex) = self.exceptions.get(&date) {
                if ex.overlaps(from, to, mailbox_tz) {
                    out.push(ex.clone());
                }
                continue;
            }
            // Decide on the times before cloning: a long series has many dates.
            let local = date.and_time(self.start.time());
            let s = tz::to_utc(local, start_tz);
            let e = tz::to_utc(local + length, end_tz);
            let hit = if s == e {
                s >= from && s < to
            } else {
                s < to && e > from
            };
            if hit {
                out.push(self.occurrence(date));
            }
        }
        out
    }

    /// The instance IDs within a broad horizon: what a client may hold, so changes
    /// to a series can tombstone the ones that disappear.
    pub fn instance_ids(&self, now: DateTime<Utc>, mailbox_tz: Tz) -> BTreeSet<String> {
        if self.recurrence.is_none() {
            return BTreeSet::from([self.id.clone()]);
        }
        self.instances(
            now - Duration::days(400),
            now + Duration::days(800),
            mailbox_tz,
        )
        .into_iter()
        .map(|i| i.id)
        .collect()
    }

    fn dttz(&self, local: NaiveDateTime, zone: &str, view: &View) -> Value {
        if self.is_all_day {
            // All-day events come back midnight to midnight in any zone (§2.2).
            json!({ "dateTime": tz::format_local(local), "timeZone": view.zone_name })
        } else {
            tz::date_time_time_zone(
                tz::to_utc(local, Self::zone_tz(zone)),
                view.tz,
                &view.zone_name,
            )
        }
    }

    fn attendee_json(a: &Attendee) -> Value {
        json!({
            "type": a.kind,
            "status": { "response": a.response, "time": a.time.map(tz::format_utc).unwrap_or_else(|| "0001-01-01T00:00:00Z".to_owned()) },
            "emailAddress": { "name": a.name, "address": a.address },
        })
    }

    /// The event as Graph returns it, every property, in `view`'s zone and body type.
    pub fn to_json(&self, view: &View) -> Value {
        let (body_type, body) = if view.body_as_text && self.body_type == "html" {
            ("text", html_to_text(&self.body))
        } else {
            (self.body_type.as_str(), self.body.clone())
        };
        let enc_id: String = url::form_urlencoded::byte_serialize(self.id.as_bytes()).collect();
        let mut m = Map::new();
        m.insert(
            "@odata.etag".into(),
            json!(format!("W/\"{}\"", self.change_key)),
        );
        m.insert("id".into(), json!(self.id));
        m.insert(
            "createdDateTime".into(),
            json!(tz::format_utc(self.created)),
        );
        m.insert(
            "lastModifiedDateTime".into(),
            json!(tz::format_utc(self.modified)),
        );
        m.insert("changeKey".into(), json!(self.change_key));
        m.insert("categories".into(), json!(self.categories));
        m.insert("transactionId".into(), json!(self.transaction_id));
        m.insert("originalStartTimeZone".into(), json!(self.start_zone));
        m.insert("originalEndTimeZone".into(), json!(self.end_zone));
        m.insert("iCalUId".into(), json!(self.ical_uid));
        m.insert(
            "reminderMinutesBeforeStart".into(),
            json!(self.reminder_minutes),
        );
        m.insert("isReminderOn".into(), json!(self.is_reminder_on));
        m.insert("hasAttachments".into(), json!(false));
        m.insert("subject".into(), json!(self.subject));
        m.insert(
            "bodyPreview".into(),
            json!(preview(&self.body, &self.body_type)),
        );
        m.insert("importance".into(), json!(self.importance));
        m.insert("sensitivity".into(), json!(self.sensitivity));
        if let Some(os) = self.original_start {
            m.insert(
                "originalStart".into(),
                json!(format!("{}Z", os.format("%Y-%m-%dT%H:%M:%S"))),
            );
        }
        m.insert("isAllDay".into(), json!(self.is_all_day));
        m.insert("isCancelled".into(), json!(self.is_cancelled));
        m.insert("isOrganizer".into(), json!(self.is_organizer));
        m.insert("responseRequested".into(), json!(self.response_requested));
        m.insert("seriesMasterId".into(), json!(self.series_master_id));
        m.insert("showAs".into(), json!(self.show_as));
        m.insert("type".into(), json!(self.kind.as_str()));
        m.insert(
            "webLink".into(),
            json!(format!(
                "https://outlook.office365.com/owa/?itemid={enc_id}&exvsurl=1&path=/calendar/item"
            )),
        );
        m.insert("onlineMeetingUrl".into(), json!(self.online_meeting_url));
        m.insert("isOnlineMeeting".into(), json!(self.is_online_meeting));
        m.insert(
            "onlineMeetingProvider".into(),
            json!(self.online_meeting_provider),
        );
        m.insert(
            "allowNewTimeProposals".into(),
            json!(self.allow_new_time_proposals),
        );
        m.insert("isDraft".into(), json!(false));
        m.insert("hideAttendees".into(), json!(self.hide_attendees));
        m.insert(
            "responseStatus".into(),
            json!({ "response": self.response, "time": self.response_time.map(tz::format_utc).unwrap_or_else(|| "0001-01-01T00:00:00Z".to_owned()) }),
        );
        m.insert(
            "body".into(),
            json!({ "contentType": body_type, "content": body }),
        );
        m.insert(
            "start".into(),
            self.dttz(self.start, &self.start_zone, view),
        );
        m.insert("end".into(), self.dttz(self.end, &self.end_zone, view));
        m.insert("location".into(), self.location.clone());
        m.insert("locations".into(), json!(self.locations));
        m.insert("recurrence".into(), json!(self.recurrence));
        m.insert(
            "attendees".into(),
            Value::Array(self.attendees.iter().map(Self::attendee_json).collect()),
        );
        m.insert(
            "organizer".into(),
            json!({ "emailAddress": { "name": self.organizer_name, "address": self.organizer_address } }),
        );
        m.insert(
            "onlineMeeting".into(),
            self.online_meeting.clone().unwrap_or(Value::Null),
        );
        Value::Object(m)
    }
}

/// Keeps only the `$select`ed properties (plus `id` and `@odata.etag`, which Graph always returns).
pub fn select(mut v: Value, fields: &[String]) -> Value {
    if fields.is_empty() {
        return v;
    }
    if let Some(obj) = v.as_object_mut() {
        obj.retain(|k, _| {
            k == "id" || k == "@odata.etag" || fields.iter().any(|f| f.eq_ignore_ascii_case(k))
        });
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> Owner {
        Owner {
            name: "Dana Reyes".into(),
            address: "dana@contoso.example".into(),
        }
    }

    fn view() -> View {
        View {
            zone_name: "UTC".into(),
            tz: Tz::UTC,
            body_as_text: false,
            mailbox_tz: Tz::UTC,
        }
    }

    #[test]
    fn html_to_text_drops_tags_and_style() {
        let t = html_to_text("<html><head><style>p{}</style></head><body><p>Hi &amp; bye</p><div>next</div></body></html>");
        assert_eq!(t, "Hi & bye\r\nnext");
    }

    #[test]
    fn html_to_text_writes_link_targets_in_angle_brackets_but_the_preview_does_not() {
        let html = r#"<p><a class="x" href="https://zoom.us/j/1?pwd=a&amp;b=2">Join Zoom</a> or <A HREF='https://x.example/'>x</A></p>"#;
        assert_eq!(
            html_to_text(html),
            "Join Zoom<https://zoom.us/j/1?pwd=a&b=2> or x<https://x.example/>"
        );
        assert_eq!(preview(html, "html"), "Join Zoom or x");
    }

    #[test]
    fn all_day_needs_midnight() {
        let v = json!({"subject": "x", "isAllDay": true,
            "start": {"dateTime": "2025-03-10T09:00:00", "timeZone": "UTC"},
            "end": {"dateTime": "2025-03-11T00:00:00", "timeZone": "UTC"}});
        assert!(EventRecord::from_graph(&v, &owner(), Utc::now(), false).is_err());
    }

    #[test]
    fn unknown_zone_is_refused_with_graphs_code() {
        let v = json!({"start": {"dateTime": "2025-03-10T09:00:00", "timeZone": "Mars"},
            "end": {"dateTime": "2025-03-10T10:00:00", "timeZone": "Mars"}});
        let err = EventRecord::from_graph(&v, &owner(), Utc::now(), false).expect_err("refused");
        assert_eq!(err.code, "TimeZoneNotSupportedException");
    }

    #[test]
    fn converts_to_the_requested_zone() {
        let v = json!({"subject": "x",
            "start": {"dateTime": "2025-07-01T09:00:00", "timeZone": "W. Europe Standard Time"},
            "end": {"dateTime": "2025-07-01T10:00:00", "timeZone": "W. Europe Standard Time"}});
        let ev = EventRecord::from_graph(&v, &owner(), Utc::now(), false).expect("valid");
        let j = ev.to_json(&view());
        assert_eq!(j["start"]["dateTime"], "2025-07-01T07:00:00.0000000");
        assert_eq!(j["start"]["timeZone"], "UTC");
        assert_eq!(j["@odata.etag"], format!("W/\"{}\"", ev.change_key));
    }
}
