// The views in Czech and German: what the user reads follows setLanguage().
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccountView, AgendaView, AppSettings, AppSettingsView, Backend, ServiceChoice } from "./ipc";
import type { AlertView, PopupBackend } from "./popup-ipc";
import { setLanguage } from "./i18n";
import { render, type AppHandle } from "./view";
import { mountPopup, relativeTime, type PopupHandle } from "./popup-view";
import { mountSettings } from "./settings-view";
import { idleBackend } from "./test-backend";

const NOW = "2026-03-02T09:55:00Z";

const account = (state: AccountView["state"]): AccountView => ({
  state,
  username: "dana@contoso.example",
  display_name: "Dana Reyes",
  cloud: "Worldwide",
  reconnect_by: null,
  problem: null,
  settings: { client_id: "", tenant: "organizations", cloud: "worldwide", read_only: false, reauthorize_after_days: 30 },
});

const agenda: AgendaView = {
  connected: true,
  now: NOW,
  out_of_office: { from: null, until: null, muted: false },
  stale_since: null,
  sync_problem: null,
  availability: null,
  days: [
    {
      date: "2026-03-02",
      label: "Dnes",
      meetings: [
        {
          id: "m1",
          start: "2026-03-02T10:00:00Z",
          end: "2026-03-02T10:30:00Z",
          time_range: "10:00–10:30",
          all_day: false,
          subject: "Standup",
          organizer: "Dana Reyes",
          service_id: "teams",
          service_name: "Microsoft Teams",
          host: "teams.microsoft.com",
          status: "upcoming",
          response: "notResponded",
          can_rsvp: true,
          cancelled: false,
          join_details_added: true,
        },
      ],
    },
    { date: "2026-03-03", label: "Zítra", meetings: [] },
  ],
};

function settings(language: string | null = null): AppSettings {
  return {
    alerts: { style: "popup", lead_minutes: [1, 2, 5], escalate_every_minutes: 2, alert_without_link: false, quiet_when_out_of_office: true, sound: true },
    join: { default: "app", open_in: {} },
    filters: {
      hide_declined: false,
      hide_tentative: false,
      hide_all_day: false,
      hide_cancelled: false,
      hide_without_link: false,
      hide_titles: [],
    },
    language,
    desktop: { theme: "system", tray_panel: "dark", join_shortcut: null },
    links: { service_order: ["zoom"], custom: [{ name: "Acme Video", host: "video.acme.example", path_prefix: "" }] },
    meetings: { source: null, keyword_enabled: true, keyword: "@meet", more_keywords: [], quick_minutes: 30 },
    start_at_login: false,
  };
}

const settingsView = (s: AppSettings, services: ServiceChoice[] = []): AppSettingsView => ({
  settings: s,
  services,
  all_services: [
    { id: "teams", name: "Microsoft Teams" },
    { id: "zoom", name: "Zoom" },
  ],
  session: "wayland",
  shortcut_problem: null,
});

function backend(overrides: Partial<Backend> = {}): Backend {
  return {
    ...idleBackend(),
    uiLanguage: () => Promise.resolve("cs"),
    agendaView: () => Promise.resolve(agenda),
    agendaJoin: () => Promise.resolve(),
    agendaRsvp: () => Promise.resolve(),
    appSettings: () => Promise.resolve(settingsView(settings(), [{ id: "zoom", name: "Zoom" }])),
    saveAppSettings: (s) => Promise.resolve(settingsView(s, [{ id: "zoom", name: "Zoom" }])),
    onAgendaChanged: () => Promise.resolve(() => {}),
    ...overrides,
  };
}

const alert: AlertView = {
  key: "a",
  subject: "Standup",
  start: "2026-03-02T10:00:00Z",
  instant: "2026-03-02T09:55:00Z",
  end: "2026-03-02T10:30:00Z",
  time_range: "10:00–10:30",
  organizer: "Dana Reyes",
  join: { index: 0, service_id: "teams", service_name: "Microsoft Teams", host: "teams.microsoft.com" },
  others: [],
  response: "notResponded",
  can_rsvp: true,
};

const popupBackend = (): PopupBackend => ({
  uiLanguage: () => Promise.resolve("cs"),
  view: () => Promise.resolve({ alerts: [alert] }),
  join: () => Promise.resolve(),
  snooze: () => Promise.resolve(),
  dismiss: () => Promise.resolve(),
  rsvp: () => Promise.resolve(),
  onChanged: () => Promise.resolve(() => {}),
  uiTheme: () => Promise.resolve("system"),
  onThemeChanged: () => Promise.resolve(() => {}),
});

