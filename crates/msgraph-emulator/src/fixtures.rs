//! Meeting-invitation bodies (`event.body.content`) for every join-link style a
//! detector has to cope with: the Teams invitation generations, government and
//! consumer Teams hosts, Defender Safe Links and Proofpoint wrapping, Zoom, Webex,
//! Google Meet, and an ordinary body with no meeting at all (reference
//! `microsoft-graph.md` §8, `meeting-links.md` §2.2–2.3).
//!
//! Every value comes from [`MeetingSeed`] through plain arithmetic hashing, so a
//! fixture is byte-for-byte the same on every run, and each [`Invitation`] says
//! what a correct detector must return from it. Bodies are written as templates
//! whose `href="{key}"` placeholders go through one link writer, so a wrapped
//! variant rewrites every link exactly as the mail gateway would.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// One invitation body style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// "Join Microsoft Teams Meeting"; Swedish when `n` is odd.
    Teams2019,
    /// "Click here to join the meeting", meeting ID, passcode, dial-in.
    Teams2021,
    /// "Join the meeting now" (`meet_invite_block.action.join_link`), dial-in, video device.
    Teams2024,
    /// The 2024 block as Outlook desktop writes it (Word HTML, classes on spans).
    Teams2024Word,
    /// `teams.microsoft.com/meet/{digits}?p=…` with a "System reference" classic link.
    Teams2025Short,
    /// `gov.teams.microsoft.us`, thread `19:gcch:meeting_…`.
    TeamsGccHigh,
    /// `dod.teams.microsoft.us`, thread `19:dod:meeting_…`, Safe Links on the `.us` host.
    TeamsDod,
    /// `teams.live.com/meet/{digits}`.
    TeamsConsumer,
    /// 2024 style, every web link Safe-Links wrapped with the `/ap/t-…/` path and `originalsrc`.
    TeamsSafeLinks,
    Zoom,
    /// Only a Safe-Links-wrapped Zoom URL (anchor or plain text), no `originalsrc`.
    ZoomSafeLinksOnly,
    Webex,
    GoogleMeet,
    /// Proofpoint URL Defense: v3 around a Zoom link (even `n`), v2 around Webex (odd).
    UrlDefense,
    /// Agenda text with an innocuous document link.
    NoLink,
}

impl BodyKind {
    pub const ALL: &'static [BodyKind] = &[
        BodyKind::Teams2019,
        BodyKind::Teams2021,
        BodyKind::Teams2024,
        BodyKind::Teams2024Word,
        BodyKind::Teams2025Short,
        BodyKind::TeamsGccHigh,
        BodyKind::TeamsDod,
        BodyKind::TeamsConsumer,
        BodyKind::TeamsSafeLinks,
        BodyKind::Zoom,
        BodyKind::ZoomSafeLinksOnly,
        BodyKind::Webex,
        BodyKind::GoogleMeet,
        BodyKind::UrlDefense,
        BodyKind::NoLink,
    ];

    /// Kebab-case name, as used by the control API's `bodyFixture`.
    pub fn name(self) -> &'static str {
        match self {
            BodyKind::Teams2019 => "teams-2019",
            BodyKind::Teams2021 => "teams-2021",
            BodyKind::Teams2024 => "teams-2024",
            BodyKind::Teams2024Word => "teams-2024-word",
            BodyKind::Teams2025Short => "teams-2025-short",
            BodyKind::TeamsGccHigh => "teams-gcc-high",
            BodyKind::TeamsDod => "teams-dod",
            BodyKind::TeamsConsumer => "teams-consumer",
            BodyKind::TeamsSafeLinks => "teams-safelinks",
            BodyKind::Zoom => "zoom",
            BodyKind::ZoomSafeLinksOnly => "zoom-safelinks-only",
            BodyKind::Webex => "webex",
            BodyKind::GoogleMeet => "google-meet",
            BodyKind::UrlDefense => "url-defense",
            BodyKind::NoLink => "no-link",
        }
    }

    /// Inverse of [`BodyKind::name`].
    pub fn parse(name: &str) -> Option<BodyKind> {
        Self::ALL.iter().copied().find(|k| k.name() == name)
    }
}

/// Inputs that make each body unique and consistent with the event.
#[derive(Clone, Copy, Debug)]
pub struct MeetingSeed<'a> {
    pub tenant_id: &'a str,
    pub organizer_id: &'a str,
    pub organizer_email: &'a str,
    pub recipient_email: &'a str,
    /// Varies ids, digits and passcodes deterministically.
    pub n: u64,
}

/// A rendered body and what a correct detector should find in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    /// Full HTML document: the organizer's own agenda text first, then the meeting block.
    pub html: String,
    /// The original (unwrapped) join URL; `None` for [`BodyKind::NoLink`].
    pub join_url: Option<String>,
    /// What Graph's `onlineMeeting` holds; `Some` only for Teams kinds.
    pub online_meeting: Option<OnlineMeeting>,
}

/// The part of Graph's `onlineMeetingInfo` the emulator serves.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnlineMeeting {
    pub join_url: String,
    pub conference_id: Option<String>,
    pub toll_number: Option<String>,
}

const DIGITS: &[u8] = b"0123456789";
const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const URLSAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const HELP: &str = "https://aka.ms/JoinTeamsMeeting?omkt=";
const T2019_EN: [&str; 4] = [
    "en-US",
    "Join Microsoft Teams Meeting",
    "Learn more about Teams",
    "Meeting options",
];
const T2019_SV: [&str; 4] = [
    "sv-SE",
    "Anslut till Microsoft Teams-möte",
    "Läs mer om Teams",
    "Mötesalternativ",
];
const PSTN: &str = "https://dialin.teams.microsoft.com/usp/pstnconferencing";
const SEP: &str = r##"<div style="width:100%;height:20px;"><span style="white-space:nowrap;color:#5F5F5F;opacity:.36;">________________________________________________________________________________</span></div>"##;

