//! IPC commands: each takes state, calls the core, maps the error.

use meeting_tray_core::{account::AccountState, APP_NAME, VERSION};

use crate::ipc::{AppInfo, ErrorCode, IpcError};

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: APP_NAME,
        version: VERSION,
        account: AccountState::NotConnected,
    }
}

#[tauri::command]
pub fn connect() -> Result<(), IpcError> {
    tracing::info!("connect requested from the window; sign-in is not wired yet");
    Err(IpcError::new(
        ErrorCode::NotAvailableYet,
        "Connecting a Microsoft 365 calendar arrives in the next version of Meeting Tray.",
    ))
}
