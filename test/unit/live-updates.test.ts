/** A subscriber's stream of live views: first view, only changes after, latest wins for a slow one, nothing held after it stops. */
import { describe, expect, it } from 'vitest';
import type { LiveFeed, LiveSnapshot } from '../../src/analytics/live-feed.js';
import { liveUpdates } from '../../src/analytics/live-updates.js';

/** A feed that hands out the snapshots a test gives it: the one part of LiveFeed liveUpdates uses. */
function feedOf() {
  const watchers = new Set<(s: LiveSnapshot<number>) => void>();
  const feed = {
    watch(seen: (s: LiveSnapshot<number>) => void) {
      watchers.add(seen);
      return () => watchers.delete(seen);
    },
  } as unknown as LiveFeed<number>;
  const emit = (records: number[], stale = false) => {
    for (const w of watchers) w({ records, asOf: records.length, stale, warnings: [], version: records.length });
  };
  return { feed, emit, watchers };
}

const view = (s: LiveSnapshot<number>) => {
  const mine = s.records.filter((r) => r % 2 === 0);
  return { key: JSON.stringify([s.stale, mine]), payload: mine };
};

describe('live updates', () => {
  it('sends what the subscriber watches only when it changes', async () => {
    const { feed, emit } = feedOf();
    let dropped = 0;
    const it = liveUpdates(feed, view, { dropped: () => dropped++, closed: () => {} });
    emit([1, 2]);
    expect((await it.next()).value).toEqual([2]);
    const next = it.next();
    emit([1, 2, 3]); // only an odd record changed: nothing for this subscriber
    emit([1, 2, 3], true); // stale is something it watches
    expect((await next).value).toEqual([2]);
    emit([2, 4]);
    expect((await it.next()).value).toEqual([2, 4]);
    expect(dropped).toBe(0);
  });

  it('a slow subscriber gets the newest view in place of the ones it did not take, each counted as dropped', async () => {
    const { feed, emit } = feedOf();
    let dropped = 0;
    const it = liveUpdates(feed, view, { dropped: () => dropped++, closed: () => {} });
    for (let n = 2; n <= 20; n += 2) emit(Array.from({ length: n / 2 }, (_, i) => 2 * (i + 1)));
    expect((await it.next()).value).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
    expect(dropped).toBe(9);
  });

  it('stopping releases the feed and ends the stream, a waiting next included', async () => {
    const { feed, emit, watchers } = feedOf();
    let closed = 0;
    const it = liveUpdates(feed, view, { dropped: () => {}, closed: () => closed++ });
    const waiting = it.next();
    await it.return!();
    expect(await waiting).toEqual({ value: undefined, done: true });
    expect(watchers.size).toBe(0);
    expect(closed).toBe(1);
    emit([2]);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
