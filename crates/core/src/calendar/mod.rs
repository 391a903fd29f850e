//! The calendar as the app keeps it: only what alerts and joining need.

pub mod model;
pub mod service;

pub use model::{Cache, JoinLink, Mailbox, Meeting, OutOfOffice, Response, ShowAs, When};
pub use service::{Calendar, CalendarError, SyncReport};