// Templates. `{sep}` is the underscore line; `href="{key}"` goes through `Hrefs`;
// any other `{key}` is replaced by the HTML-escaped value.
const T2019: &str = r##"{sep}
<div class="me-email-text" lang="{lang}" style="color:#252424;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;">
<div style="margin-top:24px;margin-bottom:20px;"><span style="font-size:24px;color:#252424;"><a class="me-email-headline" href="{join}" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;">{headline}</a></span></div>
<div style="margin-bottom:24px;"><a class="me-email-link" href="{help}" style="font-size:14px;color:#6264a7;">{learn}</a> | <a class="me-email-link" href="{options}" style="font-size:14px;color:#6264a7;">{options_label}</a></div>
</div>
{sep}"##;
const T2021: &str = r##"{sep}
<div class="me-email-text" lang="en-US" style="color:#252424;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;">
<div style="margin-top:24px;margin-bottom:20px;"><span style="font-size:24px;color:#252424;">Microsoft Teams meeting</span></div>
<div style="margin-bottom:20px;"><div style="font-weight:bold;"><span style="font-size:14px;color:#252424;">Join on your computer, mobile app or room device</span></div><a class="me-email-headline" href="{join}" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#6264a7;">Click here to join the meeting</a></div>
<div style="margin-bottom:20px;"><span style="font-size:14px;color:#252424;">Meeting ID: <span style="font-size:16px;">{id}</span><br>Passcode: <span style="font-size:16px;">{passcode}</span></span>
<div style="font-size:14px;"><a class="me-email-link" href="https://www.microsoft.com/en-us/microsoft-teams/download-app">Download Teams</a> | <a class="me-email-link" href="https://www.microsoft.com/microsoft-teams/join-a-meeting">Join on the web</a></div></div>
"##;
const T2021_DIAL: &str = r##"<div style="margin-bottom:20px;"><div style="font-weight:bold;">Or call in (audio only)</div>
<div><a class="me-email-link" href="{tel}">{toll},,{conf}#</a> United States, Seattle</div>
<div>Phone Conference ID: {conf_spaced}# </div>
<div><a class="me-email-link" href="{find}">Find a local number</a> | <a class="me-email-link" href="{pstn}">Reset PIN</a></div></div>
"##;
const T2021_FOOT: &str = r##"<div style="margin-bottom:24px;"><a class="me-email-link" href="{help}">Learn More</a> | <a class="me-email-link" href="{options}">Meeting options</a></div>
</div>
{sep}"##;
const T2024: &str = r##"{sep}
<div class="me-email-text" lang="en-US" style="color:#242424;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;">
<div style="margin-top:24px;margin-bottom:20px;"><span style="font-size:24px;font-weight:700;color:#242424;">Microsoft Teams</span> <a class="me-email-link" href="{help}" target="_blank" rel="noreferrer noopener" style="font-size:14px;text-decoration:underline;color:#5B5FC7;">Need help?</a></div>
<div style="margin-bottom:6px;"><a href="{join}" id="meet_invite_block.action.join_link" title="Meeting join link" class="me-email-headline" target="_blank" rel="noreferrer noopener" style="font-size:20px;font-weight:600;text-decoration:underline;color:#5B5FC7;">Join the meeting now</a></div>
<div style="margin-bottom:6px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Meeting ID: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{id}</span></div>
<div style="margin-bottom:20px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Passcode: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{passcode}</span></div>
<div style="margin-bottom:24px;max-width:532px;"><hr style="border:0;background:#D1D1D1;height:1px;"></div>
"##;
const T2024_DIAL: &str = r##"<div style="margin-bottom:4px;"><span style="font-size:14px;font-weight:600;">Dial in by phone</span></div>
<div style="margin-bottom:4px;"><a class="me-email-link" href="{tel}" style="font-size:14px;color:#5B5FC7;">{toll},,{conf}#</a> <span class="me-email-text-secondary" style="font-size:14px;color:#616161;">United States, Seattle</span></div>
<div style="margin-bottom:4px;"><a class="me-email-link" href="{find}" style="font-size:14px;color:#5B5FC7;">Find a local number</a></div>
<div style="margin-bottom:20px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Phone conference ID: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{conf_spaced}#</span></div>
"##;
const T2024_VIDEO: &str = r##"<div style="margin-bottom:4px;"><span style="font-size:14px;font-weight:600;">Join on a video conferencing device</span></div>
<div style="margin-bottom:4px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Tenant key: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{key}</span></div>
<div style="margin-bottom:4px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Video ID: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{vid}</span></div>
<div style="margin-bottom:20px;"><a class="me-email-link" href="{more}" style="font-size:14px;color:#5B5FC7;">More info</a></div>
"##;
const T2024_FOOT: &str = r##"<div style="margin-bottom:24px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">For organizers: </span><a class="me-email-link" href="{options}" style="font-size:14px;color:#5B5FC7;">Meeting options</a>{reset}</div>
</div>
{sep}"##;
const T2024_RESET: &str = r##" | <a class="me-email-link" href="{pstn}" style="font-size:14px;color:#5B5FC7;">Reset dial-in PIN</a>"##;
// Outlook desktop (Word HTML): classes sit on spans; the join anchor has no class
// but keeps its id and title.
const WORD: &str = r##"<p class="MsoNormal"><span style="color:#5F5F5F">________________________________________________________________________________</span><o:p></o:p></p>
<div style="margin-top:18.0pt;margin-bottom:15.0pt"><p class="MsoNormal"><span class="me-email-text"><b><span style="font-size:18.0pt;font-family:&quot;Segoe UI&quot;,sans-serif;color:#242424">Microsoft Teams</span></b></span> <span class="me-email-link"><a href="{help}"><span style="font-size:10.5pt;color:#5B5FC7">Need help?</span></a></span><o:p></o:p></p></div>
<div style="margin-bottom:4.5pt"><p class="MsoNormal"><span class="me-email-headline"><a href="{join}" id="meet_invite_block.action.join_link" title="Meeting join link" target="_blank"><span style="font-size:15.0pt;font-family:&quot;Segoe UI Semibold&quot;,sans-serif;color:#5B5FC7">Join the meeting now</span></a></span><o:p></o:p></p></div>
<p class="MsoNormal"><span class="me-email-text-secondary"><span style="font-size:10.5pt;color:#616161">Meeting ID: </span></span><span class="me-email-text"><span style="font-size:10.5pt;color:#242424">{id}</span></span><o:p></o:p></p>
<p class="MsoNormal"><span class="me-email-text-secondary"><span style="font-size:10.5pt;color:#616161">Passcode: </span></span><span class="me-email-text"><span style="font-size:10.5pt;color:#242424">{passcode}</span></span><o:p></o:p></p>
<div class="MsoNormal" align="center" style="text-align:center"><hr size="1" width="100%" align="center"></div>
<p class="MsoNormal"><span class="me-email-text"><b>Dial in by phone</b></span><o:p></o:p></p>
<p class="MsoNormal"><span class="me-email-link"><a href="{tel}">{toll},,{conf}#</a></span> United States, Seattle<o:p></o:p></p>
<p class="MsoNormal"><span class="me-email-link"><a href="{find}">Find a local number</a></span><o:p></o:p></p>
<p class="MsoNormal"><span class="me-email-text-secondary">Phone conference ID: </span><span class="me-email-text">{conf_spaced}#</span><o:p></o:p></p>
<p class="MsoNormal"><span class="me-email-text-secondary">For organizers: </span><span class="me-email-link"><a href="{options}">Meeting options</a></span> | <span class="me-email-link"><a href="{pstn}">Reset dial-in PIN</a></span><o:p></o:p></p>
<p class="MsoNormal"><span style="color:#5F5F5F">________________________________________________________________________________</span><o:p></o:p></p>"##;
const SHORT: &str = r##"{sep}
<div class="me-email-text" lang="en-US" style="color:#242424;font-family:'Segoe UI','Helvetica Neue',Helvetica,Arial,sans-serif;">
<div style="margin-top:24px;margin-bottom:6px;"><span style="font-size:24px;font-weight:700;color:#242424;">Microsoft Teams meeting</span></div>
<div style="margin-bottom:6px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Join: </span><a class="me-email-link" href="{join}" target="_blank" rel="noreferrer noopener" style="font-size:14px;color:#5B5FC7;">{join}</a></div>
<div style="margin-bottom:6px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Meeting ID: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{id}</span></div>
<div style="margin-bottom:20px;"><span class="me-email-text-secondary" style="font-size:14px;color:#616161;">Passcode: </span><span class="me-email-text" style="font-size:14px;color:#242424;">{passcode}</span></div>
<div style="margin-bottom:24px;"><a class="me-email-link" href="{help}" style="font-size:14px;color:#5B5FC7;">Need help?</a>{reference}</div>
</div>
{sep}"##;
const SHORT_REFERENCE: &str = r##" | <a class="me-email-link" href="{classic}" style="font-size:14px;color:#5B5FC7;">System reference</a>"##;
const ZOOM: &str = r##"<div>{organizer} is inviting you to a scheduled Zoom meeting.</div>
<div><br></div>
<div>Join Zoom Meeting</div>
<div><a href="{join}">{join}</a></div>
<div><br></div>
<div>Meeting ID: {id}</div>
<div>Passcode: {passcode}</div>
<div><br></div>
<div>---</div>
<div><br></div>
<div>One tap mobile</div>
<div>{tap}</div>
<div><br></div>
<div>Join instructions</div>
<div><a href="{info}">{info}</a></div>"##;
const WEBEX: &str = r##"<div>{organizer} invites you to join this Webex meeting.</div>
<table cellpadding="0" cellspacing="0" style="border-collapse:collapse;"><tr><td style="background-color:#00823B;border-radius:25px;padding:10px 36px;"><a href="{join}" style="color:#FFFFFF;font-size:18px;text-decoration:none;">Join meeting</a></td></tr></table>
<div><br></div>
<div>Meeting number (access code): {number}</div>
<div>Meeting password: {password}</div>
<div><br></div>
<div>More ways to join:</div>
"##;
const WEBEX_LINK: &str =
    "<div>Join from the meeting link</div>\n<div><a href=\"{join}\">{join}</a></div>\n";
