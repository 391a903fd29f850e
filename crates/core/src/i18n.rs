//! The languages of the Rust side's texts (tray menu, notifications), with
//! Fluent. The `.ftl` files live in `locales/{en,cs,de}/` at the repository
//! root, beside the web UI's own `ui.ftl`, and are built into the binary.

use std::borrow::Cow;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Cs,
    De,
}

const SOURCES: [(Lang, &str); 3] = [
    (Lang::En, include_str!("../../../locales/en/app.ftl")),
    (Lang::Cs, include_str!("../../../locales/cs/app.ftl")),
    (Lang::De, include_str!("../../../locales/de/app.ftl")),
];

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Cs, Lang::De];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cs => "cs",
            Lang::De => "de",
        }
    }

    /// From a language tag or POSIX locale: `cs-CZ`, `de_AT.UTF-8`, `en`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.', '@']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// Day and month names for dates.
    pub fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::En => chrono::Locale::en_US,
            Lang::Cs => chrono::Locale::cs_CZ,
            Lang::De => chrono::Locale::de_DE,
        }
    }
}

/// The operating system's language: `LC_ALL`, `LC_MESSAGES`, `LANG`, as
/// POSIX systems set them (on other systems this finds nothing and English
/// or the mailbox language is used).
pub fn os_locale() -> Option<String> {
    locale_of(|v| std::env::var(v).ok())
}

/// The first variable set decides, as in POSIX; `C` and `POSIX` (scripts
/// set `LC_ALL=C` for stable output) mean English.
fn locale_of(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let v = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|v| !v.is_empty())?;
    Some(if v == "C" || v == "POSIX" || v.starts_with("C.") {
        "en".to_owned()
    } else {
        v
    })
}

/// The user's choice, else the mailbox language, else the system's, else English.
pub fn resolve(setting: Option<&str>, mailbox: Option<&str>, os: Option<&str>) -> Lang {
    [setting, mailbox, os]
        .into_iter()
        .flatten()
        .find_map(Lang::from_tag)
        .unwrap_or_default()
}

/// The messages of one language, with English behind them for anything missing.
pub struct Texts {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
    english: Option<FluentBundle<FluentResource>>,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts").field("lang", &self.lang).finish()
    }
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let source = SOURCES
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("", |(_, s)| s);
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Plain text in menus and notifications: no bidi isolation marks.
    bundle.set_use_isolating(false);
    // A syntax error in one message keeps the others: the test below fails on any.
    let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r);
    if let Err(errors) = bundle.add_resource(resource) {
        tracing::warn!(?lang, ?errors, "translation file problems");
    }
    bundle
}

/// A message argument.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

/// The texts of `lang`, built once.
pub fn texts(lang: Lang) -> &'static Texts {
    static CACHE: [std::sync::OnceLock<Texts>; 3] = [
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
        std::sync::OnceLock::new(),
    ];
    let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
    CACHE[i].get_or_init(|| Texts::new(lang))
}

impl Texts {
    pub fn new(lang: Lang) -> Texts {
        Texts {
            lang,
            bundle: bundle(lang),
            english: (lang != Lang::En).then(|| bundle(Lang::En)),
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The message `id` with `args`; the English one when this language
    /// lacks it, the id itself when both do (a bug the test catches).
    pub fn get(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            let v = match value {
                Arg::Str(s) => FluentValue::String(Cow::Borrowed(s)),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fargs.set(*name, v);
        }
        for b in std::iter::once(&self.bundle).chain(self.english.as_ref()) {
            if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = b.format_pattern(pattern, Some(&fargs), &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(id, ?errors, "a message did not format cleanly");
                }
                return text.into_owned();
            }
        }
        id.to_owned()
    }

    /// A message without arguments.
    pub fn text(&self, id: &str) -> String {
        self.get(id, &[])
    }

    /// `t` in the format the message `format` gives for this language.
    pub fn date<Tz: chrono::TimeZone>(&self, t: &chrono::DateTime<Tz>, format: &str) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        t.format_localized(&self.text(format), self.lang.chrono_locale())
            .to_string()
    }

