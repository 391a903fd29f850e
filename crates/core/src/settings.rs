//! The settings file (`settings.json` in the config folder). Every field has a
//! default that works, so a missing file is fine; a damaged one is reported
//! with its path, never silently replaced.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::agenda::Filters;
use crate::alerts::AlertSettings;
use crate::auth::AuthSettings;
use crate::join::JoinSettings;
use crate::meeting_source::MeetingSource;
use crate::scheduling_keyword::KeywordRule;
use meeting_tray_links::{CustomService, Preferences};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Sign-in: app registration, tenant, cloud, re-authorization policy.
    pub account: AuthSettings,
    /// When and how meetings are announced.
    pub alerts: AlertSettings,
    /// Which program opens each service's meetings.
    pub join: JoinSettings,
    /// Meetings left out of the agenda and its alerts.
    pub filters: Filters,
    /// `en`, `cs` or `de`; none: the mailbox's language, else the system's.
    pub language: Option<String>,
    /// Theme, tray glyph and the global join shortcut.
    pub desktop: DesktopSettings,
    /// Which link wins and the user's own meeting links.
    pub links: LinkSettings,
    /// Meetings Meeting Tray makes: the join details' source, the
    /// scheduling keyword, "Start a meeting now".
    pub meetings: MeetingSettings,
}

/// One more keyword, bound to a source of its own (`@zoom` → a Zoom room).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeywordSource {
    pub keyword: String,
    pub source: MeetingSource,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingSettings {
    /// Where join details come from; none: the keyword and "Start a
    /// meeting now" wait until one is set.
    pub source: Option<MeetingSource>,
    /// Add join details to the user's own meetings with the keyword in
    /// Location.
    pub keyword_enabled: bool,
    /// Default `@meet`; bound to `source`.
    pub keyword: String,
    /// More keywords, each with its own source.
    pub more_keywords: Vec<KeywordSource>,
    /// How long "Start a meeting now" books, in minutes.
    pub quick_minutes: i64,
}

impl Default for MeetingSettings {
    fn default() -> MeetingSettings {
        MeetingSettings {
            source: None,
            keyword_enabled: true,
            keyword: "@meet".to_owned(),
            more_keywords: Vec::new(),
            quick_minutes: 30,
        }
    }
}

impl MeetingSettings {
    /// The keywords in force, first match wins: none while turned off.
    /// (Read-only sign-in cannot write: see [`Settings::keyword_rules`].)
    pub fn keyword_rules(&self) -> Vec<KeywordRule> {
        if !self.keyword_enabled {
            return Vec::new();
        }
        let main = self.source.iter().map(|source| KeywordRule {
            keyword: self.keyword.clone(),
            source: source.clone(),
        });
        main.chain(self.more_keywords.iter().map(|k| KeywordRule {
            keyword: k.keyword.clone(),
            source: k.source.clone(),
        }))
        .collect()
    }
}

impl Settings {
    /// The scheduling keywords in force: none when turned off, without a
    /// source, or when signed in read-only (no permission to write).
    pub fn keyword_rules(&self) -> Vec<KeywordRule> {
        if self.account.read_only {
            return Vec::new();
        }
        self.meetings.keyword_rules()
    }

    /// Whether "Start a meeting now" can make one: a source is set and the
    /// sign-in may write to the calendar.
    pub fn can_start_meeting(&self) -> bool {
        self.meetings.source.is_some() && !self.account.read_only
    }

    /// What the link detector is told: the user's link settings, and the
    /// hosts of their own meeting sources the catalogue does not know (a
    /// company's Jitsi server), so the links Meeting Tray adds are found.
    pub fn link_preferences(&self) -> Preferences {
        let mut prefs = self.links.preferences();
        let m = &self.meetings;
        let sources = m
            .source
            .iter()
            .chain(m.more_keywords.iter().map(|k| &k.source));
        for source in sources {
            let (name, url) = match source {
                MeetingSource::PersonalRoom { service, url, .. } => (service.as_str(), url),
                MeetingSource::Jitsi { base_url, .. } => ("Jitsi Meet", base_url),
            };
            let Ok(url) = url::Url::parse(url.trim()) else {
                continue;
            };
            let Some(host) = url.host_str().map(str::to_owned) else {
                continue;
            };
            let known = meeting_tray_links::catalogue::classify(&url).is_some()
                || prefs.custom.iter().any(|c| c.matches_host(&host));
            if url.scheme() == "https" && !known && is_own_domain(&host) {
                prefs.custom.push(CustomService {
                    name: name.trim().to_owned(),
                    host,
                    path_prefix: String::new(),
                });
            }
        }
        prefs
    }
}

