import { afterEach, describe, expect, it, vi } from "vitest";
import type { AccountView, AppInfo, Backend, Check } from "./ipc";
import { describeError, formatDate, render } from "./view";

const settings = { client_id: "", tenant: "organizations", cloud: "worldwide" as const, read_only: false, reauthorize_after_days: 30 };

function account(state: AccountView["state"], extra: Partial<AccountView> = {}): AccountView {
  return {
    state,
    username: null,
    display_name: null,
    cloud: "Worldwide (including GCC)",
    reconnect_by: null,
    problem: null,
    settings,
    ...extra,
  };
}

const connectedAccount = account("connected", {
  username: "dana@contoso.example",
  display_name: "Dana Reyes",
  reconnect_by: "2026-12-28T09:00:00+00:00",
});

function info(a: AccountView): AppInfo {
  return { name: "Meeting Tray", version: "9.8.7", account: a };
}

function backend(overrides: Partial<Backend> = {}): Backend {
  return {
    uiLanguage: () => Promise.resolve("en"),
    appInfo: () => Promise.resolve(info(account("not_connected"))),
    connect: () => Promise.resolve(connectedAccount),
    disconnect: () => Promise.resolve(account("not_connected")),
    refresh: () => Promise.resolve(connectedAccount),
    testConnection: () => Promise.resolve([]),
    saveAccountSettings: () => Promise.resolve(account("not_connected")),
    agendaView: () => Promise.resolve({ connected: false, days: [], now: "2026-03-02T09:00:00Z", out_of_office: null, stale_since: null, sync_problem: null, availability: null }),
    agendaJoin: () => Promise.resolve(),
    agendaRsvp: () => Promise.resolve(),
    appSettings: () => new Promise(() => {}),
    saveAppSettings: () => new Promise(() => {}),
    onAgendaChanged: () => Promise.resolve(() => {}),
    uiTheme: () => Promise.resolve("system"),
    onThemeChanged: () => Promise.resolve(() => {}),
    ...overrides,
  };
}

const button = (root: HTMLElement, id: string) => root.querySelector<HTMLButtonElement>(`#${id}`)!;

