// Settings: the Desktop section (theme, tray icon, start at login, the global
// join shortcut).
import type { AppSettings, AppSettingsView, Theme, TrayPanel } from "./ipc";
import { el } from "./dom";
import { checkbox, checkedInput, radio, type Section } from "./form-controls";
import { isShortcut } from "./settings-rules";
import { t } from "./i18n";

/** Each theme with the message id of its name. */
const THEMES: [Theme, string][] = [
  ["system", "settings-theme-system"],
  ["light", "settings-theme-light"],
  ["dark", "settings-theme-dark"],
];

/** Each panel kind with the message id of its name. */
const PANELS: [TrayPanel, string][] = [
  ["dark", "settings-tray-dark-panel"],
  ["light", "settings-tray-light-panel"],
];

/** The command a Wayland user binds to a key instead (see src-tauri/src/cli.rs). */
export const JOIN_COMMAND = "meeting-tray join --soon";

export type DesktopValue = Pick<AppSettings, "desktop" | "start_at_login">;

export function desktopSection(view: AppSettingsView): Section<DesktopValue> {
  const d = view.settings.desktop;
  const themes = THEMES.map(([value, label]) => radio("theme", `theme-${value}`, value, d.theme === value, t(label)));
  const panels = PANELS.map(([value, label]) =>
    radio("tray-panel", `tray-panel-${value}`, value, d.tray_panel === value, t(label)),
  );
  const login = checkbox("start-at-login", view.settings.start_at_login, t("settings-start-at-login"));

  // Explanations the input points at, so a screen reader reads them with it.
  const notes: HTMLElement[] = [el("p", { id: "join-shortcut-hint", class: "muted hint" }, t("settings-shortcut-hint"))];
  if (view.session === "wayland") {
    notes.push(
      el(
        "p",
        { id: "shortcut-wayland", class: "banner note" },
        `${t("settings-shortcut-wayland")} `,
        el("code", {}, JOIN_COMMAND),
      ),
    );
  }
  if (view.shortcut_problem !== null) {
    notes.push(el("p", { id: "shortcut-problem", class: "banner note" }, view.shortcut_problem));
  }
  const input = el("input", {
    id: "join-shortcut",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    // The backend's spelling, in every language.
    placeholder: "Ctrl+Alt+J",
    "aria-describedby": notes.map((n) => n.id).join(" "),
  });
  input.value = d.join_shortcut ?? "";
  const shortcut = checkedInput(input, (value) =>
    value.trim() === "" || isShortcut(value) ? null : t("settings-shortcut-invalid"),
  );

  const element = el(
    "fieldset",
    { id: "desktop-settings" },
    el("legend", {}, t("settings-desktop")),
    el("fieldset", { class: "group" }, el("legend", {}, t("settings-theme")), ...themes.map((r) => r.row)),
    el(
      "fieldset",
      { class: "group" },
      el("legend", {}, t("settings-tray-icon")),
      ...panels.map((r) => r.row),
      el("p", { class: "muted hint" }, t("settings-tray-hint")),
    ),
    el("div", { class: "spaced" }, login.row),
    el("label", { for: "join-shortcut" }, t("settings-shortcut")),
    input,
    shortcut.error,
    ...notes,
  );

  const checked = <V extends string>(radios: { input: HTMLInputElement }[], fallback: V): V =>
    (radios.find((r) => r.input.checked)?.input.value as V | undefined) ?? fallback;

  return {
    element,
    value: () => ({
      desktop: {
        theme: checked(themes, d.theme),
        tray_panel: checked(panels, d.tray_panel),
        join_shortcut: input.value.trim() === "" ? null : input.value.trim(),
      },
      start_at_login: login.input.checked,
    }),
    check: () => {
      const message = shortcut.check();
      return message ? { control: input, message } : null;
    },
  };
}
