import { applyLanguage, t } from "./i18n";
import { tauriPopupBackend } from "./popup-ipc";
import { mountPopup } from "./popup-view";
import { followTheme } from "./theme";

async function start(): Promise<void> {
  const root = document.getElementById("popup");
  if (!root) throw new Error("popup.html lacks #popup");
  // First the language (English when the backend cannot say) and the theme,
  // then the pop-up.
  await Promise.all([applyLanguage(() => tauriPopupBackend.uiLanguage()), followTheme(tauriPopupBackend)]);
  document.title = t("popup-window-title");
  mountPopup(root, tauriPopupBackend);
}

void start();
