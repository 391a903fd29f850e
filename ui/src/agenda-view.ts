// The Agenda tab: the next seven days from plain data; no framework, no
// innerHTML. Subjects, organizers and hosts come from strangers' invitations:
// text nodes only.
import {
  errorMessage,
  type AgendaDay,
  type AgendaMeeting,
  type AgendaView,
  type AvailabilityView,
  type Backend,
  type RsvpAction,
} from "./ipc";
import { el } from "./dom";
import { latestOnly, listenWhileMounted } from "./events";
import { runOnCard } from "./card-command";
import { formatDateTime, language, t } from "./i18n";

/** How often the agenda is fetched again, so "Now" and the now-line follow the clock. */
export const AGENDA_REFRESH_MS = 60_000;

export interface AgendaHandle {
  /** Settles once the first view is rendered (or its failure shown). */
  ready: Promise<void>;
  /** Fetches the view again and renders it. */
  refresh(): Promise<void>;
  /** Scrolls to meeting `id`, marks and focuses it, now or once it is rendered. */
  reveal(id: string): void;
  /** Stops the timer, the keyboard handler and the event listener. */
  unmount(): void;
}

/** How long a revealed card stays marked. */
export const REVEAL_MS = 3_000;

export interface AgendaOptions {
  /** The not-connected banner's button: show the Account tab. */
  showAccount(): void;
  /** For dates and times; by default the UI language. */
  locale?: string;
}

function parse(iso: string): Date | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

/** "Mon 30 Nov, 09:00" (in the UI language, or `locale`); only the time when `iso` falls on the same day as `now`. */
export function formatInstant(iso: string, now: Date | null, locale: string = language()): string {
  const d = parse(iso);
  if (!d) return iso;
  const time = formatDateTime(iso, { hour: "2-digit", minute: "2-digit" }, locale);
  if (now && sameDay(d, now)) return time;
  return `${formatDateTime(iso, { weekday: "short", day: "numeric", month: "short" }, locale)}, ${time}`;
}

/** Today's availability as a bar of slots; its name lists the times that are not free. */
export function availabilityBar(a: AvailabilityView, locale: string = language()): HTMLElement {
  const start = parse(a.start)?.getTime() ?? 0;
  const at = (i: number) => new Date(start + i * a.slot_minutes * 60_000).toISOString();
  const time = (i: number) => formatDateTime(at(i), { hour: "2-digit", minute: "2-digit" }, locale);
  const state = (s: string) => t(`availability-${s.replace(/_/g, "-")}`);
  const runs: string[] = [];
  let from = 0;
  a.slots.forEach((s, i) => {
    if (a.slots[i + 1] === s) return;
    if (s !== "free") runs.push(`${state(s)} ${time(from)}–${time(i + 1)}`);
    from = i + 1;
  });
  const name = runs.length === 0 ? t("availability-all-free") : t("availability-label", { runs: runs.join(", ") });
  const bar = el("div", { id: "agenda-availability", class: "availability", role: "img", "aria-label": name });
  a.slots.forEach((s, i) => {
    bar.append(el("span", { class: `slot ${s.replace(/_/g, "-")}`, title: `${time(i)} ${state(s)}` }));
  });
  return bar;
}

/** Each answer with the message ids of its button and of its accessible name. */
const RSVP: [string, string, RsvpAction][] = [
  ["rsvp-accept", "agenda-accept-label", "accept"],
  ["rsvp-tentative", "agenda-tentative-label", "tentativelyAccept"],
  ["rsvp-decline", "agenda-decline-label", "decline"],
];

interface Card {
  key: string;
  /** The meeting as JSON: an unchanged meeting keeps its card, with its error and focus. */
  data: string;
  article: HTMLElement;
  busy: boolean;
  buttons: HTMLButtonElement[];
  setBusy(busy: boolean): void;
  showError(text: string): void;
}

let cardIds = 0;

