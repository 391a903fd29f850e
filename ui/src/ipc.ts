// Mirrors src-tauri/src/ipc.rs and agenda_commands.rs; ipc-samples.test.ts
// checks these types against what the commands really send. The UI branches
// on `code`, never on message text.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import { t, type Language } from "./i18n";

export type Cloud = "worldwide" | "gcc-high" | "dod" | "china";

export interface SettingsView {
  client_id: string;
  tenant: string;
  cloud: Cloud;
  read_only: boolean;
  /** Ask to sign in again this many days after the last sign-in; 0: never (0–365). */
  reauthorize_after_days: number;
}

export type AccountStateName =
  | "not_configured"
  | "not_connected"
  | "connected"
  | "reconnect_soon"
  | "reconnect_needed"
  | "attention";

export interface AccountView {
  state: AccountStateName;
  username: string | null;
  display_name: string | null;
  cloud: string;
  reconnect_by: string | null;
  problem: string | null;
  settings: SettingsView;
}

export interface AppInfo {
  name: string;
  version: string;
  account: AccountView;
}

export interface Check {
  permission: string;
  what: string;
  ok: boolean;
  detail: string;
}

export type ErrorCode =
  | "not_configured"
  | "cancelled"
  | "consent_declined"
  | "admin_consent_required"
  | "blocked"
  | "needs_reauth"
  | "configuration"
  | "transient"
  | "keychain"
  | "gone"
  | "not_joinable"
  | "graph";

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** The backend's message for an IpcError; something readable for anything else. */
export function errorMessage(err: unknown): string {
  return isIpcError(err) ? err.message : t("error-unexpected", { error: String(err) });
}

export type ResponseName =
  | "none"
  | "organizer"
  | "tentativelyAccepted"
  | "accepted"
  | "declined"
  | "notResponded";

export type RsvpAction = "accept" | "tentativelyAccept" | "decline";

export interface AgendaMeeting {
  id: string;
  /** RFC 3339, UTC. */
  start: string;
  /** RFC 3339, UTC. */
  end: string;
  /** Preformatted in the user's zone, e.g. "10:00–10:30" or "All day". */
  time_range: string;
  all_day: boolean;
  subject: string;
  organizer: string | null;
  /** All three null when the meeting has no join link. */
  service_id: string | null;
  service_name: string | null;
  host: string | null;
  status: "upcoming" | "in_progress" | "ended";
  response: ResponseName;
  /** True while the user has not answered (offer Accept / Tentative / Decline). */
  can_rsvp: boolean;
  cancelled: boolean;
  /** Meeting Tray's scheduling keyword (@meet) added the join details. */
  join_details_added: boolean;
}

export interface AgendaDay {
  /** YYYY-MM-DD, in the user's zone. */
  date: string;
  /** Preformatted, e.g. "Today — Sun 29 Nov". */
  label: string;
  meetings: AgendaMeeting[];
}

export interface AgendaView {
  connected: boolean;
  /** Seven days from today, empty days included; days[0] is today. */
  days: AgendaDay[];
  /** RFC 3339. */
  now: string;
  /** null: not out of office; `from`/`until` null: always on (no window). `muted`: no alerts meanwhile. */
  out_of_office: { from: string | null; until: string | null; muted: boolean } | null;
  /** The data is as of this instant (offline or old); null: fresh. */
  stale_since: string | null;
  /** Why the last sync failed (not for want of a network), saying what to do; null: it did not. */
  sync_problem: string | null;
  /** Today's availability from Microsoft 365 (getSchedule); null until read. */
  availability: AvailabilityView | null;
}

export type Availability = "free" | "tentative" | "busy" | "out_of_office" | "working_elsewhere";

export interface AvailabilityView {
  /** RFC 3339: today's local midnight. */
  start: string;
  slot_minutes: number;
  slots: Availability[];
}

export type AlertStyle = "popup" | "notification" | "both";
export type OpenIn = "app" | "browser";
export type Theme = "system" | "light" | "dark";
/** Which tray glyph: for a dark panel (light glyph, the default) or a light one. */
export type TrayPanel = "dark" | "light";

/** A user's own meeting host: links to `host` (or a subdomain) whose path starts with `path_prefix`. */
export interface CustomLinkPattern {
  name: string;
  host: string;
  path_prefix: string;
}

