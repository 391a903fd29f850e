import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn<(cmd: string, args?: unknown) => Promise<unknown>>(() => Promise.resolve());
const listen = vi.fn<(event: string, handler: (e: unknown) => void) => Promise<() => void>>();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (cmd: string, args?: unknown) => invoke(cmd, args) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (event: string, handler: (e: unknown) => void) => listen(event, handler),
}));

const { tauriPopupBackend } = await import("./popup-ipc");

describe("pop-up IPC", () => {
  beforeEach(() => {
    invoke.mockClear();
    listen.mockReset();
  });

  it("calls the popup commands with the argument names the Rust side expects", async () => {
    await tauriPopupBackend.uiLanguage();
    await tauriPopupBackend.view();
    await tauriPopupBackend.join("k1", 2);
    await tauriPopupBackend.snooze("k1", 5);
    await tauriPopupBackend.snooze("k1", null);
    await tauriPopupBackend.dismiss("k1");
    await tauriPopupBackend.rsvp("k1", "tentativelyAccept", "late", false);
    await tauriPopupBackend.uiTheme();
    expect(invoke.mock.calls).toEqual([
      ["ui_language", undefined],
      ["popup_view", undefined],
      ["popup_join", { key: "k1", link: 2 }],
      ["popup_snooze", { key: "k1", minutes: 5 }],
      ["popup_snooze", { key: "k1", minutes: null }],
      ["popup_dismiss", { key: "k1" }],
      ["popup_rsvp", { key: "k1", action: "tentativelyAccept", comment: "late", sendResponse: false }],
      ["ui_theme", undefined],
    ]);
  });

  it("listens for theme-changed and hands its payload, the theme, to the handler", async () => {
    listen.mockImplementation((_event, handler) => {
      handler({ event: "theme-changed", id: 1, payload: "light" });
      return Promise.resolve(() => {});
    });
    const handler = vi.fn();
    await tauriPopupBackend.onThemeChanged(handler);
    expect(listen).toHaveBeenCalledWith("theme-changed", expect.any(Function));
    expect(handler).toHaveBeenCalledWith("light");
  });

  it("listens for popup-changed and hands back the unlisten function", async () => {
    const stop = vi.fn();
    listen.mockImplementation((_event, handler) => {
      handler({ event: "popup-changed", id: 1, payload: null });
      return Promise.resolve(stop);
    });
    const handler = vi.fn();
    const unlisten = await tauriPopupBackend.onChanged(handler);
    expect(listen).toHaveBeenCalledWith("popup-changed", expect.any(Function));
    expect(handler).toHaveBeenCalledOnce();
    unlisten();
    expect(stop).toHaveBeenCalledOnce();
  });
});