describe("main window", () => {
  it("shows the not-connected state and the version", () => {
    const root = document.createElement("main");
    render(root, info(account("not_connected")), backend());
    expect(root.querySelector("#account-title")?.textContent).toBe("Not connected");
    expect(root.querySelector("#version")?.textContent).toBe("9.8.7");
    expect(button(root, "connect").textContent).toBe("Connect your calendar");
  });

  it("connects and shows the account, then disconnects", async () => {
    const root = document.createElement("main");
    const disconnect = vi.fn(() => Promise.resolve(account("not_connected")));
    render(root, info(account("not_connected")), backend({ disconnect }));
    button(root, "connect").click();
    await vi.waitFor(() => expect(root.querySelector("#account-title")?.textContent).toBe("Connected"));
    expect(root.querySelector("#account-name")?.textContent).toContain("dana@contoso.example");
    button(root, "disconnect").click();
    await vi.waitFor(() => expect(root.querySelector("#account-title")?.textContent).toBe("Not connected"));
    expect(disconnect).toHaveBeenCalledOnce();
  });

  it("shows what to do when connecting fails and lets the user retry", async () => {
    const root = document.createElement("main");
    const connect = vi.fn(() => Promise.reject({ code: "cancelled", message: "The sign-in was cancelled." }));
    render(root, info(account("not_connected")), backend({ connect }));
    button(root, "connect").click();
    await vi.waitFor(() =>
      expect(root.querySelector("#connect-message")?.textContent).toBe(
        "The sign-in was cancelled. Choose Connect to try again.",
      ),
    );
    expect(button(root, "connect").disabled).toBe(false);
  });

  it("asks for the app registration when sign-in is not configured and saves it", async () => {
    const root = document.createElement("main");
    const save = vi.fn(() => Promise.resolve(account("not_connected")));
    render(root, info(account("not_configured", { problem: "no app (client) ID is set" })), backend({ saveAccountSettings: save }));
    expect(root.querySelector("#connect-message")?.textContent).toContain("client) ID");
    root.querySelector<HTMLInputElement>("#client-id")!.value = "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f";
    root.querySelector<HTMLSelectElement>("#cloud")!.value = "gcc-high";
    button(root, "save-account").click();
    await vi.waitFor(() => expect(root.querySelector("#account-title")?.textContent).toBe("Not connected"));
    expect(save).toHaveBeenCalledWith({
      client_id: "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f",
      tenant: "organizations",
      cloud: "gcc-high",
      read_only: false,
      reauthorize_after_days: 30,
    });
  });

  it("changes the re-authorization period of a connected account at once, and shows a refusal", async () => {
    const root = document.createElement("main");
    const saved = account("connected", { ...connectedAccount, settings: { ...settings, reauthorize_after_days: 0 } });
    const save = vi.fn<Backend["saveAccountSettings"]>(() => Promise.resolve(saved));
    render(root, info(connectedAccount), backend({ saveAccountSettings: save }), { tab: "account" });
    const select = root.querySelector<HTMLSelectElement>("#reauth-days")!;
    expect(select.value).toBe("30");
    expect([...select.options].map((o) => o.textContent)).toEqual([
      "Every 7 days",
      "Every 14 days",
      "Every 30 days",
      "Every 60 days",
      "Every 90 days",
      "Never (only when Microsoft 365 ends the sign-in)",
    ]);
    const apply = root.querySelector<HTMLButtonElement>("#reauth-save")!;
    expect(apply.disabled).toBe(true);
    select.value = "0";
    select.dispatchEvent(new Event("change"));
    expect(save).not.toHaveBeenCalled();
    expect(apply.disabled).toBe(false);
    apply.click();
    expect(button(root, "disconnect").disabled).toBe(true);
    await vi.waitFor(() => expect(root.querySelector<HTMLSelectElement>("#reauth-days")?.value).toBe("0"));
    expect(save).toHaveBeenCalledWith({ ...settings, reauthorize_after_days: 0 });

    save.mockImplementation(() => Promise.reject({ code: "configuration", message: "Ask to sign in again after 1 to 365 days, or never." }));
    const again = root.querySelector<HTMLSelectElement>("#reauth-days")!;
    again.value = "7";
    again.dispatchEvent(new Event("change"));
    root.querySelector<HTMLButtonElement>("#reauth-save")!.click();
    await vi.waitFor(() => expect(root.querySelector("#connect-message")?.textContent).toContain("1 to 365 days"));
    expect(again.value).toBe("0");
    expect(again.disabled).toBe(false);
    expect(button(root, "disconnect").disabled).toBe(false);
  });

  it("keeps the sign-in settings reachable when not connected, with Cancel", async () => {
    const root = document.createElement("main");
    const save = vi.fn(() => Promise.resolve(account("not_connected")));
    const notConnected = account("not_connected", { settings: { ...settings, client_id: "0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f" } });
    render(root, info(notConnected), backend({ saveAccountSettings: save }));
    button(root, "edit-settings").click();
    expect(root.querySelector<HTMLInputElement>("#client-id")?.value).toBe("0b7c1f6e-2a3d-4c5b-9e8f-1a2b3c4d5e6f");
    button(root, "cancel-settings").click();
    expect(root.querySelector("#account-title")?.textContent).toBe("Not connected");
    button(root, "edit-settings").click();
    root.querySelector<HTMLInputElement>("#tenant")!.value = "contoso.com";
    button(root, "save-account").click();
    await vi.waitFor(() => expect(save).toHaveBeenCalledOnce());
    expect(save).toHaveBeenCalledWith(expect.objectContaining({ tenant: "contoso.com" }));
  });

  it("warns before the re-authorization date and alerts after it", () => {
    const root = document.createElement("main");
    render(root, info({ ...connectedAccount, state: "reconnect_soon" }), backend());
    expect(root.querySelector("#reauth-banner")?.textContent).toMatch(/^Reconnect by /);
    expect(button(root, "connect").textContent).toBe("Reconnect");
    render(root, info({ ...connectedAccount, state: "reconnect_needed", problem: "Sign in again (AADSTS70043)" }), backend());
    expect(root.querySelector("#reauth-banner")?.getAttribute("role")).toBe("alert");
    expect(root.querySelector("#reauth-banner")?.textContent).toContain("AADSTS70043");
  });

  it("offers Retry, not Reconnect, when the keychain is locked", async () => {
    const root = document.createElement("main");
    const refresh = vi.fn(() => Promise.resolve(connectedAccount));
    render(root, info({ ...connectedAccount, state: "attention", problem: "the keychain is locked; unlock it and choose Retry" }), backend({ refresh }));
    expect(root.querySelector("#reauth-banner")?.textContent).toContain("keychain is locked");
    expect(root.querySelector("#connect")).toBeNull();
    button(root, "retry").click();
    await vi.waitFor(() => expect(root.querySelector("#account-title")?.textContent).toBe("Connected"));
    expect(refresh).toHaveBeenCalledOnce();
  });

  it("lists each permission check with its result", async () => {
    const root = document.createElement("main");
    const checks: Check[] = [
      { permission: "User.Read", what: "Read your profile", ok: true, detail: "signed in as Dana" },
      { permission: "Calendars.ReadWrite", what: "Add and remove a test event", ok: false, detail: "access denied" },
    ];
    render(root, info(connectedAccount), backend({ testConnection: () => Promise.resolve(checks) }));
    button(root, "test-connection").click();
    await vi.waitFor(() => expect(root.querySelectorAll("#checks li").length).toBe(2));
    expect(root.querySelector("#checks li.failed")?.textContent).toContain("✗ Add and remove a test event");
    expect(root.querySelector("#connect-message")?.textContent).toBe("1 of 2 checks failed.");
  });
});

