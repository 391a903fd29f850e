// The Settings tab's Meeting links and Desktop sections, through the whole form.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppSettings, AppSettingsView, Backend } from "./ipc";
import { mountSettings } from "./settings-view";
import { idleBackend } from "./test-backend";

function settings(): AppSettings {
  return {
    alerts: {
      style: "popup",
      lead_minutes: [1],
      escalate_every_minutes: null,
      alert_without_link: false,
      quiet_when_out_of_office: false,
      sound: true,
    },
    join: { default: "app", open_in: {} },
    filters: {
      hide_declined: false,
      hide_tentative: false,
      hide_all_day: false,
      hide_cancelled: false,
      hide_without_link: false,
      hide_titles: [],
    },
    language: null,
    desktop: { theme: "dark", tray_panel: "light", join_shortcut: "Ctrl+Alt+J" },
    links: {
      service_order: ["zoom", "teams"],
      custom: [{ name: "Acme Video", host: "*.video.acme.example", path_prefix: "/room/" }],
    },
    meetings: { source: null, keyword_enabled: true, keyword: "@meet", more_keywords: [], quick_minutes: 30 },
    start_at_login: true,
  };
}

function view(s: AppSettings = settings(), extra: Partial<AppSettingsView> = {}): AppSettingsView {
  return {
    settings: s,
    services: [{ id: "zoom", name: "Zoom" }],
    all_services: [
      { id: "teams", name: "Microsoft Teams" },
      { id: "zoom", name: "Zoom" },
      { id: "meet", name: "Google Meet" },
      { id: "webex", name: "Webex" },
    ],
    session: "x11",
    shortcut_problem: null,
    ...extra,
  };
}

function fakeBackend(initial: AppSettingsView) {
  return {
    ...idleBackend(),
    appSettings: vi.fn<Backend["appSettings"]>(() => Promise.resolve(initial)),
    saveAppSettings: vi.fn<Backend["saveAppSettings"]>((s) => Promise.resolve({ ...initial, settings: s })),
  } satisfies Backend;
}

let root: HTMLElement | null = null;

async function mount(backend: Backend): Promise<HTMLElement> {
  root = document.createElement("div");
  document.body.append(root);
  await mountSettings(root, backend).ready;
  return root;
}

afterEach(() => {
  root?.remove();
  root = null;
});

const $ = <E extends Element = HTMLInputElement>(r: ParentNode, selector: string) => r.querySelector<E>(selector)!;
const button = (r: ParentNode, id: string) => $<HTMLButtonElement>(r, `#${id}`);
const message = (r: HTMLElement) => r.querySelector("#settings-message")?.textContent;
const save = (r: HTMLElement) => button(r, "save-settings").click();
/** The preferred services as shown, in order. */
const order = (r: HTMLElement) => [...r.querySelectorAll("#service-order .name")].map((n) => n.textContent);
const addable = (r: HTMLElement) => [...$<HTMLSelectElement>(r, "#service-add").options].map((o) => o.value);

