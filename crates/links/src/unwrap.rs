//! Undoing URL-defence wrappers (reference meeting-links.md §2.3 and
//! microsoft-graph.md §8.1): Microsoft Safe Links, Proofpoint URL Defense
//! v1/v2/v3, Google redirects and the Defender for Cloud Apps `.mcas.ms` proxy.
//! Wrappers whose target cannot be known offline are reported, never guessed.

use std::borrow::Cow;

use base64::Engine;
use percent_encoding::percent_decode_str;
use url::Url;

/// How many wrappers deep we look (nested Safe Links exist; loops must not).
pub const MAX_DEPTH: usize = 8;

/// The result of unwrapping one link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unwrapped<'a> {
    /// The innermost link we could recover.
    pub url: Cow<'a, str>,
    /// Wrappers removed, outermost first.
    pub removed: Vec<&'static str>,
    /// A wrapper whose target is not in the link (Mimecast, Barracuda …).
    pub unknown: Option<&'static str>,
}

fn query_value<'u>(url: &'u Url, name: &str) -> Option<&'u str> {
    url.query()?.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        k.eq_ignore_ascii_case(name).then_some(v)
    })
}

/// Percent-decodes once; `+` stays `+` (wrappers encode a literal plus as %2B).
fn decode_once(v: &str) -> Option<String> {
    percent_decode_str(v)
        .decode_utf8()
        .ok()
        .map(Cow::into_owned)
}

fn host_ends(host: &str, suffix: &str) -> bool {
    host.len() > suffix.len()
        && host.ends_with(suffix)
        && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
}

/// Proofpoint v2: `-XX` is a hex byte, `_` is `/`.
fn proofpoint_v2(u: &str) -> Option<String> {
    let u = u.replace('_', "/");
    let bytes = u.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Proofpoint v3: `__<url>__;<base64 of replaced chars>!!…`; each `*` in the URL
/// stands for the next replaced character. Run-length forms (`**`) are not
/// decoded: such a link is reported as unknown rather than guessed.
fn proofpoint_v3(path_and_rest: &str) -> Option<String> {
    let inner = path_and_rest.strip_prefix("/v3/__")?;
    let (url, rest) = inner.rsplit_once("__;")?;
    if !url.contains('*') {
        return Some(url.to_owned());
    }
    if url.contains("**") {
        return None;
    }
    let b64 = rest.split("!!").next()?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(b64.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(b64))
        .ok()?;
    let replacements: Vec<char> = String::from_utf8(raw).ok()?.chars().collect();
    if replacements.len() != url.matches('*').count() {
        return None;
    }
    let mut it = replacements.into_iter();
    Some(
        url.chars()
            .map(|c| if c == '*' { it.next().unwrap_or(c) } else { c })
            .collect(),
    )
}

enum Step {
    Inner(String),
    Unknown(&'static str),
    Done,
}

/// Whether the link's host could be a wrapper's, judged without parsing.
fn could_be_wrapper(link: &str) -> bool {
    crate::scan::quick_host(link)
        .is_some_and(|h| crate::catalogue::is_wrapper_host(&crate::catalogue::ascii_lower(h)))
}

/// The raw value of a query parameter, found without parsing the whole URL
/// (Safe Links URLs are long; their `url=` is all we need).
fn raw_query_value<'l>(link: &'l str, name: &str) -> Option<&'l str> {
    let (_, query) = link.split_once('?')?;
    let query = query.split('#').next().unwrap_or(query);
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        k.eq_ignore_ascii_case(name).then_some(v)
    })
}

fn step(link: &str) -> (Step, &'static str) {
    if !could_be_wrapper(link) {
        return (Step::Done, "");
    }
    // Fast path for the most common wrapper: no full parse of its long query.
    if let Some(host) = crate::scan::quick_host(link).map(crate::catalogue::ascii_lower) {
        let safelinks = [
            "safelinks.protection.outlook.com",
            "safelinks.protection.office365.us",
            "safelinks.protection.outlook.cn",
        ];
        if safelinks.iter().any(|s| host_ends(&host, s) || host == *s) {
            return match raw_query_value(link, "url").and_then(decode_once) {
                Some(inner) => (Step::Inner(inner), "Microsoft Safe Links"),
                None => (Step::Unknown("Microsoft Safe Links"), ""),
            };
        }
    }
    let Ok(url) = Url::parse(link) else {
        return (Step::Done, "");
    };
    let Some(host) = url.host_str() else {
        return (Step::Done, "");
    };
    if (host == "statics.teams.cdn.office.net" && url.path().contains("/safelinks/"))
        || (host == "outlook.office.com" && url.path().ends_with("/safelink.html"))
    {
        if let Some(inner) = query_value(&url, "url").and_then(decode_once) {
            return (Step::Inner(inner), "Microsoft Safe Links");
        }
    }
    if host == "urldefense.proofpoint.com" {
        let inner = match url.path() {
            "/v1/url" => query_value(&url, "u").and_then(decode_once),
            "/v2/url" => query_value(&url, "u").and_then(proofpoint_v2),
            _ => None,
        };
        return match inner {
            Some(i) => (Step::Inner(i), "Proofpoint URL Defense"),
            None => (Step::Unknown("Proofpoint URL Defense"), ""),
        };
    }
    if host == "urldefense.com" {
        // The v3 payload is literal text after the host: take it from the raw link.
        let after_host = link
            .split_once("urldefense.com")
            .map(|(_, r)| r)
            .unwrap_or_default();
        return match proofpoint_v3(after_host) {
            Some(i) => (Step::Inner(i), "Proofpoint URL Defense"),
            None => (Step::Unknown("Proofpoint URL Defense"), ""),
        };
    }
    let google =
        host == "google.com" || host.starts_with("www.google.") || host.starts_with("google.");
    if google && url.path() == "/url" {
        if let Some(inner) = query_value(&url, "q")
            .or_else(|| query_value(&url, "url"))
            .and_then(decode_once)
        {
            return (Step::Inner(inner), "Google redirect");
        }
    }
    if let Some(real) = host
        .strip_suffix(".mcas.ms")
        .or_else(|| host.strip_suffix(".mcas-gov.us"))
    {
        let mut u = url.clone();
        if u.set_host(Some(real)).is_ok() {
            return (Step::Inner(u.into()), "Defender for Cloud Apps");
        }
    }
    if host.ends_with("mimecast.com") && url.path().starts_with("/s/") {
        return (Step::Unknown("Mimecast"), "");
    }
    if host == "linkprotect.cudasvc.com" {
        return (Step::Unknown("Barracuda"), "");
    }
    if host == "secure-web.cisco.com" {
        return (Step::Unknown("Cisco Secure Email"), "");
    }
    (Step::Done, "")
}