const WEBEX_TAIL: &str = r##"<div>Join by meeting number</div>
<div>Tap to join from a mobile device (attendees only)</div>
<div><a href="{tel}">{toll} United States Toll</a></div>"##;
const MEET: &str = r##"<div>-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-</div>
<div>Join with Google Meet: <a href="{join}">{short}</a></div>
<div><br></div>
<div>Join by phone</div>
<div>(US) <a href="{tel}">{toll}</a> PIN: {pin}#</div>
<div><br></div>
<div>More phone numbers: <a href="{more}">{more}</a></div>
<div><br></div>
<div>Learn more about Meet at: <a href="{learn}">{learn}</a></div>
<div><br></div>
<div>Please do not edit this section.</div>
<div>-::~:~::~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~:~::~:~::-</div>"##;
const NO_LINK: &str = r##"<div>The draft we will discuss: <a href="{doc}">Roadmap draft.docx</a></div>
<div>No dial-in needed, we meet in room 4.12.</div>"##;
const WORD_HEAD: &str = r##"<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Aptos",sans-serif;}
span.me-email-headline {mso-style-name:me-email-headline;}
span.me-email-text-secondary {mso-style-name:me-email-text-secondary;}
--></style>
</head>
<body lang="EN-US" link="#467886" vlink="#96607D" style="word-wrap:break-word">
<div class="WordSection1">
"##;

/// FNV-1a over the parts; the 0xff separator keeps ("ab","c") apart from ("a","bc").
fn fnv(parts: &[&str]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325_u64;
    for b in parts.iter().flat_map(|p| p.bytes().chain([0xff])) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A splitmix64 stream: distinct `n` give distinct streams, and nothing is random.
struct Mix(u64);

impl Mix {
    fn new(parts: &[&str], n: u64) -> Self {
        Mix(fnv(parts) ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let z = (self.0 ^ (self.0 >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| char::from(alphabet[self.below(alphabet.len())]))
            .collect()
    }
    /// Digits with a non-zero lead, as meeting numbers have.
    fn digits(&mut self, len: usize) -> String {
        self.pick(b"123456789", 1) + &self.pick(DIGITS, len.saturating_sub(1))
    }
    fn hex(&mut self, len: usize) -> String {
        self.pick(b"0123456789abcdef", len)
    }
    fn guid(&mut self) -> String {
        let h = self.hex(32);
        format!(
            "{}-{}-{}-{}-{}",
            &h[..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..]
        )
    }
    fn b64(&mut self, bytes: usize) -> String {
        STANDARD.encode((0..bytes).map(|_| self.next() as u8).collect::<Vec<u8>>())
    }
}

/// HTML-escapes text and attribute values.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// "35513264004712" → "355 132 640 047 12"; the last size repeats.
fn grouped(digits: &str, sizes: &[usize]) -> String {
    let (mut out, mut rest, mut i) = (Vec::new(), digits, 0);
    while !rest.is_empty() {
        let size = sizes
            .get(i)
            .or(sizes.last())
            .copied()
            .unwrap_or(3)
            .min(rest.len());
        out.push(&rest[..size]);
        rest = &rest[size..];
        i += 1;
    }
    out.join(" ")
}

/// Real join links always carry GUIDs for Tid/Oid; callers sometimes hand us an address.
fn object_id(id: &str) -> String {
    let ok = |(i, b): (usize, u8)| {
        if matches!(i, 8 | 13 | 18 | 23) {
            b == b'-'
        } else {
            b.is_ascii_hexdigit()
        }
    };
    if id.len() == 36 && id.bytes().enumerate().all(ok) {
        id.to_ascii_lowercase()
    } else {
        Mix::new(&["oid", id], 0).guid()
    }
}

fn local_part(email: &str) -> &str {
    email.split('@').next().unwrap_or_default()
}

/// The organizer's company label ("contoso" for megan@contoso.com), for vanity hosts.
fn company(email: &str) -> String {
    let domain = email
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let label: String = domain
        .chars()
        .take_while(|c| *c != '.')
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if label.is_empty() {
        "contoso".to_owned()
    } else {
        label
    }
}

/// "megan.bowen@…" → "Megan Bowen".
fn display_name(email: &str) -> String {
    let words: Vec<String> = local_part(email)
        .split(['.', '_', '-'])
        .filter_map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect())
        })
        .collect();
    if words.is_empty() {
        "The organizer".to_owned()
    } else {
        words.join(" ")
    }
}