/** Types into a text input the way a user does: input events, then change when leaving it. */
function type(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

function addService(r: HTMLElement, id: string): void {
  $<HTMLSelectElement>(r, "#service-add").value = id;
  button(r, "service-add-button").click();
}

describe("Settings: Desktop and Meeting links", () => {
  it("shows the saved values", async () => {
    const r = await mount(fakeBackend(view()));
    expect(["system", "light", "dark"].map((v) => $(r, `#theme-${v}`).checked)).toEqual([false, false, true]);
    expect(["dark", "light"].map((v) => $(r, `#tray-panel-${v}`).checked)).toEqual([false, true]);
    expect($(r, "#start-at-login").checked).toBe(true);
    expect($(r, "#join-shortcut").value).toBe("Ctrl+Alt+J");
    expect(r.querySelector("label[for=join-shortcut]")?.textContent).toBe("Shortcut to join the next meeting");
    expect(r.querySelector("#join-shortcut-hint")?.textContent).toContain("On Linux it works on X11 only.");
    expect(order(r)).toEqual(["Zoom", "Microsoft Teams"]);
    expect(addable(r)).toEqual(["", "meet", "webex"]);
    expect(button(r, "order-up-zoom").getAttribute("aria-label")).toBe("Move Zoom up");
    expect(button(r, "order-remove-teams").getAttribute("aria-label")).toBe("Remove Microsoft Teams");
    expect(r.querySelector("#link-settings")?.textContent).toContain(
      "When an invitation has equally good links of several services, the one first in this list is joined (a meeting the invitation itself sets up, such as a Teams meeting, still comes first).",
    );
    expect(r.querySelector("#link-settings")?.textContent).toContain("Saving a change here reads your calendar again.");
    expect(["name", "host", "path"].map((f) => $(r, `#custom-${f}-0`).value)).toEqual(["Acme Video", "*.video.acme.example", "/room/"]);
    expect(r.querySelector("label[for=custom-path-0]")?.textContent).toBe("Path prefix");
    expect(button(r, "custom-remove-0").getAttribute("aria-label")).toBe("Remove Acme Video");
    for (const control of r.querySelectorAll("input, select, textarea")) {
      expect(r.querySelector(`label[for="${control.id}"]`), control.id).not.toBeNull();
    }
  });

  it("saves exactly what was edited, with the rest of the settings", async () => {
    const backend = fakeBackend(view());
    const r = await mount(backend);
    $(r, "#theme-light").click();
    $(r, "#tray-panel-dark").click();
    $(r, "#start-at-login").click();
    type($(r, "#join-shortcut"), "  Super+Shift+M ");
    addService(r, "meet");
    button(r, "order-up-meet").click();
    button(r, "order-remove-teams").click();
    type($(r, "#custom-host-0"), " video.acme.example ");
    button(r, "custom-add").click();
    type($(r, "#custom-name-1"), "Lab");
    type($(r, "#custom-host-1"), "meet.lab.example");
    button(r, "custom-add").click(); // left empty: dropped
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("Saved."));
    expect(backend.saveAppSettings).toHaveBeenCalledOnce();
    expect(backend.saveAppSettings).toHaveBeenCalledWith({
      ...settings(),
      desktop: { theme: "light", tray_panel: "dark", join_shortcut: "Super+Shift+M" },
      links: {
        service_order: ["zoom", "meet"],
        custom: [
          { name: "Acme Video", host: "video.acme.example", path_prefix: "/room/" },
          { name: "Lab", host: "meet.lab.example", path_prefix: "" },
        ],
      },
      meetings: { source: null, keyword_enabled: true, keyword: "@meet", more_keywords: [], quick_minutes: 30 },
      start_at_login: false,
    });
  });

  it("sends an emptied shortcut as none and unchanged sections as they were", async () => {
    const backend = fakeBackend(view());
    const r = await mount(backend);
    type($(r, "#join-shortcut"), "   ");
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("Saved."));
    expect(backend.saveAppSettings).toHaveBeenCalledWith({ ...settings(), desktop: { ...settings().desktop, join_shortcut: null } });
  });

  it("reorders preferred services from the keyboard, focus following the moved entry", async () => {
    const s = settings();
    s.links.service_order = ["teams", "zoom", "webex"];
    const r = await mount(fakeBackend(view(s)));
    expect(button(r, "order-up-teams").disabled).toBe(true);
    expect(button(r, "order-down-webex").disabled).toBe(true);
    button(r, "order-down-teams").click();
    expect(order(r)).toEqual(["Zoom", "Microsoft Teams", "Webex"]);
    expect(document.activeElement?.id).toBe("order-down-teams");
    button(r, "order-down-teams").click();
    expect(order(r)).toEqual(["Zoom", "Webex", "Microsoft Teams"]);
    // At the bottom Down is off: focus goes to Up of the same entry.
    expect(button(r, "order-down-teams").disabled).toBe(true);
    expect(document.activeElement?.id).toBe("order-up-teams");
    button(r, "order-up-webex").click();
    expect(order(r)).toEqual(["Webex", "Zoom", "Microsoft Teams"]);
    expect(document.activeElement?.id).toBe("order-down-webex");
    expect([...r.querySelectorAll("#service-order .rank")].map((n) => n.textContent)).toEqual(["1.", "2.", "3."]);
  });

  it("removes preferred services and offers them again", async () => {
    const s = settings();
    s.links.service_order = ["teams", "zoom", "webex"];
    const backend = fakeBackend(view(s));
    const r = await mount(backend);
    expect(addable(r)).toEqual(["", "meet"]);
    button(r, "order-remove-zoom").click();
    expect(order(r)).toEqual(["Microsoft Teams", "Webex"]);
    expect(document.activeElement?.id).toBe("order-remove-webex");
    // Offered again, in the catalogue's order.
    expect(addable(r)).toEqual(["", "zoom", "meet"]);
    button(r, "order-remove-webex").click();
    // The last entry went: the one before it takes the focus.
    expect(document.activeElement?.id).toBe("order-remove-teams");
    button(r, "order-remove-teams").click();
    expect(order(r)).toEqual([]);
    expect($(r, "#service-order").hidden).toBe(true);
    expect($(r, "#service-order-empty").hidden).toBe(false);
    expect(document.activeElement?.id).toBe("service-add");
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("Saved."));
    expect(backend.saveAppSettings.mock.calls[0]![0].links.service_order).toEqual([]);
  });

  it("turns the add button off once every service is listed, and ignores the placeholder", async () => {
    const r = await mount(fakeBackend(view()));
    button(r, "service-add-button").click(); // nothing chosen
    expect(order(r)).toEqual(["Zoom", "Microsoft Teams"]);
    addService(r, "webex");
    expect(document.activeElement?.id).toBe("service-add");
    addService(r, "meet");
    expect(order(r)).toEqual(["Zoom", "Microsoft Teams", "Webex", "Google Meet"]);
    expect(button(r, "service-add-button").disabled).toBe(true);
    expect(document.activeElement?.id).toBe("order-remove-meet");
  });

  it("keeps a preferred service it does not know, shown by its id", async () => {
    const s = settings();
    s.links.service_order = ["whereby", "zoom"];
    const backend = fakeBackend(view(s));
    const r = await mount(backend);
    expect(order(r)).toEqual(["whereby", "Zoom"]);
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("Saved."));
    expect(backend.saveAppSettings.mock.calls[0]![0].links.service_order).toEqual(["whereby", "zoom"]);
  });

  it("removes a link of your own, focus moving to the next one, then to Add", async () => {
    const s = settings();
    s.links.custom.push({ name: "Lab", host: "lab.example", path_prefix: "" });
    const backend = fakeBackend(view(s));
    const r = await mount(backend);
    button(r, "custom-remove-0").click();
    expect(r.querySelector("#custom-name-0")).toBeNull();
    expect(document.activeElement?.id).toBe("custom-name-1");
    button(r, "custom-remove-1").click();
    expect(document.activeElement?.id).toBe("custom-add");
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("Saved."));
    expect(backend.saveAppSettings.mock.calls[0]![0].links.custom).toEqual([]);
  });

  it("names a new link's Remove button after what is typed", async () => {
    const r = await mount(fakeBackend(view()));
    button(r, "custom-add").click();
    expect(document.activeElement?.id).toBe("custom-name-1");
    expect(button(r, "custom-remove-1").getAttribute("aria-label")).toBe("Remove this link");
    type($(r, "#custom-name-1"), "Lab");
    expect(button(r, "custom-remove-1").getAttribute("aria-label")).toBe("Remove Lab");
  });

  it("allows at most 20 links of your own", async () => {
    const s = settings();
    s.links.custom = Array.from({ length: 19 }, (_, i) => ({ name: `Link ${i}`, host: `h${i}.example`, path_prefix: "" }));
    const r = await mount(fakeBackend(view(s)));
    expect(button(r, "custom-add").disabled).toBe(false);
    button(r, "custom-add").click();
    expect(button(r, "custom-add").disabled).toBe(true);
    expect(r.querySelectorAll(".custom-row")).toHaveLength(20);
  });

  it("reverts the lists to the saved ones", async () => {
    const backend = fakeBackend(view());
    const r = await mount(backend);
    button(r, "order-remove-zoom").click();
    button(r, "custom-remove-0").click();
    $(r, "#theme-system").click();
    button(r, "revert-settings").click();
    expect(order(r)).toEqual(["Zoom", "Microsoft Teams"]);
    expect($(r, "#custom-host-0").value).toBe("*.video.acme.example");
    expect($(r, "#theme-dark").checked).toBe(true);
  });
});

