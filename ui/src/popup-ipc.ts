// Mirrors the Join pop-up commands in src-tauri (popup_view, popup_join,
// popup_snooze, popup_dismiss, popup_rsvp, plus ui_language and ui_theme) and
// its `popup-changed` and `theme-changed` events.
// Tauri turns the camelCase argument names below into snake_case Rust ones.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";

export interface LinkView {
  /** Pass back to popup_join. */
  index: number;
  /** For example "teams", "zoom". */
  service_id: string;
  /** For example "Microsoft Teams". */
  service_name: string;
  /** The link's host, e.g. "teams.microsoft.com": always shown so the user sees where it goes. */
  host: string;
}

export type { ResponseName } from "./ipc";
import type { ResponseName, Theme } from "./ipc";
import type { Language } from "./i18n";

export interface AlertView {
  /** Stable per meeting occurrence. */
  key: string;
  subject: string;
  /** RFC 3339, UTC. */
  start: string;
  /** The planned instant of this alert (RFC 3339): a new one raises the pop-up again. */
  instant: string;
  /** RFC 3339, UTC. */
  end: string;
  /** Preformatted in the user's zone, e.g. "10:00–10:30". */
  time_range: string;
  organizer: string | null;
  /** The best link; null when the meeting has none. */
  join: LinkView | null;
  /** The other candidate links, for "Join with…". */
  others: LinkView[];
  response: ResponseName;
  /** True while the user has not answered (offer Accept / Tentative / Decline). */
  can_rsvp: boolean;
}

/** Earliest first; several due meetings stack. */
export interface PopupView {
  alerts: AlertView[];
}

export type RsvpAction = "accept" | "tentativelyAccept" | "decline";

// Pop-up commands reject with the same shape as the main window's.
export { isIpcError, type IpcError } from "./ipc";

/** What the join-popup window may do; see its capability in src-tauri/capabilities. */
export interface PopupBackend {
  /** The language to show the pop-up in, as the backend resolves it. */
  uiLanguage(): Promise<Language>;
  view(): Promise<PopupView>;
  join(key: string, link: number): Promise<void>;
  /** `minutes` null snoozes until the start. */
  snooze(key: string, minutes: number | null): Promise<void>;
  dismiss(key: string): Promise<void>;
  rsvp(key: string, action: RsvpAction, comment: string | null, sendResponse: boolean): Promise<void>;
  /** Calls `handler` on every `popup-changed` event; resolves to the unlisten function. */
  onChanged(handler: () => void): Promise<() => void>;
  /** The colour theme setting. */
  uiTheme(): Promise<Theme>;
  /** Calls `handler` with the new theme on every `theme-changed` event; resolves to the unlisten function. */
  onThemeChanged(handler: (theme: Theme) => void): Promise<() => void>;
}

export const tauriPopupBackend: PopupBackend = {
  uiLanguage: () => invoke<Language>("ui_language"),
  view: () => invoke<PopupView>("popup_view"),
  join: (key, link) => invoke<void>("popup_join", { key, link }),
  snooze: (key, minutes) => invoke<void>("popup_snooze", { key, minutes }),
  dismiss: (key) => invoke<void>("popup_dismiss", { key }),
  rsvp: (key, action, comment, sendResponse) =>
    invoke<void>("popup_rsvp", { key, action, comment, sendResponse }),
  onChanged: (handler) => listen("popup-changed", () => handler()),
  uiTheme: () => invoke<Theme>("ui_theme"),
  onThemeChanged: (handler) => listen<Theme>("theme-changed", (e) => handler(e.payload)),
};
