//! Alerts before meetings: the pure planner and the state it keeps.

pub mod planner;

pub use planner::{plan, AlertKind, AlertSettings, AlertState, Due, Plan};
