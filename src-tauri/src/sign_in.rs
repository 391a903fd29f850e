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
    let Ok(_guard) = accounts.signing_in.try_lock() else {
        return Err(IpcError::new(
            ErrorCode::Busy,
            "A sign-in is already waiting for your browser: finish it there, or wait for it to time out.",
        ));
    };
    let pending = auth.begin_sign_in(AuthorizeOptions::default()).await?;
    tracing::info!("sign-in started in the browser");
    if let Err(e) = browser::open(pending.url.as_str()) {
        tracing::warn!("{e}");
    }
    let result = auth.finish_sign_in(pending, SIGN_IN_TIMEOUT).await;
    tray::refresh_account(app).await;
    if let Err(e) = &result {
        tracing::warn!("sign-in did not finish: {e}");
    }
    result?;
    app.state::<SyncTrigger>().now();
    Ok(view(&accounts).await)
}