let app: AppHandle | null = null;
let popup: PopupHandle | null = null;
const roots: HTMLElement[] = [];

function newRoot(): HTMLElement {
  const root = document.createElement("main");
  document.body.append(root);
  roots.push(root);
  return root;
}

afterEach(() => {
  app?.unmount();
  popup?.unmount();
  app = popup = null;
  for (const r of roots.splice(0)) r.remove();
});

const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((n) => n.textContent);

describe("in Czech", () => {
  it("renders the main window: tabs, account, agenda", async () => {
    setLanguage("cs");
    const root = newRoot();
    app = render(root, { name: "Meeting Tray", version: "1.0.0", account: account("not_connected") }, backend(), { tab: "agenda" });
    await app.agenda.ready;
    expect(texts(root, "[role=tab]")).toEqual(["Program", "Nastavení", "Účet"]);
    expect(root.querySelector("#account-title")?.textContent).toBe("Nepřipojeno");
    expect(root.querySelector("#connect")?.textContent).toBe("Připojit kalendář");
    expect(root.querySelector("#about-title")?.textContent).toBe("O aplikaci");
    expect(root.querySelector("#agenda-ooo")?.textContent).toBe("Mimo kancelář");
    const join = root.querySelector<HTMLButtonElement>("button.join")!;
    expect(join.textContent).toBe("Připojit se");
    expect(join.getAttribute("aria-label")).toBe("Připojit se ke schůzce Standup přes Microsoft Teams");
    expect(texts(root, ".rsvp-button")).toEqual(["Přijmout", "Předběžně", "Odmítnout"]);
    expect(root.querySelector(".organizer")?.textContent).toBe("Organizátor: Dana Reyes");
    expect(root.querySelector(".empty")?.textContent).toBe("Žádné schůzky");
    expect(root.querySelector(".now-line")?.getAttribute("aria-label")).toBe("Teď");
  });

  it("renders the settings, with the language picker in each language's own name", async () => {
    setLanguage("cs");
    const root = newRoot();
    await mountSettings(root, backend()).ready;
    expect(root.querySelector("label[for=lead-1]")?.textContent).toBe("1 minutu předem");
    expect(root.querySelector("label[for=lead-2]")?.textContent).toBe("2 minuty předem");
    expect(root.querySelector("label[for=lead-5]")?.textContent).toBe("5 minut předem");
    expect(root.querySelector("label[for=lead-0]")?.textContent).toBe("Na začátku");
    expect(texts(root, "#escalate option")).toEqual(["Vypnuto", "Každou minutu", "Každé 2 minuty", "Každých 5 minut", "Každých 10 minut"]);
    expect(texts(root, "#language option")).toEqual(["Automaticky", "English", "Čeština", "Deutsch"]);
    expect(root.querySelector("label[for=language]")?.textContent).toBe("Jazyk rozhraní");
    expect(root.querySelector("#save-settings")?.textContent).toBe("Uložit");
    expect(texts(root, "#link-settings > legend, #desktop-settings > legend")).toEqual(["Odkazy na schůzky", "Pracovní prostředí"]);
    expect(root.querySelector("#order-up-zoom")?.getAttribute("aria-label")).toBe("Posunout Zoom výš");
    expect(root.querySelector("#custom-remove-0")?.getAttribute("aria-label")).toBe("Odebrat Acme Video");
    expect(root.querySelector("label[for=theme-system]")?.textContent).toBe("Podle systému");
    expect(root.querySelector("label[for=start-at-login]")?.textContent).toBe("Spouštět Meeting Tray po přihlášení");
    expect(root.querySelector("#shortcut-wayland")?.textContent).toMatch(/^Ve Waylandu .* meeting-tray join --soon$/);
  });

  it("renders the Join pop-up and its relative times", async () => {
    setLanguage("cs");
    const now = new Date(NOW);
    expect(relativeTime(alert.start, alert.end, now)).toBe("za 5 min");
    expect(relativeTime(alert.start, alert.end, new Date("2026-03-02T08:45:00Z"))).toBe("za 1 h 15 min");
    expect(relativeTime(alert.start, alert.end, new Date("2026-03-02T10:00:00Z"))).toBe("právě začíná");
    expect(relativeTime(alert.start, alert.end, new Date("2026-03-02T10:02:00Z"))).toBe("začala před 2 min");
    expect(relativeTime(alert.start, alert.end, new Date("2026-03-02T10:33:00Z"))).toBe("skončila před 3 min");
    const root = newRoot();
    popup = mountPopup(root, popupBackend(), () => now, 0);
    await popup.ready;
    expect(root.querySelector(".when")?.textContent).toBe("za 5 min · 10:00–10:30");
    expect(root.querySelector("button.join")?.textContent).toBe("Připojit se");
    const snooze = [...root.querySelectorAll(".snooze button")];
    expect(snooze.map((b) => b.getAttribute("aria-label"))).toEqual(["Odložit o 1 minutu", "Odložit o 5 minut", "Odložit do začátku schůzky"]);
    expect(root.querySelector<HTMLInputElement>("input.comment")?.placeholder).toBe("Nepovinné");
    expect(root.querySelector(".dismiss")?.textContent).toBe("Zavřít");
  });
});

