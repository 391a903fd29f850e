// `forbid`, not just the workspace's `deny`: no module can `#[allow]` unsafe back in.
#![forbid(unsafe_code)]

fn main() {
    // Our own commands must be listed so capabilities can grant them one by one.
    let attrs =
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
            "app_info",
            "connect",
            "disconnect",
            "refresh",
            "test_connection",
            "save_account_settings",
            "agenda_view",
            "agenda_join",
            "agenda_rsvp",
            "app_settings",
            "save_app_settings",
            "ui_language",
            "ui_theme",
            "popup_view",
            "popup_join",
            "popup_snooze",
            "popup_dismiss",
            "popup_rsvp",
        ]));
    if let Err(e) = tauri_build::try_build(attrs) {
        // build scripts report failure by panicking; print the whole error first.
        panic!("tauri build step failed: {e:#}");
    }
}
