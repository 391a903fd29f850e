//! What the system says about sleep, the session lock and the network
//! (Linux: logind and NetworkManager on the system bus): no sync while the
//! machine sleeps or the session is locked, one at once after wake-up or
//! unlock, and one when the network comes back. Without a system bus the
//! schedule alone keeps the calendar fresh.

use tauri::AppHandle;

#[cfg(target_os = "linux")]
mod linux {
    use futures_util::StreamExt;
    use tauri::{AppHandle, Manager};
    use zbus::message::Type;
    use zbus::{MatchRule, MessageStream};

    use crate::syncer::SyncTrigger;

    /// NetworkManager's NM_STATE_CONNECTED_GLOBAL.
    const CONNECTED_GLOBAL: u32 = 70;

    fn rule(interface: &'static str, member: &'static str) -> zbus::Result<MatchRule<'static>> {
        Ok(MatchRule::builder()
            .msg_type(Type::Signal)
            .interface(interface)?
            .member(member)?
            .build())
    }

    /// logind's object path of a session: bytes outside `[A-Za-z0-9]` (and a
    /// leading digit) written as `_xx`, as systemd escapes path labels.
    pub fn session_path(id: &str) -> String {
        let mut out = String::from("/org/freedesktop/login1/session/");
        for (i, b) in id.bytes().enumerate() {
            if b.is_ascii_alphabetic() || (b.is_ascii_digit() && i > 0) {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("_{b:02x}"));
            }
        }
        out
    }

    pub async fn watch(app: AppHandle) -> zbus::Result<()> {
        let bus = zbus::Connection::system().await?;
        let sleep_rule = rule("org.freedesktop.login1.Manager", "PrepareForSleep")?;
        let net_rule = rule("org.freedesktop.NetworkManager", "StateChanged")?;
        let mut sleep = MessageStream::for_match_rule(sleep_rule, &bus, None).await?;
        let mut net = MessageStream::for_match_rule(net_rule, &bus, None).await?;
        // Our own session's Lock/Unlock, when the session is known.
        let lock_rule = match std::env::var("XDG_SESSION_ID") {
            Ok(id) if !id.is_empty() => Some(
                MatchRule::builder()
                    .msg_type(Type::Signal)
                    .interface("org.freedesktop.login1.Session")?
                    .path(session_path(&id))?
                    .build(),
            ),
            _ => None,
        };
        let mut lock = match lock_rule {
            Some(r) => Some(MessageStream::for_match_rule(r, &bus, None).await?),
            None => None,
        };
        tracing::info!("listening for sleep, lock and network changes");
        loop {
            let trigger = app.state::<SyncTrigger>();
            let next_lock = async {
                match lock.as_mut() {
                    Some(l) => l.next().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                Some(msg) = next_lock => {
                    match msg?.header().member().map(|m| m.as_str()) {
                        Some("Lock") => {
                            tracing::info!("the session is locked: syncing paused");
                            trigger.pause();
                        }
                        Some("Unlock") => {
                            tracing::info!("the session is unlocked: syncing now");
                            trigger.resume();
                        }
                        _ => {}
                    }
                }
                Some(msg) = sleep.next() => {
                    let going: bool = msg?.body().deserialize()?;
                    if going {
                        tracing::info!("the system is going to sleep: syncing paused");
                        trigger.pause();
                    } else {
                        tracing::info!("the system woke up: syncing now");
                        trigger.resume();
                        app.state::<crate::alerter::Alerts>().poke();
                    }
                }
                Some(msg) = net.next() => {
                    let state: u32 = msg?.body().deserialize()?;
                    if state == CONNECTED_GLOBAL {
                        tracing::info!("the network is back: syncing now");
                        trigger.now();
                    }
                }
                else => return Ok(()),
            }
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn session_paths_are_escaped_like_systemd() {
        assert_eq!(
            super::linux::session_path("c7"),
            "/org/freedesktop/login1/session/c7"
        );
        assert_eq!(
            super::linux::session_path("2"),
            "/org/freedesktop/login1/session/_32"
        );
        assert_eq!(
            super::linux::session_path("a-b"),
            "/org/freedesktop/login1/session/a_2db"
        );
    }
}

pub fn start(app: AppHandle) {
    #[cfg(target_os = "linux")]
    tauri::async_runtime::spawn(async move {
        if let Err(e) = linux::watch(app).await {
            tracing::info!(
                "no sleep or network signals from the system ({e}); syncing on the schedule"
            );
        }
    });
    #[cfg(not(target_os = "linux"))]
    drop(app);
}
