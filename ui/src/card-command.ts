// A card's command (Join, an answer, Snooze …) in the agenda and the pop-up:
// its buttons are disabled meanwhile, a failure shows in that card only, and
// a success fetches the view again.
import { errorMessage } from "./ipc";

export interface BusyCard {
  busy: boolean;
  setBusy(busy: boolean): void;
  showError(text: string): void;
}

/**
 * Runs `command` for `card` unless it is busy or `stopped()`. Disabling a
 * button can drop the focus in some engines: `restoreFocus` puts it back
 * before the error or the new view shows.
 */
export async function runOnCard(
  card: BusyCard,
  command: () => Promise<void>,
  stopped: () => boolean,
  restoreFocus: () => void,
  refresh: () => Promise<void>,
): Promise<void> {
  if (card.busy || stopped()) return;
  card.setBusy(true);
  card.showError("");
  let failure: unknown = null;
  let failed = false;
  try {
    await command();
  } catch (err) {
    failure = err;
    failed = true;
  }
  card.setBusy(false);
  restoreFocus();
  if (failed) card.showError(errorMessage(failure));
  else await refresh();
}
