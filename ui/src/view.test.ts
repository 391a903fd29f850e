import { describe, expect, it, vi } from "vitest";
import type { AppInfo, Backend } from "./ipc";
import { describeError, render } from "./view";

const info: AppInfo = { name: "Meeting Tray", version: "9.8.7", account: { state: "not_connected" } };

function backend(connect: () => Promise<void>): Backend {
  return { appInfo: () => Promise.resolve(info), connect };
}

describe("main window", () => {
  it("shows the not-connected state and the version", () => {
    const root = document.createElement("main");
    render(root, info, backend(() => Promise.resolve()));
    expect(root.querySelector("#account-title")?.textContent).toBe("Not connected");
    expect(root.querySelector("#version")?.textContent).toBe("9.8.7");
    expect(root.querySelector<HTMLButtonElement>("#connect")?.textContent).toBe("Connect your calendar");
  });

  it("shows the backend's message when connecting is refused", async () => {
    const root = document.createElement("main");
    const connect = vi.fn(() => Promise.reject({ code: "not_available_yet", message: "Arrives later." }));
    render(root, info, backend(connect));
    root.querySelector<HTMLButtonElement>("#connect")!.click();
    await vi.waitFor(() => expect(root.querySelector("#connect-message")?.textContent).toBe("Arrives later."));
    expect(connect).toHaveBeenCalledOnce();
    expect(root.querySelector<HTMLButtonElement>("#connect")!.disabled).toBe(false);
  });
});

describe("describeError", () => {
  it("never shows a raw object for unknown failures", () => {
    expect(describeError(new Error("boom"))).toContain("boom");
    expect(describeError({ code: 5 })).toMatch(/^Something went wrong/);
  });
});
