//! Whether the system has an app for a URL scheme (`zoommtg`, `msteams`,
//! `sip` …), so Join can fall back to the browser instead of failing.

/// On Linux, an app handles `scheme` when a `mimeapps.list` names a default
/// for `x-scheme-handler/{scheme}` or an installed `.desktop` file lists it
/// (the freedesktop.org MIME applications spec, which xdg-open follows).
#[cfg(all(unix, not(target_os = "macos")))]
pub fn has_handler(scheme: &str) -> bool {
    linux::has_handler(scheme, &linux::search_dirs())
}

/// Elsewhere the OS opener reports a missing handler itself.
#[cfg(not(all(unix, not(target_os = "macos"))))]
pub fn has_handler(_scheme: &str) -> bool {
    true
}

#[cfg(all(unix, not(target_os = "macos")))]
mod linux {
    use std::path::{Path, PathBuf};

    /// Where mimeapps.list and desktop files live, most important first.
    pub struct Dirs {
        pub config: Vec<PathBuf>,
        pub data: Vec<PathBuf>,
    }

    fn env_dirs(var: &str, home_default: Option<PathBuf>, defaults: &str) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = Vec::new();
        out.extend(home_default);
        let list = std::env::var(var)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| defaults.to_owned());
        out.extend(list.split(':').filter(|s| !s.is_empty()).map(PathBuf::from));
        out
    }

    pub fn search_dirs() -> Dirs {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let config_home = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".config")));
        let data_home = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".local/share")));
        Dirs {
            config: env_dirs("XDG_CONFIG_DIRS", config_home, "/etc/xdg"),
            data: env_dirs("XDG_DATA_DIRS", data_home, "/usr/local/share:/usr/share"),
        }
    }

    fn lists(path: &Path, mime: &str) -> bool {
        let Ok(text) = std::fs::read_to_string(path) else {
            return false;
        };
        let mut section = "";
        for line in text.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let wanted = matches!(
                section,
                "[Default Applications]" | "[Added Associations]" | "[MIME Cache]"
            );
            if wanted && key.trim() == mime && value.split(';').any(|v| !v.trim().is_empty()) {
                return true;
            }
        }
        false
    }

    fn desktop_files_list(dir: &Path, mime: &str) -> bool {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return false;
        };
        entries.flatten().any(|e| {
            let p = e.path();
            p.extension().is_some_and(|x| x == "desktop")
                && std::fs::read_to_string(&p).is_ok_and(|t| {
                    t.lines().any(|l| {
                        l.strip_prefix("MimeType=")
                            .is_some_and(|v| v.split(';').any(|m| m.trim() == mime))
                    })
                })
        })
    }

    pub fn has_handler(scheme: &str, dirs: &Dirs) -> bool {
        let mime = format!("x-scheme-handler/{}", scheme.to_ascii_lowercase());
        dirs.config
            .iter()
            .any(|d| lists(&d.join("mimeapps.list"), &mime))
            || dirs.data.iter().any(|d| {
                let apps = d.join("applications");
                lists(&apps.join("mimeapps.list"), &mime)
                    || lists(&apps.join("mimeinfo.cache"), &mime)
                    || desktop_files_list(&apps, &mime)
            })
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_scheme_handler_is_found_in_mimeapps_lists_caches_and_desktop_files() {
            let root = tempfile::tempdir().unwrap();
            let (config, data) = (root.path().join("config"), root.path().join("data"));
            let apps = data.join("applications");
            std::fs::create_dir_all(&apps).unwrap();
            std::fs::create_dir_all(&config).unwrap();
            let dirs = Dirs {
                config: vec![config.clone()],
                data: vec![data.clone()],
            };
            assert!(!has_handler("zoommtg", &dirs));
            std::fs::write(
                config.join("mimeapps.list"),
                "[Default Applications]\nx-scheme-handler/zoommtg=Zoom.desktop\n\
                 [Removed Associations]\nx-scheme-handler/sip=Linphone.desktop\n",
            )
            .unwrap();
            assert!(has_handler("zoommtg", &dirs));
            assert!(
                has_handler("ZoomMtg", &dirs),
                "schemes are case-insensitive"
            );
            assert!(
                !has_handler("sip", &dirs),
                "a removed association is no handler"
            );
            std::fs::write(
                apps.join("mimeinfo.cache"),
                "[MIME Cache]\nx-scheme-handler/msteams=teams.desktop;\n",
            )
            .unwrap();
            assert!(has_handler("msteams", &dirs));
            std::fs::write(
                apps.join("linphone.desktop"),
                "[Desktop Entry]\nName=Linphone\nMimeType=x-scheme-handler/sip;x-scheme-handler/sips;\n",
            )
            .unwrap();
            assert!(has_handler("sip", &dirs));
            assert!(!has_handler("tel", &dirs));
        }
    }
}
