//! One sign-in through the system browser, started from the window, a
//! notification or the tray; at most one waits at a time.

use meeting_tray_core::auth::client::AuthorizeOptions;
use meeting_tray_core::auth::session::SIGN_IN_TIMEOUT;
use tauri::{AppHandle, Manager};

use crate::account::Accounts;
use crate::ipc::{AccountView, ErrorCode, IpcError};
use crate::syncer::SyncTrigger;
use crate::{browser, tray};

pub async fn view(accounts: &Accounts) -> AccountView {
    let problem = accounts.auth().await.err();
    AccountView::new(accounts.status().await, problem, &accounts.settings().await)
}

pub fn not_configured(message: String) -> IpcError {
    IpcError::new(ErrorCode::NotConfigured, message)
}

pub async fn run(app: &AppHandle) -> Result<AccountView, IpcError> {
    let accounts = app.state::<Accounts>();
    let auth = accounts.auth().await.map_err(not_configured)?;
    // A new Connect replaces a sign-in still waiting (its tab may be lost).
    let _guard = match accounts.signing_in.try_lock() {
        Ok(g) => g,
        Err(_) => {
            accounts.cancel_sign_in.notify_waiters();
            accounts.signing_in.lock().await
        }
    };
    let pending = auth.begin_sign_in(AuthorizeOptions::default()).await?;
    tracing::info!("sign-in started in the browser");
    if let Err(e) = browser::open(pending.url.as_str()) {
        // Waiting minutes for a page that never opened helps nobody.
        tracing::warn!("{e}");
        return Err(IpcError::new(
            ErrorCode::Configuration,
            crate::language::texts(app).get(
                "sign-in-no-browser",
                &[("error", meeting_tray_core::i18n::Arg::Str(&e.to_string()))],
            ),
        ));
    }
    let result = tokio::select! {
        r = auth.finish_sign_in(pending, SIGN_IN_TIMEOUT) => r,
        () = accounts.cancel_sign_in.notified() => {
            tracing::info!("sign-in replaced by a new one");
            return Err(IpcError::new(
                ErrorCode::Cancelled,
                crate::language::texts(app).text("sign-in-replaced"),
            ));
        }
    };
    tray::refresh(app).await;
    if let Err(e) = &result {
        tracing::warn!("sign-in did not finish: {e}");
    }
    result?;
    app.state::<SyncTrigger>().now();
    Ok(view(&accounts).await)
}
