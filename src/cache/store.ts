/**
 * Where complete results are kept: a Keyv store (in process by default).
 * Keys already carry CACHE_NAMESPACE, so Keyv adds no prefix of its own.
 */
import Keyv from 'keyv';
import type { Row } from '../transform.js';

/** A complete upstream answer, transformed, as it is cached. */
export interface StoredResult {
  /** Ordered by `dimensions` (sorted names). */
  rows: Row[];
  metrics: string[];
  dimensions: string[];
  fetchedAt: string;
  upstreamPages: number;
}

export interface ResultStore {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<StoredResult | undefined>;
  set(key: string, value: StoredResult, ttlMs: number): Promise<void>;
  /** Throws when the store cannot be used (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * In-process store. Values are kept as objects, not serialized: a hit costs
 * a Map lookup, and KPIs computed at fetch time are reused as they are.
 */
export function memoryStore(): ResultStore {
  const keyv = new Keyv<StoredResult>({ useKeyPrefix: false, namespace: undefined, serialize: undefined, deserialize: undefined });
  return {
    kind: 'memory',
    get: (key) => keyv.get(key),
    set: async (key, value, ttlMs) => {
      await keyv.set(key, value, ttlMs);
    },
    ping: async () => {},
    close: () => keyv.disconnect(),
  };
}
