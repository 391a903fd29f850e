//! The calendar as the app keeps it: only what alerts and joining need.

pub mod model;

pub use model::{Cache, JoinLink, Mailbox, Meeting, OutOfOffice, Response, ShowAs, When};
