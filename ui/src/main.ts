import { applyLanguage } from "./i18n";
import { tauriBackend } from "./ipc";
import { followTheme } from "./theme";
import { isTabName, render, renderFailure } from "./view";

/** index.html#settings (or #agenda, #account) opens on that tab. */
function tabFromHash(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, ""));
}

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("index.html lacks #app");
  // First the language (English when the backend cannot say) and the theme,
  // then the window: nothing shows in the wrong words or colours.
  await Promise.all([applyLanguage(() => tauriBackend.uiLanguage()), followTheme(tauriBackend)]);
  try {
    const tab = tabFromHash();
    const app = render(root, await tauriBackend.appInfo(), tauriBackend, isTabName(tab) ? { tab } : {});
    window.addEventListener("hashchange", () => {
      const next = tabFromHash();
      if (isTabName(next)) app.select(next, true);
    });
  } catch (err) {
    renderFailure(root, err);
  }
}

void start();
