//! The service catalogue, as data: which hosts and paths make a link a meeting
//! link, and how a web link becomes a native-app link. Built from
//! shared/reference/meeting-links.md §2.2 and its list of gaps.

use url::Url;

/// What a link joins: a video meeting, a dial-in, or a video (SIP/H.323) address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Video,
    /// `sip:` / `sips:` / `h323:` addresses: joinable from a video endpoint or softphone.
    VideoAddress,
    /// `tel:` dial-ins: the last resort.
    Phone,
}

/// Which part of a URL marks a join link, beyond the host.
#[derive(Clone, Copy, Debug)]
pub enum PathRule {
    /// Any path on the host.
    Any,
    /// The path starts with one of these (case-insensitive).
    Prefix(&'static [&'static str]),
    /// A rule too particular for prefixes.
    Check(fn(&Url) -> bool),
}

/// How to turn the https link into the service's own app link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Native {
    None,
    /// Swap the scheme, keep host, path and query (`msteams:`, `jitsi-meet:`).
    Scheme(&'static str),
    /// `zoommtg://{host}/join?confno={id}&{query}`; personal rooms (`/my/`) stay web.
    Zoom,
    /// `slack://join-huddle?team=T&id=C` from `/huddle/T/C`.
    SlackHuddle,
    /// `workchat://room/?joinurl={encoded https link}`.
    Workplace,
}

#[derive(Clone, Copy, Debug)]
pub struct Service {
    pub id: &'static str,
    pub name: &'static str,
    /// `example.com` matches it and every subdomain; `=example.com` only itself.
    pub hosts: &'static [&'static str],
    pub path: PathRule,
    pub native: Native,
    pub kind: Kind,
}

const fn web(
    id: &'static str,
    name: &'static str,
    hosts: &'static [&'static str],
    path: PathRule,
) -> Service {
    Service {
        id,
        name,
        hosts,
        path,
        native: Native::None,
        kind: Kind::Video,
    }
}

const fn app(
    id: &'static str,
    name: &'static str,
    hosts: &'static [&'static str],
    path: PathRule,
    native: Native,
) -> Service {
    Service {
        id,
        name,
        hosts,
        path,
        native,
        kind: Kind::Video,
    }
}

fn first_segment(url: &Url) -> &str {
    url.path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

fn teams_path(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    let fragment = url.fragment().unwrap_or_default().to_ascii_lowercase();
    path.starts_with("/l/meetup-join/")
        || path.starts_with("/meet/")
        || path.starts_with("/l/meeting/")
        || path.starts_with("/_#/l/meetup-join/")
        || path.starts_with("/dl/launcher/launcher.html")
        || path.starts_with("/l/app/") && url.query().is_some_and(|q| q.contains("meeting"))
        // The web app's form: /v2/?meetingjoin=true#/l/meetup-join/…
        || (path.starts_with("/v2") && fragment.contains("/l/meetup-join/"))
        || fragment.starts_with("/l/meetup-join/")
}

/// Zoom join paths: `/j/`, `/s/`, `/w/`, `/wc/…`, `/my/…`, `/webinar/…`, any 1–2 letter segment.
fn zoom_path(url: &Url) -> bool {
    let seg = first_segment(url);
    seg == "my"
        || seg == "webinar"
        || ((1..=2).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_lowercase()))
}

fn google_meet_path(url: &Url) -> bool {
    let seg = first_segment(url);
    let seg = if seg == "_meet" {
        url.path()
            .trim_start_matches("/_meet/")
            .split('/')
            .next()
            .unwrap_or_default()
    } else {
        seg
    };
    // abc-defg-hij, or a nickname lookup.
    let parts: Vec<&str> = seg.split('-').collect();
    let code = parts.len() == 3
        && parts.iter().map(|p| p.len()).eq([3, 4, 3])
        && seg.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    code || seg == "lookup"
}

