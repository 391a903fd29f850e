// The three ui.ftl catalogs: the same messages everywhere, each formatting
// without errors, plural variants for every category of its language; and
// t(), setLanguage() and applyLanguage().
import { afterEach, describe, expect, it, vi } from "vitest";
import { FluentBundle, FluentResource } from "@fluent/bundle";
import { applyLanguage, formatDateTime, language, LANGUAGES, setLanguage, SOURCES, t, type Language } from "./i18n";

type Pattern = string | unknown[];
interface Expr {
  type: string;
  name?: string;
  selector?: Expr;
  variants?: { key: { type: string; value: string | number }; value: Pattern }[];
  args?: unknown[];
}

function messages(lang: Language) {
  const resource = new FluentResource(SOURCES[lang]);
  return resource.body.filter((entry) => !entry.id.startsWith("-"));
}

/** The message ids of `lang`, in file order. */
const ids = (lang: Language) => messages(lang).map((m) => m.id);

/** Lines that start a message: the runtime parser skips broken entries silently, so count them. */
const declared = (lang: Language) => SOURCES[lang].split("\n").filter((line) => /^[a-z][a-z0-9-]*\s*=/.test(line)).length;

/** Walks a pattern: every variable it uses, every select expression in it. */
function walk(pattern: Pattern | null, vars: Set<string>, selects: Expr[]): void {
  if (pattern === null || typeof pattern === "string") return;
  for (const part of pattern) {
    if (typeof part === "string") continue;
    expr(part as Expr, vars, selects);
  }
}

function expr(e: Expr, vars: Set<string>, selects: Expr[]): void {
  if (e.type === "var" && e.name) vars.add(e.name);
  if (e.type === "select" && e.selector && e.variants) {
    selects.push(e);
    expr(e.selector, vars, selects);
    for (const v of e.variants) walk(v.value, vars, selects);
  }
  if (e.type === "func" || e.type === "term") for (const a of e.args ?? []) expr(a as Expr, vars, selects);
}

function analyse(lang: Language) {
  return new Map(
    messages(lang).map((m) => {
      const vars = new Set<string>();
      const selects: Expr[] = [];
      walk(m.value as Pattern | null, vars, selects);
      for (const attr of Object.values(m.attributes)) walk(attr as Pattern, vars, selects);
      return [m.id, { vars, selects }] as const;
    }),
  );
}

const NUMERIC = new Set(["minutes", "hours", "failed", "total"]);

/** Plausible arguments for a message's variables. */
function argsFor(vars: Set<string>, n: number): Record<string, string | number> {
  return Object.fromEntries([...vars].map((v) => [v, NUMERIC.has(v) ? n : `‹${v}›`]));
}

describe("ui.ftl catalogs", () => {
  it("parse completely, without duplicate ids", () => {
    for (const lang of LANGUAGES) {
      const list = ids(lang);
      expect(list.length, lang).toBeGreaterThan(100);
      expect(list.length, `${lang}: an entry did not parse`).toBe(declared(lang));
      expect(new Set(list).size, `${lang}: duplicate id`).toBe(list.length);
    }
  });

  it("have the same message ids in every language", () => {
    const en = [...ids("en")].sort();
    for (const lang of LANGUAGES) {
      const other = [...ids(lang)].sort();
      expect(
        en.filter((id) => !other.includes(id)),
        `missing in ${lang}`,
      ).toEqual([]);
      expect(
        other.filter((id) => !en.includes(id)),
        `only in ${lang}`,
      ).toEqual([]);
    }
  });

  it("use only the variables English passes", () => {
    const en = analyse("en");
    for (const lang of LANGUAGES) {
      for (const [id, { vars }] of analyse(lang)) {
        const allowed = en.get(id)?.vars ?? new Set<string>();
        expect([...vars].filter((v) => !allowed.has(v)), `${lang} ${id}`).toEqual([]);
      }
    }
  });

  it("give every plural selector a variant for each plural category of its language", () => {
    let plurals = 0;
    for (const lang of LANGUAGES) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const [id, { selects }] of analyse(lang)) {
        for (const select of selects) {
          const keys = select.variants!.map((v) => String(v.key.value));
          if (!keys.every((k) => ["zero", "one", "two", "few", "many", "other"].includes(k))) continue;
          plurals++;
          expect([...categories].filter((c) => !keys.includes(c)), `${lang} ${id}`).toEqual([]);
        }
      }
    }
    // Czech and German count minutes with plurals at least.
    expect(plurals).toBeGreaterThanOrEqual(7);
    expect(new Intl.PluralRules("cs").resolvedOptions().pluralCategories).toEqual(expect.arrayContaining(["one", "few", "many", "other"]));
  });

  it("format every message without errors, isolation marks or leftover placeables", () => {
    for (const lang of LANGUAGES) {
      const bundle = new FluentBundle(lang, { useIsolating: false });
      expect(bundle.addResource(new FluentResource(SOURCES[lang]))).toEqual([]);
      for (const [id, { vars }] of analyse(lang)) {
        for (const n of [0, 1, 2, 3, 4, 5, 11, 21, 22, 1.5]) {
          const message = bundle.getMessage(id)!;
          expect(message.value, `${lang} ${id}`).not.toBeNull();
          const errors: Error[] = [];
          const text = bundle.formatPattern(message.value!, argsFor(vars, n), errors);
          expect(errors, `${lang} ${id} (${n})`).toEqual([]);
          expect(text.trim(), `${lang} ${id}`).not.toBe("");
          expect(text, `${lang} ${id}`).not.toMatch(/[{}\u2066-\u2069]/);
          expect(text, `${lang} ${id}`).not.toMatch(/<[a-z]/i);
        }
      }
    }
  });

  it("translate: no Czech or German text is left in English, bar names and shared words", () => {
    // Words that are the same in the language (or product names) on purpose.
    const same: Record<Language, string[]> = {
      en: [],
      cs: ["setup-cloud", "duration-minutes", "duration-hours", "duration-hours-minutes", "cloud-china"],
      de: [
        "setup-cloud",
        "agenda-status",
        "settings-join-browser",
        "settings-open-in-app",
        "settings-open-in-browser",
        "settings-filters",
        "popup-comment-placeholder",
        "cloud-china",
        "relative-in",
        "duration-hours",
        "settings-desktop",
      ],
    };
    for (const lang of ["cs", "de"] as const) {
      const bundle = new FluentBundle(lang, { useIsolating: false });
      bundle.addResource(new FluentResource(SOURCES[lang]));
      const english = new FluentBundle("en", { useIsolating: false });
      english.addResource(new FluentResource(SOURCES.en));
      const untranslated = ids(lang).filter((id) => {
        const args = argsFor(analyse(lang).get(id)!.vars, 5);
        const a = bundle.formatPattern(bundle.getMessage(id)!.value!, args);
        const b = english.formatPattern(english.getMessage(id)!.value!, args);
        return a === b && !same[lang].includes(id);
      });
      expect(untranslated, lang).toEqual([]);
    }
  });
});

