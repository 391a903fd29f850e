// The windows' colour theme. The stylesheets key on <html data-theme>:
// "system" follows the desktop (prefers-color-scheme), "light" and "dark"
// force one. The backend says which at start and on every change.
import type { Theme } from "./ipc";

export const THEMES: readonly Theme[] = ["system", "light", "dark"];

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

/** Marks the document with `theme`; anything unknown follows the system. */
export function applyTheme(theme: Theme, doc: Document = document): void {
  if (!isTheme(theme)) console.error("unknown theme", theme);
  doc.documentElement.dataset.theme = isTheme(theme) ? theme : "system";
}

/** What a window's backend offers for the theme (both windows have it). */
export interface ThemeSource {
  uiTheme(): Promise<Theme>;
  onThemeChanged(handler: (theme: Theme) => void): Promise<() => void>;
}

/**
 * Applies the backend's theme and follows its changes; the system's theme
 * when the backend cannot say. Settles once the first theme is applied.
 */
export async function followTheme(source: ThemeSource, doc: Document = document): Promise<void> {
  // A change that arrives while the first answer is on its way is newer than it.
  let changed = false;
  void source
    .onThemeChanged((theme) => {
      changed = true;
      applyTheme(theme, doc);
    })
    .catch((err: unknown) => console.error("cannot listen for theme-changed", err));
  let theme: Theme = "system";
  try {
    theme = await source.uiTheme();
  } catch (err) {
    console.error("cannot get the theme", err);
  }
  if (!changed) applyTheme(theme, doc);
}