fn webex_path(url: &Url) -> bool {
    let path = url.path().to_ascii_lowercase();
    path.ends_with("/j.php")
        || path.ends_with("/e.php")
        || path.ends_with("/k2/j.php")
        || path.starts_with("/meet/")
        || path.starts_with("/join/")
        || path.starts_with("/wbxmjs/joinservice/")
        || path.starts_with("/webappng/sites/")
        || (path.contains("/j.php")
            && url
                .query()
                .is_some_and(|q| q.to_ascii_lowercase().contains("mtid=")))
}

fn livekit_path(url: &Url) -> bool {
    url.host_str().is_some_and(|h| h.starts_with("meet")) && url.path().starts_with("/rooms/")
}

fn vimeo_path(url: &Url) -> bool {
    url.host_str() == Some("venues.vimeo.com")
        || url.path().starts_with("/showcase/")
        || url.path().starts_with("/event/")
}

fn streamyard_path(url: &Url) -> bool {
    let seg = first_segment(url);
    seg == "guest"
        || ((8..=13).contains(&seg.len()) && seg.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Every service, most specific first: the first whose host and path match wins.
pub static SERVICES: &[Service] = &[
    app(
        "teams",
        "Microsoft Teams",
        &[
            "teams.microsoft.com",
            "teams.cloud.microsoft",
            "teams.live.com",
            "teams.microsoft.us",
            "teams.microsoftonline.cn",
        ],
        PathRule::Check(teams_path),
        Native::Scheme("msteams"),
    ),
    web("skype", "Skype", &["=join.skype.com"], PathRule::Any),
    web(
        "skype-for-business",
        "Skype for Business Online",
        &["=meet.lync.com"],
        PathRule::Any,
    ),
    app(
        "zoom-events",
        "Zoom Events",
        &["=events.zoom.us"],
        PathRule::Any,
        Native::None,
    ),
    app(
        "zoomgov",
        "ZoomGov",
        &["zoomgov.com"],
        PathRule::Check(zoom_path),
        Native::Zoom,
    ),
    app(
        "zoom",
        "Zoom",
        &[
            "zoom.us",
            "zoom.com",
            "zoom.com.cn",
            "zoom.de",
            "zoom-x.us",
            "zoom-x.com",
            "zoom-x.de",
        ],
        PathRule::Check(zoom_path),
        Native::Zoom,
    ),
    web(
        "reclaim-zoom",
        "Reclaim.ai (Zoom)",
        &["=reclaim.ai"],
        PathRule::Prefix(&["/z/"]),
    ),
    web(
        "zm-page",
        "Zoom page (zm.page)",
        &["zm.page"],
        PathRule::Any,
    ),
    web(
        "google-meet-stream",
        "Google Meet live stream",
        &["=stream.meet.google.com"],
        PathRule::Prefix(&["/stream/"]),
    ),
    web(
        "google-meet",
        "Google Meet",
        &["=meet.google.com"],
        PathRule::Check(google_meet_path),
    ),
    web(
        "google-hangouts",
        "Google Hangouts",
        &["=hangouts.google.com"],
        PathRule::Any,
    ),
    web(
        "google-duo",
        "Google Duo",
        &["=duo.app.goo.gl"],
        PathRule::Any,
    ),
    web(
        "webex",
        "Cisco Webex",
        &["webex.com", "webex.com.cn"],
        PathRule::Check(webex_path),
    ),
    app(
        "jitsi",
        "Jitsi Meet",
        &["=meet.jit.si"],
        PathRule::Any,
        Native::Scheme("jitsi-meet"),
    ),
    web("8x8", "8x8 Meet", &["8x8.vc"], PathRule::Any),
    web("chime", "Amazon Chime", &["chime.aws"], PathRule::Any),
    web(
        "ringcentral",
        "RingCentral Video",
        &["ringcentral.com"],
        PathRule::Any,
    ),
    web(
        "gotomeeting",
        "GoTo Meeting",
        &["gotomeeting.com", "=meet.goto.com"],
        PathRule::Any,
    ),
    web(
        "gotowebinar",
        "GoTo Webinar",
        &["gotowebinar.com"],
        PathRule::Any,
    ),
    web("bluejeans", "BlueJeans", &["bluejeans.com"], PathRule::Any),
    web("demio", "Demio", &["=event.demio.com"], PathRule::Any),
    web("joinme", "join.me", &["join.me"], PathRule::Any),
    web("whereby", "Whereby", &["whereby.com"], PathRule::Any),
    web(
        "uberconference",
        "UberConference",
        &["uberconference.com"],
        PathRule::Any,
    ),
    web("blizz", "Blizz", &["=go.blizz.com"], PathRule::Any),
    web(
        "teamviewer-meeting",
        "TeamViewer Meeting",
        &["=go.teamviewer.com"],
        PathRule::Any,
    ),
    web("vsee", "VSee", &["vsee.com"], PathRule::Any),
    web(
        "starleaf",
        "StarLeaf",
        &["=meet.starleaf.com"],
        PathRule::Any,
    ),
    web(
        "voov",
        "Tencent VooV Meeting",
        &["voovmeeting.com"],
        PathRule::Any,
    ),
    web(
        "tencent-meeting",
        "Tencent Meeting",
        &["=meeting.tencent.com"],
        PathRule::Any,
    ),
    app(
        "workplace",
        "Workplace from Meta",
        &["workplace.com"],
        PathRule::Prefix(&["/groupcall/"]),
        Native::Workplace,
    ),
    web(
        "lifesize",
        "Lifesize",
        &["=call.lifesizecloud.com"],
        PathRule::Any,
    ),
    web(
        "facetime",
        "FaceTime",
        &["=facetime.apple.com"],
        PathRule::Prefix(&["/join"]),
    ),
    web(
        "youtube",
        "YouTube",
        &[
            "=youtube.com",
            "=www.youtube.com",
            "=m.youtube.com",
            "=youtu.be",
        ],
        PathRule::Any,
    ),
    web(
        "vonage",
        "Vonage Meetings",
        &["=meetings.vonage.com"],
        PathRule::Any,
    ),
    web("around", "Around", &["around.co"], PathRule::Any),
    web("jam", "Jam", &["jam.systems"], PathRule::Any),
    web(
        "discord",
        "Discord",
        &["discord.gg", "discord.com", "discordapp.com"],
        PathRule::Any,
    ),
    web(
        "blackboard-collaborate",
        "Blackboard Collaborate",
        &["bbcollab.com"],
        PathRule::Any,
    ),
    web(
        "coscreen",
        "CoScreen",
        &["=join.coscreen.co"],
        PathRule::Any,
    ),
    web("vowel", "Vowel", &["vowel.com"], PathRule::Any),
    web(
        "zhumu",
        "Zhumu",
        &["=welink.zhumu.com"],
        PathRule::Prefix(&["/j/", "/wc/join/"]),
    ),
    web(
        "lark",
        "Lark",
        &["=vc.larksuite.com"],
        PathRule::Prefix(&["/j/"]),
    ),
    web(
        "feishu",
        "Feishu",
        &["=vc.feishu.cn"],
        PathRule::Prefix(&["/j/"]),
    ),
    web(
        "vimeo",
        "Vimeo",
        &["vimeo.com"],
        PathRule::Check(vimeo_path),
    ),
    web("ovice", "oVice", &["ovice.in", "ovice.com"], PathRule::Any),
    web("luma", "Luma", &["=lu.ma"], PathRule::Prefix(&["/join/"])),
    web("preply", "Preply", &["preply.com"], PathRule::Any),
    web(
        "userzoom",
        "UserZoom",
        &["=go.userzoom.com"],
        PathRule::Prefix(&["/participate/"]),
    ),
    web(
        "venue",
        "Venue",
        &["=app.venue.live"],
        PathRule::Prefix(&["/app/"]),
    ),
    web(
        "teemyco",
        "Teemyco",
        &["=app.teemyco.com"],
        PathRule::Prefix(&["/room/"]),
    ),
    web("demodesk", "Demodesk", &["demodesk.com"], PathRule::Any),
    web(
        "zoho-cliq",
        "Zoho Cliq",
        &["=cliq.zoho.eu", "=cliq.zoho.com"],
        PathRule::Prefix(&["/meetings/"]),
    ),
    web(
        "zoho-meeting",
        "Zoho Meeting",
        &["=meeting.zoho.com", "=meeting.zoho.eu", "=meeting.zoho.in"],
        PathRule::Any,
    ),
    app(
        "slack-huddle",
        "Slack huddle",
        &["=app.slack.com"],
        PathRule::Prefix(&["/huddle/"]),
        Native::SlackHuddle,
    ),
    web(
        "gather",
        "Gather",
        &["=app.gather.town"],
        PathRule::Prefix(&["/app/"]),
    ),
    web("pop", "Pop", &["=pop.com"], PathRule::Prefix(&["/j/"])),
    web("chorus", "Chorus", &["=go.chorus.ai"], PathRule::Any),
    web("gong", "Gong", &["join.gong.io"], PathRule::Any),
    web(
        "livestorm",
        "Livestorm",
        &["=app.livestorm.com"],
        PathRule::Prefix(&["/p/"]),
    ),
    web(
        "tuple",
        "Tuple",
        &["=tuple.app"],
        PathRule::Prefix(&["/c/"]),
    ),
    web("pumble", "Pumble", &["=meet.pumble.com"], PathRule::Any),
    web(
        "suit-conference",
        "Suit Conference",
        &["conference.istesuit.com"],
        PathRule::Any,
    ),
    web("doxy", "Doxy.me", &["doxy.me"], PathRule::Any),
    web(
        "cal-video",
        "Cal Video",
        &["=app.cal.com"],
        PathRule::Prefix(&["/video/"]),
    ),
    web(
        "livekit",
        "LiveKit Meet",
        &["livekit.io"],
        PathRule::Check(livekit_path),
    ),
    web(
        "meetecho",
        "Meetecho",
        &["=meetings.conf.meetecho.com"],
        PathRule::Any,
    ),
    web(
        "streamyard",
        "StreamYard",
        &["=streamyard.com"],
        PathRule::Check(streamyard_path),
    ),
    web(
        "riverside",
        "Riverside",
        &["riverside.com", "riverside.fm"],
        PathRule::Prefix(&["/studio/"]),
    ),
    web(
        "proton-meet",
        "Proton Meet",
        &["=meet.proton.me"],
        PathRule::Prefix(&["/join/"]),
    ),
    web(
        "dialpad",
        "Dialpad Meetings",
        &["=meetings.dialpad.com"],
        PathRule::Any,
    ),
    web(
        "clickmeeting",
        "ClickMeeting",
        &["clickmeeting.com"],
        PathRule::Any,
    ),
    web(
        "hopin",
        "Hopin",
        &["=app.hopin.com", "=hopin.com"],
        PathRule::Prefix(&["/events/"]),
    ),
    web(
        "airmeet",
        "Airmeet",
        &["=www.airmeet.com", "=airmeet.com"],
        PathRule::Prefix(&["/e/"]),
    ),
    web(
        "skype-meet-now",
        "Skype Meet Now",
        &["=meet.skype.com"],
        PathRule::Any,
    ),
    web(
        "webex-teams",
        "Webex Meetings (Teams links)",
        &["=teams.webex.com"],
        PathRule::Any,
    ),
    web(
        "meet-goto-app",
        "GoTo app",
        &["=app.goto.com"],
        PathRule::Prefix(&["/meeting/"]),
    ),
    web(
        "element-call",
        "Element Call",
        &["=call.element.io"],
        PathRule::Any,
    ),
    web(
        "bigbluebutton-demo",
        "BigBlueButton (hosted)",
        &["=demo.bigbluebutton.org"],
        PathRule::Prefix(&["/rooms/", "/gl/"]),
    ),
    web(
        "webinarjam",
        "WebinarJam",
        &["=event.webinarjam.com"],
        PathRule::Any,
    ),
    web("on24", "ON24", &["=event.on24.com"], PathRule::Any),
];

/// Schemes of native-app links that may appear in invitations and be opened.
pub static NATIVE_SCHEMES: &[(&str, &str, Kind)] = &[
    ("msteams", "teams", Kind::Video),
    ("zoommtg", "zoom", Kind::Video),
    ("zoomus", "zoom", Kind::Video),
    ("sip", "sip", Kind::VideoAddress),
    ("sips", "sip", Kind::VideoAddress),
    ("h323", "h323", Kind::VideoAddress),
    ("tel", "phone", Kind::Phone),
];

/// The display name of a service or pseudo-service ID.
pub fn name_of(id: &str) -> &str {
    match id {
        "sip" => "Video address (SIP)",
        "h323" => "Video address (H.323)",
        "phone" => "Phone dial-in",
        _ => SERVICES
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name)
            .unwrap_or(id),
    }
}

/// Hosts of URL-defence wrappers, by their last two labels.
pub(crate) const WRAPPER_KEYS: [&str; 13] = [
    "outlook.com",
    "office365.us",
    "outlook.cn",
    "office.net",
    "office.com",
    "proofpoint.com",
    "urldefense.com",
    "google.com",
    "mcas.ms",
    "mcas-gov.us",
    "mimecast.com",
    "cudasvc.com",
    "cisco.com",
];

pub(crate) fn last_two_labels(host: &str) -> &str {
    // A plain loop: hosts are short, and memrchr's set-up cost showed in profiles.
    let mut dots = 0;
    for (i, b) in host.bytes().enumerate().rev() {
        if b == b'.' {
            dots += 1;
            if dots == 2 {
                return &host[i + 1..];
            }
        }
    }
    host
}

/// Services indexed by the last two labels of their hosts, in catalogue
/// order, so a link is compared with a handful of services, not all.
fn service_index() -> &'static std::collections::HashMap<&'static str, Vec<usize>> {
    static INDEX: std::sync::OnceLock<std::collections::HashMap<&'static str, Vec<usize>>> =
        std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut map: std::collections::HashMap<&'static str, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, s) in SERVICES.iter().enumerate() {
            for h in s.hosts {
                let list = map
                    .entry(last_two_labels(h.trim_start_matches('=')))
                    .or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        map
    })
}

