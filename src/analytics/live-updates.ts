/**
 * A subscriber's stream of live views: the first view at once, then a view
 * only when it differs from the last one queued, and never a backlog: a
 * subscriber that has not taken the last view yet gets the newest in its
 * place (latest wins) and the drop is counted.
 */
import type { LiveFeed, LiveSnapshot } from './live-feed.js';

export interface ViewOf<P> {
  /** What the subscriber watches, as text: equal text, no message. */
  key: string;
  payload: P;
}

export function liveUpdates<R, P>(
  feed: LiveFeed<R>,
  view: (s: LiveSnapshot<R>) => ViewOf<P>,
  hooks: { dropped: () => void; closed: () => void },
): AsyncIterableIterator<P> {
  let pending: { payload: P } | null = null;
  let waiting: ((r: IteratorResult<P>) => void) | null = null;
  let lastKey: string | null = null;
  let done = false;
  const stop = feed.watch((s) => {
    const v = view(s);
    if (v.key === lastKey) return;
    lastKey = v.key;
    if (waiting) {
      const w = waiting;
      waiting = null;
      w({ value: v.payload, done: false });
      return;
    }
    if (pending) hooks.dropped();
    pending = { payload: v.payload };
  });
  const finish = (): IteratorResult<P> => {
    if (!done) {
      done = true;
      stop();
      pending = null;
      hooks.closed();
      waiting?.({ value: undefined, done: true });
      waiting = null;
    }
    return { value: undefined, done: true };
  };
  return {
    next() {
      if (done) return Promise.resolve({ value: undefined, done: true });
      if (pending) {
        const { payload } = pending;
        pending = null;
        return Promise.resolve({ value: payload, done: false });
      }
      return new Promise<IteratorResult<P>>((resolve) => (waiting = resolve));
    },
    return: () => Promise.resolve(finish()),
    throw: (err) => {
      finish();
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
