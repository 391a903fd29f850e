//! Alerts before meetings: the pure planner, the state it keeps and the
//! wall-clock timer the app waits with.

pub mod planner;
pub mod store;
pub mod timer;

pub use planner::{key, plan, AlertKind, AlertSettings, AlertState, AlertStyle, Due, Plan};
pub use store::AlertStateFile;
