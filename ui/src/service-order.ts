// Settings: the preferred services, an ordered list (most preferred first)
// built from every known service. Each entry moves up or down or goes; a
// select adds the services not listed yet. Focus stays with the entry that
// moved, so the keyboard can keep moving it.
import type { ServiceChoice } from "./ipc";
import { el } from "./dom";
import { safeId } from "./form-controls";
import { t } from "./i18n";

type Action = "up" | "down" | "remove";

export interface ServiceOrder {
  element: HTMLElement;
  value(): string[];
}

export function serviceOrder(all: ServiceChoice[], saved: string[]): ServiceOrder {
  const order = [...saved];
  // An id this window does not know still shows (by its id), and is kept.
  const nameOf = (id: string) => all.find((s) => s.id === id)?.name ?? id;
  const buttonId = (action: Action, id: string) => `order-${action}-${safeId(id)}`;

  const list = el("ol", { id: "service-order", class: "order-list", "aria-labelledby": "service-order-legend" });
  const empty = el("p", { id: "service-order-empty", class: "muted hint" }, t("settings-order-empty"));
  const add = el("select", { id: "service-add" });
  const addButton = el("button", { id: "service-add-button", type: "button", class: "secondary" }, t("settings-order-add"));

  function button(action: Action, id: string, index: number, glyph: string, label: string): HTMLButtonElement {
    const b = el("button", { id: buttonId(action, id), type: "button", class: "secondary icon", "aria-label": label, title: label }, glyph);
    b.disabled = (action === "up" && index === 0) || (action === "down" && index === order.length - 1);
    b.addEventListener("click", () => act(action, index));
    return b;
  }

  function show(): void {
    list.replaceChildren(
      ...order.map((id, i) => {
        const name = nameOf(id);
        return el(
          "li",
          { class: "order-item" },
          el("span", { class: "rank", "aria-hidden": "true" }, `${i + 1}.`),
          el("span", { class: "name" }, name),
          button("up", id, i, "↑", t("settings-order-up", { service: name })),
          button("down", id, i, "↓", t("settings-order-down", { service: name })),
          button("remove", id, i, "✕", t("settings-order-remove", { service: name })),
        );
      }),
    );
    list.hidden = order.length === 0;
    empty.hidden = order.length > 0;
    const left = all.filter((s) => !order.includes(s.id));
    add.replaceChildren(
      el("option", { value: "" }, t("settings-order-choose")),
      ...left.map((s) => el("option", { value: s.id }, s.name)),
    );
    add.disabled = left.length === 0;
    addButton.disabled = left.length === 0;
  }

  /** Focuses the first of these buttons that can take focus; else the select. */
  function focus(...ids: string[]): void {
    for (const id of ids) {
      const b = list.querySelector<HTMLButtonElement>(`#${id}`);
      if (b && !b.disabled) return b.focus();
    }
    add.focus();
  }

  function act(action: Action, index: number): void {
    const id = order[index]!;
    if (action === "remove") {
      order.splice(index, 1);
      show();
      // The entry that took its place, else the one before it.
      const next = order[index] ?? order[index - 1];
      focus(...(next === undefined ? [] : [buttonId("remove", next)]));
      return;
    }
    const to = action === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= order.length) return;
    [order[index], order[to]] = [order[to]!, id];
    show();
    // At the top (or bottom) the same button is disabled: offer the other way.
    focus(buttonId(action, id), buttonId(action === "up" ? "down" : "up", id));
  }

  addButton.addEventListener("click", () => {
    if (add.value === "" || order.includes(add.value)) return add.focus();
    const id = add.value;
    order.push(id);
    show();
    // Once every service is listed the select is off: stay near the new entry.
    if (add.disabled) focus(buttonId("remove", id));
    else add.focus();
  });

  show();
  return {
    element: el(
      "fieldset",
      { class: "group" },
      el("legend", { id: "service-order-legend" }, t("settings-order")),
      el("p", { class: "muted hint" }, t("settings-order-hint")),
      list,
      empty,
      el("label", { for: "service-add" }, t("settings-order-add-label")),
      el("div", { class: "add-row" }, add, addButton),
    ),
    value: () => [...order],
  };
}