describe("Settings: the join shortcut's explanations", () => {
  it("tells Wayland users to bind the join command instead, keeping the input usable", async () => {
    const r = await mount(fakeBackend(view(settings(), { session: "wayland" })));
    const note = r.querySelector("#shortcut-wayland");
    expect(note?.textContent).toBe(
      "On Wayland, apps cannot set global shortcuts. Instead, add a keyboard shortcut in your desktop's settings that runs this command: meeting-tray join --soon",
    );
    expect(note?.querySelector("code")?.textContent).toBe("meeting-tray join --soon");
    const input = $(r, "#join-shortcut");
    expect(input.disabled).toBe(false);
    expect(input.getAttribute("aria-describedby")?.split(" ")).toContain("shortcut-wayland");
  });

  it("says nothing about Wayland elsewhere", async () => {
    for (const session of ["x11", "other"] as const) {
      const r = await mount(fakeBackend(view(settings(), { session })));
      expect(r.querySelector("#shortcut-wayland"), session).toBeNull();
      expect(r.textContent).not.toContain("meeting-tray join");
      r.remove();
    }
  });

  it("shows why the saved shortcut is not active", async () => {
    const problem = "The shortcut could not be registered (already taken); another app may use it.";
    let r = await mount(fakeBackend(view(settings(), { shortcut_problem: problem })));
    expect(r.querySelector("#shortcut-problem")?.textContent).toBe(problem);
    expect($(r, "#join-shortcut").getAttribute("aria-describedby")?.split(" ")).toContain("shortcut-problem");
    r.remove();
    r = await mount(fakeBackend(view()));
    expect(r.querySelector("#shortcut-problem")).toBeNull();
  });
});

