// Settings: the Meeting links section, which link of an invitation wins and
// the user's own meeting hosts. The backend applies both when it reads the
// calendar, so saving a change reads it again.
import type { AppSettings, AppSettingsView } from "./ipc";
import { el } from "./dom";
import type { Section } from "./form-controls";
import { serviceOrder } from "./service-order";
import { customLinks } from "./custom-links";
import { t } from "./i18n";

export function linksSection(view: AppSettingsView): Section<AppSettings["links"]> {
  const order = serviceOrder(view.all_services, view.settings.links.service_order);
  const custom = customLinks(view.settings.links.custom);
  return {
    element: el(
      "fieldset",
      { id: "link-settings" },
      el("legend", {}, t("settings-links")),
      el("p", { class: "muted hint" }, t("settings-links-resync")),
      order.element,
      custom.element,
    ),
    value: () => ({ service_order: order.value(), custom: custom.value() }),
    check: () => custom.check(),
  };
}
