// Renders the main window from plain data; no framework, no innerHTML of
// anything that did not come from this file. Three tabs: Agenda
// (agenda-view.ts), Settings (settings-view.ts) and Account (below).
import iconUrl from "../../icons/app.svg";
import { errorMessage, isIpcError, type AccountView, type AppInfo, type Backend, type Check, type Cloud } from "./ipc";
import { el } from "./dom";
import { mountAgenda, type AgendaHandle } from "./agenda-view";
import { mountSettings, type SettingsHandle } from "./settings-view";
import { formatDateTime, t } from "./i18n";


/** What to tell the user when an action failed: the backend's message, plus
 * what to do next where the code says more than the message. */
export function describeError(err: unknown): string {
  if (isIpcError(err)) {
    switch (err.code) {
      case "cancelled":
        return t("error-cancelled", { message: err.message });
      case "admin_consent_required":
        return t("error-admin-consent", { message: err.message });
      default:
        return err.message;
    }
  }
  return t("error-unexpected", { error: String(err) });
}

/** Each cloud with the message id of its name. */
const CLOUDS: [Cloud, string][] = [
  ["worldwide", "cloud-worldwide"],
  ["gcc-high", "cloud-gcc-high"],
  ["dod", "cloud-dod"],
  ["china", "cloud-china"],
];

/** A date in the UI language (or `locale`), e.g. "Mon, 28 December"; the input when it is not a date. */
export function formatDate(iso: string, locale?: string): string {
  return formatDateTime(iso, { weekday: "short", day: "numeric", month: "long" }, locale);
}

type Rerender = (account: AccountView) => void;

