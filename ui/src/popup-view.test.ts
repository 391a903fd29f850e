import { afterEach, describe, expect, it, vi } from "vitest";
import type { AlertView, PopupBackend, PopupView } from "./popup-ipc";
import { KEY_GUARD_MS, mountPopup, relativeTime, TICK_MS, type PopupHandle } from "./popup-view";

const START = "2026-03-02T10:00:00Z";
const END = "2026-03-02T10:30:00Z";
const at = (iso: string) => new Date(iso);

function alert(key: string, extra: Partial<AlertView> = {}): AlertView {
  return {
    key,
    subject: `Meeting ${key}`,
    start: START,
    instant: "2026-03-02T09:59:00Z",
    end: END,
    time_range: "10:00–10:30",
    organizer: "Dana Reyes",
    join: { index: 0, service_id: "teams", service_name: "Microsoft Teams", host: "teams.microsoft.com" },
    others: [],
    response: "accepted",
    can_rsvp: false,
    ...extra,
  };
}

/** A backend whose view() answers with `current`; commands resolve unless overridden. */
function fakeBackend(initial: PopupView, overrides: Partial<PopupBackend> = {}) {
  const state = { current: initial, handler: null as (() => void) | null };
  const unlisten = vi.fn();
  const backend = {
    uiLanguage: () => Promise.resolve("en" as const),
    view: vi.fn<PopupBackend["view"]>(() => Promise.resolve(state.current)),
    join: vi.fn<PopupBackend["join"]>(() => Promise.resolve()),
    snooze: vi.fn<PopupBackend["snooze"]>(() => Promise.resolve()),
    dismiss: vi.fn<PopupBackend["dismiss"]>(() => Promise.resolve()),
    rsvp: vi.fn<PopupBackend["rsvp"]>(() => Promise.resolve()),
    onChanged: vi.fn<PopupBackend["onChanged"]>((handler) => {
      state.handler = handler;
      return Promise.resolve(unlisten);
    }),
    uiTheme: () => Promise.resolve("system" as const),
    onThemeChanged: () => Promise.resolve(() => {}),
    ...overrides,
  };
  return { backend, state, unlisten, emit: () => state.handler?.() };
}

let mounted: { root: HTMLElement; handle: PopupHandle } | null = null;

async function mount(backend: PopupBackend, clock: () => Date = () => at("2026-03-02T09:55:00Z"), keyGuardMs = 0) {
  const root = document.createElement("main");
  root.id = "popup";
  document.body.append(root);
  const handle = mountPopup(root, backend, clock, keyGuardMs);
  mounted = { root, handle };
  await handle.ready;
  return { root, handle };
}

afterEach(() => {
  mounted?.handle.unmount();
  mounted?.root.remove();
  mounted = null;
  vi.useRealTimers();
});

const cards = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>("section.alert")];
const buttonByText = (scope: ParentNode, text: string) =>
  [...scope.querySelectorAll("button")].find((b) => b.textContent === text) ?? null;
const press = (target: Element, key: string) =>
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));