fn meetup_join(host: &str, tag: &str, tenant_id: &str, organizer_id: &str, n: u64) -> String {
    let (tid, oid) = (object_id(tenant_id), object_id(organizer_id));
    // Real thread ids are base64 of a GUID string: 48 characters, never `+`, `/` or `=`.
    let thread = STANDARD.encode(Mix::new(&["thread", &tid, &oid], n).guid());
    format!("https://{host}/l/meetup-join/19%3a{tag}meeting_{thread}%40thread.v2/0?context=%7b%22Tid%22%3a%22{tid}%22%2c%22Oid%22%3a%22{oid}%22%7d")
}

/// A Teams meetup-join URL for a tenant/organizer, deterministic in n.
pub fn teams_join_url(tenant_id: &str, organizer_id: &str, n: u64) -> String {
    meetup_join("teams.microsoft.com", "", tenant_id, organizer_id, n)
}

/// The "Meeting options" page, derived from the join link so [`teams_block`] needs no more inputs.
fn options_url(join: &str, lang: &str) -> String {
    let origin = join.split("/l/").next().unwrap_or_default();
    let field = |key: &str| {
        join.split(key)
            .nth(1)
            .and_then(|r| r.split("%22").next())
            .unwrap_or_default()
    };
    let thread = join
        .split("/l/meetup-join/")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_default();
    let thread = thread.replace("%3a", "_").replace("%40", "@");
    let (oid, tid) = (field("Oid%22%3a%22"), field("Tid%22%3a%22"));
    format!("{origin}/meetingOptions/?organizerId={oid}&tenantId={tid}&threadId={thread}&messageId=0&language={lang}")
}

/// Wrap a URL the way Defender Safe Links does (region host, optional /ap/t-…/ path,
/// url percent-encoded once, data/sdata/reserved=0).
pub fn safelinks_wrap(url: &str, recipient_email: &str, tenant_id: &str, ap_path: bool) -> String {
    wrap(url, recipient_email, tenant_id, ap_path, false)
}

fn wrap(url: &str, recipient: &str, tenant_id: &str, ap_path: bool, gov: bool) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    // The region belongs to the recipient's tenant, so it is stable per tenant.
    let region = fnv(&[tenant_id]) as usize;
    let host = if gov {
        format!(
            "{}.safelinks.protection.office365.us",
            ["gcc02", "usg02"][region % 2]
        )
    } else {
        format!(
            "{}.safelinks.protection.outlook.com",
            ["nam12", "nam10", "eur01", "emea01"][region % 4]
        )
    };
    let path = if ap_path {
        format!("/ap/t-{:08x}/", fnv(&[url]) as u32)
    } else {
        "/".to_owned()
    };
    let mut m = Mix::new(&["safelinks", url, recipient, tenant_id], 0);
    // `data` is opaque to clients (§8.1); it only has to look like the real thing.
    let blob =
        STANDARD.encode(r#"{"EmptyMapi":true,"V":"0.0.0000","P":"Win32","AN":"Mail","WT":2}"#);
    let ticks = 638_396_064_000_000_000 + m.next() % 946_080_000_000_000;
    let tid = object_id(tenant_id).replace('-', "");
    let data = format!(
        "05|02|{recipient}|{}|{tid}|0|0|{ticks}|Unknown|{blob}|0|||",
        m.hex(32)
    );
    format!(
        "https://{host}{path}?url={}&data={}&sdata={}&reserved=0",
        enc(url),
        enc(&data),
        enc(&m.b64(32))
    )
}

/// How a body's links are written.
#[derive(Clone, Copy)]
enum Hrefs<'a> {
    Plain,
    /// Safe Links rewrote every web link and kept the original in `originalsrc`.
    Safe {
        recipient: &'a str,
        tenant: &'a str,
        gov: bool,
    },
    /// Proofpoint v2: percent-encoding with `-` for `%` and `_` for `/`.
    ProofpointV2,
    /// Proofpoint v3 keeps the URL literally between `__` markers.
    ProofpointV3,
}

impl Hrefs<'_> {
    /// The `href` attribute (plus `originalsrc` for Safe Links). Gateways leave `tel:` alone.
    fn attr(self, url: &str) -> String {
        let mut m = Mix::new(&["wrapper", url], 0);
        let wrapped = match self {
            _ if !url.starts_with("https://") => url.to_owned(),
            Hrefs::Plain => url.to_owned(),
            Hrefs::Safe {
                recipient,
                tenant,
                gov,
            } => {
                let w = wrap(url, recipient, tenant, true, gov);
                return format!(
                    r#"href="{}" originalsrc="{}" shash="{}""#,
                    esc(&w),
                    esc(url),
                    m.b64(48)
                );
            }
            Hrefs::ProofpointV2 => {
                let u: String = url
                    .bytes()
                    .map(|b| match b {
                        b'/' => "_".to_owned(),
                        b'.' => ".".to_owned(),
                        b if b.is_ascii_alphanumeric() => char::from(b).to_string(),
                        b => format!("-{b:02X}"),
                    })
                    .collect();
                let [c, r, t, s] = [0; 4].map(|_| m.pick(URLSAFE, 43));
                format!("https://urldefense.proofpoint.com/v2/url?u={u}&d=DwMFaQ&c={c}&r={r}&m={t}&s={s}&e=")
            }
            Hrefs::ProofpointV3 => format!(
                "https://urldefense.com/v3/__{url}__;!!{}!{}$",
                m.pick(URLSAFE, 10),
                m.pick(URLSAFE, 62)
            ),
        };
        format!(r#"href="{}""#, esc(&wrapped))
    }
}

