//! Where the join details come from when Meeting Tray makes a meeting
//! (issue 11): the user's personal room (Zoom, Webex, Teams …) or a new room
//! on a Jitsi-style server, named so that nobody can guess it.

use rand::Rng;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeetingSource {
    /// The same room every time: a personal meeting room's link.
    PersonalRoom {
        /// As the meeting's Location shows it ("Zoom").
        service: String,
        url: String,
        #[serde(default)]
        dial_in: Option<String>,
    },
    /// A fresh room per meeting on `base_url` (`https://meet.jit.si`).
    Jitsi {
        base_url: String,
        #[serde(default)]
        dial_in: Option<String>,
    },
}

/// What goes into a meeting made from a source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinDetails {
    pub service: String,
    pub url: String,
    pub dial_in: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    #[error("the meeting link {0:?} is not an https:// address; copy the room's link from the service (Settings, Meetings)")]
    NotHttps(String),
}

/// Characters of a generated room name: lowercase letters and digits, as
/// Jitsi room names are case-insensitive.
const ROOM_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
/// 20 characters of 36: about 103 bits, beyond guessing.
const ROOM_LENGTH: usize = 20;

fn https(url: &str) -> Result<url::Url, SourceError> {
    url::Url::parse(url.trim())
        .ok()
        .filter(|u| u.scheme() == "https" && u.host_str().is_some_and(|h| !h.is_empty()))
        .ok_or_else(|| SourceError::NotHttps(url.to_owned()))
}

impl SourceError {
    /// The address refused.
    pub fn url(&self) -> String {
        match self {
            SourceError::NotHttps(u) => u.clone(),
        }
    }
}

impl MeetingSource {
    /// Whether join details can be made from it (the settings' check).
    pub fn check(&self) -> Result<(), SourceError> {
        match self {
            MeetingSource::PersonalRoom { url, .. } => https(url).map(drop),
            MeetingSource::Jitsi { base_url, .. } => https(base_url).map(drop),
        }
    }

    /// The join details for one new meeting (a new room name each call for
    /// a Jitsi server).
    pub fn join_details(&self) -> Result<JoinDetails, SourceError> {
        match self {
            MeetingSource::PersonalRoom {
                service,
                url,
                dial_in,
            } => Ok(JoinDetails {
                service: service.clone(),
                url: https(url)?.to_string(),
                dial_in: dial_in.clone(),
            }),
            MeetingSource::Jitsi { base_url, dial_in } => {
                let mut room = https(base_url)?;
                let mut rng = rand::rng();
                let name: String = (0..ROOM_LENGTH)
                    .map(|_| char::from(ROOM_ALPHABET[rng.random_range(0..ROOM_ALPHABET.len())]))
                    .collect();
                room.path_segments_mut()
                    .map_err(|()| SourceError::NotHttps(base_url.clone()))?
                    .pop_if_empty()
                    .push(&name);
                Ok(JoinDetails {
                    service: "Jitsi Meet".to_owned(),
                    url: room.to_string(),
                    dial_in: dial_in.clone(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jitsi_room_is_new_and_unguessable_each_time_a_personal_room_is_the_same() {
        let jitsi = MeetingSource::Jitsi {
            base_url: "https://meet.example.org/".into(),
            dial_in: None,
        };
        let a = jitsi.join_details().unwrap();
        let b = jitsi.join_details().unwrap();
        assert_ne!(a.url, b.url);
        let name = a.url.strip_prefix("https://meet.example.org/").unwrap();
        assert_eq!(name.len(), ROOM_LENGTH, "{}", a.url);
        assert!(name.bytes().all(|c| ROOM_ALPHABET.contains(&c)), "{name}");
        let room = MeetingSource::PersonalRoom {
            service: "Zoom".into(),
            url: "https://contoso.zoom.us/my/dana".into(),
            dial_in: Some("+1 555 0100, 123 456 789#".into()),
        };
        assert_eq!(room.join_details().unwrap(), room.join_details().unwrap());
    }

    #[test]
    fn only_https_rooms() {
        for url in [
            "http://contoso.zoom.us/my/dana",
            "javascript:alert(1)",
            "zoom.us/my/dana",
            "",
        ] {
            let room = MeetingSource::PersonalRoom {
                service: "Zoom".into(),
                url: url.into(),
                dial_in: None,
            };
            assert_eq!(
                room.join_details(),
                Err(SourceError::NotHttps(url.into())),
                "{url}"
            );
        }
    }
}