describe("t", () => {
  afterEach(() => vi.restoreAllMocks());

  it("formats in the current language, with plurals", () => {
    setLanguage("cs");
    expect(language()).toBe("cs");
    expect(t("tab-settings")).toBe("Nastavení");
    expect(t("settings-lead-before", { minutes: 1 })).toBe("1 minutu předem");
    expect(t("settings-lead-before", { minutes: 3 })).toBe("3 minuty předem");
    expect(t("settings-lead-before", { minutes: 5 })).toBe("5 minut předem");
    setLanguage("de");
    expect(t("settings-escalate-every", { minutes: 1 })).toBe("Jede Minute");
    expect(t("settings-escalate-every", { minutes: 10 })).toBe("Alle 10 Minuten");
    setLanguage("en");
    expect(t("popup-snooze-minutes-label", { minutes: 1 })).toBe("Snooze 1 minute");
    expect(t("popup-snooze-minutes-label", { minutes: 5 })).toBe("Snooze 5 minutes");
  });

  it("passes arguments through as text, without isolation marks", () => {
    setLanguage("de");
    expect(t("organizer", { name: "<b>Mallory</b>" })).toBe("Organisator: <b>Mallory</b>");
  });

  it("falls back to the id for an unknown message, and keeps going when an argument is missing", () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    setLanguage("cs");
    expect(t("no-such-message")).toBe("no-such-message");
    expect(t("organizer")).toContain("Organizátor");
  });

  it("treats an unknown language as English", () => {
    setLanguage("fr" as Language);
    expect(language()).toBe("en");
    expect(t("tab-agenda")).toBe("Agenda");
  });

  it("formats dates in the UI language", () => {
    setLanguage("de");
    expect(formatDateTime("2026-12-28T12:00:00Z", { month: "long", timeZone: "UTC" })).toBe("Dezember");
    setLanguage("cs");
    expect(formatDateTime("2026-12-28T12:00:00Z", { month: "long", day: "numeric", timeZone: "UTC" })).toBe("28. prosince");
    expect(formatDateTime("soon", { month: "long" })).toBe("soon");
  });
});

describe("applyLanguage", () => {
  afterEach(() => vi.restoreAllMocks());

  it("applies the backend's language and marks the document", async () => {
    await expect(applyLanguage(() => Promise.resolve("cs"))).resolves.toBe("cs");
    expect(language()).toBe("cs");
    expect(document.documentElement.lang).toBe("cs");
  });

  it("falls back to English when the backend fails or answers nonsense", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    setLanguage("de");
    await expect(applyLanguage(() => Promise.reject(new Error("no such command")))).resolves.toBe("en");
    expect(language()).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    await expect(applyLanguage(() => Promise.resolve("xx"))).resolves.toBe("en");
  });
});