/** A button that runs `action`, shows progress, and reports failures in `message`. */
function actionButton(
  id: string,
  label: string,
  busyText: string,
  message: HTMLElement,
  action: () => Promise<void>,
  cls = "primary",
): HTMLButtonElement {
  const button = el("button", { id, class: cls, type: "button" }, label);
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = busyText;
    try {
      await action();
    } catch (err) {
      message.textContent = describeError(err);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** The re-authorization periods offered, in days; 0 is Never. */
export const REAUTH_DAYS = [7, 14, 30, 60, 90, 0];

/** A choice of re-authorization period; a saved value not offered still shows, and is kept. */
function reauthSelect(days: number): HTMLSelectElement {
  const select = el("select", { id: "reauth-days" });
  const values = REAUTH_DAYS.includes(days) ? REAUTH_DAYS : [days, ...REAUTH_DAYS];
  for (const value of values) {
    const option = el("option", { value: String(value) }, value === 0 ? t("reauth-never") : t("reauth-every", { days: value }));
    option.selected = value === days;
    select.append(option);
  }
  return select;
}

function settingsForm(
  account: AccountView,
  backend: Backend,
  rerender: Rerender,
  onCancel?: () => void,
): HTMLElement {
  const s = account.settings;
  const message = el("p", { id: "connect-message", class: "message", role: "status" }, account.problem ?? "");
  const clientId = el("input", {
    id: "client-id",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "00000000-0000-0000-0000-000000000000",
  });
  clientId.value = s.client_id;
  const tenant = el("input", { id: "tenant", type: "text", autocomplete: "off", spellcheck: "false" });
  tenant.value = s.tenant;
  const cloud = el("select", { id: "cloud" });
  for (const [value, name] of CLOUDS) {
    const option = el("option", { value }, t(name));
    option.selected = value === s.cloud;
    cloud.append(option);
  }
  const readOnly = el("input", { id: "read-only", type: "checkbox" });
  readOnly.checked = s.read_only;
  const reauth = reauthSelect(s.reauthorize_after_days);
  const save = actionButton("save-account", t("account-save"), t("account-saving"), message, async () => {
    rerender(
      await backend.saveAccountSettings({
        client_id: clientId.value,
        tenant: tenant.value,
        cloud: cloud.value as Cloud,
        read_only: readOnly.checked,
        reauthorize_after_days: Number(reauth.value),
      }),
    );
  });
  const actions: HTMLElement[] = [save];
  if (onCancel) {
    const cancel = el("button", { id: "cancel-settings", class: "secondary", type: "button" }, t("account-cancel"));
    cancel.addEventListener("click", onCancel);
    actions.push(cancel);
  }
  return el(
    "section",
    { class: "card", "aria-labelledby": "account-title" },
    el("h2", { id: "account-title" }, t("setup-title")),
    el("p", {}, t("setup-intro")),
    el("label", { for: "client-id" }, t("setup-client-id")),
    clientId,
    el("label", { for: "tenant" }, t("setup-tenant")),
    tenant,
    el("label", { for: "cloud" }, t("setup-cloud")),
    cloud,
    el("label", { class: "check" }, readOnly, ` ${t("setup-read-only")}`),
    el("label", { for: "reauth-days" }, t("reauth-label")),
    reauth,
    el("div", { class: "actions" }, ...actions),
    message,
  );
}

function checkList(checks: Check[]): HTMLElement {
  return el(
    "ul",
    { id: "checks", class: "checks" },
    ...checks.map((c) =>
      el("li", { class: c.ok ? "ok" : "failed" }, `${c.ok ? "✓" : "✗"} ${c.what} (${c.permission}): ${c.detail}`),
    ),
  );
}

/** The message id of each state's title. */
const TITLES: Record<AccountView["state"], string> = {
  not_configured: "setup-title",
  not_connected: "account-not-connected",
  connected: "account-connected",
  reconnect_soon: "account-connected",
  reconnect_needed: "account-reconnect-needed",
  attention: "account-attention",
};

function accountCard(account: AccountView, backend: Backend, rerender: Rerender): HTMLElement {
  if (account.state === "not_configured") return settingsForm(account, backend, rerender);
  const message = el("p", { id: "connect-message", class: "message", role: "status" });
  const connected = account.state === "connected" || account.state === "reconnect_soon";
  const connect = actionButton(
    "connect",
    t(account.state === "not_connected" ? "account-connect" : "account-reconnect"),
    t("account-connecting"),
    message,
    async () => rerender(await backend.connect()),
  );
  const children: (Node | string)[] = [el("h2", { id: "account-title" }, t(TITLES[account.state]))];
  if (account.state === "not_connected") {
    children.push(
      el("p", {}, t("account-intro")),
      connect,
    );
  } else {
    children.push(
      el(
        "p",
        { id: "account-name" },
        `${account.display_name ?? account.username ?? ""}`,
        el("br"),
        el("span", { class: "muted" }, `${account.username ?? ""} · ${account.cloud}`),
      ),
    );
    if (account.state === "reconnect_soon" && account.reconnect_by) {
      children.push(
        el("p", { id: "reauth-banner", class: "banner", role: "status" }, t("account-reconnect-by", { date: formatDate(account.reconnect_by) })),
        connect,
      );
    } else if (account.state === "attention") {
      // Not a sign-in problem (a locked keychain, a setting): try again once it is fixed.
      const retry = actionButton("retry", t("account-retry"), t("account-retrying"), message, async () => rerender(await backend.refresh()));
      children.push(el("p", { id: "reauth-banner", class: "banner", role: "alert" }, account.problem ?? t("account-attention-fallback")), retry);
    } else if (!connected) {
      children.push(el("p", { id: "reauth-banner", class: "banner", role: "alert" }, account.problem ?? t("account-reauth-fallback")), connect);
    } else if (account.reconnect_by) {
      children.push(el("p", { class: "muted" }, t("account-valid-until", { date: formatDate(account.reconnect_by) })));
    }
    const results = el("div", { id: "check-results" });
    const test = actionButton(
      "test-connection",
      t("account-test"),
      t("account-testing"),
      message,
      async () => {
        const checks = await backend.testConnection();
        results.replaceChildren(checkList(checks));
        const failed = checks.filter((c) => !c.ok).length;
        message.textContent = failed === 0 ? t("account-checks-ok") : t("account-checks-failed", { failed, total: checks.length });
      },
      "secondary",
    );
    const disconnect = actionButton(
      "disconnect",
      t("account-disconnect"),
      t("account-disconnecting"),
      message,
      async () => rerender(await backend.disconnect()),
      "secondary",
    );
    children.push(el("div", { class: "actions" }, test, disconnect), results);
    // The period applies to the sign-in in effect; saved by its own button,
    // as a select's arrow keys fire a change at every step.
    const reauth = reauthSelect(account.settings.reauthorize_after_days);
    const reauthSave = el("button", { id: "reauth-save", type: "button", class: "secondary" }, t("reauth-save"));
    reauthSave.disabled = true;
    reauth.addEventListener("change", () => {
      reauthSave.disabled = Number(reauth.value) === account.settings.reauthorize_after_days;
    });
    reauthSave.addEventListener("click", () => {
      const wanted = Number(reauth.value);
      for (const control of [reauth, reauthSave, ...card.querySelectorAll("button")]) control.setAttribute("disabled", "");
      message.textContent = "";
      backend
        .saveAccountSettings({ ...account.settings, reauthorize_after_days: wanted })
        .then(rerender, (err: unknown) => {
          for (const control of [reauth, ...card.querySelectorAll("button")]) control.removeAttribute("disabled");
          reauth.value = String(account.settings.reauthorize_after_days);
          reauthSave.disabled = true;
          message.textContent = errorMessage(err);
        });
    });
    children.push(el("div", { class: "field" }, el("label", { for: "reauth-days" }, t("reauth-label")), reauth, reauthSave));
  }
  if (!connected) {
    // A wrong client ID, tenant or cloud must stay fixable from here.
    const edit = el("button", { id: "edit-settings", class: "secondary", type: "button" }, t("account-edit-settings"));
    edit.addEventListener("click", () => {
      card.replaceWith(settingsForm(account, backend, rerender, () => rerender(account)));
    });
    children.push(edit);
  }
  children.push(message);
  const card = el("section", { class: "card", "aria-labelledby": "account-title" }, ...children);
  return card;
}

function aboutSection(info: AppInfo): HTMLElement {
  return el(
    "section",
    { class: "about", "aria-labelledby": "about-title" },
    el("h2", { id: "about-title" }, t("about-title")),
    el("p", {}, `${info.name} `, el("span", { id: "version" }, info.version)),
    el("p", { class: "muted" }, t("about-tagline")),
  );
}

export type TabName = "agenda" | "settings" | "account";

/** Each tab with the message id of its name. */
export const TABS: [TabName, string][] = [
  ["agenda", "tab-agenda"],
  ["settings", "tab-settings"],
  ["account", "tab-account"],
];

export function isTabName(value: string): value is TabName {
  return TABS.some(([name]) => name === value);
}

export interface RenderOptions {
  /** The tab to open on; by default Agenda when connected, else Account. */
  tab?: TabName;
  /** Reloads the window after the language setting changed; by default location.reload(). */
  reload?: () => void;
}

export interface AppHandle {
  agenda: AgendaHandle;
  settings: SettingsHandle;
  /** Shows a tab; `focus` moves the keyboard focus to its tab button. */
  select(tab: TabName, focus?: boolean): void;
  selected(): TabName;
  /** Stops the agenda's timer and event listener. */
  unmount(): void;
}

const isConnected = (account: AccountView) => account.state === "connected" || account.state === "reconnect_soon";

/** The window mounted on each root, so rendering again replaces it cleanly. */
const mounted = new WeakMap<HTMLElement, AppHandle>();

/** Mounts the main window: the header, then the Agenda, Settings and Account tabs. */
export function render(root: HTMLElement, info: AppInfo, backend: Backend, options: RenderOptions = {}): AppHandle {
  mounted.get(root)?.unmount();

  const tabs = new Map<TabName, { tab: HTMLButtonElement; panel: HTMLElement }>();
  for (const [name, label] of TABS) {
    const tab = el(
      "button",
      { id: `tab-${name}`, type: "button", role: "tab", class: "tab", "aria-controls": `panel-${name}` },
      t(label),
    );
    const panel = el("section", { id: `panel-${name}`, role: "tabpanel", class: "panel", "aria-labelledby": `tab-${name}`, tabindex: "0" });
    tabs.set(name, { tab, panel });
  }
  const part = (name: TabName) => tabs.get(name)!;
  const tablist = el("div", { role: "tablist", class: "tabs", "aria-label": info.name }, ...[...tabs.values()].map((t) => t.tab));

  let current: TabName = options.tab ?? (isConnected(info.account) ? "agenda" : "account");

  // The account panel: the account card and About, re-rendered when the account changes.
  const accountBox = el("div", { id: "account-content", class: "account-content", "aria-live": "polite" });
  part("account").panel.append(accountBox);
  const showAccount = (account: AccountView): void => {
    const next = { ...info, account };
    accountBox.replaceChildren(accountCard(account, backend, rerender), aboutSection(next));
  };
  const rerender: Rerender = (account) => {
    showAccount(account);
    void agenda.refresh();
  };

  const agendaBox = el("div", { class: "agenda" });
  part("agenda").panel.append(agendaBox);
  const settingsBox = el("div", { class: "settings-box" });
  part("settings").panel.append(settingsBox);

  function select(name: TabName, focus = false): void {
    current = name;
    for (const [n, { tab, panel }] of tabs) {
      const on = n === name;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      panel.hidden = !on;
    }
    if (focus) part(name).tab.focus();
    if (name === "settings" && !settings.loaded()) void settings.load();
  }

  for (const [name, { tab }] of tabs) tab.addEventListener("click", () => select(name, true));
  tablist.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const names = TABS.map(([n]) => n);
    const at = names.indexOf(current);
    let to: TabName | undefined;
    switch (e.key) {
      case "ArrowRight":
        to = names[(at + 1) % names.length];
        break;
      case "ArrowLeft":
        to = names[(at - 1 + names.length) % names.length];
        break;
      case "Home":
        to = names[0];
        break;
      case "End":
        to = names[names.length - 1];
        break;
      default:
        return;
    }
    e.preventDefault();
    if (to) select(to, true);
  });

  root.replaceChildren(
    el(
      "header",
      {},
      el("img", { src: iconUrl, alt: "", width: "32", height: "32" }),
      el("h1", {}, info.name),
    ),
    tablist,
    ...[...tabs.values()].map((t) => t.panel),
  );

  showAccount(info.account);
  const agenda = mountAgenda(agendaBox, backend, { showAccount: () => select("account", true) });
  const settings = mountSettings(settingsBox, backend, options.reload ? { reload: options.reload } : {});
  select(current);

  const handle: AppHandle = {
    agenda,
    settings,
    select,
    selected: () => current,
    unmount() {
      agenda.unmount();
      if (mounted.get(root) === handle) mounted.delete(root);
    },
  };
  mounted.set(root, handle);
  return handle;
}

export function renderFailure(root: HTMLElement, err: unknown): void {
  root.replaceChildren(el("p", { class: "message", role: "alert" }, describeError(err)));
}
