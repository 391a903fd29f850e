import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppSettings, AppSettingsView, Backend } from "./ipc";
import { mountSettings, parseTitles } from "./settings-view";
import { idleBackend } from "./test-backend";

function settings(): AppSettings {
  return {
    alerts: {
      style: "popup",
      lead_minutes: [1, 5],
      escalate_every_minutes: 2,
      alert_without_link: false,
      quiet_when_out_of_office: true,
      sound: true,
    },
    join: { default: "app", open_in: { zoom: "browser", webex: "app" } },
    filters: {
      hide_declined: true,
      hide_tentative: false,
      hide_all_day: true,
      hide_cancelled: true,
      hide_without_link: false,
      hide_titles: ["Focus time", "Lunch"],
    },
    language: null,
    desktop: { theme: "system", tray_panel: "dark", join_shortcut: null },
    links: { service_order: [], custom: [] },
    meetings: { source: null, keyword_enabled: true, keyword: "@meet", more_keywords: [], quick_minutes: 30 },
    start_at_login: false,
  };
}

const view = (s: AppSettings = settings(), extra: Partial<AppSettingsView> = {}): AppSettingsView => ({
  settings: s,
  services: [
    { id: "teams", name: "Microsoft Teams" },
    { id: "zoom", name: "Zoom" },
    { id: "webex", name: "Webex" },
  ],
  all_services: [
    { id: "teams", name: "Microsoft Teams" },
    { id: "zoom", name: "Zoom" },
    { id: "webex", name: "Webex" },
    { id: "meet", name: "Google Meet" },
    { id: "jitsi", name: "Jitsi Meet" },
  ],
  session: "x11",
  shortcut_problem: null,
  ...extra,
});

function fakeBackend(initial: AppSettingsView, overrides: Partial<Backend> = {}) {
  return {
    ...idleBackend(),
    appSettings: vi.fn<Backend["appSettings"]>(() => Promise.resolve(initial)),
    saveAppSettings: vi.fn<Backend["saveAppSettings"]>((s) => Promise.resolve({ ...initial, settings: s })),
    ...overrides,
  } satisfies Backend;
}

let root: HTMLElement | null = null;

async function mount(backend: Backend) {
  root = document.createElement("div");
  document.body.append(root);
  const handle = mountSettings(root, backend);
  await handle.ready;
  return { root, handle };
}

afterEach(() => {
  root?.remove();
  root = null;
});

const input = (r: HTMLElement, id: string) => r.querySelector<HTMLInputElement>(`#${id}`)!;
const select = (r: HTMLElement, id: string) => r.querySelector<HTMLSelectElement>(`#${id}`)!;
const textarea = (r: HTMLElement) => r.querySelector<HTMLTextAreaElement>("#hide-titles")!;
const labelOf = (r: HTMLElement, id: string) => r.querySelector(`label[for="${id}"]`)?.textContent;
const message = (r: HTMLElement) => r.querySelector("#settings-message")?.textContent;
const save = (r: HTMLElement) => r.querySelector<HTMLButtonElement>("#save-settings")!.click();