/// Fills a template (later entries override earlier ones); `\n` becomes `\r\n` as
/// in bodies Graph returns.
fn fill(template: &str, h: Hrefs<'_>, vars: &[(&str, String)]) -> String {
    let mut out = template.replace('\n', "\r\n").replace("{sep}", SEP);
    for (key, value) in vars.iter().rev() {
        out = out
            .replace(&format!("href=\"{{{key}}}\""), &h.attr(value))
            .replace(&format!("{{{key}}}"), &esc(value));
    }
    out
}

/// One Teams meeting's details; `dial` is the audio-conferencing part.
struct Teams {
    join: String,
    vars: Vec<(&'static str, String)>,
    dial: Option<(String, String)>,
    video: bool,
}

fn teams(
    m: &mut Mix,
    join: String,
    id: String,
    passcode: String,
    dial: bool,
    video: bool,
) -> Teams {
    let mut vars = vec![
        ("join", join.clone()),
        ("options", options_url(&join, "en-US")),
        ("help", format!("{HELP}en-US")),
        ("id", id),
        ("passcode", passcode),
        ("pstn", PSTN.to_owned()),
    ];
    let dial = dial.then(|| {
        let (line, conf) = (100 + m.below(100), m.digits(9));
        let toll = format!("+1 206-555-0{line}");
        vars.extend([
            ("tel", format!("tel:+12065550{line},,{conf}#")),
            ("toll", toll.clone()),
            ("conf", conf.clone()),
            ("conf_spaced", grouped(&conf, &[3])),
            (
                "find",
                format!("https://dialin.teams.microsoft.com/{}?id={conf}", m.guid()),
            ),
        ]);
        (conf, toll)
    });
    if video {
        let (key, vid) = (format!("{}@t.plcm.vc", m.digits(9)), m.digits(10));
        vars.extend([
            ("key", key.clone()),
            ("vid", grouped(&vid, &[3])),
            (
                "more",
                format!("https://dialin.plcm.vc/teams/?key={key}&conf={vid}"),
            ),
        ]);
    }
    Teams {
        join,
        vars,
        dial,
        video,
    }
}

/// Meeting ID digits (grouped in threes, as Teams prints them) and a passcode.
fn teams_codes(m: &mut Mix, id_len: usize, passcode_len: usize) -> (String, String) {
    (
        grouped(&m.digits(id_len), &[3]),
        m.pick(ALNUM, passcode_len),
    )
}

fn block_2024(h: Hrefs<'_>, t: &Teams) -> String {
    let mut out = fill(T2024, h, &t.vars);
    let reset = if t.dial.is_some() {
        fill(T2024_RESET, h, &t.vars)
    } else {
        String::new()
    };
    if t.dial.is_some() {
        out += &fill(T2024_DIAL, h, &t.vars);
    }
    if t.video {
        out += &fill(T2024_VIDEO, h, &t.vars);
    }
    out + &fill(T2024_FOOT, h, &t.vars).replace("{reset}", &reset)
}

fn block_2021(t: &Teams) -> String {
    let dial = if t.dial.is_some() {
        fill(T2021_DIAL, Hrefs::Plain, &t.vars)
    } else {
        String::new()
    };
    fill(T2021, Hrefs::Plain, &t.vars) + &dial + &fill(T2021_FOOT, Hrefs::Plain, &t.vars)
}

/// The 2024-style Teams block Graph inserts into a body when an event is created
/// with isOnlineMeeting (HTML fragment, starting and ending with the underscore
/// separator lines). No dial-in: that needs an audio-conferencing licence.
pub fn teams_block(join_url: &str, meeting_id: &str, passcode: &str) -> String {
    let t = teams(
        &mut Mix::new(&[], 0),
        join_url.to_owned(),
        meeting_id.to_owned(),
        passcode.to_owned(),
        false,
        false,
    );
    block_2024(Hrefs::Plain, &t)
}

/// The organizer's own text, one escaped line per entry ("" is a blank line).
fn agenda(seed: &MeetingSeed<'_>) -> Vec<String> {
    const TOPICS: &str = "Let's go through the Q3 roadmap before the planning freeze.|Status of the data migration|Open risks & owners|Dates for the beta
Weekly sync for the billing team.|Incidents since last week|Invoice export changes|Anything else
Kick-off for the supplier onboarding project.|Introductions|Scope and timeline|Next steps
Design review of the new settings page.|Walkthrough of the mock-ups|Accessibility notes|Decisions we need today";
    let topic = TOPICS
        .lines()
        .nth((seed.n % 4) as usize)
        .unwrap_or_default();
    let mut parts = topic.split('|').map(esc);
    let mut lines = vec![
        "Hi all,".to_owned(),
        String::new(),
        parts.next().unwrap_or_default(),
        String::new(),
        "Agenda:".to_owned(),
    ];
    lines.extend(parts.map(|item| format!("• {item}")));
    lines.extend([
        String::new(),
        "Thanks,".to_owned(),
        esc(&display_name(seed.organizer_email)),
    ]);
    lines
}

/// An Outlook-on-the-web / Graph-style document.
fn owa(lines: &[String], block: &str) -> String {
    let style = "font-family:Aptos,Calibri,Helvetica,sans-serif;font-size:12pt;color:rgb(0,0,0);";
    let body: String = lines
        .iter()
        .map(|l| {
            format!(
                "<div class=\"elementToProof\" style=\"{style}\">{}</div>\r\n",
                if l.is_empty() { "<br>" } else { l }
            )
        })
        .collect();
    format!("<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\r\n</head>\r\n<body>\r\n{body}<div><br></div>\r\n{block}\r\n</body>\r\n</html>\r\n")
}

/// An Outlook-desktop (Word "filtered medium") document.
fn word(lines: &[String], block: &str) -> String {
    let body: String = lines
        .iter()
        .map(|l| {
            format!(
                "<p class=\"MsoNormal\">{}<o:p></o:p></p>\r\n",
                if l.is_empty() { "&nbsp;" } else { l }
            )
        })
        .collect();
    format!(
        "{}{body}{block}\r\n</div>\r\n</body>\r\n</html>\r\n",
        WORD_HEAD.replace('\n', "\r\n")
    )
}

/// Zoom's invitation text: join URL (with `pwd`), numeric passcode, one-tap line.
fn zoom(m: &mut Mix, company: &str, organizer: &str) -> Vec<(&'static str, String)> {
    let sub = ["us02web", "us06web", company][m.below(3)];
    let (id, passcode) = (format!("8{}", m.pick(DIGITS, 10)), m.pick(DIGITS, 6));
    vec![
        (
            "join",
            format!("https://{sub}.zoom.us/j/{id}?pwd={}.1", m.pick(ALNUM, 32)),
        ),
        (
            "info",
            format!(
                "https://{sub}.zoom.us/meetings/{id}/invitations?signature={}",
                m.pick(URLSAFE, 43)
            ),
        ),
        (
            "tap",
            format!(
                "+1206555{:04},,{id}#,,,,*{passcode}# US (Seattle)",
                100 + m.below(100)
            ),
        ),
        ("id", grouped(&id, &[3, 4])),
        ("passcode", passcode),
        ("organizer", organizer.to_owned()),
    ]
}

fn webex(m: &mut Mix, join: String, organizer: &str) -> Vec<(&'static str, String)> {
    let (number, line) = (m.digits(11), 100 + m.below(100));
    vec![
        ("join", join),
        ("organizer", organizer.to_owned()),
        ("number", grouped(&number, &[4, 3, 4])),
        ("password", m.pick(ALNUM, 11)),
        ("tel", format!("tel:%2B1-206-555-0{line},,,{number}%23%23")),
        ("toll", format!("+1-206-555-0{line},,{number}##")),
    ]
}

/// Renders one invitation body for `kind`, with what a detector should find in it.
pub fn invitation(kind: BodyKind, seed: &MeetingSeed<'_>) -> Invitation {
    use BodyKind as K;
    let mut m = Mix::new(
        &["invite", kind.name(), seed.tenant_id, seed.organizer_id],
        seed.n,
    );
    let odd = seed.n % 2 == 1;
    let (co, who) = (
        company(seed.organizer_email),
        display_name(seed.organizer_email),
    );
    let classic = teams_join_url(seed.tenant_id, seed.organizer_id, seed.n);
    let gov = |host, tag| meetup_join(host, tag, seed.tenant_id, seed.organizer_id, seed.n);
    let safe = |gov| Hrefs::Safe {
        recipient: seed.recipient_email,
        tenant: seed.tenant_id,
        gov,
    };
    let webex_j = |m: &mut Mix| format!("https://{co}.webex.com/{co}/j.php?MTID=m{}", m.hex(32));
    let plain = Hrefs::Plain;
    // Each arm yields the meeting block and either the Teams details or the join URL.
    let (block, teams_or_join) = match kind {
        K::Teams2019 => {
            // Bodies keep the organizer's language; detectors must not key on English text.
            let [lang, headline, learn, options] = if odd { T2019_SV } else { T2019_EN };
            let mut t = teams(
                &mut m,
                classic.clone(),
                String::new(),
                String::new(),
                false,
                false,
            );
            t.vars.extend([
                ("options", options_url(&classic, lang)),
                ("help", format!("{HELP}{lang}")),
            ]);
            t.vars.extend(
                [
                    ("lang", lang),
                    ("headline", headline),
                    ("learn", learn),
                    ("options_label", options),
                ]
                .map(|(k, v)| (k, v.to_owned())),
            );
            (fill(T2019, plain, &t.vars), Ok(t))
        }
        K::Teams2021 | K::TeamsGccHigh => {
            let gcch = kind == K::TeamsGccHigh;
            let join = if gcch {
                gov("gov.teams.microsoft.us", "gcch%3a")
            } else {
                classic
            };
            let (id, passcode) = teams_codes(&mut m, 12, 6);
            let t = teams(&mut m, join, id, passcode, !gcch, false);
            (block_2021(&t), Ok(t))
        }
        K::Teams2024 | K::TeamsSafeLinks | K::TeamsDod | K::Teams2024Word => {
            let (join, h, dial) = match kind {
                // DoD mailboxes run Defender too, on the office365.us Safe Links host.
                K::TeamsDod => (gov("dod.teams.microsoft.us", "dod%3a"), safe(true), false),
                K::TeamsSafeLinks => (classic, safe(false), true),
                _ => (classic, plain, true),
            };
            let (id, passcode) = teams_codes(&mut m, 14, 6);
            let t = teams(
                &mut m,
                join,
                id,
                passcode,
                dial,
                dial && !odd && kind != K::Teams2024Word,
            );
            let block = if kind == K::Teams2024Word {
                fill(WORD, plain, &t.vars)
            } else {
                block_2024(h, &t)
            };
            (block, Ok(t))
        }
        K::Teams2025Short | K::TeamsConsumer => {
            // The short link's digits are the meeting ID; its `p=` token is not the passcode (§8.2).
            let short = kind == K::Teams2025Short;
            let (host, len, token, pass) = if short {
                ("teams.microsoft.com", 14, 18, 8)
            } else {
                ("teams.live.com", 13, 16, 10)
            };
            let digits = m.digits(len);
            let join = format!("https://{host}/meet/{digits}?p={}", m.pick(ALNUM, token));
            let passcode = m.pick(ALNUM, pass);
            let t = teams(&mut m, join, grouped(&digits, &[3]), passcode, false, false);
            let reference = if short {
                fill(SHORT_REFERENCE, plain, &[("classic", classic)])
            } else {
                String::new()
            };
            (
                fill(SHORT, plain, &t.vars).replace("{reference}", &reference),
                Ok(t),
            )
        }
        K::Zoom => {
            let vars = zoom(&mut m, &co, &who);
            (fill(ZOOM, plain, &vars), Err(vars[0].1.clone()))
        }
        K::ZoomSafeLinksOnly => {
            // A plain-text body rewritten by Defender: the visible text is the wrapped URL.
            let mut vars = zoom(&mut m, &co, &who);
            let join = vars[0].1.clone();
            for (_, url) in &mut vars[..2] {
                *url = safelinks_wrap(url, seed.recipient_email, seed.tenant_id, false);
            }
            let mut html = fill(ZOOM, plain, &vars);
            for w in vars[..2].iter().map(|(_, w)| esc(w)).filter(|_| odd) {
                html = html.replace(&format!("<a href=\"{w}\">{w}</a>"), &format!("&lt;{w}&gt;"));
            }
            (html, Err(join))
        }
        K::Webex => {
            // Odd n: the newer join-service link, whose query nests `siteurl` and `MTID`.
            let download = format!(
                "https://{co}.webex.com/wbxmjs/joinservice/sites/{co}/meeting/download/{}",
                m.hex(32)
            );
            let join = if odd {
                format!("{download}?siteurl={co}&MTID=m{}", m.hex(32))
            } else {
                webex_j(&mut m)
            };
            let vars = webex(&mut m, join.clone(), &who);
            (
                fill(&[WEBEX, WEBEX_LINK, WEBEX_TAIL].concat(), plain, &vars),
                Err(join),
            )
        }
        K::GoogleMeet => {
            let lower = b"abcdefghijklmnopqrstuvwxyz";
            let code = [3, 4, 3].map(|len| m.pick(lower, len)).join("-");
            let (pin, line) = (m.digits(9), 100 + m.below(100));
            let join = format!("https://meet.google.com/{code}");
            let vars = [
                ("join", join.clone()),
                ("short", format!("meet.google.com/{code}")),
                ("tel", format!("tel:+1-206-555-0{line};{pin}#")),
                ("toll", format!("+1 206-555-0{line}")),
                ("pin", grouped(&pin, &[3])),
                ("more", format!("https://tel.meet/{code}?pin={pin}")),
                (
                    "learn",
                    "https://support.google.com/a/users/answer/9282720".to_owned(),
                ),
            ];
            (fill(MEET, plain, &vars), Err(join))
        }
        // Proofpoint rewrites hrefs only: v3 keeps the URL readable, v2 needs decoding,
        // and this Webex variant shows no URL text at all.
        K::UrlDefense if odd => {
            let join = webex_j(&mut m);
            let vars = webex(&mut m, join.clone(), &who);
            (
                fill(&[WEBEX, WEBEX_TAIL].concat(), Hrefs::ProofpointV2, &vars),
                Err(join),
            )
        }
        K::UrlDefense => {
            let vars = zoom(&mut m, &co, &who);
            (
                fill(ZOOM, Hrefs::ProofpointV3, &vars),
                Err(vars[0].1.clone()),
            )
        }
        K::NoLink => {
            // A Mimecast-wrapped document link must not count as a meeting either.
            let doc = if odd {
                format!(
                    "https://protect-eu.mimecast.com/s/{}?domain={co}.sharepoint.com",
                    m.pick(URLSAFE, 22)
                )
            } else {
                format!("https://{co}.sharepoint.com/:w:/r/sites/Planning/Shared%20Documents/Roadmap%20draft.docx?d=w{}&csf=1&web=1", m.hex(32))
            };
            (fill(NO_LINK, plain, &[("doc", doc)]), Err(String::new()))
        }
    };
    let lines = agenda(seed);
    let html = if kind == K::Teams2024Word {
        word(&lines, &block)
    } else {
        owa(&lines, &block)
    };
    match teams_or_join {
        Ok(t) => {
            let (conference_id, toll_number) =
                t.dial.map_or((None, None), |(c, t)| (Some(c), Some(t)));
            let online_meeting = Some(OnlineMeeting {
                join_url: t.join.clone(),
                conference_id,
                toll_number,
            });
            Invitation {
                html,
                join_url: Some(t.join),
                online_meeting,
            }
        }
        Err(join) => Invitation {
            html,
            join_url: Some(join).filter(|j| !j.is_empty()),
            online_meeting: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const TENANT: &str = "4f1e2d3c-5b6a-4978-8a9b-0c1d2e3f4a5b";
    const ORGANIZER: &str = "megan.bowen@contoso.com";

    fn seed(n: u64) -> MeetingSeed<'static> {
        MeetingSeed {
            tenant_id: TENANT,
            organizer_id: ORGANIZER,
            organizer_email: ORGANIZER,
            recipient_email: "alex.wilber@fabrikam.com",
            n,
        }
    }

    fn unescape(s: &str) -> String {
        s.replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    fn hrefs(html: &str) -> Vec<String> {
        html.split("href=\"")
            .skip(1)
            .map(|r| unescape(r.split('"').next().unwrap()))
            .collect()
    }

    /// Every https URL in the body, in attributes or text.
    fn urls(html: &str) -> Vec<String> {
        let html = unescape(html);
        html.split(|c: char| c == '"' || c == '<' || c == '>' || c.is_whitespace())
            .filter(|s| s.starts_with("https://"))
            .map(str::to_owned)
            .collect()
    }

    fn text(html: &str) -> String {
        let mut tag = false;
        let out: String = html
            .chars()
            .filter(|&c| {
                let keep = !tag && c != '<';
                tag = (tag || c == '<') && c != '>';
                keep
            })
            .collect();
        unescape(&out)
    }

    /// What a wrapper stands for: Safe Links `url` (decoded once) or Proofpoint v2/v3.
    fn unwrap_href(href: &str) -> Option<String> {
        if let Some(rest) = href.strip_prefix("https://urldefense.com/v3/__") {
            return rest.split("__;").next().map(str::to_owned);
        }
        let u = url::Url::parse(href).ok()?;
        if u.host_str()?.contains(".safelinks.protection.") {
            return u
                .query_pairs()
                .find(|(k, _)| k == "url")
                .map(|(_, v)| v.into_owned());
        }
        let v2 = u
            .query_pairs()
            .find(|(k, _)| k == "u")?
            .1
            .replace('_', "/")
            .replace('-', "%");
        url::form_urlencoded::parse(format!("u={v2}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
    }

    fn wrapped(kind: BodyKind) -> bool {
        matches!(
            kind,
            BodyKind::TeamsSafeLinks
                | BodyKind::TeamsDod
                | BodyKind::ZoomSafeLinksOnly
                | BodyKind::UrlDefense
        )
    }

    #[test]
    fn names_round_trip() {
        for &k in BodyKind::ALL {
            assert_eq!(BodyKind::parse(k.name()), Some(k), "{k:?}");
            assert!(
                k.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{k:?}"
            );
        }
        assert_eq!(
            BodyKind::ALL
                .iter()
                .map(|k| k.name())
                .collect::<HashSet<_>>()
                .len(),
            15
        );
        assert_eq!(BodyKind::parse("teams"), None);
    }

    #[test]
    fn join_url_is_present_plainly_or_only_through_a_wrapper() {
        for &k in BodyKind::ALL {
            for n in 0..6 {
                let inv = invitation(k, &seed(n));
                let html = &inv.html;
                assert!(
                    html.starts_with("<html") && html.trim_end().ends_with("</body>\r\n</html>"),
                    "{k:?}"
                );
                let agenda = html.find("Hi all,").unwrap();
                assert!(
                    agenda < html.find("href=").unwrap_or(html.len())
                        && agenda < html.find("https://").unwrap(),
                    "{k:?}: agenda first"
                );
                let links = hrefs(html);
                let Some(join) = inv.join_url else {
                    assert_eq!(k, BodyKind::NoLink);
                    assert!(
                        links.len() == 1
                            && !links[0].contains("teams")
                            && !links[0].contains("zoom"),
                        "{links:?}"
                    );
                    continue;
                };
                if wrapped(k) {
                    assert!(
                        !links.contains(&join),
                        "{k:?} n={n}: join link left unwrapped"
                    );
                    assert!(
                        urls(html)
                            .iter()
                            .any(|h| unwrap_href(h).as_deref() == Some(join.as_str())),
                        "{k:?} n={n}: no wrapper decodes to {join}"
                    );
                } else {
                    assert!(links.contains(&join), "{k:?} n={n}: {join} not an href");
                    assert!(html.contains(&format!("href=\"{}\"", esc(&join))));
                }
            }
        }
    }

    #[test]
    fn wrapped_kinds_have_the_expected_shape() {
        for n in 0..4 {
            let s = invitation(BodyKind::TeamsSafeLinks, &seed(n));
            assert!(s
                .html
                .contains(&format!("originalsrc=\"{}\"", esc(&s.join_url.unwrap()))));
            for h in hrefs(&s.html).iter().filter(|h| h.starts_with("https://")) {
                assert!(
                    h.contains(".safelinks.protection.outlook.com/ap/t-")
                        && h.ends_with("&reserved=0"),
                    "{h}"
                );
            }
            let dod = invitation(BodyKind::TeamsDod, &seed(n));
            assert!(dod
                .join_url
                .unwrap()
                .starts_with("https://dod.teams.microsoft.us/l/meetup-join/19%3adod%3ameeting_"));
            assert!(dod
                .html
                .contains(".safelinks.protection.office365.us/ap/t-"));
            let z = invitation(BodyKind::ZoomSafeLinksOnly, &seed(n));
            assert!(!z.html.contains(&z.join_url.unwrap()) && !z.html.contains("originalsrc"));
            assert_eq!(z.html.contains("&lt;https://"), n % 2 == 1);
            let p = invitation(BodyKind::UrlDefense, &seed(n)).html;
            assert!(p.contains(if n % 2 == 1 {
                "urldefense.proofpoint.com/v2/url?u=https-3A__"
            } else {
                "urldefense.com/v3/__https://"
            }));
        }
        let gcch = invitation(BodyKind::TeamsGccHigh, &seed(1))
            .join_url
            .unwrap();
        assert!(
            gcch.starts_with("https://gov.teams.microsoft.us/l/meetup-join/19%3agcch%3ameeting_")
        );
        assert!(invitation(BodyKind::TeamsConsumer, &seed(1))
            .join_url
            .unwrap()
            .starts_with("https://teams.live.com/meet/"));
    }

    #[test]
    fn online_meeting_only_for_teams() {
        for &k in BodyKind::ALL {
            let inv = invitation(k, &seed(3));
            match (k.name().starts_with("teams-"), inv.online_meeting) {
                (true, Some(om)) => {
                    assert_eq!(Some(om.join_url), inv.join_url, "{k:?}");
                    if let Some(conf) = om.conference_id {
                        assert!(
                            inv.html.contains(&format!("{}#", grouped(&conf, &[3]))),
                            "{k:?}"
                        );
                        assert!(inv.html.contains(&om.toll_number.unwrap()), "{k:?}");
                    }
                }
                (false, None) => {}
                (_, om) => panic!("{k:?}: unexpected onlineMeeting {om:?}"),
            }
        }
        assert!(invitation(BodyKind::Teams2024, &seed(3))
            .online_meeting
            .unwrap()
            .conference_id
            .is_some());
    }

    #[test]
    fn short_link_digits_match_meeting_id_and_token_is_not_passcode() {
        for n in 0..8 {
            let inv = invitation(BodyKind::Teams2025Short, &seed(n));
            let join = inv.join_url.unwrap();
            let (digits, p) = join
                .strip_prefix("https://teams.microsoft.com/meet/")
                .unwrap()
                .split_once("?p=")
                .unwrap();
            let t = text(&inv.html);
            let after = |label: &str| t.split(label).nth(1).unwrap().trim_start().to_owned();
            let id: String = after("Meeting ID:")
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ' ')
                .filter(char::is_ascii_digit)
                .collect();
            let passcode: String = after("Passcode:")
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert_eq!(id, digits);
            assert!(!passcode.is_empty());
            assert_ne!(p, passcode);
            assert!(
                hrefs(&inv.html).contains(&teams_join_url(TENANT, ORGANIZER, n)),
                "System reference link"
            );
        }
    }

    #[test]
    fn safelinks_wrap_round_trips() {
        let urls = [
            teams_join_url(TENANT, "x@y.z", 9),
            "https://us02web.zoom.us/j/85512345678?pwd=abc.1&x=%2F y".to_owned(),
        ];
        for url in &urls {
            for ap in [false, true] {
                let w = safelinks_wrap(url, "alex@fabrikam.com", TENANT, ap);
                assert_eq!(unwrap_href(&w).as_deref(), Some(url.as_str()));
                assert_eq!(w.contains("/ap/t-"), ap);
                assert!(
                    w.contains("&data=05%7C02%7Calex%40fabrikam.com%7C")
                        && w.contains("&sdata=")
                        && w.ends_with("&reserved=0"),
                    "{w}"
                );
                assert_eq!(w, safelinks_wrap(url, "alex@fabrikam.com", TENANT, ap));
            }
        }
    }

    #[test]
    fn different_n_give_different_join_urls() {
        for &k in BodyKind::ALL.iter().filter(|&&k| k != BodyKind::NoLink) {
            let urls: HashSet<_> = (0..20)
                .map(|n| invitation(k, &seed(n)).join_url.unwrap())
                .collect();
            assert_eq!(urls.len(), 20, "{k:?}");
            assert_eq!(invitation(k, &seed(5)), invitation(k, &seed(5)));
        }
    }

    #[test]
    fn teams_block_and_localised_headline() {
        let join = teams_join_url(TENANT, ORGANIZER, 1);
        assert!(
            join.contains(&format!("%22Tid%22%3a%22{TENANT}%22"))
                && join.contains("%40thread.v2/0?context=%7b")
        );
        let b = teams_block(&join, "123 456 789 012 34", "AbC123");
        assert!(b.starts_with(SEP) && b.ends_with(SEP));
        assert!(b.contains(&format!(
            r#"href="{join}" id="meet_invite_block.action.join_link" title="Meeting join link""#
        )));
        assert!(
            b.contains("123 456 789 012 34")
                && b.contains("AbC123")
                && b.contains("threadId=19_meeting_")
        );
        assert!(invitation(BodyKind::Teams2019, &seed(1))
            .html
            .contains("Anslut till Microsoft Teams-möte"));
        assert!(invitation(BodyKind::Teams2019, &seed(2))
            .html
            .contains("Join Microsoft Teams Meeting"));
        let w = invitation(BodyKind::Teams2024Word, &seed(2)).html;
        assert!(
            w.contains(r#"title="Meeting join link""#)
                && w.contains(
                    r#"<span class="me-email-headline"><a href="https://teams.microsoft.com/"#
                )
        );
    }
}
