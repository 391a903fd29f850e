// The Settings tab: alerts, joining and filters, as one form saved at once.
// Plain DOM from plain data; service names come from the backend, as text.
import {
  errorMessage,
  type AlertStyle,
  type AppSettings,
  type AppSettingsView,
  type Backend,
  type OpenIn,
} from "./ipc";
import { el } from "./dom";

/** The lead times offered; a saved value outside these still shows, and is kept. */
export const LEAD_MINUTES = [0, 1, 2, 5, 10, 15];
/** The escalation intervals offered (minutes); null is Off. */
export const ESCALATE_MINUTES = [1, 2, 5, 10];

const STYLES: [AlertStyle, string][] = [
  ["popup", "Pop-up"],
  ["notification", "Notification"],
  ["both", "Both"],
];

const FILTERS: [keyof Omit<AppSettings["filters"], "hide_titles">, string, string][] = [
  ["hide_declined", "hide-declined", "Hide declined meetings"],
  ["hide_tentative", "hide-tentative", "Hide tentatively accepted meetings"],
  ["hide_all_day", "hide-all-day", "Hide all-day events"],
  ["hide_cancelled", "hide-cancelled", "Hide cancelled meetings"],
  ["hide_without_link", "hide-without-link", "Hide meetings without a join link"],
];

export interface SettingsHandle {
  /** Settles once the settings are shown (or the failure to load them). */
  ready: Promise<void>;
  /** Loads the settings from the backend again; unsaved changes are lost. */
  load(): Promise<void>;
  /** True once the settings were shown at least once. */
  loaded(): boolean;
}

/** "Hide meetings whose title contains": one per line, trimmed, empty lines dropped. */
export function parseTitles(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

const minutes = (n: number) => (n === 0 ? "At the start" : `${n} min before`);

/** An id-safe form of a service id for `#open-in-<id>`. */
const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

function checkbox(id: string, checked: boolean, label: string): { input: HTMLInputElement; row: HTMLElement } {
  const input = el("input", { id, type: "checkbox" });
  input.checked = checked;
  return { input, row: el("div", { class: "check-row" }, input, el("label", { for: id, class: "check" }, label)) };
}

function radio(name: string, id: string, value: string, checked: boolean, label: string) {
  const input = el("input", { id, type: "radio", name, value });
  input.checked = checked;
  return { input, row: el("div", { class: "check-row" }, input, el("label", { for: id, class: "check" }, label)) };
}

export function mountSettings(root: HTMLElement, backend: Backend): SettingsHandle {
  const message = el("p", { id: "settings-message", class: "message", role: "status" });
  const body = el("div", { class: "settings-body" });
  const save = el("button", { id: "save-settings", type: "submit", class: "primary" }, "Save");
  const revert = el("button", { id: "revert-settings", type: "button", class: "secondary" }, "Revert");
  const form = el(
    "form",
    { id: "settings-form", class: "settings", "aria-label": "Settings", novalidate: "" },
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
  let busy = false;

  function render(view: AppSettingsView): void {
    const s = view.settings;

    // Alerts
    const styles = STYLES.map(([value, label]) => radio("alert-style", `alert-style-${value}`, value, s.alerts.style === value, label));
    const leads = [...new Set([...LEAD_MINUTES, ...s.alerts.lead_minutes])].sort((a, b) => a - b);
    const leadBoxes = leads.map((n) => ({ n, ...checkbox(`lead-${n}`, s.alerts.lead_minutes.includes(n), minutes(n)) }));
    const escalate = el("select", { id: "escalate" });
    const escalations = [...new Set([...ESCALATE_MINUTES, ...(s.alerts.escalate_every_minutes === null ? [] : [s.alerts.escalate_every_minutes])])].sort(
      (a, b) => a - b,
    );
    escalate.append(el("option", { value: "" }, "Off"), ...escalations.map((n) => el("option", { value: String(n) }, `Every ${n} min`)));
    escalate.value = s.alerts.escalate_every_minutes === null ? "" : String(s.alerts.escalate_every_minutes);
    const withoutLink = checkbox("alert-without-link", s.alerts.alert_without_link, "Alert for meetings without a join link");
    const quiet = checkbox("quiet-ooo", s.alerts.quiet_when_out_of_office, "No alerts while out of office");

    // Joining
    const joinDefault = (
      [
        ["app", "Meeting app when installed"],
        ["browser", "Browser"],
      ] as [OpenIn, string][]
    ).map(([value, label]) => radio("join-default", `join-default-${value}`, value, s.join.default === value, label));
    const perService = view.services.map((service) => {
      const id = `open-in-${safeId(service.id)}`;
      const select = el(
        "select",
        { id },
        el("option", { value: "" }, "Default"),
        el("option", { value: "app" }, "App"),
        el("option", { value: "browser" }, "Browser"),
      );
      select.value = s.join.open_in[service.id] ?? "";
      return { service, select, row: el("div", { class: "service-row" }, el("label", { for: id }, service.name), select) };
    });

    // Filters
    const filters = FILTERS.map(([key, id, label]) => ({ key, ...checkbox(id, s.filters[key], label) }));
    const titles = el("textarea", { id: "hide-titles", rows: "3", spellcheck: "false" });
    titles.value = s.filters.hide_titles.join("\n");

    body.replaceChildren(
      el(
        "fieldset",
        {},
        el("legend", {}, "Alerts"),
        el("fieldset", { class: "group" }, el("legend", {}, "Alert with"), ...styles.map((r) => r.row)),
        el("fieldset", { id: "lead-times", class: "group" }, el("legend", {}, "When"), ...leadBoxes.map((b) => b.row)),
        el("label", { for: "escalate" }, "Remind again until handled"),
        escalate,
        withoutLink.row,
        quiet.row,
      ),
      el(
        "fieldset",
        {},
        el("legend", {}, "Joining"),
        el("fieldset", { class: "group" }, el("legend", {}, "Open meetings in"), ...joinDefault.map((r) => r.row)),
        ...(perService.length > 0 ? [el("div", { class: "services" }, ...perService.map((p) => p.row))] : []),
      ),
      el(
        "fieldset",
        {},
        el("legend", {}, "Filters"),
        ...filters.map((f) => f.row),
        el("label", { for: "hide-titles" }, "Hide meetings whose title contains"),
        titles,
        el("p", { class: "muted hint" }, "One per line."),
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
        },
        join: {
          default: (joinDefault.find((r) => r.input.checked)?.input.value as OpenIn | undefined) ?? s.join.default,
          open_in: openIn,
        },
        filters: { ...filterValues, hide_titles: parseTitles(titles.value) },
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
      message.textContent = current ? "" : "Loading…";
      try {
        render(await backend.appSettings());
        message.textContent = "";
      } catch (err) {
        message.textContent = `Could not load the settings. ${errorMessage(err)}`;
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
      message.textContent = "Choose at least one time to be alerted.";
      form.querySelector<HTMLInputElement>("#lead-times input")?.focus();
      return;
    }
    busy = true;
    save.disabled = true;
    revert.disabled = true;
    message.textContent = "Saving…";
    try {
      const view = await backend.saveAppSettings(settings);
      const focused = form.ownerDocument.activeElement;
      const focusId = focused instanceof HTMLElement && body.contains(focused) ? focused.id : null;
      render(view);
      if (focusId) form.ownerDocument.getElementById(focusId)?.focus();
      message.textContent = "Saved.";
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