describe("helpers", () => {
  it("never shows a raw object for unknown failures", () => {
    expect(describeError(new Error("boom"))).toContain("boom");
    expect(describeError({ code: 5 })).toMatch(/^Something went wrong/);
  });

  it("formats dates and passes unreadable ones through", () => {
    expect(formatDate("2026-12-28T09:00:00+00:00", "en-GB")).toContain("December");
    expect(formatDate("soon")).toBe("soon");
  });
});

describe("tabs", () => {
  const mountApp = (a: AccountView, overrides: Partial<Backend> = {}, options: Parameters<typeof render>[3] = {}) => {
    const root = document.createElement("main");
    document.body.append(root);
    const handle = render(root, info(a), backend(overrides), options);
    return { root, handle };
  };
  const tab = (root: HTMLElement, name: string) => root.querySelector<HTMLElement>(`#tab-${name}`)!;
  const panel = (root: HTMLElement, name: string) => root.querySelector<HTMLElement>(`#panel-${name}`)!;
  const selected = (root: HTMLElement) =>
    [...root.querySelectorAll('[role="tab"]')].filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.id);
  const visible = (root: HTMLElement) =>
    [...root.querySelectorAll<HTMLElement>('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.id);
  const press = (target: Element, key: string) =>
    target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));

  afterEach(() => document.body.replaceChildren());

  it("is an ARIA tablist of Agenda, Settings and Account, opening on Account when not connected", () => {
    const { root } = mountApp(account("not_connected"));
    const list = root.querySelector('[role="tablist"]')!;
    expect([...list.querySelectorAll('[role="tab"]')].map((t) => [t.id, t.textContent, t.getAttribute("aria-controls")])).toEqual([
      ["tab-agenda", "Agenda", "panel-agenda"],
      ["tab-settings", "Settings", "panel-settings"],
      ["tab-account", "Account", "panel-account"],
    ]);
    for (const name of ["agenda", "settings", "account"]) {
      expect(panel(root, name).getAttribute("role")).toBe("tabpanel");
      expect(panel(root, name).getAttribute("aria-labelledby")).toBe(`tab-${name}`);
    }
    expect(selected(root)).toEqual(["tab-account"]);
    expect(visible(root)).toEqual(["panel-account"]);
    expect(panel(root, "account").querySelector("#account-title")?.textContent).toBe("Not connected");
    expect(panel(root, "account").querySelector("#version")).not.toBeNull();
    expect(tab(root, "account").tabIndex).toBe(0);
    expect(tab(root, "agenda").tabIndex).toBe(-1);
  });

  it("opens on Account when sign-in is not set up or needs attention, and on Agenda when connected", () => {
    for (const state of ["not_configured", "reconnect_needed", "attention"] as const) {
      expect(selected(mountApp(account(state)).root)).toEqual(["tab-account"]);
    }
    for (const a of [connectedAccount, { ...connectedAccount, state: "reconnect_soon" as const }]) {
      const { root } = mountApp(a);
      expect(selected(root)).toEqual(["tab-agenda"]);
      expect(visible(root)).toEqual(["panel-agenda"]);
    }
    const appSettings = vi.fn(() => new Promise<never>(() => {}));
    expect(selected(mountApp(connectedAccount, { appSettings }, { tab: "settings" }).root)).toEqual(["tab-settings"]);
    expect(appSettings).toHaveBeenCalledOnce();
  });

  it("switches tabs by click and by arrow keys, Home and End", () => {
    const { root, handle } = mountApp(connectedAccount);
    tab(root, "settings").click();
    expect(selected(root)).toEqual(["tab-settings"]);
    expect(visible(root)).toEqual(["panel-settings"]);
    expect(document.activeElement).toBe(tab(root, "settings"));
    press(tab(root, "settings"), "ArrowRight");
    expect(selected(root)).toEqual(["tab-account"]);
    expect(document.activeElement).toBe(tab(root, "account"));
    expect(tab(root, "account").tabIndex).toBe(0);
    expect(tab(root, "settings").tabIndex).toBe(-1);
    press(tab(root, "account"), "ArrowRight");
    expect(selected(root)).toEqual(["tab-agenda"]);
    press(tab(root, "agenda"), "ArrowLeft");
    expect(selected(root)).toEqual(["tab-account"]);
    press(tab(root, "account"), "ArrowLeft");
    expect(selected(root)).toEqual(["tab-settings"]);
    expect(visible(root)).toEqual(["panel-settings"]);
    press(tab(root, "settings"), "Home");
    expect(selected(root)).toEqual(["tab-agenda"]);
    press(tab(root, "agenda"), "End");
    expect(selected(root)).toEqual(["tab-account"]);
    expect(handle.selected()).toBe("account");
    press(tab(root, "account"), "a");
    expect(selected(root)).toEqual(["tab-account"]);
  });

  it("sends the user from the agenda's not-connected banner to the Account tab", async () => {
    const { root, handle } = mountApp(account("not_connected"), {}, { tab: "agenda" });
    expect(selected(root)).toEqual(["tab-agenda"]);
    await handle.agenda.ready;
    root.querySelector<HTMLButtonElement>("#agenda-not-connected button")!.click();
    expect(selected(root)).toEqual(["tab-account"]);
    expect(document.activeElement).toBe(tab(root, "account"));
  });

  it("stays on the Account tab after connecting, and fetches the agenda again", async () => {
    const agendaView = vi.fn(() =>
      Promise.resolve({ connected: true, days: [], now: "2026-03-02T09:00:00Z", out_of_office: null, stale_since: null, sync_problem: null, availability: null }),
    );
    const { root } = mountApp(account("not_connected"), { agendaView });
    await vi.waitFor(() => expect(agendaView).toHaveBeenCalledOnce());
    button(root, "connect").click();
    await vi.waitFor(() => expect(root.querySelector("#account-title")?.textContent).toBe("Connected"));
    expect(selected(root)).toEqual(["tab-account"]);
    await vi.waitFor(() => expect(agendaView).toHaveBeenCalledTimes(2));
  });

  it("loads the settings once, and again on selecting the tab after a failure", async () => {
    const appSettings = vi.fn(() => Promise.reject({ code: "configuration", message: "unreadable" }));
    const { root } = mountApp(connectedAccount, { appSettings });
    await vi.waitFor(() => expect(root.querySelector("#settings-message")?.textContent).toContain("unreadable"));
    expect(appSettings).toHaveBeenCalledOnce();
    tab(root, "settings").click();
    expect(appSettings).toHaveBeenCalledTimes(2);
  });

  it("stops the previous agenda's listener when rendered again", async () => {
    const stop = vi.fn();
    const root = document.createElement("main");
    render(root, info(connectedAccount), backend({ onAgendaChanged: () => Promise.resolve(stop) }));
    await vi.waitFor(() => expect(root.querySelector("#agenda-days")).not.toBeNull());
    render(root, info(connectedAccount), backend());
    await vi.waitFor(() => expect(stop).toHaveBeenCalledOnce());
    expect(root.querySelectorAll('[role="tablist"]')).toHaveLength(1);
  });
});
