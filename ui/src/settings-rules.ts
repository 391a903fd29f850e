// The rules save_app_settings enforces that the form can check at once, so a
// typo is pointed at before anything is sent. The backend stays the judge:
// what passes here may still be refused, with its own message.

/** The modifiers a join shortcut may use, in the backend's spelling. */
export const MODIFIERS = ["Ctrl", "Alt", "Shift", "Super"] as const;

export const MAX_SHORTCUT = 40;
export const MAX_CUSTOM_LINKS = 20;
export const MAX_LINK_NAME = 40;
export const MAX_PATH_PREFIX = 100;

/** Characters, not UTF-16 units, as the backend counts them. */
const length = (text: string) => [...text].length;

/**
 * "Ctrl+Alt+J": modifiers joined with "+", then one key. Shift alone does not
 * count (it would catch ordinary typing). Modifier names in any case.
 */
export function isShortcut(text: string): boolean {
  const value = text.trim();
  if (value === "" || length(value) > MAX_SHORTCUT) return false;
  const parts = value.split("+");
  const key = parts.pop()!;
  const mods = parts.map((p) => MODIFIERS.find((m) => m.toLowerCase() === p.toLowerCase()));
  if (!/^\S+$/.test(key) || MODIFIERS.some((m) => m.toLowerCase() === key.toLowerCase())) return false;
  if (mods.some((m) => m === undefined) || new Set(mods).size !== mods.length) return false;
  return mods.some((m) => m !== "Shift");
}

/** A domain name such as meet.example.com, optionally "*." in front. */
export function isHost(text: string): boolean {
  const host = text.trim().replace(/^\*\./, "");
  const labels = host.split(".");
  return (
    host.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l)) &&
    !/^\d+$/.test(labels[labels.length - 1]!)
  );
}

export function isLinkName(text: string): boolean {
  const name = text.trim();
  return name !== "" && length(name) <= MAX_LINK_NAME;
}

export function isPathPrefix(text: string): boolean {
  const path = text.trim();
  return path === "" || (path.startsWith("/") && length(path) <= MAX_PATH_PREFIX);
}

/** "@meet": an @ and 1 to 30 letters, digits, "-" or "_" (as the backend checks). */
export function isKeyword(text: string): boolean {
  return /^@[\p{L}\p{N}_-]{1,30}$/u.test(text);
}

/** An https:// address with a host: the only meeting links Meeting Tray writes. */
export function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return url.protocol === "https:" && url.hostname !== "";
  } catch {
    return false;
  }
}
