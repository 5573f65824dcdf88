/**
 * The shared store: results in Redis through Keyv and @keyv/redis, plus the
 * lease and failure records that make single flight work across instances.
 * Every call goes through the connection's bound; while Redis is away,
 * results go to an in-process fallback store, so an outage does not turn
 * every dashboard refresh into an upstream call.
 */
import { randomBytes } from 'node:crypto';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { decodeResult, encodeResult, type Columnar } from './codec.js';
import { realClock, type Clock } from '../clock.js';
import { ErrorCode, isErrorCode } from '../errors.js';
import type { RedisConnection } from '../redis.js';
import {
  memoryStore,
  withSliceEntry,
  type MemoryBound,
  type Coordinator,
  type Lease,
  type RecordedFailure,
  type ResultStore,
  type SliceEntry,
  type StoredResult,
} from './store.js';

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** `leaseMs`: how long a lease lives without renewal; an owner that dies frees it after this. */
export function redisStore(redis: RedisConnection, leaseMs: number, fallbackBound: MemoryBound, clock: Clock = realClock): ResultStore {
  const { client, bounded, ready } = redis;
  const keyv = new Keyv<Columnar>({
    store: new KeyvRedis(client, { throwOnErrors: true, throwOnConnectError: false }),
    useKeyPrefix: false,
    namespace: undefined,
    // One JSON pass over the columnar form; Keyv's default serializer walks values for Buffers first.
    serialize: (data) => JSON.stringify(data),
    deserialize: <Value>(text: string) => JSON.parse(text) as { value?: Value; expires?: number },
  });
  keyv.on('error', () => {});
  const fallback = memoryStore(fallbackBound, clock);

  const coordinator: Coordinator = {
    async acquire(key) {
      const owner = randomBytes(12).toString('hex');
      const leaseKey = `${key}:lease`;
      const got = await bounded('lease', () => client.set(leaseKey, owner, { NX: true, PX: leaseMs }));
      if (got === null) return null; // someone else holds it
      // undefined: Redis is away; go ahead, in-process single flight still holds.
      if (got === undefined) return { release: async () => {} };
      const renew = setInterval(
        () => {
          void bounded('lease renewal', () => client.eval(RENEW, { keys: [leaseKey], arguments: [owner, String(leaseMs)] }));
        },
        Math.max(50, Math.floor(leaseMs / 3)),
      );
      renew.unref();
      const lease: Lease = {
        release: async () => {
          clearInterval(renew);
          await bounded('lease release', () => client.eval(RELEASE, { keys: [leaseKey], arguments: [owner] }));
        },
      };
      return lease;
    },
    async held(key) {
      return (await bounded('lease check', () => client.exists(`${key}:lease`))) === 1;
    },
    async failure(key) {
      const text = await bounded('failure read', () => client.get(`${key}:failed`));
      if (typeof text !== 'string') return undefined;
      const f = JSON.parse(text) as RecordedFailure;
      // Written by another instance, maybe another version: a code this one does not know is still a failure.
      return isErrorCode(f.code) ? f : { ...f, code: ErrorCode.INTERNAL_SERVER_ERROR };
    },
    async recordFailure(key, failure, keepMs) {
      await bounded('failure write', () => client.set(`${key}:failed`, JSON.stringify(failure), { PX: keepMs }));
    },
  };

  return {
    kind: redis.mode === 'cluster' ? 'redis-cluster' : 'redis',
    coordinator,
    async get(key) {
      if (!ready()) return fallback.get(key);
      // null: not in Redis; undefined: Redis failed this call, so ask the fallback, which a failed write went to.
      const value = await bounded('get', async () => (await keyv.get(key)) ?? null);
      if (value === undefined) return fallback.get(key);
      return value ? decodeResult(value) : undefined;
    },
    async set(key: string, value: StoredResult, keepMs: number) {
      if (!ready() || (await bounded('set', () => keyv.set(key, encodeResult(value), keepMs))) === undefined) {
        await fallback.set(key, value, keepMs);
      }
    },
    async sliceEntries(sliceKey) {
      if (!ready()) return fallback.sliceEntries(sliceKey);
      const text = await bounded('slice read', () => client.get(sliceKey));
      if (typeof text !== 'string') return [];
      const now = clock.now();
      return (JSON.parse(text) as SliceEntry[]).filter((e) => e.until > now);
    },
    async addSliceEntry(sliceKey, entry) {
      if (!ready()) return fallback.addSliceEntry(sliceKey, entry);
      // Read-modify-write without a lock: the index is a hint, and a lost entry only costs a fetch.
      const now = clock.now();
      const entries = withSliceEntry(await this.sliceEntries(sliceKey), entry, now);
      const keepMs = Math.max(...entries.map((e) => e.until)) - now;
      if (keepMs > 0) await bounded('slice write', () => client.set(sliceKey, JSON.stringify(entries), { PX: keepMs }));
    },
    health: () => redis.health(),
    connected: (ms) => redis.connected(ms),
    cluster: () => redis.clusterState(),
    memoryBytes: () => fallback.memoryBytes(),
    close: () => fallback.close(),
  };
}
