import { afterEach, describe, expect, it, vi } from "vitest";
import type { AgendaMeeting, AgendaView, Backend } from "./ipc";
import { AGENDA_REFRESH_MS, REVEAL_MS, formatInstant, mountAgenda, type AgendaHandle } from "./agenda-view";
import { idleBackend } from "./test-backend";

function meeting(id: string, extra: Partial<AgendaMeeting> = {}): AgendaMeeting {
  return {
    id,
    start: "2026-03-02T11:00:00Z",
    end: "2026-03-02T11:30:00Z",
    time_range: "11:00–11:30",
    all_day: false,
    subject: `Meeting ${id}`,
    organizer: "Dana Reyes",
    service_id: "teams",
    service_name: "Microsoft Teams",
    host: "teams.microsoft.com",
    status: "upcoming",
    response: "accepted",
    can_rsvp: false,
    cancelled: false,
    join_details_added: false,
    ...extra,
  };
}

const NOW = "2026-03-02T10:15:00Z";

/** Today: one ended, one running, one unanswered without a link, one tentative and cancelled. */
function agenda(extra: Partial<AgendaView> = {}): AgendaView {
  return {
    connected: true,
    now: NOW,
    out_of_office: null,
    stale_since: null,
    sync_problem: null,
    availability: null,
    days: [
      {
        date: "2026-03-02",
        label: "Today — Mon 2 Mar",
        meetings: [
          meeting("ended", { start: "2026-03-02T09:00:00Z", end: "2026-03-02T09:30:00Z", time_range: "09:00–09:30", status: "ended" }),
          meeting("running", {
            start: "2026-03-02T10:00:00Z",
            end: "2026-03-02T10:30:00Z",
            time_range: "10:00–10:30",
            status: "in_progress",
            service_id: "zoom",
            service_name: "Zoom",
            host: "acme.zoom.us",
          }),
          meeting("unanswered", {
            service_id: null,
            service_name: null,
            host: null,
            response: "notResponded",
            can_rsvp: true,
            organizer: null,
          }),
          meeting("shaky", {
            start: "2026-03-02T12:00:00Z",
            end: "2026-03-02T13:00:00Z",
            time_range: "12:00–13:00",
            response: "tentativelyAccepted",
            cancelled: true,
          }),
        ],
      },
      { date: "2026-03-03", label: "Tomorrow — Tue 3 Mar", meetings: [] },
      {
        date: "2026-03-04",
        label: "Wed 4 Mar",
        meetings: [meeting("later", { start: "2026-03-04T08:00:00Z", end: "2026-03-04T09:00:00Z", response: "declined" })],
      },
    ],
    ...extra,
  };
}

function fakeBackend(initial: AgendaView, overrides: Partial<Backend> = {}) {
  const state = { current: initial, handler: null as (() => void) | null };
  const unlisten = vi.fn();
  const backend = {
    ...idleBackend(),
    agendaView: vi.fn<Backend["agendaView"]>(() => Promise.resolve(state.current)),
    agendaJoin: vi.fn<Backend["agendaJoin"]>(() => Promise.resolve()),
    agendaRsvp: vi.fn<Backend["agendaRsvp"]>(() => Promise.resolve()),
    onAgendaChanged: vi.fn<Backend["onAgendaChanged"]>((handler) => {
      state.handler = handler;
      return Promise.resolve(unlisten);
    }),
    ...overrides,
  } satisfies Backend;
  return { backend, state, unlisten, emit: () => state.handler?.() };
}

let mounted: { root: HTMLElement; handle: AgendaHandle } | null = null;

async function mount(backend: Backend, showAccount = vi.fn()) {
  const root = document.createElement("div");
  document.body.append(root);
  const handle = mountAgenda(root, backend, { showAccount, locale: "en-GB" });
  mounted = { root, handle };
  await handle.ready;
  return { root, handle, showAccount };
}

afterEach(() => {
  mounted?.handle.unmount();
  mounted?.root.remove();
  mounted = null;
  vi.useRealTimers();
});

const card = (root: HTMLElement, subject: string) =>
  [...root.querySelectorAll<HTMLElement>("article.meeting")].find((a) => a.querySelector(".subject")?.textContent === subject)!;
const buttonByText = (scope: ParentNode, text: string) =>
  [...scope.querySelectorAll<HTMLButtonElement>("button")].find((b) => b.textContent === text) ?? null;
const badges = (article: HTMLElement) => [...article.querySelectorAll(".badge")].map((b) => b.textContent);
const press = (target: Element, key: string) =>
  target.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));

