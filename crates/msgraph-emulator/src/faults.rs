//! Injected faults, per route (issues 3 and 10): throttling with every form
//! of `Retry-After`, 5xx, delays, truncated or wrongly shaped JSON, an HTML
//! page instead of JSON, identity errors with a chosen AADSTS code and
//! dropped connections.

use serde::{Deserialize, Serialize};

use crate::world::World;

/// One rule: which requests it hits and what happens to them.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "snake_case")]
pub struct FaultRule {
    /// A route name (see [`route_of`]) or "*" for every Graph and token request.
    pub route: String,
    pub method: Option<String>,
    /// Answer with this status (429, 503, 504 …) instead of the real response.
    pub status: Option<u16>,
    /// Graph `error.code` (or the identity `error`) to use; a sensible one otherwise.
    pub code: Option<String>,
    pub message: Option<String>,
    /// Sent verbatim: "10", "2.128" or an HTTP date.
    pub retry_after: Option<String>,
    /// Wait this long first (a long delay is a timeout for the client).
    pub delay_ms: u64,
    /// Carry the request out, then wait this long before answering: the
    /// change is made even when the client times out (Graph only).
    pub answer_after_ms: u64,
    /// Answer 200 with a truncated JSON body.
    pub malformed_json: bool,
    /// Answer 200 with JSON of the wrong shape (`value` is not a list).
    pub wrong_shape: bool,
    /// Answer 200 with an HTML page, as a captive portal or a proxy's login does.
    pub html_page: bool,
    /// The AADSTS code of an identity fault (the status's usual one otherwise).
    pub aadsts: Option<u32>,
    /// Send headers, then close the connection mid-body.
    pub drop_connection: bool,
    /// How many matching requests to hit; 0 means until cleared. Default 1.
    pub times: Option<u32>,
    /// Let this many matching requests through first.
    pub skip: u32,
    #[serde(skip_deserializing)]
    pub hits: u32,
    #[serde(skip)]
    seen: u32,
}

impl FaultRule {
    fn matches(&self, route: &str, method: &str) -> bool {
        (self.route == "*" || self.route.eq_ignore_ascii_case(route))
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    fn exhausted(&self) -> bool {
        match self.times.unwrap_or(1) {
            0 => false,
            n => self.hits >= n,
        }
    }
}

/// The fault to apply to this request, if any rule still has hits left.
pub fn take(world: &mut World, route: &str, method: &str) -> Option<FaultRule> {
    let rule = world
        .faults
        .iter_mut()
        .find(|r| r.matches(route, method) && !r.exhausted())?;
    rule.seen += 1;
    if rule.seen <= rule.skip {
        return None;
    }
    rule.hits += 1;
    Some(rule.clone())
}

/// The route name of a request path, for fault rules and the request log.
pub fn route_of(path: &str) -> String {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segs.first().copied() {
        Some("login") => {
            let last = segs.last().copied().unwrap_or_default();
            match last {
                "authorize" | "token" | "adminconsent" | "logout" | "keys" => last.to_owned(),
                "openid-configuration" => "discovery".to_owned(),
                _ => "login".to_owned(),
            }
        }
        Some("graph") => graph_route(&segs[1..]),
        Some("_emulator") => "control".to_owned(),
        _ => "other".to_owned(),
    }
}

fn graph_route(segs: &[&str]) -> String {
    // segs: v1.0, me|users/{id}, ...
    let rest: &[&str] = match segs {
        [_, "me", rest @ ..] => rest,
        [_, "users", _, rest @ ..] => rest,
        [_, "$batch"] => return "batch".to_owned(),
        [_, "subscriptions", ..] => return "subscriptions".to_owned(),
        _ => return "graph".to_owned(),
    };
    let mut rest: Vec<&str> = rest.iter().copied().filter(|s| *s != "calendar").collect();
    // /calendars/{id}/… addresses one calendar; the emulator has one per mailbox.
    if rest.len() > 2 && rest[0] == "calendars" {
        rest.drain(..2);
    }
    match rest.as_slice() {
        [] => "me".to_owned(),
        ["calendarView"] => "calendarView".to_owned(),
        ["calendarView", "delta"] => "delta".to_owned(),
        ["events"] => "events".to_owned(),
        ["events", _] => "event".to_owned(),
        ["events", _, "instances"] => "instances".to_owned(),
        ["events", _, "accept" | "tentativelyAccept" | "decline"] => "rsvp".to_owned(),
        ["events", _, "cancel"] => "cancel".to_owned(),
        ["mailboxSettings", ..] => "mailboxSettings".to_owned(),
        ["getSchedule"] => "getSchedule".to_owned(),
        ["calendars", ..] => "calendars".to_owned(),
        _ => "graph".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_routes() {
        assert_eq!(route_of("/graph/v1.0/me/calendarView/delta"), "delta");
        assert_eq!(
            route_of("/graph/v1.0/users/x/calendar/events/AAMk%2F/accept"),
            "rsvp"
        );
        assert_eq!(route_of("/graph/v1.0/me/calendar/events"), "events");
        assert_eq!(route_of("/login/common/oauth2/v2.0/token"), "token");
        assert_eq!(
            route_of("/login/common/v2.0/.well-known/openid-configuration"),
            "discovery"
        );
        assert_eq!(route_of("/graph/v1.0/$batch"), "batch");
        assert_eq!(
            route_of("/graph/v1.0/me/calendars/AAMk/calendarView"),
            "calendarView"
        );
    }

    #[test]
    fn rules_skip_then_hit_a_number_of_times() {
        let mut w = World::new(Default::default());
        w.faults.push(FaultRule {
            route: "delta".into(),
            status: Some(429),
            times: Some(2),
            skip: 1,
            ..Default::default()
        });
        assert!(take(&mut w, "delta", "GET").is_none());
        assert!(take(&mut w, "delta", "GET").is_some());
        assert!(take(&mut w, "calendarView", "GET").is_none());
        assert!(take(&mut w, "delta", "GET").is_some());
        assert!(take(&mut w, "delta", "GET").is_none());
    }
}