const keyOf = (m: AgendaMeeting) => `${m.id}\u0000${m.start}`;

export function mountAgenda(root: HTMLElement, backend: Backend, options: AgendaOptions): AgendaHandle {
  const doc = root.ownerDocument;
  const banners = el("div", { id: "agenda-banners", class: "agenda-banners" });
  const status = el("p", { id: "agenda-error", class: "error", role: "alert" });
  const daysBox = el("div", { id: "agenda-days", class: "agenda-days" });
  root.replaceChildren(banners, status, daysBox);

  let cards = new Map<string, Card>();
  let unmounted = false;
  /** A meeting to reveal once it is rendered (the tray's "Show details"). */
  let pendingReveal: string | null = null;
  let revealTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last banners rendered, as JSON: unchanged banners are not announced again. */
  let bannerData = "";

  const refresh = latestOnly(
    () => backend.agendaView(),
    () => !unmounted,
    (view: AgendaView) => {
      status.textContent = "";
      render(view);
      showPending();
      // Only the next view may bring it; a meeting filtered out or beyond
      // the week must not take the focus at some later refresh.
      pendingReveal = null;
    },
    (err) => {
      status.textContent = t("agenda-load-failed", { error: errorMessage(err) });
    },
  );

  /** Runs a card's command; the clicked button gets the focus back if it dropped to the page. */
  function run(card: Card, command: () => Promise<void>, button: HTMLButtonElement): Promise<void> {
    const restoreFocus = () => {
      if (button.isConnected && doc.activeElement !== button && doc.activeElement === doc.body) button.focus();
    };
    return runOnCard(card, command, () => unmounted, restoreFocus, refresh);
  }

  function buildCard(m: AgendaMeeting, data: string): Card {
    const id = `meeting-${++cardIds}`;
    const buttons: HTMLButtonElement[] = [];
    const button = (label: string, cls: string, ariaLabel: string, command: () => Promise<void>) => {
      const b = el("button", { type: "button", class: cls, "aria-label": ariaLabel }, label);
      b.addEventListener("click", () => void run(card, command, b));
      buttons.push(b);
      return b;
    };

    const classes = ["meeting"];
    if (m.status === "in_progress") classes.push("in-progress");
    if (m.status === "ended") classes.push("ended");
    if (m.cancelled) classes.push("cancelled");
    if (m.response === "declined") classes.push("declined");

    const badges: HTMLElement[] = [];
    const badge = (text: string, cls: string) => badges.push(el("li", { class: `badge ${cls}` }, text));
    if (m.status === "in_progress") badge(t("badge-now"), "now");
    if (m.cancelled) badge(t("badge-cancelled"), "cancelled");
    if (m.response === "tentativelyAccepted") badge(t("badge-tentative"), "tentative");
    if (m.response === "declined") badge(t("badge-declined"), "declined");
    if (m.service_name === null) badge(t("badge-no-link"), "no-link");
    if (m.join_details_added) badge(t("badge-join-added"), "join-added");

    const parts: HTMLElement[] = [
      el("p", { class: "time" }, m.time_range),
      el("h3", { id: `${id}-title`, class: "subject" }, m.subject),
    ];
    if (badges.length > 0) parts.push(el("ul", { class: "badges", "aria-label": t("agenda-status") }, ...badges));
    if (m.organizer !== null && m.organizer !== "") {
      parts.push(el("p", { class: "organizer muted" }, t("organizer", { name: m.organizer })));
    }
    if (m.service_name !== null) {
      const service = el("p", { id: `${id}-service`, class: "service" }, el("span", { class: "service-name" }, m.service_name));
      if (m.host !== null && m.host !== "") service.append(" · ", el("span", { class: "host" }, m.host));
      parts.push(service);
    }

    const actions: HTMLElement[] = [];
    if (m.service_name !== null && m.status !== "ended") {
      const join = button(t("join"), "primary join", t("join-label", { subject: m.subject, service: m.service_name }), () =>
        backend.agendaJoin(m.id, m.start),
      );
      join.dataset.action = "join";
      join.setAttribute("aria-describedby", `${id}-service`);
      actions.push(join);
    }
    if (m.can_rsvp) {
      for (const [label, ariaLabel, action] of RSVP) {
        const b = button(t(label), "secondary rsvp-button", t(ariaLabel, { subject: m.subject }), () =>
          backend.agendaRsvp(m.id, action),
        );
        b.dataset.action = action;
        actions.push(b);
      }
    }
    if (actions.length > 0) parts.push(el("div", { class: "actions" }, ...actions));

    const error = el("p", { class: "error", role: "alert" });
    parts.push(error);

    const article = el("article", { class: classes.join(" "), "aria-labelledby": `${id}-title` }, ...parts);
    const card: Card = {
      key: keyOf(m),
      data,
      article,
      busy: false,
      buttons,
      setBusy(busy) {
        card.busy = busy;
        for (const b of buttons) b.disabled = busy;
        article.setAttribute("aria-busy", String(busy));
      },
      showError(text) {
        error.textContent = text;
      },
    };
    return card;
  }

  function bannerNodes(view: AgendaView): HTMLElement[] {
    const now = parse(view.now);
    const nodes: HTMLElement[] = [];
    if (!view.connected) {
      const open = el("button", { id: "agenda-open-account", type: "button", class: "secondary" }, t("agenda-open-account"));
      open.addEventListener("click", () => options.showAccount());
      nodes.push(
        el(
          "div",
          { id: "agenda-not-connected", class: "banner", role: "status" },
          el("p", {}, t("agenda-not-connected")),
          open,
        ),
      );
    }
    if (view.out_of_office) {
      const { from, until, muted } = view.out_of_office;
      const when = (iso: string) => formatInstant(iso, null, options.locale);
      const text =
        until === null
          ? t("agenda-out-of-office")
          : from === null
            ? t("agenda-out-of-office-until", { date: when(until) })
            : t("agenda-out-of-office-period", { from: when(from), until: when(until) });
      nodes.push(
        el(
          "p",
          { id: "agenda-ooo", class: "banner ooo", role: "status" },
          muted ? `${text}. ${t("agenda-out-of-office-muted")}` : text,
        ),
      );
    }
    if (view.stale_since !== null) {
      nodes.push(
        el(
          "p",
          { id: "agenda-stale", class: "banner stale", role: "status" },
          t("agenda-stale", { date: formatInstant(view.stale_since, now, options.locale) }),
        ),
      );
    }
    if (view.availability !== null && view.availability.slots.length > 0) {
      nodes.push(availabilityBar(view.availability, options.locale));
    }
    if (view.sync_problem !== null) {
      // Text only: the message comes from the core, never as HTML.
      nodes.push(
        el(
          "p",
          { id: "agenda-sync-problem", class: "banner problem", role: "alert" },
          t("agenda-sync-problem", { reason: view.sync_problem }),
        ),
      );
    }
    return nodes;
  }

  function dayNode(day: AgendaDay, index: number, today: boolean, now: Date | null, next: Map<string, Card>): HTMLElement {
    const headingId = `agenda-day-${index}`;
    const section = el(
      "section",
      { class: today ? "day today" : "day", "aria-labelledby": headingId },
      el("h2", { id: headingId }, day.label),
    );
    section.dataset.date = day.date;
    if (day.meetings.length === 0) {
      section.append(el("p", { class: "empty muted" }, t("agenda-no-meetings")));
      return section;
    }
    const list = el("div", { class: "meetings" });
    let lineAt = today && now ? day.meetings.findIndex((m) => (parse(m.start)?.getTime() ?? -Infinity) > now.getTime()) : -2;
    if (lineAt === -1) lineAt = day.meetings.length;
    day.meetings.forEach((m, i) => {
      if (i === lineAt) list.append(nowLine());
      const data = JSON.stringify(m);
      const key = keyOf(m);
      const old = cards.get(key);
      const card = old && old.data === data && !next.has(key) ? old : buildCard(m, data);
      next.set(key, card);
      list.append(card.article);
    });
    if (lineAt === day.meetings.length) list.append(nowLine());
    section.append(list);
    return section;
  }

  function render(view: AgendaView): void {
    // Keep the user's place: the focused button, or the same button of its rebuilt card.
    const active = doc.activeElement;
    let focusKey: string | null = null;
    let focusAction: string | null = null;
    if (active instanceof HTMLElement && daysBox.contains(active)) {
      for (const c of cards.values()) {
        if (c.article.contains(active)) {
          focusKey = c.key;
          focusAction = active.dataset.action ?? null;
        }
      }
    }

    const banner = bannerNodes(view);
    const data = JSON.stringify([
      view.connected,
      view.out_of_office,
      view.stale_since,
      view.sync_problem,
      view.availability,
    ]);
    if (data !== bannerData) {
      bannerData = data;
      banners.replaceChildren(...banner);
    }

    const now = parse(view.now);
    const next = new Map<string, Card>();
    const hasMeetings = view.days.some((d) => d.meetings.length > 0);
    const days = view.connected || hasMeetings ? view.days.map((d, i) => dayNode(d, i, i === 0, now, next)) : [];
    cards = next;
    daysBox.replaceChildren(...days);

    if (active instanceof HTMLElement && active.isConnected) {
      if (doc.activeElement !== active) active.focus();
    } else if (focusKey !== null) {
      const card = cards.get(focusKey);
      const target = card?.buttons.find((b) => (b.dataset.action ?? null) === focusAction) ?? card?.buttons[0];
      target?.focus();
    }
  }

  /** Reveals the pending meeting if it is rendered; its first occurrence shown. */
  function showPending(): void {
    if (pendingReveal === null) return;
    const card = [...cards.values()].find((c) => c.key.startsWith(`${pendingReveal}\u0000`));
    if (!card) return;
    pendingReveal = null;
    for (const c of cards.values()) c.article.classList.remove("revealed");
    card.article.classList.add("revealed");
    // Focusable by script only: Tab still moves between buttons.
    if (!card.article.hasAttribute("tabindex")) card.article.tabIndex = -1;
    card.article.scrollIntoView({ block: "center" });
    // The card, not its first button: a stray Enter must not join or answer.
    card.article.focus();
    clearTimeout(revealTimer);
    revealTimer = setTimeout(() => card.article.classList.remove("revealed"), REVEAL_MS);
  }

  /** Up and Down move between the cards' first buttons. */
  function onKeyDown(e: KeyboardEvent): void {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    if (!target || !target.closest("article.meeting")) return;
    // The map is in document order: days, then meetings.
    const reachable = [...cards.values()].filter((c) => c.buttons.length > 0);
    const at = reachable.findIndex((c) => c.article.contains(target));
    const to = reachable[e.key === "ArrowDown" ? at + 1 : at - 1];
    if (at === -1 || !to) return;
    e.preventDefault();
    to.buttons[0]?.focus();
  }

  daysBox.addEventListener("keydown", onKeyDown);
  const timer = setInterval(() => void refresh(), AGENDA_REFRESH_MS);

  const events = listenWhileMounted((h) => backend.onAgendaChanged(h), () => void refresh(), "agenda-changed");

  return {
    ready: Promise.all([events.ready, refresh()]).then(() => undefined),
    refresh,
    reveal(id: string) {
      pendingReveal = id;
      showPending();
    },
    unmount() {
      unmounted = true;
      clearInterval(timer);
      clearTimeout(revealTimer);
      daysBox.removeEventListener("keydown", onKeyDown);
      events.stop();
    },
  };
}

function nowLine(): HTMLElement {
  return el("div", { class: "now-line", role: "separator", "aria-label": t("agenda-now-line") });
}