/// A keyword: starts with `@`, then 1 to 30 letters, digits, `-` or `_`.
fn is_keyword(k: &str) -> bool {
    k.strip_prefix('@').is_some_and(|rest| {
        (1..=30).contains(&rest.chars().count())
            && rest
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// The windows' colours; `System` follows the desktop's light/dark choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// The panel the tray icon sits on: its glyph must contrast with it. Most
/// Linux panels (GNOME's top bar among them) are dark whatever the theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrayPanel {
    #[default]
    Dark,
    Light,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DesktopSettings {
    pub theme: Theme,
    pub tray_panel: TrayPanel,
    /// e.g. `Ctrl+Alt+J`; none: no global shortcut. X11 only on Linux.
    pub join_shortcut: Option<String>,
}

/// What the link detector is told: applied at sync time, so a change means
/// reading the calendar again (the cache keeps no bodies to re-read).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkSettings {
    /// Service ids, most preferred first: wins among equally good links.
    pub service_order: Vec<String>,
    /// The user's own meeting hosts (an in-house video system …).
    pub custom: Vec<CustomService>,
}

impl LinkSettings {
    pub fn preferences(&self) -> Preferences {
        Preferences {
            service_order: self.service_order.clone(),
            custom: self.custom.clone(),
        }
    }
}

/// A stable text for the detector's preferences; the cache records the one
/// it was built with, and a sync that finds another reads everything again.
/// Empty for the defaults, so caches from before this field need no resync.
pub fn link_rules_key(prefs: &Preferences) -> String {
    if prefs.service_order.is_empty() && prefs.custom.is_empty() {
        return String::new();
    }
    serde_json::to_string(&(&prefs.service_order, &prefs.custom)).unwrap_or_default()
}

/// A domain name that one owner controls: labels of letters, digits and
/// hyphens, an optional leading `*.` (the host and its subdomains match
/// either way), and not a public suffix (`co.uk`, `github.io` …), whose
/// subdomains belong to anyone who registers one.
fn is_own_domain(host: &str) -> bool {
    let host = host.strip_prefix("*.").unwrap_or(host).to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    host.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels.last().is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
        // An unlisted suffix (an intranet's `corp`) counts as one label.
        && psl::domain(host.as_bytes()).is_some()
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("Cannot read the settings file {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("The settings file {path} is not valid ({source}); correct it, or delete it to start from the defaults")]
    Invalid {
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

/// A setting out of its range: a message id of `app.ftl` (the message says
/// which and what is allowed) and its one argument, if any. Displayed in
/// English (logs); [`text`](Self::text) says it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSetting {
    pub id: &'static str,
    /// `value`: the offending value, where the message quotes it.
    pub value: Option<String>,
}

impl InvalidSetting {
    fn new(id: &'static str) -> InvalidSetting {
        InvalidSetting { id, value: None }
    }

    fn of(id: &'static str, value: &str) -> InvalidSetting {
        InvalidSetting {
            id,
            value: Some(value.to_owned()),
        }
    }

    pub fn text(&self, t: &crate::i18n::Texts) -> String {
        match &self.value {
            Some(v) => t.get(self.id, &[("value", crate::i18n::Arg::Str(v))]),
            None => t.text(self.id),
        }
    }
}

impl std::fmt::Display for InvalidSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::texts(crate::i18n::Lang::En)))
    }
}

impl std::error::Error for InvalidSetting {}

/// Services whose meetings can open in their own app (`zoommtg:` …): the
/// ones a per-service choice makes sense for.
pub fn services_with_app() -> impl Iterator<Item = &'static meeting_tray_links::catalogue::Service>
{
    meeting_tray_links::catalogue::SERVICES
        .iter()
        .filter(|s| s.native != meeting_tray_links::catalogue::Native::None)
}

