import { applyLanguage } from "./i18n";
import { tauriBackend } from "./ipc";
import { followTheme } from "./theme";
import { isTabName, render, renderFailure } from "./view";

/** index.html#settings (or #agenda, #account) opens on that tab;
 * #agenda/<meeting id> also shows that meeting (the tray's "Show details"). */
function route(): { tab: string; meeting: string | null } {
  const [tab = "", ...rest] = window.location.hash.replace(/^#/, "").split("/");
  const meeting = rest.join("/");
  return { tab: decodeURIComponent(tab), meeting: meeting === "" ? null : decodeURIComponent(meeting) };
}

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("index.html lacks #app");
  // First the language (English when the backend cannot say) and the theme,
  // then the window: nothing shows in the wrong words or colours.
  await Promise.all([applyLanguage(() => tauriBackend.uiLanguage()), followTheme(tauriBackend)]);
  try {
    const first = route();
    const app = render(root, await tauriBackend.appInfo(), tauriBackend, isTabName(first.tab) ? { tab: first.tab } : {});
    // Shown once: a reload (a new language) does not show it again.
    const shown = (meeting: string | null) => {
      if (meeting === null) return;
      app.agenda.reveal(meeting);
      history.replaceState(null, "", "#agenda");
    };
    if (first.tab === "agenda") shown(first.meeting);
    window.addEventListener("hashchange", () => {
      const next = route();
      if (!isTabName(next.tab)) return;
      // A meeting to show takes the focus itself.
      app.select(next.tab, next.meeting === null);
      if (next.tab === "agenda") shown(next.meeting);
    });
  } catch (err) {
    renderFailure(root, err);
  }
}

void start();
