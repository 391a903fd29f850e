//! Opening the system browser for sign-in and join links. `MEETING_TRAY_BROWSER`
//! names a program to use instead (another browser or profile for work
//! accounts; the tests use it to play the browser).

/// The variable that picks the sign-in browser.
pub const ENV_BROWSER: &str = "MEETING_TRAY_BROWSER";

#[derive(Debug, thiserror::Error)]
#[error("cannot open a browser ({0}); open the address yourself")]
pub struct NoBrowser(String);

pub fn open(url: &str) -> Result<(), NoBrowser> {
    match std::env::var(ENV_BROWSER)
        .ok()
        .filter(|b| !b.trim().is_empty())
    {
        Some(program) => std::process::Command::new(&program)
            .arg(url)
            .spawn()
            .map(drop)
            .map_err(|e| NoBrowser(format!("{program}: {e}"))),
        None => {
            tauri_plugin_opener::open_url(url, None::<&str>).map_err(|e| NoBrowser(e.to_string()))
        }
    }
}