impl Settings {
    /// The rules the settings window and the file both follow.
    pub fn check(&self) -> Result<(), InvalidSetting> {
        let bad = |id: &'static str| Err(InvalidSetting::new(id));
        let leads = &self.alerts.lead_minutes;
        if leads.is_empty() || leads.len() > 3 {
            return bad("setting-lead-count");
        }
        if leads.iter().any(|m| !(0..=120).contains(m)) {
            return bad("setting-lead-range");
        }
        let mut distinct = leads.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != leads.len() {
            return bad("setting-lead-once");
        }
        if self
            .alerts
            .escalate_every_minutes
            .is_some_and(|e| !(1..=60).contains(&e))
        {
            return bad("setting-escalate-range");
        }
        if self
            .language
            .as_deref()
            .is_some_and(|l| crate::i18n::Lang::ALL.iter().all(|x| x.code() != l))
        {
            return bad("setting-language");
        }
        let titles = &self.filters.hide_titles;
        if titles.len() > 50 || titles.iter().any(|t| t.chars().count() > 100) {
            return bad("setting-hide-titles");
        }
        if let Some(unknown) = self
            .join
            .open_in
            .keys()
            .find(|k| !services_with_app().any(|s| s.id == k.as_str()))
        {
            return Err(InvalidSetting::of("setting-open-in-unknown", unknown));
        }
        if self
            .desktop
            .join_shortcut
            .as_deref()
            .is_some_and(|k| k.trim().is_empty() || k.chars().count() > 40)
        {
            return bad("setting-shortcut");
        }
        let order = &self.links.service_order;
        if let Some(unknown) = order.iter().find(|id| {
            meeting_tray_links::catalogue::SERVICES
                .iter()
                .all(|s| s.id != id.as_str())
        }) {
            return Err(InvalidSetting::of("setting-service-unknown", unknown));
        }
        let mut seen = order.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != order.len() {
            return bad("setting-service-once");
        }
        let custom = &self.links.custom;
        if custom.len() > 20 {
            return bad("setting-custom-count");
        }
        for c in custom {
            let name = c.name.trim();
            if name.is_empty() || name.chars().count() > 40 {
                return bad("setting-custom-name");
            }
            if !is_own_domain(c.host.trim()) {
                return Err(InvalidSetting::of("setting-custom-host", &c.host));
            }
            if !(c.path_prefix.is_empty()
                || (c.path_prefix.starts_with('/') && c.path_prefix.chars().count() <= 100))
            {
                return bad("setting-custom-path");
            }
        }
        let meetings = &self.meetings;
        if !(5..=480).contains(&meetings.quick_minutes) {
            return bad("setting-quick-minutes");
        }
        let keywords: Vec<&str> = std::iter::once(meetings.keyword.as_str())
            .chain(meetings.more_keywords.iter().map(|k| k.keyword.as_str()))
            .collect();
        if let Some(k) = keywords.iter().find(|k| !is_keyword(k)) {
            return Err(InvalidSetting::of("setting-keyword", k));
        }
        if meetings.more_keywords.len() > 10 {
            return bad("setting-keyword-count");
        }
        let mut distinct: Vec<String> = keywords.iter().map(|k| k.to_lowercase()).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() != keywords.len() {
            return bad("setting-keyword-once");
        }
        let sources = meetings
            .source
            .iter()
            .chain(meetings.more_keywords.iter().map(|k| &k.source));
        for source in sources {
            if let MeetingSource::PersonalRoom { service, .. } = source {
                if service.trim().is_empty() || service.chars().count() > 40 {
                    return bad("setting-meeting-service");
                }
            }
            if let Err(e) = source.check() {
                return Err(InvalidSetting::of("setting-meeting-source", &e.url()));
            }
        }
        Ok(())
    }

