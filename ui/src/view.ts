// Renders the main window from plain data; no framework, no innerHTML of
// anything that did not come from this file.
import iconUrl from "../../icons/app.svg";
import { isIpcError, type AppInfo, type Backend } from "./ipc";

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** What to tell the user when an action failed. */
export function describeError(err: unknown): string {
  if (isIpcError(err)) {
    switch (err.code) {
      case "not_available_yet":
        return err.message;
    }
  }
  return `Something went wrong: ${String(err)}. The log file has details.`;
}

function accountCard(info: AppInfo, backend: Backend): HTMLElement {
  const message = el("p", { id: "connect-message", class: "message", role: "status" });
  const button = el("button", { id: "connect", class: "primary", type: "button" }, "Connect your calendar");
  button.addEventListener("click", async () => {
    button.disabled = true;
    message.textContent = "Connecting…";
    try {
      await backend.connect();
      message.textContent = "Connected.";
    } catch (err) {
      message.textContent = describeError(err);
    } finally {
      button.disabled = false;
    }
  });
  const title = info.account.state === "not_connected" ? "Not connected" : "Connected";
  return el(
    "section",
    { class: "card", "aria-labelledby": "account-title" },
    el("h2", { id: "account-title" }, title),
    el(
      "p",
      {},
      "Connect your Microsoft 365 calendar to see your meetings here and get a Join pop-up shortly before each one.",
    ),
    button,
    message,
  );
}

function aboutSection(info: AppInfo): HTMLElement {
  return el(
    "section",
    { class: "about", "aria-labelledby": "about-title" },
    el("h2", { id: "about-title" }, "About"),
    el("p", {}, `${info.name} `, el("span", { id: "version" }, info.version)),
    el("p", { class: "muted" }, "Never miss or fumble a video meeting."),
  );
}

export function render(root: HTMLElement, info: AppInfo, backend: Backend): void {
  root.replaceChildren(
    el(
      "header",
      {},
      el("img", { src: iconUrl, alt: "", width: "40", height: "40" }),
      el("h1", {}, info.name),
    ),
    accountCard(info, backend),
    aboutSection(info),
  );
}

export function renderFailure(root: HTMLElement, err: unknown): void {
  root.replaceChildren(el("p", { class: "message", role: "alert" }, describeError(err)));
}
