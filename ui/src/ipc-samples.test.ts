// The hand-kept IPC types against what the backend really sends:
// ipc-samples.json is written and checked by the Rust test
// src-tauri/src/ipc_samples.rs. Each fixture below is an object literal of a
// TypeScript type, so tsc holds it to exactly that type's fields; this test
// then holds the samples to the fixtures' fields and value types. A field
// renamed, added or dropped on either side fails here or in Rust.
import { describe, expect, it } from "vitest";
import samples from "./ipc-samples.json";
import type { AgendaView, AppInfo, AppSettingsView, Check, IpcError } from "./ipc";
import type { PopupView } from "./popup-ipc";

/** The shape of a JSON value: object keys with their shapes, an array's first element, a leaf's type. */
function shape(value: unknown): unknown {
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "empty array" : [shape(value[0])];
  if (typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

// Every nullable field set, as in the samples, so its type shows.
const appInfo: AppInfo = {
  name: "Meeting Tray",
  version: "1.0.0",
  account: {
    state: "connected",
    username: "u",
    display_name: "d",
    cloud: "c",
    reconnect_by: "t",
    problem: "p",
    settings: { client_id: "x", tenant: "t", cloud: "worldwide", read_only: false, reauthorize_after_days: 1 },
  },
};

const agendaView: AgendaView = {
  connected: true,
  days: [
    {
      date: "d",
      label: "l",
      meetings: [
        {
          id: "i",
          start: "s",
          end: "e",
          time_range: "r",
          all_day: false,
          subject: "s",
          organizer: "o",
          service_id: "s",
          service_name: "n",
          host: "h",
          status: "upcoming",
          response: "accepted",
          can_rsvp: false,
          cancelled: false,
          join_details_added: true,
        },
      ],
    },
  ],
  now: "n",
  out_of_office: { from: "f", until: "u", muted: true },
  stale_since: "s",
  sync_problem: "p",
  availability: { start: "s", slot_minutes: 30, slots: ["free", "tentative", "busy", "out_of_office", "working_elsewhere"] },
};

const appSettingsView: AppSettingsView = {
  settings: {
    alerts: {
      style: "both",
      lead_minutes: [1],
      escalate_every_minutes: 5,
      alert_without_link: false,
      quiet_when_out_of_office: true,
      sound: true,
    },
    // open_in is keyed by service id: data, not fields (empty in the samples).
    join: { default: "app", open_in: {} },
    filters: {
      hide_declined: true,
      hide_tentative: false,
      hide_all_day: false,
      hide_cancelled: true,
      hide_without_link: false,
      hide_titles: ["t"],
    },
    language: "cs",
    desktop: { theme: "system", tray_panel: "dark", join_shortcut: "Ctrl+Alt+J" },
    links: { service_order: ["zoom"], custom: [{ name: "n", host: "h", path_prefix: "/" }] },
    meetings: {
      source: { kind: "personal_room", service: "s", url: "u", dial_in: "d" },
      keyword_enabled: true,
      keyword: "k",
      more_keywords: [{ keyword: "k", source: { kind: "jitsi", base_url: "b", dial_in: null } }],
      quick_minutes: 30,
    },
    start_at_login: false,
  },
  services: [{ id: "zoom", name: "Zoom" }],
  all_services: [{ id: "zoom", name: "Zoom" }],
  session: "x11",
  shortcut_problem: "p",
};

const link = { index: 0, service_id: "s", service_name: "n", host: "h" };
const popupView: PopupView = {
  alerts: [
    {
      key: "k",
      subject: "s",
      start: "s",
      instant: "i",
      end: "e",
      time_range: "r",
      organizer: "o",
      join: link,
      others: [link],
      response: "notResponded",
      can_rsvp: true,
    },
  ],
};

const check: Check = { permission: "p", what: "w", ok: true, detail: "d" };
const ipcError: IpcError = { code: "configuration", message: "m" };

describe("IPC types", () => {
  it.each([
    ["app_info", samples.app_info, appInfo],
    ["agenda_view", samples.agenda_view, agendaView],
    ["app_settings_view", samples.app_settings_view, appSettingsView],
    ["popup_view", samples.popup_view, popupView],
    ["check", samples.check, check],
    ["ipc_error", samples.ipc_error, ipcError],
  ])("%s has the fields and value types the UI expects", (_name, sent, expected) => {
    expect(shape(sent)).toEqual(shape(expected));
  });

  it("covers every sample the backend writes", () => {
    expect(Object.keys(samples).sort()).toEqual(
      ["agenda_view", "app_info", "app_settings_view", "check", "ipc_error", "popup_view"].sort(),
    );
  });

  it("sends values the UI's unions know", () => {
    const meeting = samples.agenda_view.days[0]!.meetings[0]!;
    const statuses: string[] = ["upcoming", "in_progress", "ended"] satisfies AgendaView["days"][0]["meetings"][0]["status"][];
    expect(statuses).toContain(meeting.status);
    const themes: string[] = ["system", "light", "dark"] satisfies AppSettingsView["settings"]["desktop"]["theme"][];
    expect(themes).toContain(samples.app_settings_view.settings.desktop.theme);
    const panels: string[] = ["dark", "light"] satisfies AppSettingsView["settings"]["desktop"]["tray_panel"][];
    expect(panels).toContain(samples.app_settings_view.settings.desktop.tray_panel);
  });
});
