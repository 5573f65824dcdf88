/**
 * Where complete results are kept, and how instances coordinate over them.
 * Keys already carry CACHE_NAMESPACE, so Keyv adds no prefix of its own.
 * No method here throws: a store in trouble answers "miss" and says so in
 * `health()`, because a cache outage must never fail a query.
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
  /** Epoch ms: fresh until then; stale (but servable in the grace windows) after. */
  freshUntil: number;
  /** What could not be read upstream (values answered as null): repeated on every answer from it. */
  warnings: string[];
}

/** One cached metric set of a slice (same dimensions, range and filters). */
export interface SliceEntry {
  key: string;
  metrics: string[];
  /** Epoch ms after which the entry is gone from the store. */
  until: number;
}

export interface Lease {
  release(): Promise<void>;
}

/** A failure another instance recorded for a key, so its waiters need not repeat it. */
export interface RecordedFailure {
  code: string;
  message: string;
  at: number;
}

/** Cross-instance single flight. In memory, every acquire succeeds (the process is alone). */
export interface Coordinator {
  /** A lease on `key`, or null when another live owner holds it. */
  acquire(key: string): Promise<Lease | null>;
  held(key: string): Promise<boolean>;
  failure(key: string): Promise<RecordedFailure | undefined>;
  recordFailure(key: string, failure: RecordedFailure, keepMs: number): Promise<void>;
}

export interface ResultStore {
  readonly kind: 'memory' | 'redis';
  readonly coordinator: Coordinator;
  get(key: string): Promise<StoredResult | undefined>;
  set(key: string, value: StoredResult, keepMs: number): Promise<void>;
  sliceEntries(sliceKey: string): Promise<SliceEntry[]>;
  addSliceEntry(sliceKey: string, entry: SliceEntry): Promise<void>;
  /** 'ok', or 'degraded: <reason>'. */
  health(): Promise<string>;
  close(): Promise<void>;
}

/** Merge `entry` into a slice index, dropping expired and replaced entries. */
export function withSliceEntry(entries: readonly SliceEntry[], entry: SliceEntry, now = Date.now()): SliceEntry[] {
  return [...entries.filter((e) => e.until > now && e.key !== entry.key), entry];
}

/** How often the memory store drops expired entries. */
const SWEEP_INTERVAL_MS = 60_000;

const localCoordinator: Coordinator = {
  acquire: async () => ({ release: async () => {} }),
  held: async () => false,
  failure: async () => undefined,
  recordFailure: async () => {},
};

/**
 * In-process store. Values are kept as objects, not serialized: a hit costs
 * a Map lookup, and KPIs computed at fetch time are reused as they are.
 */
export function memoryStore(): ResultStore {
  const map = new Map<string, { expires?: number }>();
  const results = new Keyv<StoredResult>({ store: map, useKeyPrefix: false, namespace: undefined, serialize: undefined, deserialize: undefined });
  const slices = new Map<string, SliceEntry[]>();
  // Keyv forgets an expired entry only when it is read; sweep so memory stays bounded by what is live.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [k, v] of map) if (v.expires !== undefined && v.expires < now) map.delete(k);
    for (const [k, v] of slices) if (!v.some((e) => e.until > now)) slices.delete(k);
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  return {
    kind: 'memory',
    coordinator: localCoordinator,
    get: (key) => results.get(key),
    set: async (key, value, keepMs) => {
      await results.set(key, value, keepMs);
    },
    sliceEntries: async (sliceKey) => (slices.get(sliceKey) ?? []).filter((e) => e.until > Date.now()),
    addSliceEntry: async (sliceKey, entry) => {
      slices.set(sliceKey, withSliceEntry(slices.get(sliceKey) ?? [], entry));
    },
    health: async () => 'ok',
    close: async () => {
      clearInterval(sweep);
      await results.disconnect();
    },
  };
}
