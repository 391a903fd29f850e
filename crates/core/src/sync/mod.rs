//! Keeping the calendar fresh: delta sync of a rolling window (reference §2.3)
//! and the mailbox settings, producing the cache's content.

pub mod engine;
pub mod mapping;
pub mod schedule;
pub mod window;

pub use engine::{apply_page, sync, PageEnd, SyncError, SyncOutcome};
pub use window::{window, DAYS_AFTER, DAYS_BEFORE};
