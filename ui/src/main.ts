import { tauriBackend } from "./ipc";
import { render, renderFailure } from "./view";

async function start(): Promise<void> {
  const root = document.getElementById("app");
  if (!root) throw new Error("index.html lacks #app");
  try {
    render(root, await tauriBackend.appInfo(), tauriBackend);
  } catch (err) {
    renderFailure(root, err);
  }
}

void start();