describe("Join pop-up", () => {
  it("renders a stacked view of two alerts, earliest first, and focuses the first Join", async () => {
    const { backend } = fakeBackend({
      alerts: [alert("a"), alert("b", { subject: "Design review", organizer: null, join: null, time_range: "10:15–11:00" })],
    });
    const { root } = await mount(backend);
    const [first, second] = cards(root);
    expect(cards(root)).toHaveLength(2);
    expect(root.querySelector("#alerts")?.getAttribute("aria-live")).toBe("polite");
    expect(root.querySelector("#alerts")?.contains(first!)).toBe(true);

    const title = first!.querySelector("h2")!;
    expect(title.textContent).toBe("Meeting a");
    expect(first!.getAttribute("aria-labelledby")).toBe(title.id);
    expect(first!.querySelector(".when")?.textContent).toBe("in 5 min · 10:00–10:30");
    expect(first!.querySelector(".organizer")?.textContent).toBe("Organizer: Dana Reyes");
    expect(first!.querySelector(".service")?.textContent).toBe("Microsoft Teams · teams.microsoft.com");
    const join = first!.querySelector<HTMLButtonElement>("button.join")!;
    expect(join.textContent).toBe("Join");
    expect(join.getAttribute("aria-label")).toBe("Join Meeting a with Microsoft Teams");
    expect(document.activeElement).toBe(join);

    expect(second!.querySelector("h2")?.textContent).toBe("Design review");
    expect(second!.querySelector(".organizer")).toBeNull();
    expect(second!.querySelector("button.join")).toBeNull();
    expect(second!.querySelector(".no-link")?.textContent).toBe("No join link");
    expect(second!.querySelector(".time-range")?.textContent).toBe("10:15–11:00");
  });

  it("focuses Dismiss when the first meeting has no link, and says when nothing is due", async () => {
    const { backend, state, emit } = fakeBackend({ alerts: [alert("a", { join: null })] });
    const { root } = await mount(backend);
    expect(document.activeElement).toBe(cards(root)[0]!.querySelector("button.dismiss"));
    state.current = { alerts: [] };
    emit();
    await vi.waitFor(() => expect(root.querySelector(".empty")?.textContent).toBe("No meeting due."));
    expect(cards(root)).toHaveLength(0);
  });

  it("words the time before, at and after the start", () => {
    expect(relativeTime(START, END, at("2026-03-02T09:59:00Z"))).toBe("in 1 min");
    expect(relativeTime(START, END, at("2026-03-02T09:55:00Z"))).toBe("in 5 min");
    expect(relativeTime(START, END, at("2026-03-02T08:45:00Z"))).toBe("in 1 h 15 min");
    expect(relativeTime(START, END, at("2026-03-02T09:59:45Z"))).toBe("starting now");
    expect(relativeTime(START, END, at("2026-03-02T10:00:00Z"))).toBe("starting now");
    expect(relativeTime(START, END, at("2026-03-02T10:02:00Z"))).toBe("started 2 min ago");
    expect(relativeTime(START, END, at("2026-03-02T10:33:00Z"))).toBe("ended 3 min ago");
    expect(relativeTime("not a date", END, at("2026-03-02T10:00:00Z"))).toBe("");
  });

  it("keeps the relative time live with the injected clock and drops Until start once started", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    let clock = at("2026-03-02T09:58:50Z");
    const { backend } = fakeBackend({ alerts: [alert("a")] });
    const { root } = await mount(backend, () => clock);
    const relative = () => root.querySelector(".relative")?.textContent;
    expect(relative()).toBe("in 1 min");
    expect(buttonByText(root, "Until start")).not.toBeNull();

    clock = at("2026-03-02T10:00:05Z");
    vi.advanceTimersByTime(TICK_MS - 1);
    expect(relative()).toBe("in 1 min");
    vi.advanceTimersByTime(1);
    expect(relative()).toBe("starting now");
    expect(buttonByText(root, "Until start")).toBeNull();

    clock = at("2026-03-02T10:02:10Z");
    vi.advanceTimersByTime(TICK_MS);
    expect(relative()).toBe("started 2 min ago");
  });

  it("offers Until start only before the start, and snoozes by 1, 5 minutes or until the start", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a"), alert("b", { start: "2026-03-02T09:50:00Z" })] });
    const { root } = await mount(backend);
    const [before, after] = cards(root);
    expect(after!.querySelector(".relative")?.textContent).toBe("started 5 min ago");
    expect(buttonByText(after!, "Until start")).toBeNull();
    expect(buttonByText(after!, "1 min")).not.toBeNull();

    buttonByText(before!, "Until start")!.click();
    await vi.waitFor(() => expect(backend.snooze).toHaveBeenCalledWith("a", null));
    buttonByText(after!, "5 min")!.click();
    await vi.waitFor(() => expect(backend.snooze).toHaveBeenCalledWith("b", 5));
  });

  it("joins the meeting of the card whose Join is clicked, then fetches the view again", async () => {
    const { backend } = fakeBackend({
      alerts: [alert("a"), alert("b", { join: { index: 3, service_id: "zoom", service_name: "Zoom", host: "zoom.us" } })],
    });
    const { root } = await mount(backend);
    expect(backend.view).toHaveBeenCalledTimes(1);
    cards(root)[0]!.querySelector<HTMLButtonElement>("button.join")!.click();
    await vi.waitFor(() => expect(backend.view).toHaveBeenCalledTimes(2));
    expect(backend.join).toHaveBeenCalledWith("a", 0);
    cards(root)[1]!.querySelector<HTMLButtonElement>("button.join")!.click();
    await vi.waitFor(() => expect(backend.join).toHaveBeenCalledWith("b", 3));
    expect(backend.join).toHaveBeenCalledTimes(2);
  });

  it("lists the other links under Join with… with their hosts", async () => {
    const { backend } = fakeBackend({
      alerts: [
        alert("a", {
          others: [
            { index: 1, service_id: "zoom", service_name: "Zoom", host: "contoso.zoom.us" },
            { index: 2, service_id: "webex", service_name: "Webex", host: "contoso.webex.com" },
          ],
        }),
      ],
    });
    const { root } = await mount(backend);
    const menu = root.querySelector("details.join-with")!;
    expect(menu.querySelector("summary")?.textContent).toBe("Join with…");
    expect([...menu.querySelectorAll("button")].map((b) => b.textContent)).toEqual([
      "Zoom (contoso.zoom.us)",
      "Webex (contoso.webex.com)",
    ]);
    buttonByText(menu, "Webex (contoso.webex.com)")!.click();
    await vi.waitFor(() => expect(backend.join).toHaveBeenCalledWith("a", 2));
    expect(backend.join).toHaveBeenCalledOnce();
  });

  it("has no Join with… menu when there is only one link", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a")] });
    const { root } = await mount(backend);
    expect(root.querySelector("details.join-with")).toBeNull();
  });

  it("joins on Enter: from the focused Join, and from the page for the first card", async () => {
    const { backend, state } = fakeBackend({ alerts: [alert("a"), alert("b")] });
    const { root } = await mount(backend);
    const enter = press(document.activeElement!, "Enter");
    expect(enter).toBe(false); // handled once, not also as a native button press
    await vi.waitFor(() => expect(backend.join).toHaveBeenCalledWith("a", 0));

    state.current = { alerts: [alert("b")] };
    await mounted!.handle.refresh();
    (document.activeElement as HTMLElement).blur();
    press(document.body, "Enter");
    await vi.waitFor(() => expect(backend.join).toHaveBeenLastCalledWith("b", 0));
    expect(cards(root)).toHaveLength(1);
  });

  it("leaves Enter on other buttons to them", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a")] });
    const { root } = await mount(backend);
    const oneMinute = buttonByText(root, "1 min")!;
    oneMinute.focus();
    expect(press(oneMinute, "Enter")).toBe(true);
    await Promise.resolve();
    expect(backend.join).not.toHaveBeenCalled();
  });

  it("dismisses the card holding focus on Esc, else the first", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a"), alert("b")] });
    const { root } = await mount(backend);
    const second = cards(root)[1]!;
    buttonByText(second, "5 min")!.focus();
    press(document.activeElement!, "Escape");
    await vi.waitFor(() => expect(backend.dismiss).toHaveBeenCalledWith("b"));

    (document.activeElement as HTMLElement).blur();
    press(document.body, "Escape");
    await vi.waitFor(() => expect(backend.dismiss).toHaveBeenLastCalledWith("a"));
    expect(backend.dismiss).toHaveBeenCalledTimes(2);
  });

  it("snoozes the focused card by 1 minute on S", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a"), alert("b")] });
    const { root } = await mount(backend);
    press(document.activeElement!, "s");
    await vi.waitFor(() => expect(backend.snooze).toHaveBeenCalledWith("a", 1));
    cards(root)[1]!.querySelector<HTMLButtonElement>("button.dismiss")!.focus();
    press(document.activeElement!, "S");
    await vi.waitFor(() => expect(backend.snooze).toHaveBeenLastCalledWith("b", 1));
    expect(backend.snooze).toHaveBeenCalledTimes(2);
  });

  it("ignores the shortcuts while typing a comment", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a", { can_rsvp: true, response: "notResponded" })] });
    const { root } = await mount(backend);
    const comment = root.querySelector<HTMLInputElement>("input.comment")!;
    comment.focus();
    expect(press(comment, "s")).toBe(true);
    expect(press(comment, "S")).toBe(true);
    expect(press(comment, "Enter")).toBe(true);
    press(comment, "Escape");
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(backend.snooze).not.toHaveBeenCalled();
    expect(backend.join).not.toHaveBeenCalled();
    expect(backend.dismiss).not.toHaveBeenCalled();
    // Esc only leaves the field; a second Esc dismisses.
    expect(document.activeElement).toBe(root.querySelector("button.join"));
    press(document.activeElement!, "Escape");
    await vi.waitFor(() => expect(backend.dismiss).toHaveBeenCalledWith("a"));
  });

  it("offers Accept, Tentative and Decline only to a meeting not answered yet", async () => {
    const { backend } = fakeBackend({
      alerts: [alert("a", { can_rsvp: true, response: "notResponded" }), alert("b", { response: "accepted" })],
    });
    const { root } = await mount(backend);
    const [open, answered] = cards(root);
    for (const label of ["Accept", "Tentative", "Decline"]) {
      expect(buttonByText(open!, label)).not.toBeNull();
      expect(buttonByText(answered!, label)).toBeNull();
    }
    expect(open!.querySelector<HTMLInputElement>("input.send-response")?.checked).toBe(true);
    expect(answered!.querySelector("input.comment")).toBeNull();
    expect(answered!.querySelector(".response")?.textContent).toBe("You accepted.");
  });

  it("sends the response with its comment and the Send response choice", async () => {
    const { backend } = fakeBackend({ alerts: [alert("a", { can_rsvp: true, response: "notResponded" })] });
    const { root } = await mount(backend);
    buttonByText(root, "Accept")!.click();
    await vi.waitFor(() => expect(backend.view).toHaveBeenCalledTimes(2));
    expect(backend.rsvp).toHaveBeenCalledWith("a", "accept", null, true);

    root.querySelector<HTMLInputElement>("input.comment")!.value = "  Running 5 min late  ";
    root.querySelector<HTMLInputElement>("input.send-response")!.checked = false;
    buttonByText(root, "Tentative")!.click();
    await vi.waitFor(() => expect(backend.view).toHaveBeenCalledTimes(3));
    expect(backend.rsvp).toHaveBeenLastCalledWith("a", "tentativelyAccept", "Running 5 min late", false);
    buttonByText(root, "Decline")!.click();
    await vi.waitFor(() => expect(backend.rsvp).toHaveBeenLastCalledWith("a", "decline", "Running 5 min late", false));
  });

  it("disables the card while a command runs, then shows a failure and keeps the card", async () => {
    let fail: (err: unknown) => void = () => {};
    const dismiss = vi.fn<PopupBackend["dismiss"]>(
      () => new Promise<void>((_, reject) => {
        fail = reject;
      }),
    );
    const { backend } = fakeBackend({ alerts: [alert("a"), alert("b")] }, { dismiss });
    const { root } = await mount(backend);
    const first = cards(root)[0]!;
    buttonByText(first, "Dismiss")!.click();
    expect([...first.querySelectorAll("button")].every((b) => b.disabled)).toBe(true);
    expect(cards(root)[1]!.querySelector<HTMLButtonElement>("button.join")!.disabled).toBe(false);
    // A second press while it runs does nothing.
    buttonByText(first, "Dismiss")!.click();
    expect(dismiss).toHaveBeenCalledOnce();

    fail({ code: "transient", message: "Outlook did not answer; try again." });
    await vi.waitFor(() =>
      expect(first.querySelector("[role=alert]")?.textContent).toBe("Outlook did not answer; try again."),
    );
    expect(cards(root)[0]).toBe(first);
    expect(first.isConnected).toBe(true);
    expect([...first.querySelectorAll("button")].some((b) => b.disabled)).toBe(false);
    expect(backend.view).toHaveBeenCalledTimes(1);
  });

  it("renders HTML in invitations as text", async () => {
    const evil = `<img src=x onerror="window.hacked=1">`;
    const { backend } = fakeBackend({
      alerts: [
        alert("a", {
          subject: evil,
          organizer: `<b>Mallory</b>`,
          join: { index: 0, service_id: "zoom", service_name: "<i>Zoom</i>", host: "<script>x</script>" },
        }),
      ],
    });
    const { root } = await mount(backend);
    expect(root.querySelector("img, b, i, script")).toBeNull();
    expect(root.querySelector("h2")?.textContent).toBe(evil);
    expect(root.querySelector(".organizer")?.textContent).toBe("Organizer: <b>Mallory</b>");
    expect(root.querySelector(".service")?.textContent).toBe("<i>Zoom</i> · <script>x</script>");
    expect(root.querySelector("button.join")?.getAttribute("aria-label")).toBe(`Join ${evil} with <i>Zoom</i>`);
  });

  it("fetches the view again on popup-changed, keeping untouched cards and what was typed", async () => {
    const { backend, state, emit, unlisten } = fakeBackend({
      alerts: [alert("a", { can_rsvp: true, response: "notResponded" }), alert("b")],
    });
    const { root, handle } = await mount(backend);
    const first = cards(root)[0]!;
    const comment = first.querySelector<HTMLInputElement>("input.comment")!;
    comment.focus();
    comment.value = "On my way";

    state.current = { alerts: [alert("a", { can_rsvp: true, response: "notResponded" }), alert("c", { subject: "Standup" })] };
    emit();
    await vi.waitFor(() => expect(cards(root)[1]?.querySelector("h2")?.textContent).toBe("Standup"));
    expect(backend.view).toHaveBeenCalledTimes(2);
    expect(cards(root)[0]).toBe(first);
    expect(comment.value).toBe("On my way");
    expect(document.activeElement).toBe(comment);

    handle.unmount();
    expect(unlisten).toHaveBeenCalledOnce();
  });

  it("never lets an older answer overwrite a newer one", async () => {
    const answers: ((view: PopupView) => void)[] = [];
    const view = vi.fn<PopupBackend["view"]>(() => new Promise<PopupView>((resolve) => answers.push(resolve)));
    const { backend } = fakeBackend({ alerts: [] }, { view });
    const root = document.createElement("main");
    document.body.append(root);
    const handle = mountPopup(root, backend, () => at("2026-03-02T09:55:00Z"));
    mounted = { root, handle };
    const second = handle.refresh();
    answers[1]!({ alerts: [alert("new", { subject: "Newer" })] });
    await second;
    answers[0]!({ alerts: [alert("old", { subject: "Older" })] });
    await handle.ready;
    expect(cards(root).map((c) => c.querySelector("h2")?.textContent)).toEqual(["Newer"]);
  });

  it("shows why the meetings could not be loaded", async () => {
    const { backend } = fakeBackend(
      { alerts: [] },
      { view: () => Promise.reject({ code: "internal", message: "The alert list is unavailable." }) },
    );
    const { root } = await mount(backend);
    expect(root.querySelector("#popup-status")?.getAttribute("role")).toBe("alert");
    expect(root.querySelector("#popup-status")?.textContent).toContain("The alert list is unavailable.");
  });
  it("ignores keys for a moment after a new meeting appears, so typing elsewhere cannot join", async () => {
    let clock = at("2026-03-02T09:59:00Z");
    const { backend, state, emit } = fakeBackend({ alerts: [alert("a")] });
    const { root, handle } = await mount(backend, () => clock, KEY_GUARD_MS);
    const join = cards(root)[0]!.querySelector<HTMLButtonElement>("button.join")!;
    expect(document.activeElement).toBe(join);
    for (const key of ["Enter", " ", "s", "Escape"]) expect(press(join, key)).toBe(false);
    join.click(); // a keyboard-made click (detail 0), e.g. Space's
    expect(backend.join).not.toHaveBeenCalled();
    expect(backend.snooze).not.toHaveBeenCalled();
    expect(backend.dismiss).not.toHaveBeenCalled();
    join.dispatchEvent(new MouseEvent("click", { bubbles: true, detail: 1 }));
    await vi.waitFor(() => expect(backend.join).toHaveBeenCalledTimes(1), { timeout: 200 });

    clock = new Date(clock.getTime() + KEY_GUARD_MS);
    press(join, "Enter");
    await vi.waitFor(() => expect(backend.join).toHaveBeenCalledTimes(2), { timeout: 200 });

    // A second meeting arriving arms the guard again.
    state.current = { alerts: [alert("a"), alert("b")] };
    emit();
    await handle.refresh();
    press(document.activeElement!, "Enter");
    expect(backend.join).toHaveBeenCalledTimes(2);

    // So does the same meeting alerting again (its next lead time).
    clock = new Date(clock.getTime() + KEY_GUARD_MS);
    state.current = { alerts: [alert("a", { instant: "2026-03-02T10:00:00Z" }), alert("b")] };
    emit();
    await handle.refresh();
    press(document.activeElement!, "Enter");
    expect(backend.join).toHaveBeenCalledTimes(2);
  });
});
