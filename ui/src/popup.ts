import { tauriPopupBackend } from "./popup-ipc";
import { mountPopup } from "./popup-view";

const root = document.getElementById("popup");
if (!root) throw new Error("popup.html lacks #popup");
mountPopup(root, tauriPopupBackend);
