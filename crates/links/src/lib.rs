//! Join links: which ones may be opened.
//!
//! Links come from strangers' invitations, so nothing is opened unless it passes
//! [`open_policy::check`]. Detection of join links in event fields arrives with
//! the service catalogue; this crate stays pure (no I/O, no GUI).

pub mod open_policy;

pub use open_policy::{check, SafeLink, UnsafeLink};
