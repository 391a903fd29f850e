// The two pages' entry scripts (main.ts, popup.ts) against a fake Tauri:
// each applies the theme setting before rendering and follows its changes.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const answers: Record<string, unknown> = {};
/** The document's theme when each command was called. */
const themeAt: Record<string, string | undefined> = {};
const invoke = vi.fn((cmd: string) => {
  themeAt[cmd] = document.documentElement.dataset.theme;
  return cmd in answers ? Promise.resolve(answers[cmd]) : new Promise(() => {});
});
const handlers = new Map<string, (e: { payload: unknown }) => void>();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (cmd: string) => invoke(cmd) }));
vi.mock("@tauri-apps/api/event", () => ({
  listen: (event: string, handler: (e: { payload: unknown }) => void) => {
    handlers.set(event, handler);
    return Promise.resolve(() => {});
  },
}));

const theme = () => document.documentElement.dataset.theme;
const emit = (event: string, payload: unknown) => handlers.get(event)?.({ payload });

function page(id: string): void {
  const root = document.createElement("main");
  root.id = id;
  document.body.replaceChildren(root);
}

beforeEach(() => {
  vi.resetModules();
  handlers.clear();
  invoke.mockClear();
  delete document.documentElement.dataset.theme;
  Object.assign(answers, { ui_language: "en", ui_theme: "dark" });
});

afterEach(() => document.body.replaceChildren());

describe("the main window's entry", () => {
  it("applies the theme before rendering, then follows theme-changed", async () => {
    page("app");
    answers.app_info = {
      name: "Meeting Tray",
      version: "1.0.0",
      account: {
        state: "not_connected",
        username: null,
        display_name: null,
        cloud: "Worldwide",
        reconnect_by: null,
        problem: null,
        settings: { client_id: "", tenant: "organizations", cloud: "worldwide", read_only: false, reauthorize_after_days: 30 },
      },
    };
    await import("./main");
    await vi.waitFor(() => expect(document.querySelector("[role=tablist]")).not.toBeNull());
    // The window was asked for only once the theme was in place.
    expect(themeAt.app_info).toBe("dark");
    expect(invoke).toHaveBeenCalledWith("ui_theme");
    emit("theme-changed", "light");
    expect(theme()).toBe("light");
  });
});

describe("the Join pop-up's entry", () => {
  it("applies the theme, then follows theme-changed", async () => {
    page("popup");
    answers.ui_theme = "light";
    await import("./popup");
    await vi.waitFor(() => expect(invoke).toHaveBeenCalledWith("popup_view"));
    expect(themeAt.popup_view).toBe("light");
    emit("theme-changed", "system");
    expect(theme()).toBe("system");
    emit("theme-changed", "dark");
    expect(theme()).toBe("dark");
  });
});