    /// "Tue 10 Mar", "Út 10. března", "Di 10. Mär".
    pub fn day<Tz: chrono::TimeZone>(&self, t: &chrono::DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        self.date(t, "format-day")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(source: &str) -> std::collections::BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_owned()).expect("the file parses");
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_message_exists_in_every_language_and_formats_cleanly() {
        let english = ids(SOURCES[0].1);
        assert!(english.len() > 40, "{}", english.len());
        for (lang, source) in SOURCES {
            assert_eq!(
                ids(source),
                english,
                "{lang:?} has other message ids than English"
            );
            let bundle = bundle(lang);
            for id in &english {
                let mut args = FluentArgs::new();
                let strings = [
                    "subject", "when", "date", "service", "time", "user", "name", "url", "id",
                    "reason", "problem", "what", "kb", "full", "value", "error", "path",
                ];
                for name in strings {
                    args.set(name, "x");
                }
                let numbers = [
                    "n", "h", "m", "added", "changed", "removed", "meetings", "requests", "failed",
                    "total", "max", "days",
                ];
                for name in numbers {
                    args.set(name, 3);
                }
                let pattern = bundle
                    .get_message(id)
                    .and_then(|m| m.value())
                    .unwrap_or_else(|| panic!("{lang:?}: {id} has no value"));
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&args), &mut errors);
                assert!(errors.is_empty(), "{lang:?} {id}: {errors:?}");
                assert!(!text.trim().is_empty(), "{lang:?} {id} is empty");
            }
        }
    }

    #[test]
    fn language_comes_from_the_setting_then_the_mailbox_then_the_system() {
        assert_eq!(
            resolve(Some("de"), Some("cs-CZ"), Some("en_US.UTF-8")),
            Lang::De
        );
        assert_eq!(resolve(None, Some("cs-CZ"), Some("de_DE.UTF-8")), Lang::Cs);
        assert_eq!(resolve(None, Some("fr-FR"), Some("de_AT.UTF-8")), Lang::De);
        assert_eq!(resolve(None, None, Some("C")), Lang::En);
        assert_eq!(resolve(Some(""), None, None), Lang::En);
    }

    #[test]
    fn czech_plurals_and_dates() {
        let cs = Texts::new(Lang::Cs);
        let days = |n| cs.get("when-in-days", &[("n", Arg::Num(n))]);
        assert_eq!(
            (days(1), days(3), days(5)),
            ("za 1 den".into(), "za 3 dny".into(), "za 5 dní".into())
        );
        let t = chrono::DateTime::from_timestamp(1_773_136_800, 0).unwrap(); // Tue 10 Mar 2026
        assert_eq!(cs.day(&t), "Út 10. března");
        assert_eq!(Texts::new(Lang::De).day(&t), "Di 10. Mär");
        assert_eq!(Texts::new(Lang::En).day(&t), "Tue 10 Mar");
        assert_eq!(Texts::new(Lang::En).text("tray-quit"), "Quit");
        assert_eq!(cs.text("no-such-id"), "no-such-id");
    }

    #[test]
    fn the_first_locale_variable_set_decides_and_c_means_english() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            locale_of(env(&[("LANG", "cs_CZ.UTF-8")])).as_deref(),
            Some("cs_CZ.UTF-8")
        );
        assert_eq!(
            locale_of(env(&[("LC_ALL", "C"), ("LANG", "cs_CZ.UTF-8")])).as_deref(),
            Some("en")
        );
        assert_eq!(
            locale_of(env(&[("LC_ALL", "C.UTF-8"), ("LANG", "de_DE.UTF-8")])).as_deref(),
            Some("en")
        );
        assert_eq!(
            locale_of(env(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "de_AT"),
                ("LANG", "cs_CZ")
            ]))
            .as_deref(),
            Some("de_AT")
        );
        assert_eq!(locale_of(env(&[])), None);
    }
}