export interface AppSettings {
  alerts: {
    style: AlertStyle;
    lead_minutes: number[];
    escalate_every_minutes: number | null;
    alert_without_link: boolean;
    quiet_when_out_of_office: boolean;
    /** The notification plays the desktop's message sound. */
    sound: boolean;
  };
  join: { default: OpenIn; open_in: Record<string, OpenIn> };
  filters: {
    hide_declined: boolean;
    hide_tentative: boolean;
    hide_all_day: boolean;
    hide_cancelled: boolean;
    hide_without_link: boolean;
    hide_titles: string[];
  };
  /** The UI language: null follows the mailbox (else the OS); otherwise "en", "cs" or "de". */
  language: string | null;
  desktop: { theme: Theme; tray_panel: TrayPanel; join_shortcut: string | null };
  /** Changing these makes the backend read the calendar again. */
  links: { service_order: string[]; custom: CustomLinkPattern[] };
  meetings: MeetingSettings;
  /** Not kept in the settings file: whether the OS starts the app at login (read from / written to the OS). */
  start_at_login: boolean;
}

/** Where the join details of meetings Meeting Tray makes come from. */
export type MeetingSource =
  /** The same room every time: a personal meeting room's https link. */
  | { kind: "personal_room"; service: string; url: string; dial_in: string | null }
  /** A new room with an unguessable name on a Jitsi-style server per meeting. */
  | { kind: "jitsi"; base_url: string; dial_in: string | null };

export interface MeetingSettings {
  /** null: the keyword and "Start a meeting now" wait until one is set. */
  source: MeetingSource | null;
  keyword_enabled: boolean;
  /** Bound to `source`; "@meet" by default. */
  keyword: string;
  /** More keywords with their own sources (edited in settings.json; kept as they are). */
  more_keywords: { keyword: string; source: MeetingSource }[];
  /** How long "Start a meeting now" books, in minutes. */
  quick_minutes: number;
}

/** A service that has a native app (so "open in app" means something). */
export interface ServiceChoice {
  id: string;
  name: string;
}

export interface AppSettingsView {
  settings: AppSettings;
  /** The services with a native app, for "open in". */
  services: ServiceChoice[];
  /** Every known meeting service (id, name), for the preference order. */
  all_services: ServiceChoice[];
  /** The display session: global shortcuts work only on "x11". */
  session: "x11" | "wayland" | "other";
  /** Why the saved join shortcut is not active (taken by another app, not supported here); null: active or none. */
  shortcut_problem: string | null;
}

/** The commands the main window may call; see src-tauri/capabilities/main.json. */
export interface Backend {
  /** The language to show the UI in, as the backend resolves it. */
  uiLanguage(): Promise<Language>;
  appInfo(): Promise<AppInfo>;
  connect(): Promise<AccountView>;
  disconnect(): Promise<AccountView>;
  refresh(): Promise<AccountView>;
  testConnection(): Promise<Check[]>;
  saveAccountSettings(settings: SettingsView): Promise<AccountView>;
  agendaView(): Promise<AgendaView>;
  agendaJoin(id: string, start: string): Promise<void>;
  agendaRsvp(id: string, action: RsvpAction): Promise<void>;
  appSettings(): Promise<AppSettingsView>;
  /** Rejects with an IpcError (code "configuration") when the settings are invalid. */
  saveAppSettings(settings: AppSettings): Promise<AppSettingsView>;
  /** Calls `handler` on every `agenda-changed` event; resolves to the unlisten function. */
  onAgendaChanged(handler: () => void): Promise<() => void>;
  /** The colour theme setting. */
  uiTheme(): Promise<Theme>;
  /** Calls `handler` with the new theme on every `theme-changed` event; resolves to the unlisten function. */
  onThemeChanged(handler: (theme: Theme) => void): Promise<() => void>;
}

export const tauriBackend: Backend = {
  uiLanguage: () => invoke<Language>("ui_language"),
  appInfo: () => invoke<AppInfo>("app_info"),
  connect: () => invoke<AccountView>("connect"),
  disconnect: () => invoke<AccountView>("disconnect"),
  refresh: () => invoke<AccountView>("refresh"),
  testConnection: () => invoke<Check[]>("test_connection"),
  saveAccountSettings: (settings) => invoke<AccountView>("save_account_settings", { settings }),
  agendaView: () => invoke<AgendaView>("agenda_view"),
  agendaJoin: (id, start) => invoke<void>("agenda_join", { id, start }),
  agendaRsvp: (id, action) => invoke<void>("agenda_rsvp", { id, action }),
  appSettings: () => invoke<AppSettingsView>("app_settings"),
  saveAppSettings: (settings) => invoke<AppSettingsView>("save_app_settings", { settings }),
  onAgendaChanged: (handler) => listen("agenda-changed", () => handler()),
  uiTheme: () => invoke<Theme>("ui_theme"),
  onThemeChanged: (handler) => listen<Theme>("theme-changed", (e) => handler(e.payload)),
};
