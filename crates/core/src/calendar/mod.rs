//! The calendar as the app keeps it: only what alerts and joining need.

#[cfg(test)]
pub mod fixtures;
pub mod model;
pub mod service;

pub use model::{Cache, JoinLink, Mailbox, Meeting, OutOfOffice, Response, ShowAs, When};
pub use service::{Answer, Calendar, CalendarError, SyncReport};