/// The services whose host patterns `host` (lowercase) matches, in catalogue order.
fn services_of_host(host: &str) -> impl Iterator<Item = &'static Service> + '_ {
    service_index()
        .get(last_two_labels(host))
        .into_iter()
        .flatten()
        .map(|&i| &SERVICES[i])
        .filter(move |s| host_matches(host, s.hosts))
}

/// Whether a host could belong to a service or a wrapper: a cheap test that
/// lets the detector skip parsing the many other links in a body (help pages
/// on www.microsoft.com, support.google.com, XML namespaces …).
pub fn interesting_host(host: &str) -> bool {
    let host = ascii_lower(host.trim_end_matches('.'));
    services_of_host(&host).next().is_some() || is_wrapper_host(&host)
}

/// Whether a lowercase host is a URL-defence wrapper's (by its last two labels).
pub(crate) fn is_wrapper_host(host: &str) -> bool {
    WRAPPER_KEYS.contains(&last_two_labels(host)) || host.contains("google.")
}

/// A host in lowercase, allocating only when it has capitals.
pub(crate) fn ascii_lower(host: &str) -> std::borrow::Cow<'_, str> {
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(host.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(host)
    }
}

/// Whether `host` (lowercase, ASCII/punycode) is one of the patterns.
pub fn host_matches(host: &str, patterns: &[&str]) -> bool {
    patterns.iter().any(|p| match p.strip_prefix('=') {
        Some(exact) => host == exact,
        None => {
            host == *p
                || (host.len() > p.len()
                    && host.ends_with(p)
                    && host.as_bytes()[host.len() - p.len() - 1] == b'.')
        }
    })
}

