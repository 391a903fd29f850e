// Settings: the Meetings section, where the join details of meetings
// Meeting Tray makes come from (a personal room, or a new room on a
// Jitsi-style server each time), the scheduling keyword and the length of
// "Start a meeting now". More keywords live in settings.json and are kept.
import type { AppSettingsView, MeetingSettings, MeetingSource } from "./ipc";
import { el } from "./dom";
import { checkbox, checkedInput, type Section } from "./form-controls";
import { isHttpsUrl, isKeyword } from "./settings-rules";
import { t } from "./i18n";

type Kind = "none" | MeetingSource["kind"];

/** Quick meeting lengths offered, in minutes (a saved other value is added). */
const QUICK_MINUTES = [15, 30, 45, 60];

function textInput(id: string, value: string, placeholder: string): HTMLInputElement {
  const input = el("input", { id, type: "text", autocomplete: "off", spellcheck: "false", placeholder });
  input.value = value;
  return input;
}

export function meetingsSection(view: AppSettingsView): Section<{ meetings: MeetingSettings }> {
  const m = view.settings.meetings;
  const source = m.source;
  const kind = el(
    "select",
    { id: "meeting-source" },
    el("option", { value: "none" }, t("settings-source-none")),
    el("option", { value: "personal_room" }, t("settings-source-room")),
    el("option", { value: "jitsi" }, t("settings-source-jitsi")),
  );
  kind.value = source?.kind ?? "none";

  const service = textInput("meeting-service", source?.kind === "personal_room" ? source.service : "", "Zoom");
  const serviceCheck = checkedInput(service, (v) =>
    kind.value === "personal_room" && (v.trim() === "" || v.trim().length > 40) ? t("settings-source-service-invalid") : null,
  );
  const url = textInput(
    "meeting-url",
    source?.kind === "personal_room" ? source.url : source?.kind === "jitsi" ? source.base_url : "",
    "https://",
  );
  const urlCheck = checkedInput(url, (v) => (kind.value !== "none" && !isHttpsUrl(v) ? t("settings-source-url-invalid") : null));
  const dialIn = textInput("meeting-dial-in", source?.dial_in ?? "", "");
  const urlLabel = el("label", { for: "meeting-url" });
  const serviceRow = el(
    "div",
    { id: "meeting-service-row" },
    el("label", { for: "meeting-service" }, t("settings-source-service")),
    service,
    serviceCheck.error,
  );
  const details = el(
    "div",
    { id: "meeting-source-details" },
    serviceRow,
    urlLabel,
    url,
    urlCheck.error,
    el("label", { for: "meeting-dial-in" }, t("settings-source-dial-in")),
    dialIn,
  );
  // Only the fields the chosen kind uses show.
  const showKind = () => {
    details.hidden = kind.value === "none";
    serviceRow.hidden = kind.value !== "personal_room";
    urlLabel.textContent = t(kind.value === "jitsi" ? "settings-source-server" : "settings-source-url");
  };
  kind.addEventListener("change", () => {
    showKind();
    if (url.hasAttribute("aria-invalid")) urlCheck.check();
  });
  showKind();

  const enabled = checkbox("keyword-enabled", m.keyword_enabled, t("settings-keyword-enabled"));
  const keyword = textInput("keyword", m.keyword, "@meet");
  keyword.setAttribute("aria-describedby", "keyword-hint");
  const keywordCheck = checkedInput(keyword, (v) => (isKeyword(v.trim()) ? null : t("settings-keyword-invalid")));

  const quick = el("select", { id: "quick-minutes" });
  const lengths = [...new Set([...QUICK_MINUTES, m.quick_minutes])].sort((a, b) => a - b);
  quick.append(...lengths.map((n) => el("option", { value: String(n) }, t("settings-quick-length", { minutes: n }))));
  quick.value = String(m.quick_minutes);

  const element = el(
    "fieldset",
    { id: "meeting-settings" },
    el("legend", {}, t("settings-meetings")),
    el("label", { for: "meeting-source" }, t("settings-source")),
    kind,
    details,
    el("div", { class: "spaced" }, enabled.row),
    el("label", { for: "keyword" }, t("settings-keyword")),
    keyword,
    keywordCheck.error,
    el("p", { id: "keyword-hint", class: "muted hint" }, t("settings-keyword-hint")),
    el("label", { for: "quick-minutes" }, t("settings-quick")),
    quick,
  );

  const chosen = (): MeetingSource | null => {
    const dial = dialIn.value.trim() === "" ? null : dialIn.value.trim();
    switch (kind.value as Kind) {
      case "personal_room":
        return { kind: "personal_room", service: service.value.trim(), url: url.value.trim(), dial_in: dial };
      case "jitsi":
        return { kind: "jitsi", base_url: url.value.trim(), dial_in: dial };
      default:
        return null;
    }
  };

  return {
    element,
    value: () => ({
      meetings: {
        source: chosen(),
        keyword_enabled: enabled.input.checked,
        keyword: keyword.value.trim(),
        more_keywords: m.more_keywords,
        quick_minutes: Number(quick.value),
      },
    }),
    check: () => {
      const problems: [HTMLElement, string | null][] = [
        [service, serviceCheck.check()],
        [url, urlCheck.check()],
        [keyword, keywordCheck.check()],
      ];
      const first = problems.find(([, p]) => p !== null);
      return first ? { control: first[0], message: first[1] as string } : null;
    },
  };
}
