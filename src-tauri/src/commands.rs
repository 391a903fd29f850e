//! IPC commands: each takes state, calls the core, maps the error.

use meeting_tray_core::auth::keychain;
use meeting_tray_core::calendar::Calendar;
use meeting_tray_core::graph::{connection_test, GraphClient};
use meeting_tray_core::i18n::Arg;
use meeting_tray_core::{APP_NAME, VERSION};
use tauri::{AppHandle, Manager, State};

use crate::account::Accounts;
use crate::ipc::{AccountView, AppInfo, CheckView, ErrorCode, IpcError, SettingsView};
use crate::sign_in::{self, not_configured, view};
use crate::syncer::SyncTrigger;
use crate::tray;

#[tauri::command]
pub async fn app_info(accounts: State<'_, Accounts>) -> Result<AppInfo, IpcError> {
    Ok(AppInfo {
        name: APP_NAME,
        version: VERSION,
        account: view(&accounts).await,
    })
}

/// Signs in through the system browser; answers when the browser came back
/// (or the wait timed out), with the new account state.
#[tauri::command]
pub async fn connect(app: AppHandle) -> Result<AccountView, IpcError> {
    sign_in::run(&app).await
}

#[tauri::command]
pub async fn disconnect(
    app: AppHandle,
    accounts: State<'_, Accounts>,
) -> Result<AccountView, IpcError> {
    let auth = accounts.auth().await.map_err(not_configured)?;
    auth.disconnect().await?;
    let calendar = Calendar::new(auth, keychain(), &accounts.paths.data_dir);
    if let Err(e) = calendar.forget().await {
        // The tokens are gone; a cache left behind is encrypted and useless.
        tracing::warn!("the calendar cache could not be removed: {e}");
    }
    app.state::<crate::alerter::Alerts>().calendar(None);
    tray::refresh(&app).await;
    Ok(view(&accounts).await)
}

/// Tries the account again now (after unlocking the keychain, say) and
/// starts a sync; answers with the account state.
#[tauri::command]
pub async fn refresh(
    app: AppHandle,
    accounts: State<'_, Accounts>,
) -> Result<AccountView, IpcError> {
    let auth = accounts.auth().await.map_err(not_configured)?;
    let tried = auth.access_token().await;
    tray::refresh(&app).await;
    tried?;
    app.state::<SyncTrigger>().now();
    Ok(view(&accounts).await)
}

#[tauri::command]
pub async fn test_connection(accounts: State<'_, Accounts>) -> Result<Vec<CheckView>, IpcError> {
    let auth = accounts.auth().await.map_err(not_configured)?;
    let read_only = auth.config().read_only;
    Ok(connection_test::run(&GraphClient::new(auth), read_only).await)
}

/// The longest re-authorization period offered (a year).
const MAX_REAUTHORIZE_DAYS: u32 = 365;

/// Saves the app registration, tenant, cloud and re-authorization period.
#[tauri::command]
pub async fn save_account_settings(
    app: AppHandle,
    accounts: State<'_, Accounts>,
    settings: SettingsView,
) -> Result<AccountView, IpcError> {
    let mut account = accounts.settings().await;
    account.client_id = Some(settings.client_id.trim().to_owned()).filter(|s| !s.is_empty());
    account.tenant = settings.tenant.trim().to_owned();
    account.cloud = settings.cloud;
    account.read_only = settings.read_only;
    if settings.reauthorize_after_days > MAX_REAUTHORIZE_DAYS {
        return Err(IpcError::new(
            ErrorCode::Configuration,
            crate::language::texts(&app).get(
                "setting-reauth-range",
                &[("max", Arg::Num(i64::from(MAX_REAUTHORIZE_DAYS)))],
            ),
        ));
    }
    let days = settings.reauthorize_after_days;
    let signed_in = accounts.status().await.and_then(|s| s.signed_in_at);
    if let Some(at) = signed_in.filter(|_| days > 0 && days != account.reauthorize_after_days) {
        // A period already over would end the sign-in at the next sync
        // (the policy deletes the refresh token): refuse it instead.
        let ago = (chrono::Utc::now() - at).num_days();
        if ago >= i64::from(days) {
            return Err(IpcError::new(
                ErrorCode::Configuration,
                crate::language::texts(&app).get("setting-reauth-past", &[("days", Arg::Num(ago))]),
            ));
        }
    }
    account.reauthorize_after_days = days;
    accounts
        .save_settings(account)
        .await
        .map_err(not_configured)?;
    tray::refresh(&app).await;
    app.state::<SyncTrigger>().now();
    Ok(view(&accounts).await)
}
