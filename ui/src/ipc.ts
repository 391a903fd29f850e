// Mirrors src-tauri/src/ipc.rs. The UI branches on `code`, never on message text.
import { invoke } from "@tauri-apps/api/core";

export type AccountState = { state: "not_connected" };

export interface AppInfo {
  name: string;
  version: string;
  account: AccountState;
}

export type ErrorCode = "not_available_yet";

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
  connect(): Promise<void>;
}

export const tauriBackend: Backend = {
  appInfo: () => invoke<AppInfo>("app_info"),
  connect: () => invoke<void>("connect"),
};
