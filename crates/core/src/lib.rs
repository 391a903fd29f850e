//! The core of Meeting Tray: everything that is not GUI.
//!
//! This crate never depends on Tauri; the desktop shell (`src-tauri`) and the
//! command line call into it.

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

pub mod account;
pub mod agenda;
pub mod alerts;
pub mod atomic_file;
pub mod auth;
pub mod calendar;
pub mod free_busy;
/// The fuzz targets' property checks (`fuzz/`); not an API.
#[doc(hidden)]
pub mod fuzzing;
pub mod graph;
pub mod i18n;
pub mod join;
pub mod links;
pub mod logging;
pub mod meeting_source;
pub mod outlook_web;
pub mod paths;
pub mod quick_meeting;
pub mod scheduling_keyword;
pub mod secrets;
pub mod settings;
pub mod store;
pub mod sync;
pub mod time_zones;
pub mod tray_menu;

/// The product's version, as the user sees it in `--version` and the About section.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The product's display name.
pub const APP_NAME: &str = "Meeting Tray";
