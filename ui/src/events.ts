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

/**
 * A view's refresh: fetches and shows the answer, but an answer older than
 * the latest request (or one arriving after unmount) is dropped.
 */
export function latestOnly<V>(
  fetch: () => Promise<V>,
  live: () => boolean,
  show: (view: V) => void,
  fail: (err: unknown) => void,
): () => Promise<void> {
  let latest = 0;
  return async () => {
    const request = ++latest;
    let view: V;
    try {
      view = await fetch();
    } catch (err) {
      if (request === latest && live()) fail(err);
      return;
    }
    if (request === latest && live()) show(view);
  };
}
