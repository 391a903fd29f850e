// Renders the Join pop-up from plain data; no framework, no innerHTML. Subjects,
// organizers and hosts come from strangers' invitations: text nodes only.
import { type AlertView, type PopupBackend, type PopupView, type ResponseName, type RsvpAction } from "./popup-ipc";
import { el } from "./dom";
import { errorMessage } from "./ipc";
import { latestOnly, listenWhileMounted } from "./events";
import { runOnCard } from "./card-command";
import { t } from "./i18n";

/** How often the relative times ("in 4 min") are brought up to date. */
export const TICK_MS = 15_000;

function duration(minutes: number): string {
  if (minutes < 60) return t("duration-minutes", { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t("duration-hours", { hours }) : t("duration-hours-minutes", { hours, minutes: rest });
}

/** "in 5 min", "starting now", "started 2 min ago", "ended 3 min ago", to the nearest minute, in the UI language. */
export function relativeTime(start: string, end: string, now: Date): string {
  const s = Date.parse(start);
  if (Number.isNaN(s)) return "";
  const e = Date.parse(end);
  const at = now.getTime();
  if (!Number.isNaN(e) && e > s && at >= e) {
    const ago = Math.round((at - e) / 60_000);
    return ago === 0 ? t("relative-just-ended") : t("relative-ended", { duration: duration(ago) });
  }
  const minutes = Math.round((s - at) / 60_000);
  if (minutes > 0) return t("relative-in", { duration: duration(minutes) });
  if (minutes === 0) return t("relative-starting");
  return t("relative-started", { duration: duration(-minutes) });
}

function hasStarted(alert: AlertView, now: Date): boolean {
  const s = Date.parse(alert.start);
  return !Number.isNaN(s) && now.getTime() >= s;
}


/** The message id of what the user answered, for invitations already answered. */
const ANSWERED: Partial<Record<ResponseName, string>> = {
  organizer: "popup-organizer-self",
  accepted: "popup-accepted",
  tentativelyAccepted: "popup-tentative",
  declined: "popup-declined",
};

interface Card {
  key: string;
  instant: string;
  /** The alert as JSON: an unchanged alert keeps its card, with any typed comment, error and focus. */
  data: string;
  section: HTMLElement;
  join: HTMLButtonElement | null;
  dismiss: HTMLButtonElement;
  snoozeOne: HTMLButtonElement;
  busy: boolean;
  /** The Join button, or Dismiss when there is no link. */
  primary(): HTMLButtonElement;
  tick(now: Date): void;
  setBusy(busy: boolean): void;
  showError(text: string): void;
}

export interface PopupHandle {
  /** Settles once the first view is rendered (or its failure shown). */
  ready: Promise<void>;
  /** Fetches the view again and renders it. */
  refresh(): Promise<void>;
  /** Stops the clock, the keyboard handler and the event listener. */
  unmount(): void;
}

let cardIds = 0;

/**
 * The pop-up takes focus when it appears, maybe while the user is typing
 * elsewhere: for this long after a new card shows, keys do nothing, so a
 * stray Enter or Space cannot join a meeting.
 */
export const KEY_GUARD_MS = 1_000;

export function mountPopup(
  root: HTMLElement,
  backend: PopupBackend,
  now: () => Date = () => new Date(),
  keyGuardMs: number = KEY_GUARD_MS,
): PopupHandle {
  const doc = root.ownerDocument;
  // Undecorated window: the title line is what the user drags it by.
  const title = el("h1", { class: "popup-title", "data-tauri-drag-region": "" }, "Meeting Tray");
  const list = el("div", { id: "alerts", class: "alerts", "aria-live": "polite" });
  const status = el("p", { id: "popup-status", class: "error", role: "alert" });
  root.replaceChildren(title, list, status);

  let cards: Card[] = [];
  let unmounted = false;
  /** Keys act again from this instant (see KEY_GUARD_MS). */
  let keysFrom = 0;
  const guarded = (): boolean => now().getTime() < keysFrom;

  const refresh = latestOnly(
    () => backend.view(),
    () => !unmounted,
    (view: PopupView) => {
      status.textContent = "";
      render(view);
    },
    (err) => {
      status.textContent = t("popup-load-failed", { error: errorMessage(err) });
    },
  );

  /** Runs a card's command; whatever had the focus before gets it back. */
  function run(card: Card, command: () => Promise<void>): Promise<void> {
    const focused = doc.activeElement;
    const restoreFocus = () => {
      if (focused instanceof HTMLElement && focused.isConnected && doc.activeElement !== focused) focused.focus();
    };
    return runOnCard(card, command, () => unmounted, restoreFocus, refresh);
  }

  function buildCard(alert: AlertView, data: string): Card {
    const id = `alert-${++cardIds}`;
    const controls: (HTMLButtonElement | HTMLInputElement)[] = [];
    const button = (label: string, cls: string, ariaLabel: string | null, command: () => Promise<void>) => {
      const b = el("button", { type: "button", class: cls }, label);
      if (ariaLabel !== null) b.setAttribute("aria-label", ariaLabel);
      b.addEventListener("click", (e) => {
        // detail 0: a click made by the keyboard, not the pointer.
        if (e.detail === 0 && guarded()) return;
        void run(card, command);
      });
      controls.push(b);
      return b;
    };

    const relative = el("span", { class: "relative", "aria-live": "off" });
    const parts: HTMLElement[] = [
      el("h2", { id: `${id}-title`, class: "subject" }, alert.subject),
      el("p", { class: "when" }, relative, " · ", el("span", { class: "time-range" }, alert.time_range)),
    ];
    if (alert.organizer !== null && alert.organizer !== "") {
      parts.push(el("p", { class: "organizer muted" }, t("organizer", { name: alert.organizer })));
    }
    const answered = ANSWERED[alert.response];
    if (!alert.can_rsvp && answered) parts.push(el("p", { class: "response muted" }, t(answered)));

    let join: HTMLButtonElement | null = null;
    if (alert.join) {
      const link = alert.join;
      parts.push(
        el(
          "p",
          { id: `${id}-service`, class: "service" },
          el("span", { class: "service-name" }, link.service_name),
          " · ",
          el("span", { class: "host" }, link.host),
        ),
      );
      join = button(t("join"), "join primary", t("join-label", { subject: alert.subject, service: link.service_name }), () =>
        backend.join(alert.key, link.index),
      );
      join.setAttribute("aria-describedby", `${id}-service`);
      parts.push(join);
    } else {
      parts.push(el("p", { class: "no-link muted" }, t("popup-no-link")));
    }

    if (alert.others.length > 0) {
      const items = alert.others.map((link) =>
        el(
          "li",
          {},
          button(
            `${link.service_name} (${link.host})`,
            "secondary",
            t("popup-join-other-label", { subject: alert.subject, service: link.service_name, host: link.host }),
            () => backend.join(alert.key, link.index),
          ),
        ),
      );
      parts.push(el("details", { class: "join-with" }, el("summary", {}, t("popup-join-with")), el("ul", {}, ...items)));
    }

    if (alert.can_rsvp) {
      const comment = el("input", {
        id: `${id}-comment`,
        class: "comment",
        type: "text",
        autocomplete: "off",
        placeholder: t("popup-comment-placeholder"),
      });
      const send = el("input", { class: "send-response", type: "checkbox" });
      send.checked = true;
      controls.push(comment, send);
      const rsvp = (label: string, action: RsvpAction) =>
        button(label, "secondary rsvp-button", null, () =>
          backend.rsvp(alert.key, action, comment.value.trim() || null, send.checked),
        );
      parts.push(
        el(
          "div",
          { class: "rsvp", role: "group", "aria-label": t("popup-rsvp-group") },
          el(
            "div",
            { class: "actions" },
            rsvp(t("rsvp-accept"), "accept"),
            rsvp(t("rsvp-tentative"), "tentativelyAccept"),
            rsvp(t("rsvp-decline"), "decline"),
          ),
          el("label", { for: `${id}-comment` }, t("popup-comment")),
          comment,
          el("label", { class: "check" }, send, ` ${t("popup-send-response")}`),
        ),
      );
    }

    const snoozeFor = (minutes: number) =>
      button(t("duration-minutes", { minutes }), "secondary", t("popup-snooze-minutes-label", { minutes }), () =>
        backend.snooze(alert.key, minutes),
      );
    const snoozeOne = snoozeFor(1);
    const snoozeFive = snoozeFor(5);
    const untilStart = button(t("popup-until-start"), "secondary", t("popup-until-start-label"), () =>
      backend.snooze(alert.key, null),
    );
    const dismiss = button(t("popup-dismiss"), "secondary dismiss", t("popup-dismiss-label", { subject: alert.subject }), () =>
      backend.dismiss(alert.key),
    );
    const snoozeGroup = el(
      "div",
      { class: "snooze", role: "group", "aria-labelledby": `${id}-snooze` },
      el("span", { id: `${id}-snooze`, class: "group-label" }, t("popup-snooze")),
      snoozeOne,
      snoozeFive,
      untilStart,
    );
    parts.push(el("div", { class: "footer" }, snoozeGroup, dismiss));

    const error = el("p", { class: "error", role: "alert" });
    parts.push(error);

    const section = el("section", { class: "alert", "aria-labelledby": `${id}-title` }, ...parts);
    section.dataset.key = alert.key;

    const card: Card = {
      key: alert.key,
      instant: alert.instant,
      data,
      section,
      join,
      dismiss,
      snoozeOne,
      busy: false,
      primary: () => join ?? dismiss,
      tick(at) {
        const text = relativeTime(alert.start, alert.end, at);
        if (relative.textContent !== text) relative.textContent = text;
        if (untilStart.parentNode && hasStarted(alert, at)) {
          if (doc.activeElement === untilStart) snoozeOne.focus();
          untilStart.remove();
        }
      },
      setBusy(busy) {
        card.busy = busy;
        for (const c of controls) c.disabled = busy;
        section.setAttribute("aria-busy", String(busy));
      },
      showError(text) {
        error.textContent = text;
      },
    };
    card.tick(now());
    return card;
  }

  function render(view: PopupView): void {
    const active = doc.activeElement;
    const previous = new Map(cards.map((c) => [c.key, c]));
    const at = now();
    const next: Card[] = [];
    let arrived = false;
    for (const alert of view.alerts) {
      const data = JSON.stringify(alert);
      const old = previous.get(alert.key);
      previous.delete(alert.key);
      // New to the pop-up, or raised again (the next lead time, an escalation).
      if (!old || old.instant !== alert.instant) arrived = true;
      if (old && old.data === data) {
        old.tick(at);
        next.push(old);
      } else {
        next.push(buildCard(alert, data));
      }
    }
    cards = next;
    const nodes = next.length > 0 ? next.map((c) => c.section) : [el("p", { class: "empty" }, t("popup-empty"))];
    const unchanged = nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
    if (!unchanged) list.replaceChildren(...nodes);
    // The pop-up took focus: keys wait a moment (KEY_GUARD_MS).
    if (arrived) keysFrom = at.getTime() + keyGuardMs;
    // Keep the user where they were; otherwise the first card's Join (or Dismiss).
    if (active instanceof HTMLElement && active.isConnected && list.contains(active)) {
      if (doc.activeElement !== active) active.focus();
    } else {
      next[0]?.primary().focus();
    }
  }

  function cardOf(target: Element | null): Card | undefined {
    return target ? cards.find((c) => c.section.contains(target)) : undefined;
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (guarded() && ["Enter", " ", "Escape", "s", "S"].includes(e.key)) {
      e.preventDefault();
      return;
    }
    if (e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target instanceof Element ? e.target : null;
    const focused = cardOf(target);
    const card = focused ?? cards[0];
    if (!card) return;
    const typing = target?.matches("input:not([type=checkbox]), textarea, select, [contenteditable]") ?? false;
    switch (e.key) {
      case "Enter": {
        if (e.repeat || typing || !card.join) return;
        // Other buttons and the "Join with…" toggle keep their own Enter.
        if (target !== card.join && target?.closest("button, summary, a[href]")) return;
        e.preventDefault();
        card.join.click();
        return;
      }
      case "Escape": {
        e.preventDefault();
        if (typing && focused) {
          focused.primary().focus();
          return;
        }
        const menu = target?.closest("details[open]");
        if (menu instanceof HTMLDetailsElement) {
          menu.open = false;
          menu.querySelector("summary")?.focus();
          return;
        }
        card.dismiss.click();
        return;
      }
      case "s":
      case "S": {
        if (e.repeat || typing) return;
        e.preventDefault();
        card.snoozeOne.click();
        return;
      }
    }
  }

  doc.addEventListener("keydown", onKeyDown);
  const timer = setInterval(() => {
    const at = now();
    for (const c of cards) c.tick(at);
  }, TICK_MS);

  const events = listenWhileMounted((h) => backend.onChanged(h), () => void refresh(), "popup-changed");

  return {
    ready: Promise.all([events.ready, refresh()]).then(() => undefined),
    refresh,
    unmount() {
      unmounted = true;
      clearInterval(timer);
      doc.removeEventListener("keydown", onKeyDown);
      events.stop();
    },
  };
}
