//! Opening a join link: which link, with which program. The link is checked
//! again here, at the moment of opening, with the same detector that found
//! it: only what the links crate calls joinable is ever opened, whatever the
//! cache says. Native-app links are derived afresh from the web link.

use std::collections::BTreeMap;

use meeting_tray_links::{detect_in_body, Kind, Preferences, Safety};
use serde::{Deserialize, Serialize};

use crate::calendar::JoinLink;

/// Where a service's meetings open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenIn {
    /// The service's own app when one is installed, else the browser.
    #[default]
    App,
    Browser,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JoinSettings {
    /// Per service id (`zoom`, `teams` …); services not listed use `default`.
    pub open_in: BTreeMap<String, OpenIn>,
    pub default: OpenIn,
}

impl JoinSettings {
    pub fn choice(&self, service: &str) -> OpenIn {
        self.open_in.get(service).copied().unwrap_or(self.default)
    }
}

/// The program that gets the link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Via {
    /// The handler of this URL scheme (`zoommtg`, `msteams`, `sip` …).
    App {
        scheme: String,
    },
    Browser,
}

/// What to open, decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opening {
    pub url: String,
    pub via: Via,
    /// Said to the user when the choice could not be followed.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JoinError {
    #[error("this link is not opened: {0}")]
    NotJoinable(String),
    #[error("no app on this computer opens {0}: links; copy the address into your video phone or softphone")]
    NoApp(String),
}

fn scheme_of(url: &str) -> &str {
    url.split_once(':').map_or("", |(s, _)| s)
}

/// Decides how to open `link`. `has_handler(scheme)` says whether the system
/// has an app registered for a URL scheme.
pub fn opening(
    link: &JoinLink,
    prefs: &Preferences,
    settings: &JoinSettings,
    has_handler: &dyn Fn(&str) -> bool,
) -> Result<Opening, JoinError> {
    let detection = detect_in_body(&link.url, prefs);
    let found = detection
        .candidates
        .first()
        .ok_or_else(|| JoinError::NotJoinable("it is not a meeting link".into()))?;
    match &found.safety {
        Safety::Joinable => {}
        Safety::Refused { reason } => return Err(JoinError::NotJoinable(reason.clone())),
        Safety::WrappedTargetUnknown { wrapper } => {
            return Err(JoinError::NotJoinable(format!(
                "it hides its target behind {wrapper}"
            )))
        }
    }
    // The whole text must be the link: no second link riding along.
    if found.url != link.url || detection.candidates.len() != 1 {
        return Err(JoinError::NotJoinable(
            "it differs from the link that was checked".into(),
        ));
    }
    if found.kind != Kind::Video || scheme_of(&found.url) != "https" {
        // App links from the invitation (zoommtg:, msteams:) and sip:,
        // h323:, tel: have no web fallback.
        let scheme = scheme_of(&found.url).to_owned();
        if !has_handler(&scheme) {
            return Err(JoinError::NoApp(scheme));
        }
        return Ok(Opening {
            url: found.url.clone(),
            via: Via::App { scheme },
            notice: None,
        });
    }
    let browser = |notice| Opening {
        url: found.url.clone(),
        via: Via::Browser,
        notice,
    };
    match (&found.native_url, settings.choice(&found.service)) {
        (Some(native), OpenIn::App) => {
            let scheme = scheme_of(native).to_owned();
            if has_handler(&scheme) {
                Ok(Opening {
                    url: native.clone(),
                    via: Via::App { scheme },
                    notice: None,
                })
            } else {
                Ok(browser(Some(format!(
                    "The {} app is not installed; joining in the browser.",
                    found.service_name
                ))))
            }
        }
        _ => Ok(browser(None)),
    }
}

/// Where a link leads, for the user to see before joining.
pub fn host_of(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => match u.host_str() {
            Some(h) => h.to_owned(),
            // sip:user@host;params
            None => u
                .path()
                .rsplit('@')
                .next()
                .unwrap_or_default()
                .split([';', '?'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        },
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(url: &str, service: &str) -> JoinLink {
        JoinLink {
            url: url.into(),
            service: service.into(),
            service_name: service.into(),
            native_url: None,
        }
    }

    const ZOOM: &str = "https://acme.zoom.us/j/85551234567?pwd=abc";

    #[test]
    fn native_app_when_chosen_and_installed_else_the_browser_with_a_notice() {
        let prefs = Preferences::default();
        let s = JoinSettings::default();
        let o = opening(&link(ZOOM, "zoom"), &prefs, &s, &|sch| sch == "zoommtg").unwrap();
        assert_eq!(
            o.via,
            Via::App {
                scheme: "zoommtg".into()
            }
        );
        assert!(
            o.url
                .starts_with("zoommtg://acme.zoom.us/join?confno=85551234567"),
            "{}",
            o.url
        );

        let o = opening(&link(ZOOM, "zoom"), &prefs, &s, &|_| false).unwrap();
        assert_eq!((o.via, o.url.as_str()), (Via::Browser, ZOOM));
        assert!(o.notice.unwrap().contains("Zoom app is not installed"));

        let mut s = JoinSettings::default();
        s.open_in.insert("zoom".into(), OpenIn::Browser);
        let o = opening(&link(ZOOM, "zoom"), &prefs, &s, &|_| true).unwrap();
        assert_eq!((o.via, o.notice), (Via::Browser, None));
    }

    #[test]
    fn only_joinable_links_are_opened_whatever_the_cache_says() {
        let prefs = Preferences::default();
        let s = JoinSettings::default();
        for bad in [
            "https://evil.example/j/123",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "https://user@zoom.us/j/85551234567",
            "http://zoom.us/j/85551234567",
            "https://zoom.us/j/85551234567 https://evil.example/",
        ] {
            let r = opening(&link(bad, "zoom"), &prefs, &s, &|_| true);
            assert!(matches!(r, Err(JoinError::NotJoinable(_))), "{bad}: {r:?}");
        }
    }

    #[test]
    fn video_addresses_need_an_app() {
        let prefs = Preferences::default();
        let s = JoinSettings::default();
        let sip = link("sip:123456@acme.webex.com", "sip");
        assert_eq!(
            opening(&sip, &prefs, &s, &|_| false),
            Err(JoinError::NoApp("sip".into()))
        );
        let o = opening(&sip, &prefs, &s, &|sch| sch == "sip").unwrap();
        assert_eq!(
            o.via,
            Via::App {
                scheme: "sip".into()
            }
        );
        assert_eq!(host_of(&sip.url), "acme.webex.com");
        // An app link written in the invitation goes to its app, or nowhere.
        let app = link("zoommtg://zoom.us/join?confno=85551234567", "zoom");
        assert_eq!(
            opening(&app, &prefs, &s, &|sch| sch == "zoommtg")
                .unwrap()
                .via,
            Via::App {
                scheme: "zoommtg".into()
            }
        );
        assert_eq!(
            opening(&app, &prefs, &s, &|_| false),
            Err(JoinError::NoApp("zoommtg".into()))
        );
        assert_eq!(host_of(ZOOM), "acme.zoom.us");
    }
}
