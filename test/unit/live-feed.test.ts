/**
 * A replica that does not hold the lease: it shows what the poller
 * publishes, and marks it stale when nothing is heard for two intervals
 * (a dead poller, before another takes over), fresh again when it is.
 */
import { describe, expect, it } from 'vitest';
import { LiveFeed, type LiveSnapshot } from '../../src/analytics/live-feed.js';
import type { LiveChannel } from '../../src/cache/live-channel.js';
import { createLogger } from '../../src/log.js';
import { FakeClock, settle } from '../support/fake-clock.js';

const INTERVAL = 5000;

/** Another replica holds the lease; this one hears what it publishes through `say`. */
function follower(stored: string, failedListens = 0) {
  let heard: (m: string) => void = () => {};
  let listens = 0;
  const channel: LiveChannel = {
    lead: async () => false,
    release: async () => {},
    publish: async () => {},
    latest: async () => stored,
    listen: async (_feed, h) => {
      if (++listens <= failedListens) throw new Error('subscribe failed: the pub/sub node did not answer');
      heard = h;
      return async () => {};
    },
    close: async () => {},
  };
  return { channel, say: (m: string) => heard(m) };
}

const message = (version: number, asOf: number) =>
  JSON.stringify({ from: 'poller', version, asOf, lastPollTime: new Date(asOf).toISOString(), warnings: [], failed: false, records: [version] });

/** A feed on `channel`, watched: what it shows, and how often it polled (never, on a follower). */
function watched(clock: FakeClock, channel: LiveChannel) {
  const polls = { count: 0 };
  const feed = new LiveFeed<number>({
    name: 'skills',
    poll: async () => (polls.count++, { records: [], whole: true, lastPollTime: null, warnings: [] }),
    idOf: String,
    channel,
    clock,
    intervalMs: INTERVAL,
    log: createLogger('silent'),
    replica: 'me',
  });
  const seen: LiveSnapshot<number>[] = [];
  feed.watch((s) => seen.push(s));
  return { feed, seen, polls };
}

describe('a live feed on a replica that does not poll', () => {
  it('is stale after two silent intervals, and fresh with the next snapshot heard', async () => {
    const clock = new FakeClock();
    const { channel, say } = follower(message(1, clock.now()));
    const { feed, seen, polls } = watched(clock, channel);
    await settle();
    await settle();
    expect(seen.map((s) => [s.records, s.stale])).toEqual([[[1], false]]);

    await clock.advance(2 * INTERVAL);
    expect(seen.at(-1)!.stale).toBe(false); // two intervals: not yet
    await clock.advance(INTERVAL);
    expect(seen.map((s) => s.stale)).toEqual([false, true]);
    expect(seen.at(-1)!.records).toEqual([1]); // the last records, marked

    say(message(2, clock.now()));
    expect(seen.at(-1)).toMatchObject({ records: [2], stale: false });
    expect(polls.count).toBe(0);
    await feed.close();
  });
});

describe('a follower whose subscription failed', () => {
  it('subscribes again (at its next turn, within an interval), and hears the poller', async () => {
    const clock = new FakeClock();
    const { channel, say } = follower(message(1, clock.now()), 1);
    const { feed, seen, polls } = watched(clock, channel);
    await settle();
    await settle();
    say(message(2, clock.now()));
    expect(seen.at(-1)).toMatchObject({ records: [2], stale: false });
    expect(polls.count).toBe(0);
    await feed.close();
  });
});
