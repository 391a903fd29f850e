// Mirrors src-tauri/src/ipc.rs. The UI branches on `code`, never on message text.
import { invoke } from "@tauri-apps/api/core";

export type Cloud = "worldwide" | "gcc-high" | "dod" | "china";

export interface SettingsView {
  client_id: string;
  tenant: string;
  cloud: Cloud;
  read_only: boolean;
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

/** The commands the main window may call; see src-tauri/capabilities/main.json. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  connect(): Promise<AccountView>;
  disconnect(): Promise<AccountView>;
  refresh(): Promise<AccountView>;
  testConnection(): Promise<Check[]>;
  saveAccountSettings(settings: SettingsView): Promise<AccountView>;
}

export const tauriBackend: Backend = {
  appInfo: () => invoke<AppInfo>("app_info"),
  connect: () => invoke<AccountView>("connect"),
  disconnect: () => invoke<AccountView>("disconnect"),
  refresh: () => invoke<AccountView>("refresh"),
  testConnection: () => invoke<Check[]>("test_connection"),
  saveAccountSettings: (settings) => invoke<AccountView>("save_account_settings", { settings }),
};