describe("Settings: checks before saving", () => {
  const SHORTCUT_PROBLEM = "Type a shortcut such as Ctrl+Alt+J: Ctrl, Alt or Super (Shift may be added), then a key, joined with +.";

  it("points at a bad shortcut as soon as the field is left, and clears it once fixed", async () => {
    const r = await mount(fakeBackend(view()));
    const input = $(r, "#join-shortcut");
    const error = () => r.querySelector("#join-shortcut-error")?.textContent;
    input.value = "J";
    input.dispatchEvent(new Event("input"));
    expect(error()).toBe(""); // not while typing the first time
    input.dispatchEvent(new Event("change"));
    expect(error()).toBe(SHORTCUT_PROBLEM);
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")?.split(" ")).toContain("join-shortcut-error");
    input.value = "Ctrl+J";
    input.dispatchEvent(new Event("input"));
    expect(error()).toBe("");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
  });

  it("does not save a bad shortcut: says why and focuses it", async () => {
    for (const bad of ["Shift+J", "Ctrl+Alt+", "Ctrl+Hyper+J", "Ctrl+Ctrl+J", "Ctrl+Alt"]) {
      const backend = fakeBackend(view());
      const r = await mount(backend);
      $(r, "#join-shortcut").value = bad;
      save(r);
      expect(message(r), bad).toBe(SHORTCUT_PROBLEM);
      expect(document.activeElement?.id, bad).toBe("join-shortcut");
      expect(backend.saveAppSettings, bad).not.toHaveBeenCalled();
      r.remove();
    }
  });

  it("does not save a link of your own with a bad host, name or path prefix", async () => {
    const cases: [string, string, string, string, string][] = [
      ["Lab", "localhost", "", "custom-host-1", "Enter a host name such as meet.example.com."],
      ["Lab", "https://lab.example/", "", "custom-host-1", "Enter a host name such as meet.example.com."],
      ["", "lab.example", "", "custom-name-1", "Give the link a name of up to 40 characters."],
      ["x".repeat(41), "lab.example", "", "custom-name-1", "Give the link a name of up to 40 characters."],
      ["Lab", "lab.example", "room", "custom-path-1", "Leave the path prefix empty or start it with / (up to 100 characters)."],
    ];
    for (const [name, host, path, field, problem] of cases) {
      const backend = fakeBackend(view());
      const r = await mount(backend);
      button(r, "custom-add").click();
      $(r, "#custom-name-1").value = name;
      $(r, "#custom-path-1").value = path;
      type($(r, "#custom-host-1"), host);
      save(r);
      expect(message(r), field).toBe(problem);
      expect(r.querySelector(`#${field}-error`)?.textContent, field).toBe(problem);
      expect(document.activeElement?.id, field).toBe(field);
      expect(backend.saveAppSettings).not.toHaveBeenCalled();
      r.remove();
    }
  });

  it("points at a bad host when the field is left", async () => {
    const r = await mount(fakeBackend(view()));
    type($(r, "#custom-host-0"), "meet example com");
    expect(r.querySelector("#custom-host-0-error")?.textContent).toBe("Enter a host name such as meet.example.com.");
    expect($(r, "#custom-host-0").getAttribute("aria-invalid")).toBe("true");
    type($(r, "#custom-host-0"), "meet.example.com");
    expect(r.querySelector("#custom-host-0-error")?.textContent).toBe("");
  });

  it("still shows the backend's refusal when the form found nothing wrong", async () => {
    const backend = fakeBackend(view());
    backend.saveAppSettings.mockRejectedValueOnce({ code: "configuration", message: "\"Ctrl+Alt+Banana\" is not a shortcut; write it like Ctrl+Alt+J." });
    const r = await mount(backend);
    type($(r, "#join-shortcut"), "Ctrl+Alt+Banana");
    save(r);
    await vi.waitFor(() => expect(message(r)).toBe("\"Ctrl+Alt+Banana\" is not a shortcut; write it like Ctrl+Alt+J."));
    expect($(r, "#join-shortcut").value).toBe("Ctrl+Alt+Banana");
  });
});