describe("Settings", () => {
  it("renders the form from the view, every input with its label", async () => {
    const { root } = await mount(fakeBackend(view()));
    expect(root.querySelector("form#settings-form")).not.toBeNull();
    expect(input(root, "alert-style-popup").checked).toBe(true);
    expect(input(root, "alert-style-notification").checked).toBe(false);
    expect(input(root, "alert-style-both").checked).toBe(false);
    expect([0, 1, 2, 5, 10, 15].map((n) => input(root, `lead-${n}`).checked)).toEqual([false, true, false, true, false, false]);
    expect(labelOf(root, "lead-0")).toBe("At the start");
    expect(labelOf(root, "lead-10")).toBe("10 min before");
    expect(select(root, "escalate").value).toBe("2");
    expect([...select(root, "escalate").options].map((o) => o.textContent)).toEqual([
      "Off",
      "Every 1 min",
      "Every 2 min",
      "Every 5 min",
      "Every 10 min",
    ]);
    expect(input(root, "alert-without-link").checked).toBe(false);
    expect(input(root, "quiet-ooo").checked).toBe(true);
    expect(input(root, "join-default-app").checked).toBe(true);
    expect(labelOf(root, "join-default-app")).toBe("Meeting app when installed");
    expect(input(root, "join-default-browser").checked).toBe(false);
    expect(select(root, "open-in-teams").value).toBe("");
    expect(select(root, "open-in-zoom").value).toBe("browser");
    expect(select(root, "open-in-webex").value).toBe("app");
    expect(labelOf(root, "open-in-zoom")).toBe("Zoom");
    expect(["hide-declined", "hide-tentative", "hide-all-day", "hide-cancelled", "hide-without-link"].map((id) => input(root, id).checked)).toEqual([
      true,
      false,
      true,
      true,
      false,
    ]);
    expect(textarea(root).value).toBe("Focus time\nLunch");
    expect(labelOf(root, "hide-titles")).toBe("Hide meetings whose title contains");
    for (const control of root.querySelectorAll("input, select, textarea")) {
      expect(root.querySelector(`label[for="${control.id}"]`), control.id).not.toBeNull();
    }
    expect(message(root)).toBe("");
  });

  it("saves the whole settings as edited, then shows what the backend returned", async () => {
    const returned = { ...settings(), alerts: { ...settings().alerts, lead_minutes: [0, 10] } };
    const backend = fakeBackend(view(), { saveAppSettings: vi.fn(() => Promise.resolve(view(returned))) });
    const { root } = await mount(backend);
    input(root, "alert-style-both").click();
    input(root, "lead-1").click();
    input(root, "lead-0").click();
    input(root, "lead-15").click();
    select(root, "escalate").value = "";
    input(root, "alert-without-link").click();
    input(root, "quiet-ooo").click();
    input(root, "alert-sound").click();
    input(root, "join-default-browser").click();
    select(root, "open-in-teams").value = "app";
    select(root, "open-in-zoom").value = ""; // Default: the key goes away
    input(root, "hide-tentative").click();
    input(root, "hide-declined").click();
    textarea(root).value = "  Standup \n\n\t\nLunch\r\n 1:1  \n";
    save(root);
    await vi.waitFor(() => expect(message(root)).toBe("Saved."));
    expect(backend.saveAppSettings).toHaveBeenCalledOnce();
    expect(backend.saveAppSettings).toHaveBeenCalledWith({
      alerts: {
        style: "both",
        lead_minutes: [0, 5, 15],
        escalate_every_minutes: null,
        alert_without_link: true,
        quiet_when_out_of_office: false,
        sound: false,
      },
      join: { default: "browser", open_in: { teams: "app", webex: "app" } },
      filters: {
        hide_declined: false,
        hide_tentative: true,
        hide_all_day: true,
        hide_cancelled: true,
        hide_without_link: false,
        hide_titles: ["Standup", "Lunch", "1:1"],
      },
      language: null,
      desktop: { theme: "system", tray_panel: "dark", join_shortcut: null },
      links: { service_order: [], custom: [] },
      meetings: { source: null, keyword_enabled: true, keyword: "@meet", more_keywords: [], quick_minutes: 30 },
      start_at_login: false,
    });
    // The form now shows the backend's answer, not what was typed.
    expect([0, 1, 2, 5, 10, 15].filter((n) => input(root, `lead-${n}`).checked)).toEqual([0, 10]);
    expect(input(root, "alert-style-popup").checked).toBe(true);
    expect(textarea(root).value).toBe("Focus time\nLunch");
  });

  it("keeps values it does not offer: an odd lead time, escalation or service", async () => {
    const odd = settings();
    odd.alerts.lead_minutes = [3, 5];
    odd.alerts.escalate_every_minutes = 7;
    odd.join.open_in = { jitsi: "browser", zoom: "app" };
    const backend = fakeBackend(view(odd));
    const { root } = await mount(backend);
    expect(input(root, "lead-3").checked).toBe(true);
    expect(labelOf(root, "lead-3")).toBe("3 min before");
    expect(select(root, "escalate").value).toBe("7");
    expect(root.querySelector("#open-in-jitsi")).toBeNull();
    save(root);
    await vi.waitFor(() => expect(message(root)).toBe("Saved."));
    const sent = vi.mocked(backend.saveAppSettings).mock.calls[0]![0];
    expect(sent.alerts.lead_minutes).toEqual([3, 5]);
    expect(sent.alerts.escalate_every_minutes).toBe(7);
    expect(sent.join.open_in).toEqual({ jitsi: "browser", zoom: "app" });
  });

  it("asks for at least one lead time instead of saving none", async () => {
    const backend = fakeBackend(view());
    const { root } = await mount(backend);
    input(root, "lead-1").click();
    input(root, "lead-5").click();
    save(root);
    expect(message(root)).toBe("Choose at least one time to be alerted.");
    expect(backend.saveAppSettings).not.toHaveBeenCalled();
  });

  it("shows the backend's message when saving is refused, keeping the edits", async () => {
    const backend = fakeBackend(view(), {
      saveAppSettings: vi.fn(() => Promise.reject({ code: "configuration", message: "Escalation must be at least 1 minute." })),
    });
    const { root } = await mount(backend);
    input(root, "lead-10").click();
    save(root);
    await vi.waitFor(() => expect(message(root)).toBe("Escalation must be at least 1 minute."));
    expect(input(root, "lead-10").checked).toBe(true);
    expect(root.querySelector<HTMLButtonElement>("#save-settings")!.disabled).toBe(false);
  });

  it("reverts to the last saved settings", async () => {
    const backend = fakeBackend(view());
    const { root } = await mount(backend);
    input(root, "lead-10").click();
    input(root, "alert-style-notification").click();
    select(root, "open-in-zoom").value = "";
    textarea(root).value = "Anything";
    root.querySelector<HTMLButtonElement>("#revert-settings")!.click();
    expect(input(root, "lead-10").checked).toBe(false);
    expect(input(root, "alert-style-popup").checked).toBe(true);
    expect(select(root, "open-in-zoom").value).toBe("browser");
    expect(textarea(root).value).toBe("Focus time\nLunch");
    expect(backend.saveAppSettings).not.toHaveBeenCalled();
    expect(backend.appSettings).toHaveBeenCalledOnce();
  });

  it("shows a failure to load the settings, and loads them again on demand", async () => {
    let fail = true;
    const backend = fakeBackend(view(), {
      appSettings: vi.fn(() => (fail ? Promise.reject({ code: "configuration", message: "settings.toml is unreadable" }) : Promise.resolve(view()))),
    });
    const { root, handle } = await mount(backend);
    expect(message(root)).toBe("Could not load the settings. settings.toml is unreadable");
    expect(root.querySelector<HTMLButtonElement>("#save-settings")!.disabled).toBe(true);
    expect(handle.loaded()).toBe(false);
    fail = false;
    await handle.load();
    expect(handle.loaded()).toBe(true);
    expect(message(root)).toBe("");
    expect(input(root, "lead-5").checked).toBe(true);
  });
});

describe("parseTitles", () => {
  it("takes one title per line, trimmed, without empty lines", () => {
    expect(parseTitles(" a \r\n\n b\n   \n")).toEqual(["a", "b"]);
    expect(parseTitles("")).toEqual([]);
  });
});
