/**
 * How replicas share the real-time feed: one of them (the lease holder)
 * polls CXone, the others hear its snapshots. With Redis: a lease per feed
 * (SET NX PX, renewed by its holder every interval, so a dead holder's lease
 * frees within two intervals), the latest snapshot in a key (a replica that
 * starts watching reads it at once), and pub/sub to tell the others. Pub/sub
 * and not a stream: a snapshot replaces the one before, so a message missed
 * is not a gap to replay (the next one, or the key, carries everything), and
 * nothing piles up for a replica that is slow or gone. Without Redis this
 * process holds every lease; while Redis is away, every watching replica
 * polls for itself.
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis.js';

export interface LiveChannel {
  /** Takes or renews the lease of `feed` for `ms`; true while this replica holds it. */
  lead(feed: string, ms: number): Promise<boolean>;
  /** Gives the lease up (this replica stops watching). */
  release(feed: string): Promise<void>;
  /** Stores the snapshot and tells the other replicas. */
  publish(feed: string, message: string): Promise<void>;
  /** The last stored snapshot, if any. */
  latest(feed: string): Promise<string | null>;
  /** Hears what other replicas publish; returns the unsubscribe. */
  listen(feed: string, heard: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const localChannel = (): LiveChannel => ({
  lead: async () => true,
  release: async () => {},
  publish: async () => {},
  latest: async () => null,
  listen: async () => async () => {},
  close: async () => {},
});

/** Renew only our own lease: compare the holder, then extend. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function redisChannel(redis: RedisConnection, prefix: string, keepMs: number): LiveChannel {
  const me = randomUUID();
  const leaseKey = (feed: string) => `${prefix}:${feed}:lease`;
  const snapshotKey = (feed: string) => `${prefix}:${feed}:snapshot`;
  const topic = (feed: string) => `${prefix}:${feed}:changes`;
  // Pub/sub needs a connection of its own: one subscriber connection for every feed. A cluster
  // client keeps one already (and moves it when its node dies), so it subscribes itself.
  let subscriber: RedisConnection['client'] | null = null;
  const own = redis.mode === 'node';
  const subscriberReady = async () => {
    if (!subscriber) {
      subscriber = own ? redis.client.duplicate() : redis.client;
      if (own) {
        subscriber.on('error', () => {});
        await subscriber.connect();
      }
    }
    return subscriber;
  };
  return {
    async lead(feed, ms) {
      const key = leaseKey(feed);
      const renewed = await redis.bounded('live lease renew', () => redis.client.eval(RENEW, { keys: [key], arguments: [me, String(ms)] }));
      if (renewed === 1) return true;
      const taken = await redis.bounded('live lease take', () => redis.client.set(key, me, { condition: 'NX', expiration: { type: 'PX', value: ms } }));
      // Redis away: no replica can hold the lease, so each polls for itself until it is back (more calls, but live data).
      if (renewed === undefined && taken === undefined) return true;
      return taken === 'OK';
    },
    async release(feed) {
      await redis.bounded('live lease release', () => redis.client.eval(RELEASE, { keys: [leaseKey(feed)], arguments: [me] }));
    },
    async publish(feed, message) {
      await redis.bounded('live publish', async () => {
        await redis.client.set(snapshotKey(feed), message, { expiration: { type: 'PX', value: keepMs } });
        await redis.client.publish(topic(feed), message);
      });
    },
    async latest(feed) {
      return (await redis.bounded('live latest', () => redis.client.get(snapshotKey(feed)))) ?? null;
    },
    async listen(feed, heard) {
      const sub = await subscriberReady();
      const listener = (message: string) => heard(message);
      await sub.subscribe(topic(feed), listener);
      return async () => {
        await sub.unsubscribe(topic(feed), listener).catch(() => {});
      };
    },
    async close() {
      const sub = subscriber;
      subscriber = null;
      if (own && sub?.isOpen) await sub.close().catch(() => sub.destroy());
    },
  };
}
