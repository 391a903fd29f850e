import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Theme } from "./ipc";
import { applyTheme, followTheme, type ThemeSource } from "./theme";

const theme = () => document.documentElement.dataset.theme;

/** A source whose uiTheme() answers when the test says; `emit` plays theme-changed. */
function source(answer: Promise<Theme>) {
  let handler: ((t: Theme) => void) | null = null;
  const s: ThemeSource = {
    uiTheme: vi.fn(() => answer),
    onThemeChanged: vi.fn((h: (t: Theme) => void) => {
      handler = h;
      return Promise.resolve(() => {});
    }),
  };
  return { source: s, emit: (t: Theme) => handler?.(t) };
}

beforeEach(() => delete document.documentElement.dataset.theme);
afterEach(() => vi.restoreAllMocks());

describe("theme", () => {
  it("marks the document with the theme, and an unknown one as system", () => {
    applyTheme("dark");
    expect(theme()).toBe("dark");
    applyTheme("light");
    expect(theme()).toBe("light");
    vi.spyOn(console, "error").mockImplementation(() => {});
    applyTheme("sepia" as Theme);
    expect(theme()).toBe("system");
  });

  it("applies the backend's theme, then follows theme-changed", async () => {
    const { source: s, emit } = source(Promise.resolve("dark"));
    await followTheme(s);
    expect(theme()).toBe("dark");
    emit("light");
    expect(theme()).toBe("light");
    emit("system");
    expect(theme()).toBe("system");
  });

  it("keeps a change that arrived before the first answer", async () => {
    let answer!: (t: Theme) => void;
    const { source: s, emit } = source(new Promise<Theme>((resolve) => (answer = resolve)));
    const following = followTheme(s);
    emit("light");
    answer("dark");
    await following;
    expect(theme()).toBe("light");
  });

  it("follows the system when the backend cannot say, and logs why", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { source: s, emit } = source(Promise.reject(new Error("no such command")));
    await followTheme(s);
    expect(theme()).toBe("system");
    expect(error).toHaveBeenCalledWith("cannot get the theme", expect.any(Error));
    emit("dark");
    expect(theme()).toBe("dark");
  });
});