fn path_matches(rule: &PathRule, url: &Url) -> bool {
    match rule {
        PathRule::Any => true,
        PathRule::Prefix(prefixes) => {
            let path = url.path();
            prefixes
                .iter()
                .any(|p| path.len() >= p.len() && path[..p.len()].eq_ignore_ascii_case(p))
        }
        PathRule::Check(f) => f(url),
    }
}

/// The service an https URL belongs to, if any.
pub fn classify(url: &Url) -> Option<&'static Service> {
    let host = url.host_str()?;
    services_of_host(host).find(|s| path_matches(&s.path, url))
}

/// A user's own pattern: a host (and subdomains) plus an optional path prefix.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomService {
    pub name: String,
    pub host: String,
    #[serde(default)]
    pub path_prefix: String,
}

impl CustomService {
    /// Whether a host (any case) is this pattern's host or a subdomain of it.
    pub fn matches_host(&self, host: &str) -> bool {
        let own = ascii_lower(self.host.trim().trim_start_matches("*."));
        host_matches(&ascii_lower(host), &[own.as_ref()])
    }

    pub fn matches(&self, url: &Url) -> bool {
        url.host_str().is_some_and(|h| self.matches_host(h))
            && url.path().starts_with(self.path_prefix.as_str())
    }
}

/// The native-app link for a web join link, where the service has one.
pub fn native_url(service: &Service, url: &Url) -> Option<String> {
    match service.native {
        Native::None => None,
        Native::Scheme(scheme) => {
            let rest = url.as_str().split_once("://").map(|(_, r)| r)?;
            Some(format!("{scheme}://{rest}"))
        }
        Native::Zoom => {
            let mut segs = url.path_segments()?;
            let (kind, id) = (segs.next()?, segs.next()?);
            if kind != "j" || id.len() < 6 || !id.bytes().all(|b| b.is_ascii_digit()) {
                return None; // personal rooms (/my/) and others stay on the web
            }
            let query = url.query().map(|q| format!("&{q}")).unwrap_or_default();
            Some(format!(
                "zoommtg://{}/join?confno={id}{query}",
                url.host_str()?
            ))
        }
        Native::SlackHuddle => {
            let mut segs = url.path_segments()?;
            let (_, team, channel) = (segs.next()?, segs.next()?, segs.next()?);
            Some(format!("slack://join-huddle?team={team}&id={channel}"))
        }
        Native::Workplace => {
            let encoded: String =
                url::form_urlencoded::byte_serialize(url.as_str().as_bytes()).collect();
            Some(format!("workchat://room/?joinurl={encoded}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svc(url: &str) -> Option<&'static str> {
        classify(&Url::parse(url).expect("url")).map(|s| s.id)
    }

    #[test]
    fn catalogue_has_at_least_75_services_with_unique_ids() {
        assert!(SERVICES.len() >= 75, "{}", SERVICES.len());
        let mut ids: Vec<&str> = SERVICES.iter().map(|s| s.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), SERVICES.len());
    }

    #[test]
    fn hosts_match_on_label_boundaries_only() {
        assert!(host_matches("us02web.zoom.us", &["zoom.us"]));
        assert!(host_matches("zoom.us", &["zoom.us"]));
        assert!(!host_matches("evilzoom.us", &["zoom.us"]));
        assert!(!host_matches("zoom.us.example.org", &["zoom.us"]));
        assert!(!host_matches("www.meet.google.com", &["=meet.google.com"]));
    }

    #[test]
    fn teams_forms() {
        for url in [
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d",
            "https://teams.microsoft.com/meet/26374053457629?p=abc",
            "https://teams.live.com/meet/9876543210123?p=xyz",
            "https://gov.teams.microsoft.us/l/meetup-join/19%3agcch%3ameeting_x%40thread.v2/0",
            "https://dod.teams.microsoft.us/l/meetup-join/19%3adod%3ameeting_x%40thread.v2/0",
            "https://teams.cloud.microsoft/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            "https://emea.teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            "https://teams.microsoft.com:443/l/meetup-join/19%3ameeting_x%40thread.v2/0",
            "https://teams.microsoft.com/v2/?meetingjoin=true#/l/meetup-join/19:meeting_x@thread.v2/0",
        ] {
            assert_eq!(svc(url), Some("teams"), "{url}");
        }
        assert_eq!(svc("https://teams.microsoft.com/downloads"), None);
    }

    #[test]
    fn zoom_webex_meet_forms() {
        assert_eq!(
            svc("https://us02web.zoom.us/j/81234567890?pwd=abc.1"),
            Some("zoom")
        );
        assert_eq!(svc("https://company.zoom.us/my/alice"), Some("zoom"));
        assert_eq!(svc("https://zoom.us/download"), None);
        assert_eq!(svc("https://events.zoom.us/ev/abc"), Some("zoom-events"));
        assert_eq!(
            svc("https://zoomgov.com/j/1612345678?pwd=a-b_c.d+e/f"),
            Some("zoomgov")
        );
        assert_eq!(
            svc("https://acme.webex.com/acme/j.php?MTID=m0123"),
            Some("webex")
        );
        assert_eq!(svc("https://acme.my.webex.com/meet/alice"), Some("webex"));
        assert_eq!(svc("https://acme.webex.com/wbxmjs/joinservice/sites/acme/meeting/download/abc?siteurl=acme&MTID=m1"), Some("webex"));
        assert_eq!(
            svc("https://acme.webex.com/webappng/sites/acme/meeting/download/abc"),
            Some("webex")
        );
        assert_eq!(
            svc("https://meet.google.com/abc-defg-hij"),
            Some("google-meet")
        );
        assert_eq!(
            svc("https://meet.google.com/_meet/abc-defg-hij?authuser=1"),
            Some("google-meet")
        );
        assert_eq!(svc("https://meet.google.com/"), None);
    }

    #[test]
    fn native_rewrites() {
        let zoom = Url::parse("https://us02web.zoom.us/j/81234567890?pwd=abc.1").expect("url");
        let s = classify(&zoom).expect("zoom");
        assert_eq!(
            native_url(s, &zoom).as_deref(),
            Some("zoommtg://us02web.zoom.us/join?confno=81234567890&pwd=abc.1")
        );
        let room = Url::parse("https://zoom.us/my/alice").expect("url");
        assert_eq!(native_url(s, &room), None, "personal rooms stay on the web");
        let teams =
            Url::parse("https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0")
                .expect("url");
        let t = classify(&teams).expect("teams");
        assert_eq!(
            native_url(t, &teams).as_deref(),
            Some("msteams://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0")
        );
        let huddle = Url::parse("https://app.slack.com/huddle/T0123/C0456").expect("url");
        let h = classify(&huddle).expect("huddle");
        assert_eq!(
            native_url(h, &huddle).as_deref(),
            Some("slack://join-huddle?team=T0123&id=C0456")
        );
    }

    #[test]
    fn custom_services() {
        let c = CustomService {
            name: "Acme video".into(),
            host: "video.acme.example".into(),
            path_prefix: "/room/".into(),
        };
        assert!(c.matches(&Url::parse("https://video.acme.example/room/42").expect("url")));
        assert!(!c
            .matches(&Url::parse("https://video.acme.example.evil.example/room/42").expect("url")));
        assert!(!c.matches(&Url::parse("https://video.acme.example/admin").expect("url")));
    }
}