/// Unwraps nested wrappers, at most [`MAX_DEPTH`] deep.
pub fn unwrap(link: &str) -> Unwrapped<'_> {
    let mut current: Cow<'_, str> = Cow::Borrowed(link);
    let mut removed = Vec::new();
    for _ in 0..MAX_DEPTH {
        match step(&current) {
            (Step::Inner(inner), wrapper) => {
                removed.push(wrapper);
                current = Cow::Owned(inner.trim().to_owned());
            }
            (Step::Unknown(wrapper), _) => {
                return Unwrapped {
                    url: current,
                    removed,
                    unknown: Some(wrapper),
                }
            }
            (Step::Done, _) => break,
        }
    }
    Unwrapped {
        url: current,
        removed,
        unknown: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safelinks_all_forms() {
        let inner =
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7b%7d";
        let enc: String = url::form_urlencoded::byte_serialize(inner.as_bytes()).collect();
        for host in [
            "nam12.safelinks.protection.outlook.com",
            "gcc02.safelinks.protection.office365.us",
            "eur01.safelinks.protection.outlook.com/ap/t-59584e83",
        ] {
            let wrapped =
                format!("https://{host}/?url={enc}&data=05%7C02%7Cx&sdata=abc%3D&reserved=0");
            let u = unwrap(&wrapped);
            assert_eq!(u.url, inner, "{host}");
            assert_eq!(u.removed, ["Microsoft Safe Links"]);
        }
    }

    #[test]
    fn nested_safelinks_and_depth_bound() {
        let inner = "https://zoom.us/j/1?pwd=a";
        let mut link = inner.to_owned();
        for _ in 0..3 {
            let enc: String = url::form_urlencoded::byte_serialize(link.as_bytes()).collect();
            link = format!("https://nam12.safelinks.protection.outlook.com/?url={enc}&reserved=0");
        }
        assert_eq!(unwrap(&link).url, inner);
        for _ in 0..MAX_DEPTH {
            let enc: String = url::form_urlencoded::byte_serialize(link.as_bytes()).collect();
            link = format!("https://nam12.safelinks.protection.outlook.com/?url={enc}&reserved=0");
        }
        assert_eq!(unwrap(&link).removed.len(), MAX_DEPTH, "bounded");
    }

    #[test]
    fn proofpoint_v1_v2_v3() {
        let v1 = "https://urldefense.proofpoint.com/v1/url?u=https%3A%2F%2Fzoom.us%2Fj%2F123%3Fpwd%3Dab&k=x";
        assert_eq!(unwrap(v1).url, "https://zoom.us/j/123?pwd=ab");
        let v2 = "https://urldefense.proofpoint.com/v2/url?u=https-3A__meet.google.com_abc-2Ddefg-2Dhij&d=DwMF&c=x";
        assert_eq!(unwrap(v2).url, "https://meet.google.com/abc-defg-hij");
        let v3 =
            "https://urldefense.com/v3/__https://zoom.us/j/123?pwd=ab__;!!ACWV5N9M2RV99hQ!abc$";
        assert_eq!(unwrap(v3).url, "https://zoom.us/j/123?pwd=ab");
        // `*` replaced characters: here `#` and `=` ("Iz0" is base64 of "#=").
        let v3star = "https://urldefense.com/v3/__https://x.webex.com/meet/a*b?c*1__;Iz0!!tok$";
        assert_eq!(unwrap(v3star).url, "https://x.webex.com/meet/a#b?c=1");
    }

    #[test]
    fn google_redirect_and_mcas() {
        let g = "https://www.google.com/url?q=https%3A%2F%2Fmeet.google.com%2Fabc-defg-hij&sa=D&source=calendar";
        assert_eq!(unwrap(g).url, "https://meet.google.com/abc-defg-hij");
        let m = "https://teams.microsoft.com.mcas.ms/l/meetup-join/19%3ameeting_x%40thread.v2/0";
        assert_eq!(
            unwrap(m).url,
            "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0"
        );
    }

    #[test]
    fn unknown_targets_are_reported_not_guessed() {
        let m = unwrap("https://protect-eu.mimecast.com/s/AbCdEfGh?domain=zoom.us");
        assert_eq!(m.unknown, Some("Mimecast"));
        assert_eq!(
            unwrap("https://linkprotect.cudasvc.com/url?a=x").unknown,
            Some("Barracuda")
        );
    }

    #[test]
    fn plain_links_pass_through_and_unwrapping_is_idempotent() {
        for l in [
            "https://zoom.us/j/1",
            "not a url",
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fzoom.us%2Fj%2F1",
        ] {
            let once = unwrap(l).url.into_owned();
            assert_eq!(unwrap(&once).url, once, "{l}");
        }
    }
}
