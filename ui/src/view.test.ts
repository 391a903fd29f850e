import { describe, expect, it, vi } from "vitest";
import type { AccountView, AppInfo, Backend, Check } from "./ipc";
import { describeError, formatDate, render } from "./view";

const settings = { client_id: "", tenant: "organizations", cloud: "worldwide" as const, read_only: false };

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
    appInfo: () => Promise.resolve(info(account("not_connected"))),
    connect: () => Promise.resolve(connectedAccount),
    disconnect: () => Promise.resolve(account("not_connected")),
    refresh: () => Promise.resolve(connectedAccount),
    testConnection: () => Promise.resolve([]),
    saveAccountSettings: () => Promise.resolve(account("not_connected")),
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
    });
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