    /// Puts each section that fails [`check`](Self::check) back to its
    /// defaults, keeping the others; says what was wrong.
    pub fn repair(&mut self) -> Vec<InvalidSetting> {
        let defaults = Settings::default();
        let mut problems = Vec::new();
        let mut probe = |s: Settings| s.check().err().map(|e| problems.push(e)).is_some();
        if probe(Settings {
            alerts: self.alerts.clone(),
            ..Settings::default()
        }) {
            self.alerts = defaults.alerts;
        }
        if probe(Settings {
            join: self.join.clone(),
            ..Settings::default()
        }) {
            self.join = defaults.join;
        }
        if probe(Settings {
            filters: self.filters.clone(),
            ..Settings::default()
        }) {
            self.filters = defaults.filters;
        }
        if probe(Settings {
            desktop: self.desktop.clone(),
            ..Settings::default()
        }) {
            self.desktop = defaults.desktop;
        }
        // Links one by one: a host refused today (a public suffix) must not
        // take the user's other links and service order with it.
        let mut dropped = Vec::new();
        let alone = |links: LinkSettings| Settings {
            links,
            ..Settings::default()
        };
        self.links.custom.retain(|c| {
            let checked = alone(LinkSettings {
                custom: vec![c.clone()],
                ..LinkSettings::default()
            })
            .check();
            checked.map_err(|e| dropped.push(e)).is_ok()
        });
        let mut seen = Vec::new();
        self.links.service_order.retain(|id| {
            let checked = alone(LinkSettings {
                service_order: vec![id.clone()],
                ..LinkSettings::default()
            })
            .check();
            let keep = checked.map_err(|e| dropped.push(e)).is_ok() && !seen.contains(id);
            seen.push(id.clone());
            keep
        });
        if probe(alone(self.links.clone())) {
            self.links = defaults.links;
        }
        if probe(Settings {
            meetings: self.meetings.clone(),
            ..Settings::default()
        }) {
            self.meetings = defaults.meetings;
        }
        if probe(Settings {
            language: self.language.clone(),
            ..Settings::default()
        }) {
            self.language = defaults.language;
        }
        problems.append(&mut dropped);
        problems
    }

    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        let mut settings: Settings =
            serde_json::from_slice(&bytes).map_err(|source| SettingsError::Invalid {
                path: path.display().to_string(),
                source,
            })?;
        for problem in settings.repair() {
            // The rest of the file (the sign-in above all) still counts.
            tracing::warn!(
                path = %path.display(),
                "{problem} That part of the settings is back to its defaults."
            );
        }
        Ok(settings)
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        crate::atomic_file::write(path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults_and_damage_is_reported_with_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("settings.json");
        assert_eq!(Settings::load(&p).unwrap(), Settings::default());
        let mut s = Settings::default();
        s.account.tenant = "contoso.example".into();
        s.save(&p).unwrap();
        assert_eq!(Settings::load(&p).unwrap(), s);
        std::fs::write(&p, b"{\"account\": {\"tenant\": 5}}").unwrap();
        let e = Settings::load(&p).unwrap_err();
        assert!(e.to_string().contains("settings.json"), "{e}");
        std::fs::write(&p, b"{\"account\": {\"clientid\": \"x\"}}").unwrap();
        assert!(
            Settings::load(&p).is_err(),
            "unknown fields are typos, not ignored"
        );
        // A value out of range resets its own section only: sign-in goes on.
        std::fs::write(
            &p,
            b"{\"account\": {\"tenant\": \"contoso.example\"}, \"alerts\": {\"lead_minutes\": [500]}, \"language\": \"cs\"}",
        )
        .unwrap();
        let s = Settings::load(&p).unwrap();
        assert_eq!(s.account.tenant, "contoso.example");
        assert_eq!(s.alerts, AlertSettings::default());
        assert_eq!(s.language.as_deref(), Some("cs"));
    }

