// Controls the Settings sections share: labelled checkboxes and radios, and
// text inputs that check their value and say what is wrong beside them.
import { el } from "./dom";

/** A part of the Settings form: its fieldset, what it holds, and its first problem. */
export interface Section<T> {
  element: HTMLElement;
  value(): T;
  /** Checks every field (showing each problem beside it); the first problem and its control, or null. */
  check(): { control: HTMLElement; message: string } | null;
}

/** An id-safe form of a service id, for element ids such as `#open-in-<id>`. */
export const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, "_");

export function checkbox(id: string, checked: boolean, label: string): { input: HTMLInputElement; row: HTMLElement } {
  const input = el("input", { id, type: "checkbox" });
  input.checked = checked;
  return { input, row: el("div", { class: "check-row" }, input, el("label", { for: id, class: "check" }, label)) };
}

export function radio(name: string, id: string, value: string, checked: boolean, label: string) {
  const input = el("input", { id, type: "radio", name, value });
  input.checked = checked;
  return { input, row: el("div", { class: "check-row" }, input, el("label", { for: id, class: "check" }, label)) };
}

/** A value's problem in the user's words; null when it is fine. */
export type Rule = (value: string) => string | null;

export interface CheckedInput {
  input: HTMLInputElement;
  /** Where the problem shows (empty when none); place it after the input. */
  error: HTMLElement;
  /** Checks the value now, shows the outcome, and returns the problem. */
  check(): string | null;
}

/**
 * A text input checked by `rule` when the user leaves it changed, and again
 * on every keystroke once it was wrong, so the message goes as soon as the
 * value is right. Save calls check() as well.
 */
export function checkedInput(input: HTMLInputElement, rule: Rule): CheckedInput {
  const errorId = `${input.id}-error`;
  const error = el("p", { id: errorId, class: "field-error", role: "alert" });
  input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), errorId].filter(Boolean).join(" "));
  const check = (): string | null => {
    const problem = rule(input.value);
    error.textContent = problem ?? "";
    if (problem) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    return problem;
  };
  input.addEventListener("change", check);
  input.addEventListener("input", () => {
    if (input.hasAttribute("aria-invalid")) check();
  });
  return { input, error, check };
}
