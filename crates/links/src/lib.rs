//! Join links: finding them in invitations and deciding which may be opened.
//!
//! Pure: no I/O, no GUI. [`detect`] turns an event's text into ranked
//! [`Candidate`]s; the service [`catalogue`] is data; [`unwrap`] undoes
//! URL-defence wrappers; nothing is opened unless it passes [`open_policy`].

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

pub mod catalogue;
pub mod detect;
pub mod html;
pub mod open_policy;
pub mod scan;
pub mod unwrap;

pub use catalogue::{CustomService, Kind};
pub use detect::{
    detect, detect_in_body, Body, Candidate, Detection, EventText, Preferences, Safety, Source,
};
pub use open_policy::{check, SafeLink, UnsafeLink};
