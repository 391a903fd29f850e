import { beforeEach, describe, expect, it, vi } from "vitest";
import type { AppSettings } from "./ipc";

const invoke = vi.fn<(cmd: string, args?: unknown) => Promise<unknown>>(() => Promise.resolve());
const listen = vi.fn<(event: string, handler: (e: unknown) => void) => Promise<() => void>>();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (cmd: string, args?: unknown) => invoke(cmd, args) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (event: string, handler: (e: unknown) => void) => listen(event, handler),
}));

const { errorMessage, tauriBackend } = await import("./ipc");

describe("main window IPC", () => {
  beforeEach(() => {
    invoke.mockClear();
    listen.mockReset();
  });

  it("calls the agenda and settings commands with the argument names the Rust side expects", async () => {
    const settings = { alerts: {}, join: {}, filters: {} } as unknown as AppSettings;
    await tauriBackend.uiLanguage();
    await tauriBackend.agendaView();
    await tauriBackend.agendaJoin("AAMk1", "2026-03-02T10:00:00Z");
    await tauriBackend.agendaRsvp("AAMk1", "tentativelyAccept");
    await tauriBackend.appSettings();
    await tauriBackend.saveAppSettings(settings);
    await tauriBackend.uiTheme();
    expect(invoke.mock.calls).toEqual([
      ["ui_language", undefined],
      ["agenda_view", undefined],
      ["agenda_join", { id: "AAMk1", start: "2026-03-02T10:00:00Z" }],
      ["agenda_rsvp", { id: "AAMk1", action: "tentativelyAccept" }],
      ["app_settings", undefined],
      ["save_app_settings", { settings }],
      ["ui_theme", undefined],
    ]);
  });

  it("listens for theme-changed and hands its payload, the theme, to the handler", async () => {
    const stop = vi.fn();
    listen.mockImplementation((_event, handler) => {
      handler({ event: "theme-changed", id: 1, payload: "light" });
      return Promise.resolve(stop);
    });
    const handler = vi.fn();
    const unlisten = await tauriBackend.onThemeChanged(handler);
    expect(listen).toHaveBeenCalledWith("theme-changed", expect.any(Function));
    expect(handler).toHaveBeenCalledWith("light");
    unlisten();
    expect(stop).toHaveBeenCalledOnce();
  });

  it("listens for agenda-changed and hands back the unlisten function", async () => {
    const stop = vi.fn();
    listen.mockImplementation((_event, handler) => {
      handler({ event: "agenda-changed", id: 1, payload: null });
      return Promise.resolve(stop);
    });
    const handler = vi.fn();
    const unlisten = await tauriBackend.onAgendaChanged(handler);
    expect(listen).toHaveBeenCalledWith("agenda-changed", expect.any(Function));
    expect(handler).toHaveBeenCalledOnce();
    unlisten();
    expect(stop).toHaveBeenCalledOnce();
  });

  it("turns an IpcError into its message and anything else into a readable sentence", () => {
    expect(errorMessage({ code: "graph", message: "Microsoft 365 said no." })).toBe("Microsoft 365 said no.");
    expect(errorMessage("boom")).toBe("Something went wrong: boom. The log file has details.");
  });
});
