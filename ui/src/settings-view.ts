// The Settings tab: alerts, joining, meeting links, filters, desktop and
// language, as one form saved at once. Plain DOM from plain data; service
// names come from the backend, as text. The newer sections live in their own
// modules (settings-links.ts, settings-desktop.ts).
import {
  errorMessage,
  type AlertStyle,
  type AppSettings,
  type AppSettingsView,
  type Backend,
  type OpenIn,
} from "./ipc";
import { el } from "./dom";
import { checkbox, radio, safeId, type Section } from "./form-controls";
import { LANGUAGE_NAMES, LANGUAGES, t } from "./i18n";
import { meetingsSection } from "./settings-meetings";
import { desktopSection } from "./settings-desktop";
import { linksSection } from "./settings-links";

/** The lead times offered; a saved value outside these still shows, and is kept. */
export const LEAD_MINUTES = [0, 1, 2, 5, 10, 15];
/** The escalation intervals offered (minutes); null is Off. */
export const ESCALATE_MINUTES = [1, 2, 5, 10];

/** Each alert style with the message id of its name. */
const STYLES: [AlertStyle, string][] = [
  ["popup", "alert-style-popup"],
  ["notification", "alert-style-notification"],
  ["both", "alert-style-both"],
];

/** Each filter: its setting, its input's id, which is also the message id of its label ("filter-<id>"). */
const FILTERS: [keyof Omit<AppSettings["filters"], "hide_titles">, string][] = [
  ["hide_declined", "hide-declined"],
  ["hide_tentative", "hide-tentative"],
  ["hide_all_day", "hide-all-day"],
  ["hide_cancelled", "hide-cancelled"],
  ["hide_without_link", "hide-without-link"],
];

export interface SettingsHandle {
  /** Settles once the settings are shown (or the failure to load them). */
  ready: Promise<void>;
  /** Loads the settings from the backend again; unsaved changes are lost. */
  load(): Promise<void>;
  /** True once the settings were shown at least once. */
  loaded(): boolean;
}

export interface SettingsOptions {
  /** Shows the window again in a new language; by default location.reload(). */
  reload?: () => void;
}

