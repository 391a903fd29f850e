//! The gate every link passes before the app hands it to a browser or native app.

use std::fmt;
use url::{Host, Url};

/// Longest link we accept. Real join links are far shorter; a huge one is an
/// attack or garbage, and browsers/launchers handle such inputs inconsistently.
pub const MAX_LEN: usize = 2048;

/// A link that passed the policy: parsed, normalised, safe to hand to the OS opener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeLink(Url);

impl SafeLink {
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn host(&self) -> &str {
        // `check` guarantees a domain host.
        self.0.host_str().unwrap_or_default()
    }
}

impl fmt::Display for SafeLink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a link was refused; each message tells the user what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafeLink {
    #[error("the link is not a valid URL ({0})")]
    Malformed(String),
    #[error("the link is longer than {MAX_LEN} characters")]
    TooLong,
    #[error("links with the scheme `{0}` are never opened; only https links are")]
    Scheme(String),
    #[error("the link hides a user name before its host, a common phishing trick")]
    UserInfo,
    #[error("the link points to a bare IP address instead of a named host")]
    IpHost,
    #[error("the link has no host")]
    NoHost,
}

/// Decide whether `link` may be opened.
///
/// Only `https` with a named host and no `user:pass@` part passes. Native-app
/// schemes (`msteams:`, `zoommtg:` …) and the per-service host allow-list are
/// added with the service catalogue.
pub fn check(link: &str) -> Result<SafeLink, UnsafeLink> {
    let link = link.trim();
    if link.len() > MAX_LEN {
        return Err(UnsafeLink::TooLong);
    }
    let url = Url::parse(link).map_err(|e| UnsafeLink::Malformed(e.to_string()))?;
    check_url(&url)?;
    Ok(SafeLink(url))
}

/// [`check`] for a URL already parsed (the detector parses each link once).
pub fn check_url(url: &Url) -> Result<(), UnsafeLink> {
    if url.as_str().len() > MAX_LEN {
        return Err(UnsafeLink::TooLong);
    }
    if url.scheme() != "https" {
        return Err(UnsafeLink::Scheme(url.scheme().to_owned()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UnsafeLink::UserInfo);
    }
    match url.host() {
        Some(Host::Domain(_)) => Ok(()),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => Err(UnsafeLink::IpHost),
        None => Err(UnsafeLink::NoHost),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_plain_https_join_link() {
        let link =
            check("  https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0 ")
                .unwrap();
        assert_eq!(link.host(), "teams.microsoft.com");
        assert!(link
            .as_str()
            .starts_with("https://teams.microsoft.com/l/meetup-join/"));
    }

    #[test]
    fn keeps_query_such_as_zoom_password() {
        let link = check("https://zoom.us/j/123456789?pwd=abcDEF").unwrap();
        assert_eq!(link.as_str(), "https://zoom.us/j/123456789?pwd=abcDEF");
    }

    #[test]
    fn refuses_other_schemes() {
        for (input, scheme) in [
            ("http://zoom.us/j/1", "http"),
            ("javascript:alert(1)", "javascript"),
            ("file:///etc/passwd", "file"),
            ("data:text/html,hi", "data"),
        ] {
            assert_eq!(
                check(input),
                Err(UnsafeLink::Scheme(scheme.into())),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_user_info_that_disguises_the_host() {
        assert_eq!(
            check("https://teams.microsoft.com@evil.example/join"),
            Err(UnsafeLink::UserInfo)
        );
        assert_eq!(check("https://a:b@zoom.us/j/1"), Err(UnsafeLink::UserInfo));
    }

    #[test]
    fn refuses_ip_hosts_garbage_and_huge_links() {
        assert_eq!(check("https://192.0.2.7/j/1"), Err(UnsafeLink::IpHost));
        assert_eq!(check("https://[2001:db8::1]/j/1"), Err(UnsafeLink::IpHost));
        assert!(matches!(check("not a link"), Err(UnsafeLink::Malformed(_))));
        let huge = format!("https://zoom.us/j/{}", "1".repeat(MAX_LEN));
        assert_eq!(check(&huge), Err(UnsafeLink::TooLong));
    }
}