describe("Agenda", () => {
  it("renders each day with its heading, its meetings as cards, and No meetings for an empty day", async () => {
    const { backend } = fakeBackend(agenda());
    const { root } = await mount(backend);
    const days = [...root.querySelectorAll("section.day")];
    expect(days.map((d) => d.querySelector("h2")?.textContent)).toEqual([
      "Today — Mon 2 Mar",
      "Tomorrow — Tue 3 Mar",
      "Wed 4 Mar",
    ]);
    expect(days[0]!.querySelectorAll("article.meeting")).toHaveLength(4);
    expect(days[1]!.querySelector("article")).toBeNull();
    expect(days[1]!.textContent).toContain("No meetings");
    expect(days[2]!.querySelectorAll("article.meeting")).toHaveLength(1);

    const running = card(root, "Meeting running");
    expect(running.querySelector(".time")?.textContent).toBe("10:00–10:30");
    expect(running.querySelector("h3")?.textContent).toBe("Meeting running");
    expect(running.querySelector(".organizer")?.textContent).toBe("Organizer: Dana Reyes");
    expect(running.querySelector(".service")?.textContent).toBe("Zoom · acme.zoom.us");
    expect(running.getAttribute("aria-labelledby")).toBe(running.querySelector("h3")?.id);
    expect(card(root, "Meeting unanswered").querySelector(".organizer")).toBeNull();
  });

  it("marks the running meeting Now and shows tentative, declined, cancelled and no-link badges", async () => {
    const { backend } = fakeBackend(agenda());
    const { root } = await mount(backend);
    const running = card(root, "Meeting running");
    expect(running.classList.contains("in-progress")).toBe(true);
    expect(badges(running)).toEqual(["Now"]);
    expect(card(root, "Meeting ended").classList.contains("in-progress")).toBe(false);
    expect(badges(card(root, "Meeting ended"))).toEqual([]);
    expect(badges(card(root, "Meeting unanswered"))).toEqual(["No link"]);
    expect(badges(card(root, "Meeting shaky"))).toEqual(["Cancelled", "Tentative"]);
    expect(card(root, "Meeting shaky").classList.contains("cancelled")).toBe(true);
    expect(badges(card(root, "Meeting later"))).toEqual(["Declined"]);
  });

  it("shows which meetings the scheduling keyword gave join details", async () => {
    const view = agenda();
    view.days[2]!.meetings.push(meeting("keyword", { response: "organizer", join_details_added: true }));
    const { backend } = fakeBackend(view);
    const { root } = await mount(backend);
    expect(badges(card(root, "Meeting keyword"))).toEqual(["Join details added"]);
    expect(badges(card(root, "Meeting later"))).toEqual(["Declined"]);
  });

  it("offers Join only for meetings with a link that have not ended, and joins with the id and start", async () => {
    const { backend } = fakeBackend(agenda());
    const { root } = await mount(backend);
    expect(buttonByText(card(root, "Meeting ended"), "Join")).toBeNull();
    expect(buttonByText(card(root, "Meeting unanswered"), "Join")).toBeNull();
    expect(buttonByText(card(root, "Meeting shaky"), "Join")).not.toBeNull();
    const join = buttonByText(card(root, "Meeting running"), "Join")!;
    expect(join.getAttribute("aria-label")).toBe("Join Meeting running with Zoom");
    join.click();
    await vi.waitFor(() => expect(backend.agendaJoin).toHaveBeenCalledWith("running", "2026-03-02T10:00:00Z"));
    expect(backend.agendaJoin).toHaveBeenCalledOnce();
    expect(backend.agendaRsvp).not.toHaveBeenCalled();
  });

  it("offers Accept, Tentative and Decline only while the invitation is unanswered", async () => {
    const { backend } = fakeBackend(agenda());
    const { root } = await mount(backend);
    for (const subject of ["Meeting ended", "Meeting running", "Meeting shaky", "Meeting later"]) {
      expect(card(root, subject).querySelector(".rsvp-button")).toBeNull();
    }
    const unanswered = card(root, "Meeting unanswered");
    expect([...unanswered.querySelectorAll(".rsvp-button")].map((b) => b.textContent)).toEqual(["Accept", "Tentative", "Decline"]);
    buttonByText(unanswered, "Tentative")!.click();
    await vi.waitFor(() => expect(backend.agendaRsvp).toHaveBeenCalledWith("unanswered", "tentativelyAccept"));
    buttonByText(card(root, "Meeting unanswered"), "Decline")!.click();
    await vi.waitFor(() => expect(backend.agendaRsvp).toHaveBeenLastCalledWith("unanswered", "decline"));
    buttonByText(card(root, "Meeting unanswered"), "Accept")!.click();
    await vi.waitFor(() => expect(backend.agendaRsvp).toHaveBeenLastCalledWith("unanswered", "accept"));
    // Each success fetches the agenda again.
    expect(backend.agendaView).toHaveBeenCalledTimes(4);
  });

  it("shows a failed command's message in that card only", async () => {
    const { backend } = fakeBackend(agenda(), {
      agendaJoin: vi.fn(() => Promise.reject({ code: "gone", message: "This meeting was cancelled or moved." })),
    });
    const { root } = await mount(backend);
    const shaky = card(root, "Meeting shaky");
    const join = buttonByText(shaky, "Join")!;
    join.click();
    await vi.waitFor(() => expect(shaky.querySelector("[role=alert]")?.textContent).toBe("This meeting was cancelled or moved."));
    expect(join.disabled).toBe(false);
    expect(card(root, "Meeting running").querySelector("[role=alert]")?.textContent).toBe("");
    // A refresh with the same data keeps the card, and so the message.
    await mounted!.handle.refresh();
    expect(card(root, "Meeting shaky")).toBe(shaky);
    expect(shaky.querySelector("[role=alert]")?.textContent).toBe("This meeting was cancelled or moved.");
  });

  it("places the now-line in today's list after the meetings that started and before the next", async () => {
    const { backend, state } = fakeBackend(agenda());
    const { root, handle } = await mount(backend);
    const lines = root.querySelectorAll(".now-line");
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(line.getAttribute("role")).toBe("separator");
    expect(line.getAttribute("aria-label")).toBe("Now");
    expect(line.closest("section.day")?.getAttribute("data-date")).toBe("2026-03-02");
    expect(line.previousElementSibling?.querySelector(".subject")?.textContent).toBe("Meeting running");
    expect(line.nextElementSibling?.querySelector(".subject")?.textContent).toBe("Meeting unanswered");

    state.current = agenda({ now: "2026-03-02T07:00:00Z" });
    await handle.refresh();
    expect(root.querySelector(".now-line")?.previousElementSibling).toBeNull();
    expect(root.querySelector(".now-line")?.nextElementSibling?.querySelector(".subject")?.textContent).toBe("Meeting ended");

    state.current = agenda({ now: "2026-03-02T20:00:00Z" });
    await handle.refresh();
    expect(root.querySelector(".now-line")?.nextElementSibling).toBeNull();
    expect(root.querySelector(".now-line")?.previousElementSibling?.querySelector(".subject")?.textContent).toBe("Meeting shaky");
  });

  it("shows out of office with its period or without an end, whether alerts are off, and when the calendar is stale", async () => {
    const { backend, state } = fakeBackend(
      agenda({ out_of_office: { from: "2026-03-02T08:00:00Z", until: "2026-03-09T08:00:00Z", muted: true } }),
    );
    const { root, handle } = await mount(backend);
    const ooo = root.querySelector("#agenda-ooo")!;
    expect(ooo.getAttribute("role")).toBe("status");
    const when = (iso: string) => formatInstant(iso, null, "en-GB");
    expect(ooo.textContent).toBe(
      `Out of office from ${when("2026-03-02T08:00:00Z")} until ${when("2026-03-09T08:00:00Z")}. Alerts are off meanwhile (Settings, Alerts).`,
    );
    expect(ooo.textContent).toMatch(/^Out of office from Mon 2 Mar, \d\d:\d\d until Mon 9 Mar, \d\d:\d\d\. /);
    expect(root.querySelector("#agenda-stale")).toBeNull();

    state.current = agenda({ out_of_office: { from: null, until: "2026-03-09T08:00:00Z", muted: false } });
    await handle.refresh();
    expect(root.querySelector("#agenda-ooo")?.textContent).toBe(`Out of office until ${when("2026-03-09T08:00:00Z")}`);

    state.current = agenda({ out_of_office: { from: null, until: null, muted: false }, stale_since: "2026-03-02T09:40:00Z" });
    await handle.refresh();
    expect(root.querySelector("#agenda-ooo")?.textContent).toBe("Out of office");
    const stale = root.querySelector("#agenda-stale")!;
    expect(stale.getAttribute("role")).toBe("status");
    expect(stale.textContent).toMatch(/^Offline — calendar as of \d\d:\d\d$/);

    state.current = agenda();
    await handle.refresh();
    expect(root.querySelector("#agenda-banners")?.children).toHaveLength(0);
  });

  it("draws today's availability as a bar named by its busy times", async () => {
    const slots = Array<"free" | "busy" | "tentative" | "out_of_office">(24).fill("free");
    slots[9] = "busy";
    slots[10] = "busy";
    slots[11] = "tentative";
    slots[14] = "out_of_office";
    const start = "2026-03-02T00:00:00Z";
    const { backend, state } = fakeBackend(agenda({ availability: { start, slot_minutes: 60, slots } }));
    const { root, handle } = await mount(backend);
    const bar = root.querySelector("#agenda-availability")!;
    expect(bar.getAttribute("role")).toBe("img");
    const spans = [...bar.querySelectorAll("span.slot")];
    expect(spans).toHaveLength(24);
    expect(spans.map((s) => s.className).filter((c) => c !== "slot free")).toEqual([
      "slot busy",
      "slot busy",
      "slot tentative",
      "slot out-of-office",
    ]);
    const hour = (h: number) =>
      new Date(Date.parse(start) + h * 3_600_000).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    expect(bar.getAttribute("aria-label")).toBe(
      `Today: busy ${hour(9)}–${hour(11)}, tentative ${hour(11)}–${hour(12)}, out of office ${hour(14)}–${hour(15)}`,
    );
    expect(spans[9]?.getAttribute("title")).toBe(`${hour(9)} busy`);

    state.current = agenda({ availability: { start, slot_minutes: 60, slots: Array(24).fill("free") } });
    await handle.refresh();
    expect(root.querySelector("#agenda-availability")?.getAttribute("aria-label")).toBe("Today: free all day");
    state.current = agenda();
    await handle.refresh();
    expect(root.querySelector("#agenda-availability")).toBeNull();
  });

  it("says why the last sync failed, as text, until a sync works", async () => {
    const reason = "Microsoft Graph answered 503 UnknownError. <b>Meeting Tray</b> tries again by itself";
    const { backend, state } = fakeBackend(agenda({ sync_problem: reason }));
    const { root, handle } = await mount(backend);
    const problem = root.querySelector("#agenda-sync-problem")!;
    expect(problem.getAttribute("role")).toBe("alert");
    expect(problem.textContent).toBe(`The calendar could not be updated: ${reason}`);
    expect(problem.querySelector("b")).toBeNull();
    expect(root.querySelectorAll("section.day").length).toBeGreaterThan(0);

    state.current = agenda();
    await handle.refresh();
    expect(root.querySelector("#agenda-sync-problem")).toBeNull();
  });

  it("asks to connect when not connected, with a button to the Account tab", async () => {
    const { backend } = fakeBackend(agenda({ connected: false, days: [] }));
    const { root, showAccount } = await mount(backend);
    const banner = root.querySelector("#agenda-not-connected")!;
    expect(banner.getAttribute("role")).toBe("status");
    expect(banner.textContent).toContain("Connect your calendar in the Account tab");
    expect(root.querySelector("section.day")).toBeNull();
    banner.querySelector("button")!.click();
    expect(showAccount).toHaveBeenCalledOnce();
  });

  it("renders HTML in a subject, organizer or host as text", async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><b>Boss</b>';
    const { backend } = fakeBackend(
      agenda({
        days: [
          {
            date: "2026-03-02",
            label: "Today <i>x</i>",
            meetings: [meeting("evil", { subject: evil, organizer: "<script>x</script>", host: "<u>h</u>" })],
          },
        ],
      }),
    );
    const { root } = await mount(backend);
    expect(root.querySelector("img, b, i, u, script")).toBeNull();
    expect(root.querySelector("h2")?.textContent).toBe("Today <i>x</i>");
    const article = root.querySelector("article.meeting")!;
    expect(article.querySelector(".subject")?.textContent).toBe(evil);
    expect(article.querySelector(".organizer")?.textContent).toBe("Organizer: <script>x</script>");
    expect(article.querySelector(".host")?.textContent).toBe("<u>h</u>");
  });

  it("fetches again on agenda-changed and every minute, and stops when unmounted", async () => {
    vi.useFakeTimers();
    const { backend, state, emit, unlisten } = fakeBackend(agenda());
    const { root, handle } = await mount(backend);
    expect(backend.agendaView).toHaveBeenCalledTimes(1);
    state.current = agenda({ days: [{ date: "2026-03-02", label: "Today", meetings: [meeting("new", { subject: "Added" })] }] });
    emit();
    await vi.advanceTimersByTimeAsync(0);
    expect(root.querySelector(".subject")?.textContent).toBe("Added");
    expect(backend.agendaView).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(AGENDA_REFRESH_MS - 1);
    expect(backend.agendaView).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(backend.agendaView).toHaveBeenCalledTimes(3);
    handle.unmount();
    expect(unlisten).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(AGENDA_REFRESH_MS * 3);
    expect(backend.agendaView).toHaveBeenCalledTimes(3);
  });

  it("shows a failure to load and keeps the last agenda", async () => {
    let fail = false;
    const { backend } = fakeBackend(agenda(), {
      agendaView: vi.fn(() => (fail ? Promise.reject({ code: "transient", message: "No network." }) : Promise.resolve(agenda()))),
    });
    const { root, handle } = await mount(backend);
    fail = true;
    await handle.refresh();
    expect(root.querySelector("#agenda-error")?.textContent).toBe("Could not load the agenda. No network.");
    expect(root.querySelectorAll("article.meeting")).toHaveLength(5);
    fail = false;
    await handle.refresh();
    expect(root.querySelector("#agenda-error")?.textContent).toBe("");
  });

  it("keeps the focused button across a refresh that changes its card", async () => {
    const { backend, state } = fakeBackend(agenda());
    const { root, handle } = await mount(backend);
    buttonByText(card(root, "Meeting unanswered"), "Decline")!.focus();
    const changed = agenda();
    changed.days[0]!.meetings[2] = { ...changed.days[0]!.meetings[2]!, subject: "Renamed" };
    state.current = changed;
    await handle.refresh();
    expect(document.activeElement?.textContent).toBe("Decline");
    expect(document.activeElement?.closest("article")?.querySelector(".subject")?.textContent).toBe("Renamed");
  });

  it("moves between cards with the arrow keys", async () => {
    const { backend } = fakeBackend(agenda());
    const { root } = await mount(backend);
    const running = buttonByText(card(root, "Meeting running"), "Join")!;
    running.focus();
    press(running, "ArrowDown");
    expect(document.activeElement).toBe(buttonByText(card(root, "Meeting unanswered"), "Accept"));
    press(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(buttonByText(card(root, "Meeting shaky"), "Join"));
    press(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(buttonByText(card(root, "Meeting later"), "Join"));
    press(document.activeElement!, "ArrowDown");
    expect(document.activeElement).toBe(buttonByText(card(root, "Meeting later"), "Join"));
    press(document.activeElement!, "ArrowUp");
    press(document.activeElement!, "ArrowUp");
    press(document.activeElement!, "ArrowUp");
    expect(document.activeElement).toBe(running);
    // Meeting ended, above, has no button: Up stays on the first card that has one.
    press(running, "ArrowUp");
    expect(document.activeElement).toBe(running);
  });

  it("reveals a meeting shown from the tray: marked, scrolled to and focused, also once it arrives", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    // jsdom does not lay out, so it has no scrollIntoView.
    const scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled;
    const { backend, state, emit } = fakeBackend(agenda());
    const { root, handle } = await mount(backend);

    handle.reveal("unanswered");
    const unanswered = card(root, "Meeting unanswered");
    expect(unanswered.classList.contains("revealed")).toBe(true);
    // The card itself: a stray Enter must not answer the invitation.
    expect(document.activeElement).toBe(unanswered);
    expect(scrolled).toHaveBeenCalledTimes(1);
    expect(scrolled.mock.contexts[0]).toBe(unanswered);
    vi.advanceTimersByTime(REVEAL_MS);
    expect(unanswered.classList.contains("revealed")).toBe(false);

    // Not in the agenda yet (a sync brings it): shown when it is rendered.
    handle.reveal("new");
    expect(root.querySelector(".revealed")).toBeNull();
    const view = agenda();
    view.days[1]!.meetings.push(meeting("new", { service_id: null, service_name: null, host: null }));
    state.current = view;
    emit();
    await vi.waitFor(() => expect(card(root, "Meeting new")?.classList.contains("revealed")).toBe(true));
    expect(document.activeElement).toBe(card(root, "Meeting new"));
    // Not brought by the next view: forgotten, so no later refresh steals the focus.
    handle.reveal("never");
    await handle.refresh();
    state.current = { ...view, days: [...view.days] };
    state.current.days[2]!.meetings.push(meeting("never"));
    buttonByText(card(root, "Meeting running"), "Join")!.focus();
    await handle.refresh();
    expect(card(root, "Meeting never").classList.contains("revealed")).toBe(false);
  });
});

describe("formatInstant", () => {
  it("shows only the time on the same day and passes unreadable input through", () => {
    const now = new Date("2026-03-02T12:00:00");
    expect(formatInstant(new Date("2026-03-02T09:05:00").toISOString(), now, "en-GB")).toBe("09:05");
    expect(formatInstant(new Date("2026-03-03T09:05:00").toISOString(), now, "en-GB")).toBe("Tue 3 Mar, 09:05");
    expect(formatInstant("later", now)).toBe("later");
  });
});
