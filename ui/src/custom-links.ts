// Settings: the user's own meeting links, rows of name / host / path prefix.
// A row left entirely empty is dropped on save rather than refused.
import type { CustomLinkPattern } from "./ipc";
import { el } from "./dom";
import { checkedInput, type CheckedInput, type Section } from "./form-controls";
import { isHost, isLinkName, isPathPrefix, MAX_CUSTOM_LINKS, MAX_LINK_NAME, MAX_PATH_PREFIX } from "./settings-rules";
import { t } from "./i18n";

interface Row {
  element: HTMLElement;
  fields: [CheckedInput, CheckedInput, CheckedInput];
  blank(): boolean;
  value(): CustomLinkPattern;
}

export function customLinks(saved: CustomLinkPattern[]): Section<CustomLinkPattern[]> {
  const rows: Row[] = [];
  // Ids stay unique as rows come and go.
  let next = 0;
  const list = el("div", { id: "custom-links", class: "custom-links" });
  const add = el("button", { id: "custom-add", type: "button", class: "secondary" }, t("settings-custom-add"));

  function text(id: string, value: string, placeholder: string): HTMLInputElement {
    const input = el("input", { id, type: "text", autocomplete: "off", spellcheck: "false", placeholder });
    input.value = value;
    return input;
  }

  function cell(input: CheckedInput, label: string): HTMLElement {
    return el("div", { class: "custom-cell" }, el("label", { for: input.input.id }, label), input.input, input.error);
  }

  function addRow(link: CustomLinkPattern): Row {
    const n = next++;
    const name = text(`custom-name-${n}`, link.name, "");
    const host = text(`custom-host-${n}`, link.host, "meet.example.com");
    const path = text(`custom-path-${n}`, link.path_prefix, "/room/");
    const blank = () => [name, host, path].every((i) => i.value.trim() === "");
    // An empty row is not wrong, only unused.
    const rule = (ok: (v: string) => boolean, message: () => string) => (v: string) => (blank() || ok(v) ? null : message());
    const fields: Row["fields"] = [
      checkedInput(name, rule(isLinkName, () => t("settings-custom-name-invalid", { max: MAX_LINK_NAME }))),
      checkedInput(host, rule(isHost, () => t("settings-custom-host-invalid"))),
      checkedInput(path, rule(isPathPrefix, () => t("settings-custom-path-invalid", { max: MAX_PATH_PREFIX }))),
    ];
    const remove = el("button", { id: `custom-remove-${n}`, type: "button", class: "secondary" }, t("settings-custom-remove"));
    const labelRemove = () =>
      remove.setAttribute(
        "aria-label",
        name.value.trim() === "" ? t("settings-custom-remove-unnamed") : t("settings-custom-remove-label", { name: name.value.trim() }),
      );
    labelRemove();
    name.addEventListener("input", labelRemove);
    const row: Row = {
      element: el(
        "div",
        { class: "custom-row", role: "group", "aria-label": t("settings-custom-row") },
        cell(fields[0], t("settings-custom-name")),
        cell(fields[1], t("settings-custom-host")),
        cell(fields[2], t("settings-custom-path")),
        el("div", { class: "custom-cell remove" }, remove),
      ),
      fields,
      blank,
      value: () => ({ name: name.value.trim(), host: host.value.trim(), path_prefix: path.value.trim() }),
    };
    remove.addEventListener("click", () => {
      const at = rows.indexOf(row);
      rows.splice(at, 1);
      row.element.remove();
      update();
      // The row that took its place, else the one before, else Add.
      const neighbour = rows[at] ?? rows[at - 1];
      if (neighbour) neighbour.fields[0].input.focus();
      else add.focus();
    });
    rows.push(row);
    list.append(row.element);
    return row;
  }

  function update(): void {
    add.disabled = rows.length >= MAX_CUSTOM_LINKS;
    list.hidden = rows.length === 0;
  }

  add.addEventListener("click", () => {
    if (rows.length >= MAX_CUSTOM_LINKS) return;
    const row = addRow({ name: "", host: "", path_prefix: "" });
    update();
    row.fields[0].input.focus();
  });

  for (const link of saved) addRow(link);
  update();

  return {
    element: el(
      "fieldset",
      { class: "group" },
      el("legend", {}, t("settings-custom")),
      el("p", { class: "muted hint" }, t("settings-custom-hint", { max: MAX_CUSTOM_LINKS })),
      list,
      el("div", { class: "actions" }, add),
    ),
    value: () => rows.filter((r) => !r.blank()).map((r) => r.value()),
    check: () => {
      let first: { control: HTMLElement; message: string } | null = null;
      for (const row of rows) {
        for (const field of row.fields) {
          const message = field.check();
          if (message && !first) first = { control: field.input, message };
        }
      }
      return first;
    },
  };
}