describe("in German", () => {
  it("renders the main window, the settings and the pop-up", async () => {
    setLanguage("de");
    const root = newRoot();
    app = render(root, { name: "Meeting Tray", version: "1.0.0", account: account("not_connected") }, backend(), { tab: "settings" });
    await Promise.all([app.agenda.ready, app.settings.ready]);
    expect(texts(root, "[role=tab]")).toEqual(["Termine", "Einstellungen", "Konto"]);
    expect(root.querySelector("button.join")?.textContent).toBe("Beitreten");
    expect(texts(root, ".rsvp-button")).toEqual(["Zusagen", "Mit Vorbehalt", "Absagen"]);
    expect(root.querySelector("#agenda-ooo")?.textContent).toBe("Abwesend");
    expect(root.querySelector("label[for=lead-1]")?.textContent).toBe("1 Minute vorher");
    expect(root.querySelector("label[for=lead-5]")?.textContent).toBe("5 Minuten vorher");
    expect(root.querySelector("#save-settings")?.textContent).toBe("Speichern");
    expect(root.querySelector("label[for=theme-system]")?.textContent).toBe("Wie im System");
    expect(root.querySelector("label[for=tray-panel-light]")?.textContent).toBe("Für eine helle Leiste");
    expect(root.querySelector("#order-remove-zoom")?.getAttribute("aria-label")).toBe("Zoom entfernen");
    expect(root.querySelector("label[for=custom-host-0]")?.textContent).toBe("Hostname");

    const popupRoot = newRoot();
    popup = mountPopup(popupRoot, popupBackend(), () => new Date(NOW), 0);
    await popup.ready;
    expect(popupRoot.querySelector(".when")?.textContent).toBe("in 5 Min. · 10:00–10:30");
    expect(popupRoot.querySelector("button.join")?.textContent).toBe("Beitreten");
    expect(relativeTime(alert.start, alert.end, new Date("2026-03-02T10:02:00Z"))).toBe("hat vor 2 Min. begonnen");
  });
});

describe("the language setting", () => {
  it("saves the chosen language, then reloads the window", async () => {
    const reload = vi.fn();
    const save = vi.fn<Backend["saveAppSettings"]>((s) => Promise.resolve(settingsView(s)));
    const root = newRoot();
    await mountSettings(root, backend({ saveAppSettings: save }), { reload }).ready;
    const select = root.querySelector<HTMLSelectElement>("#language")!;
    expect(select.value).toBe("");
    select.value = "cs";
    root.querySelector<HTMLButtonElement>("#save-settings")!.click();
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0].language).toBe("cs");
  });

  it("does not reload when the language stayed, and keeps a language it does not know", async () => {
    const reload = vi.fn();
    const save = vi.fn<Backend["saveAppSettings"]>((s) => Promise.resolve(settingsView(s)));
    const root = newRoot();
    const b = backend({ appSettings: () => Promise.resolve(settingsView(settings("fr"))), saveAppSettings: save });
    await mountSettings(root, b, { reload }).ready;
    expect(root.querySelector<HTMLSelectElement>("#language")!.value).toBe("fr");
    root.querySelector<HTMLButtonElement>("#save-settings")!.click();
    await vi.waitFor(() => expect(root.querySelector("#settings-message")?.textContent).toBe("Saved."));
    expect(save.mock.calls[0]![0].language).toBe("fr");
    expect(reload).not.toHaveBeenCalled();
  });

  it("goes back to Automatic as null", async () => {
    const reload = vi.fn();
    const save = vi.fn<Backend["saveAppSettings"]>((s) => Promise.resolve(settingsView(s)));
    const root = newRoot();
    const b = backend({ appSettings: () => Promise.resolve(settingsView(settings("de"))), saveAppSettings: save });
    await mountSettings(root, b, { reload }).ready;
    root.querySelector<HTMLSelectElement>("#language")!.value = "";
    root.querySelector<HTMLButtonElement>("#save-settings")!.click();
    await vi.waitFor(() => expect(reload).toHaveBeenCalledOnce());
    expect(save.mock.calls[0]![0].language).toBeNull();
  });
});