    #[test]
    fn ranges_are_checked_with_a_message_that_says_what_is_allowed() {
        let ok = Settings::default();
        assert_eq!(ok.check(), Ok(()));
        let with = |f: &dyn Fn(&mut Settings)| {
            let mut s = Settings::default();
            f(&mut s);
            s.check().unwrap_err().to_string()
        };
        assert!(with(&|s| s.alerts.lead_minutes.clear()).contains("one to three"));
        assert!(with(&|s| s.alerts.lead_minutes = vec![5, 5]).contains("once"));
        assert!(with(&|s| s.alerts.lead_minutes = vec![-1]).contains("0 to 120"));
        assert!(with(&|s| s.alerts.escalate_every_minutes = Some(0)).contains("1 to 60"));
        assert!(with(&|s| s.filters.hide_titles = vec!["x".repeat(101)]).contains("100 characters"));
        assert!(with(&|s| {
            s.join
                .open_in
                .insert("webex-nope".into(), crate::join::OpenIn::App);
        })
        .contains("webex-nope"));
        let mut zoom = Settings::default();
        zoom.join
            .open_in
            .insert("zoom".into(), crate::join::OpenIn::Browser);
        assert_eq!(zoom.check(), Ok(()));
        assert!(services_with_app().any(|s| s.id == "teams"));
        assert!(with(&|s| s.language = Some("fr".into())).contains("en, cs or de"));
        assert!(with(&|s| s.desktop.join_shortcut = Some(" ".into())).contains("Ctrl+Alt+J"));
        assert!(
            with(&|s| s.links.service_order = vec!["zoom".into(), "zoom".into()]).contains("once")
        );
        assert!(
            with(&|s| s.links.service_order = vec!["skype-classic".into()])
                .contains("skype-classic")
        );
        let own = |host: &str, path: &str| CustomService {
            name: "Acme".into(),
            host: host.into(),
            path_prefix: path.into(),
        };
        for bad_host in [
            "localhost",
            "meet example.com",
            "-a.example.com",
            "10.0.0.1",
            "https://a.example",
            // Public suffixes: anyone can own a site below them.
            "co.uk",
            "*.co.uk",
            "github.io",
            "*.github.io",
            "azurewebsites.net",
        ] {
            assert!(
                with(&|s| s.links.custom = vec![own(bad_host, "")]).contains("host name"),
                "{bad_host}"
            );
        }
        assert!(
            with(&|s| s.links.custom = vec![own("meet.acme.example", "room")])
                .contains("start it with /")
        );
        assert!(with(&|s| s.links.custom = vec![CustomService {
            name: " ".into(),
            ..own("a.example", "")
        }])
        .contains("name"));
        let mut fine = Settings::default();
        fine.links.service_order = vec!["zoom".into(), "teams".into()];
        fine.links.custom = vec![
            own("*.video.acme.com", "/j/"),
            own("acme.co.uk", ""),
            own("team.github.io", ""),
            own("video.corp", ""),
        ];
        fine.desktop.join_shortcut = Some("Ctrl+Alt+J".into());
        assert_eq!(fine.check(), Ok(()));
    }

    #[test]
    fn a_refusal_is_said_in_the_user_s_language() {
        let s = Settings {
            links: LinkSettings {
                service_order: vec!["nope".into()],
                ..LinkSettings::default()
            },
            ..Settings::default()
        };
        let e = s.check().unwrap_err();
        assert_eq!(e.to_string(), "\"nope\" is not a known meeting service.");
        let cs = crate::i18n::texts(crate::i18n::Lang::Cs);
        assert_eq!(e.text(cs), "„nope“ není známá služba pro schůzky.");
    }

    #[test]
    fn the_link_rules_key_is_empty_for_the_defaults_and_differs_when_they_change() {
        let none = LinkSettings::default().preferences();
        assert_eq!(link_rules_key(&none), "");
        let mut l = LinkSettings {
            service_order: vec!["zoom".into()],
            ..LinkSettings::default()
        };
        let zoom = link_rules_key(&l.preferences());
        assert!(!zoom.is_empty());
        l.service_order = vec!["teams".into()];
        assert_ne!(link_rules_key(&l.preferences()), zoom);
    }

    #[test]
    fn a_refused_link_is_dropped_alone() {
        let own = |host: &str| CustomService {
            name: "Own".into(),
            host: host.into(),
            path_prefix: String::new(),
        };
        let mut s = Settings {
            links: LinkSettings {
                service_order: vec!["zoom".into(), "nope".into(), "zoom".into(), "teams".into()],
                custom: vec![own("video.acme.com"), own("github.io")],
            },
            ..Settings::default()
        };
        let problems = s.repair();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(s.links.service_order, ["zoom", "teams"]);
        assert_eq!(s.links.custom, [own("video.acme.com")]);
    }

    #[test]
    fn a_bad_desktop_or_links_section_resets_only_itself() {
        let mut s = Settings {
            language: Some("de".into()),
            desktop: DesktopSettings {
                theme: Theme::Dark,
                ..DesktopSettings::default()
            },
            links: LinkSettings {
                service_order: vec!["nope".into()],
                ..LinkSettings::default()
            },
            ..Settings::default()
        };
        let problems = s.repair();
        assert_eq!(problems.len(), 1);
        assert_eq!(s.links, LinkSettings::default());
        assert_eq!(s.desktop.theme, Theme::Dark);
        assert_eq!(s.language.as_deref(), Some("de"));
    }
}