describe("Settings: Meetings you make", () => {
  const select = (r: HTMLElement, id: string) => $<HTMLSelectElement>(r, `#${id}`);
  const change = (s: HTMLSelectElement, value: string) => {
    s.value = value;
    s.dispatchEvent(new Event("change", { bubbles: true }));
  };

  it("shows no source fields until a source is chosen, and only those the kind uses", async () => {
    const r = await mount(fakeBackend(view()));
    expect(select(r, "meeting-source").value).toBe("none");
    expect($<HTMLElement>(r, "#meeting-source-details").hidden).toBe(true);
    change(select(r, "meeting-source"), "jitsi");
    expect($<HTMLElement>(r, "#meeting-source-details").hidden).toBe(false);
    expect($<HTMLElement>(r, "#meeting-service-row").hidden).toBe(true);
    expect(r.querySelector("label[for=meeting-url]")?.textContent).toBe("The server's address");
    change(select(r, "meeting-source"), "personal_room");
    expect($<HTMLElement>(r, "#meeting-service-row").hidden).toBe(false);
    expect(r.querySelector("label[for=meeting-url]")?.textContent).toBe("Your room's link");
    expect($(r, "#keyword").value).toBe("@meet");
    expect($(r, "#keyword-enabled").checked).toBe(true);
    expect(select(r, "quick-minutes").value).toBe("30");
  });

  it("saves a personal room, the keyword and the quick meeting length, keeping more keywords from the file", async () => {
    const s = settings();
    const more = [{ keyword: "@lab", source: { kind: "jitsi" as const, base_url: "https://meet.lab.example", dial_in: null } }];
    s.meetings = { ...s.meetings, more_keywords: more };
    const backend = fakeBackend(view(s));
    const r = await mount(backend);
    change(select(r, "meeting-source"), "personal_room");
    type($(r, "#meeting-service"), " Zoom ");
    type($(r, "#meeting-url"), "https://contoso.zoom.us/my/dana");
    type($(r, "#meeting-dial-in"), "+1 555 0100, 123#");
    type($(r, "#keyword"), "@zoom");
    $(r, "#keyword-enabled").click();
    select(r, "quick-minutes").value = "15";
    save(r);
    await vi.waitFor(() => expect(backend.saveAppSettings).toHaveBeenCalled());
    expect(backend.saveAppSettings.mock.calls[0]![0].meetings).toEqual({
      source: { kind: "personal_room", service: "Zoom", url: "https://contoso.zoom.us/my/dana", dial_in: "+1 555 0100, 123#" },
      keyword_enabled: false,
      keyword: "@zoom",
      more_keywords: more,
      quick_minutes: 15,
    });
  });

  it("shows a saved Jitsi server and sends no dial-in when it is empty", async () => {
    const s = settings();
    s.meetings = { ...s.meetings, source: { kind: "jitsi", base_url: "https://meet.jit.si", dial_in: null }, quick_minutes: 90 };
    const backend = fakeBackend(view(s));
    const r = await mount(backend);
    expect($(r, "#meeting-url").value).toBe("https://meet.jit.si");
    expect(select(r, "quick-minutes").value).toBe("90");
    save(r);
    await vi.waitFor(() => expect(backend.saveAppSettings).toHaveBeenCalled());
    expect(backend.saveAppSettings.mock.calls[0]![0].meetings.source).toEqual({ kind: "jitsi", base_url: "https://meet.jit.si", dial_in: null });
  });

  it("does not save a bad link, service name or keyword: says why and focuses it", async () => {
    const cases: [string, string, string, string, string][] = [
      ["Zoom", "http://zoom.us/my/dana", "@meet", "meeting-url", "Enter an https:// address, such as https://meet.jit.si."],
      ["Zoom", "zoom.us/my/dana", "@meet", "meeting-url", "Enter an https:// address, such as https://meet.jit.si."],
      ["", "https://zoom.us/my/dana", "@meet", "meeting-service", "Name the service, up to 40 characters, such as Zoom."],
      ["Zoom", "https://zoom.us/my/dana", "meet", "keyword", "A keyword is an @ and 1 to 30 letters or digits, such as @meet."],
      ["Zoom", "https://zoom.us/my/dana", "@two words", "keyword", "A keyword is an @ and 1 to 30 letters or digits, such as @meet."],
    ];
    for (const [name, url, keyword, focus, text] of cases) {
      const backend = fakeBackend(view());
      const r = await mount(backend);
      change(select(r, "meeting-source"), "personal_room");
      $(r, "#meeting-service").value = name;
      $(r, "#meeting-url").value = url;
      $(r, "#keyword").value = keyword;
      save(r);
      expect(message(r), url).toBe(text);
      expect(document.activeElement?.id, url).toBe(focus);
      expect(backend.saveAppSettings, url).not.toHaveBeenCalled();
      r.remove();
    }
  });
});
