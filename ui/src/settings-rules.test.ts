import { describe, expect, it } from "vitest";
import { isHost, isLinkName, isPathPrefix, isShortcut } from "./settings-rules";

describe("the form's checks", () => {
  it("take shortcuts of modifiers and one key", () => {
    for (const ok of ["Ctrl+Alt+J", "Super+J", " super+shift+space ", "Alt+F12", "Ctrl+Shift+1"]) expect(isShortcut(ok), ok).toBe(true);
    for (const bad of ["", "J", "Shift+J", "Ctrl+", "+J", "Ctrl++J", "Ctrl+Alt", "Ctrl+Ctrl+J", "Meta+J", "Ctrl+Alt+J K", `Ctrl+${"A".repeat(36)}`]) {
      expect(isShortcut(bad), bad).toBe(false);
    }
  });

  it("take domain names, optionally with *. in front", () => {
    for (const ok of ["meet.example.com", "*.video.acme.example", "x-1.example", " lab.example "]) expect(isHost(ok), ok).toBe(true);
    for (const bad of ["", "localhost", "*.example", "-a.example", "a-.example", "a..example", "a.example.", "10.0.0.1", "a_b.example", "https://a.example", "a.example/x", `${"a".repeat(64)}.example`]) {
      expect(isHost(bad), bad).toBe(false);
    }
  });

  it("take names of 1 to 40 characters and path prefixes that are empty or start with /", () => {
    expect(isLinkName("Lab")).toBe(true);
    expect(isLinkName("ž".repeat(40))).toBe(true);
    expect(isLinkName("  ")).toBe(false);
    expect(isLinkName("x".repeat(41))).toBe(false);
    expect(isPathPrefix("")).toBe(true);
    expect(isPathPrefix("/room/")).toBe(true);
    expect(isPathPrefix("room")).toBe(false);
    expect(isPathPrefix(`/${"x".repeat(100)}`)).toBe(false);
  });
});