/** "Hide meetings whose title contains": one per line, trimmed, empty lines dropped. */
export function parseTitles(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const minutes = (n: number) => (n === 0 ? t("settings-lead-at-start") : t("settings-lead-before", { minutes: n }));

export function mountSettings(root: HTMLElement, backend: Backend, options: SettingsOptions = {}): SettingsHandle {
  const reload = options.reload ?? (() => location.reload());
  const message = el("p", { id: "settings-message", class: "message", role: "status" });
  const body = el("div", { class: "settings-body" });
  const save = el("button", { id: "save-settings", type: "submit", class: "primary" }, t("settings-save"));
  const revert = el("button", { id: "revert-settings", type: "button", class: "secondary" }, t("settings-revert"));
  const form = el(
    "form",
    { id: "settings-form", class: "settings", "aria-label": t("settings-form"), novalidate: "" },
    body,
    el("div", { class: "actions" }, save, revert),
    message,
  );
  root.replaceChildren(form);
  save.disabled = true;
  revert.disabled = true;

  /** What the backend last returned: Revert shows it again. */
  let current: AppSettingsView | null = null;
  /** Reads the form back into settings; set by each render. */
  let collect: (() => AppSettings) | null = null;
  /** The sections that check their fields before saving; set by each render. */
  let sections: Section<unknown>[] = [];
  let busy = false;

  function render(view: AppSettingsView): void {
    const s = view.settings;

    // Alerts
    const styles = STYLES.map(([value, label]) => radio("alert-style", `alert-style-${value}`, value, s.alerts.style === value, t(label)));
    const leads = [...new Set([...LEAD_MINUTES, ...s.alerts.lead_minutes])].sort((a, b) => a - b);
    const leadBoxes = leads.map((n) => ({ n, ...checkbox(`lead-${n}`, s.alerts.lead_minutes.includes(n), minutes(n)) }));
    const escalate = el("select", { id: "escalate" });
    const escalations = [...new Set([...ESCALATE_MINUTES, ...(s.alerts.escalate_every_minutes === null ? [] : [s.alerts.escalate_every_minutes])])].sort(
      (a, b) => a - b,
    );
    escalate.append(
      el("option", { value: "" }, t("settings-escalate-off")),
      ...escalations.map((n) => el("option", { value: String(n) }, t("settings-escalate-every", { minutes: n }))),
    );
    escalate.value = s.alerts.escalate_every_minutes === null ? "" : String(s.alerts.escalate_every_minutes);
    const withoutLink = checkbox("alert-without-link", s.alerts.alert_without_link, t("settings-alert-without-link"));
    const quiet = checkbox("quiet-ooo", s.alerts.quiet_when_out_of_office, t("settings-quiet-ooo"));
    const sound = checkbox("alert-sound", s.alerts.sound, t("settings-sound"));

    // Joining
    const joinDefault = (
      [
        ["app", t("settings-join-app")],
        ["browser", t("settings-join-browser")],
      ] as [OpenIn, string][]
    ).map(([value, label]) => radio("join-default", `join-default-${value}`, value, s.join.default === value, label));
    const perService = view.services.map((service) => {
      const id = `open-in-${safeId(service.id)}`;
      const select = el(
        "select",
        { id },
        el("option", { value: "" }, t("settings-open-in-default")),
        el("option", { value: "app" }, t("settings-open-in-app")),
        el("option", { value: "browser" }, t("settings-open-in-browser")),
      );
      select.value = s.join.open_in[service.id] ?? "";
      return { service, select, row: el("div", { class: "service-row" }, el("label", { for: id }, service.name), select) };
    });

    // Filters
    const filters = FILTERS.map(([key, id]) => ({ key, ...checkbox(id, s.filters[key], t(`filter-${id}`)) }));
    const titles = el("textarea", { id: "hide-titles", rows: "3", spellcheck: "false" });
    titles.value = s.filters.hide_titles.join("\n");

    // Language: Automatic, then each language by its own name. A value this
    // window does not know still shows, and is kept.
    const languageSelect = el(
      "select",
      { id: "language" },
      el("option", { value: "" }, t("settings-language-auto")),
      ...LANGUAGES.map((lang) => el("option", { value: lang, lang }, LANGUAGE_NAMES[lang])),
    );
    if (s.language !== null && !(LANGUAGES as readonly string[]).includes(s.language)) {
      languageSelect.append(el("option", { value: s.language }, s.language));
    }
    languageSelect.value = s.language ?? "";

    const links = linksSection(view);
    const desktop = desktopSection(view);
    const meetings = meetingsSection(view);
    sections = [links, meetings, desktop];

    body.replaceChildren(
      el(
        "fieldset",
        {},
        el("legend", {}, t("settings-alerts")),
        el("fieldset", { class: "group" }, el("legend", {}, t("settings-alert-with")), ...styles.map((r) => r.row)),
        el("fieldset", { id: "lead-times", class: "group" }, el("legend", {}, t("settings-when")), ...leadBoxes.map((b) => b.row)),
        el("label", { for: "escalate" }, t("settings-escalate")),
        escalate,
        withoutLink.row,
        quiet.row,
        sound.row,
      ),
      el(
        "fieldset",
        {},
        el("legend", {}, t("settings-joining")),
        el("fieldset", { class: "group" }, el("legend", {}, t("settings-open-in")), ...joinDefault.map((r) => r.row)),
        ...(perService.length > 0 ? [el("div", { class: "services" }, ...perService.map((p) => p.row))] : []),
      ),
      links.element,
      meetings.element,
      el(
        "fieldset",
        {},
        el("legend", {}, t("settings-filters")),
        ...filters.map((f) => f.row),
        el("label", { for: "hide-titles" }, t("settings-hide-titles")),
        titles,
        el("p", { class: "muted hint" }, t("settings-hide-titles-hint")),
      ),
      desktop.element,
      el(
        "fieldset",
        {},
        el("legend", {}, t("settings-language")),
        el("label", { for: "language" }, t("settings-language-label")),
        languageSelect,
      ),
    );

    collect = () => {
      const openIn: Record<string, OpenIn> = {};
      // Services this window does not offer keep their choice.
      const offered = new Set(view.services.map((p) => p.id));
      for (const [id, value] of Object.entries(s.join.open_in)) if (!offered.has(id)) openIn[id] = value;
      for (const p of perService) {
        if (p.select.value === "app" || p.select.value === "browser") openIn[p.service.id] = p.select.value;
      }
      const filterValues = Object.fromEntries(filters.map((f) => [f.key, f.input.checked])) as Record<(typeof FILTERS)[number][0], boolean>;
      return {
        alerts: {
          style: (styles.find((r) => r.input.checked)?.input.value as AlertStyle | undefined) ?? s.alerts.style,
          lead_minutes: leadBoxes.filter((b) => b.input.checked).map((b) => b.n),
          escalate_every_minutes: escalate.value === "" ? null : Number(escalate.value),
          alert_without_link: withoutLink.input.checked,
          quiet_when_out_of_office: quiet.input.checked,
          sound: sound.input.checked,
        },
        join: {
          default: (joinDefault.find((r) => r.input.checked)?.input.value as OpenIn | undefined) ?? s.join.default,
          open_in: openIn,
        },
        filters: { ...filterValues, hide_titles: parseTitles(titles.value) },
        language: languageSelect.value === "" ? null : languageSelect.value,
        links: links.value(),
        ...meetings.value(),
        ...desktop.value(),
      };
    };
    current = view;
    save.disabled = false;
    revert.disabled = false;
  }

  let loading: Promise<void> | null = null;

  /** One request at a time: a second call while loading waits for the first. */
  function load(): Promise<void> {
    loading ??= (async () => {
      message.textContent = current ? "" : t("settings-loading");
      try {
        render(await backend.appSettings());
        message.textContent = "";
      } catch (err) {
        message.textContent = t("settings-load-failed", { error: errorMessage(err) });
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    void submit();
  });

  async function submit(): Promise<void> {
    if (!collect || busy) return;
    const settings = collect();
    if (settings.alerts.lead_minutes.length === 0) {
      message.textContent = t("settings-lead-required");
      form.querySelector<HTMLInputElement>("#lead-times input")?.focus();
      return;
    }
    // Every section checks (and marks) all its fields; the first problem is told.
    const problem = sections.map((section) => section.check()).find((p) => p !== null);
    if (problem) {
      message.textContent = problem.message;
      problem.control.focus();
      return;
    }
    busy = true;
    save.disabled = true;
    revert.disabled = true;
    message.textContent = t("settings-saving");
    const languageBefore = current?.settings.language ?? null;
    try {
      const view = await backend.saveAppSettings(settings);
      if ((view.settings.language ?? null) !== languageBefore) {
        // Everything on screen is in the old language: show the window anew.
        message.textContent = t("settings-saved");
        reload();
        return;
      }
      const focused = form.ownerDocument.activeElement;
      const focusId = focused instanceof HTMLElement && body.contains(focused) ? focused.id : null;
      render(view);
      if (focusId) form.ownerDocument.getElementById(focusId)?.focus();
      message.textContent = t("settings-saved");
    } catch (err) {
      message.textContent = errorMessage(err);
    } finally {
      busy = false;
      save.disabled = false;
      revert.disabled = false;
    }
  }

  revert.addEventListener("click", () => {
    if (!current || busy) return;
    render(current);
    message.textContent = "";
  });

  return { ready: load(), load, loaded: () => current !== null };
}
