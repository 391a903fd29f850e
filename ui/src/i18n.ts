// The UI's words, from locales/<lang>/ui.ftl (Fluent). English is the
// reference and the fallback. The backend's `ui_language` command picks the
// language (the setting, else the mailbox language, else the OS); main.ts and
// popup.ts apply it before anything is rendered.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import en from "../../locales/en/ui.ftl?raw";
import cs from "../../locales/cs/ui.ftl?raw";
import de from "../../locales/de/ui.ftl?raw";

export type Language = "en" | "cs" | "de";

export const LANGUAGES: readonly Language[] = ["en", "cs", "de"];

/** Each language's ui.ftl, as text (the tests parse them too). */
export const SOURCES: Readonly<Record<Language, string>> = { en, cs, de };

/** A language's name in that language, for the language picker. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: "English", cs: "Čeština", de: "Deutsch" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

export type Args = Record<string, string | number>;

const bundles = new Map<Language, FluentBundle>();

/** The bundle of `lang`, built on first use. No isolation marks: text goes into text nodes as is. */
export function bundleFor(lang: Language): FluentBundle {
  let bundle = bundles.get(lang);
  if (!bundle) {
    bundle = new FluentBundle(lang, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(SOURCES[lang]));
    for (const err of errors) console.error(`locales/${lang}/ui.ftl:`, err);
    bundles.set(lang, bundle);
  }
  return bundle;
}

let current: Language = "en";

/** Switches the language of everything rendered from now on; anything unknown is English. */
export function setLanguage(lang: Language): void {
  current = isLanguage(lang) ? lang : "en";
}

export function language(): Language {
  return current;
}

/**
 * The text of message `id` in the current language, else in English, else
 * the id itself. Plain text (for text nodes and attributes), never HTML.
 */
export function t(id: string, args?: Args): string {
  let partial: string | null = null;
  for (const lang of current === "en" ? (["en"] as const) : ([current, "en"] as const)) {
    const bundle = bundleFor(lang);
    const message = bundle.getMessage(id);
    if (!message?.value) continue;
    const errors: Error[] = [];
    const text = bundle.formatPattern(message.value, args ?? null, errors);
    if (errors.length === 0) return text;
    console.warn(`message ${id} (${lang}):`, ...errors);
    partial ??= text;
  }
  return partial ?? id;
}

/** `iso` formatted for the current language; the input itself when it is not a date. */
export function formatDateTime(iso: string, options: Intl.DateTimeFormatOptions, locale: string = current): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(locale, options).format(d);
}

/**
 * Asks the backend for the language, applies it and marks the document with
 * it; English when the backend cannot say.
 */
export async function applyLanguage(ask: () => Promise<string>, doc: Document = document): Promise<Language> {
  let lang: Language = "en";
  try {
    const answer = await ask();
    if (isLanguage(answer)) lang = answer;
    else console.error("ui_language returned an unknown language", answer);
  } catch (err) {
    console.error("cannot get the UI language", err);
  }
  setLanguage(lang);
  doc.documentElement.lang = lang;
  return lang;
}
