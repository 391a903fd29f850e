//! The command line's language, chosen once a run in the app's order (see
//! `language.rs`): the setting, else the mailbox's language from the calendar
//! cache when the command loads the cache anyway, else the system's, else
//! English. Only human output is translated: `--json` never is.

use std::sync::OnceLock;

use meeting_tray_core::i18n::{self, Lang, Texts};

static LANG: OnceLock<Lang> = OnceLock::new();

/// The texts of this run, choosing the language now if nothing has yet.
/// A command that loads the calendar cache calls this with the cache's
/// mailbox language before its first text; a later call changes nothing.
pub fn with_mailbox(mailbox: Option<&str>) -> &'static Texts {
    i18n::texts(*LANG.get_or_init(|| {
        let setting = crate::cli_calendar::settings().language;
        i18n::resolve(setting.as_deref(), mailbox, i18n::os_locale().as_deref())
    }))
}

/// The texts of this run (without a mailbox: the setting, else the system's language).
pub fn t() -> &'static Texts {
    with_mailbox(None)
}

/// `label: value` lines with the values in one column, at least `min` wide.
pub fn aligned(rows: &[(String, String)], min: usize) -> Vec<String> {
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count() + 2)
        .fold(min, usize::max);
    rows.iter()
        .map(|(label, value)| format!("{:<width$}{value}", format!("{label}:")))
        .collect()
}

/// `x` with one decimal, written the language's way (`2.5`, `2,5`).
pub fn decimal(t: &Texts, x: f64) -> String {
    let s = format!("{x:.1}");
    match t.lang() {
        Lang::En => s,
        Lang::Cs | Lang::De => s.replace('.', ","),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(labels: &[&str]) -> Vec<(String, String)> {
        labels
            .iter()
            .map(|l| (l.to_string(), "v".to_owned()))
            .collect()
    }

    #[test]
    fn values_line_up_after_the_longest_label() {
        assert_eq!(
            aligned(&rows(&["settings", "logs"]), 0),
            ["settings: v", "logs:     v"]
        );
        assert_eq!(aligned(&rows(&["State"]), 18), ["State:            v"]);
        let long = aligned(&rows(&["Letzte Synchronisierung", "Konto"]), 18);
        assert_eq!(
            long,
            ["Letzte Synchronisierung: v", "Konto:                   v"]
        );
    }

    #[test]
    fn decimals_follow_the_language() {
        let kb = |lang| decimal(i18n::texts(lang), 2.25 + 0.01);
        assert_eq!(
            (kb(Lang::En), kb(Lang::Cs), kb(Lang::De)),
            ("2.3".into(), "2,3".into(), "2,3".into())
        );
    }
}
