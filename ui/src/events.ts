// Backend events for a mounted view: a listener that is set up only after the
// view was unmounted is removed at once, so no handler outlives its view.
export interface Subscription {
  /** Settles once listening (or its failure logged). */
  ready: Promise<void>;
  stop(): void;
}

export function listenWhileMounted(
  listen: (handler: () => void) => Promise<() => void>,
  handler: () => void,
  name: string,
): Subscription {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  const ready = listen(handler).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    (err: unknown) => console.error(`cannot listen for ${name}`, err),
  );
  return {
    ready,
    stop() {
      stopped = true;
      unlisten?.();
      unlisten = null;
    },
  };
}
