//! The Microsoft identity platform (v2.0) and the Graph calendar API, emulated on
//! loopback so that sign-in and sync can be tested, and demonstrated, without
//! Microsoft's servers. Behaviour follows `shared/reference/microsoft-graph.md`;
//! comments cite its sections (§n) and keep its confidence tags ([obs], [3p],
//! [assume]) where the emulator had to choose.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = msgraph_emulator::start(msgraph_emulator::Options::default()).await?;
//! println!("{}", emulator.announcement());
//! # Ok(()) }
//! ```

// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

pub mod cloud;
pub mod control;
pub mod demo;
pub mod event;
pub mod faults;
pub mod fixtures;
mod graph;
pub mod identity;
pub mod ids;
pub mod recurrence;
pub mod server;
pub mod tz;
pub mod world;

pub use server::Running;
pub use world::{Settings, World};

/// How to start an emulator.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// 0 picks a free port.
    pub port: u16,
    pub settings: Settings,
    /// Seed the demo mailbox (two users, a week of meetings relative to now).
    pub demo_mailbox: bool,
}

/// Starts an emulator on 127.0.0.1 in the current Tokio runtime.
pub async fn start(options: Options) -> std::io::Result<Running> {
    options
        .settings
        .validate()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut world = World::new(options.settings);
    if options.demo_mailbox {
        demo::seed(&mut world);
    }
    server::serve(world, options.port).await
}
