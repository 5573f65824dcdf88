/**
 * Where complete results are kept, and how instances coordinate over them.
 * Keys already carry CACHE_NAMESPACE, so Keyv adds no prefix of its own.
 * No method here throws: a store in trouble answers "miss" and says so in
 * `health()`, because a cache outage must never fail a query.
 */
import type { RedisClusterState } from '../redis.js';
import { realClock, type Clock } from '../clock.js';
import type { ErrorCode } from '../errors.js';
import { orderRows, type Row } from '../transform.js';
import { ByteLru, estimateRowsBytes } from './byte-lru.js';

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
  /** Fetched after its range ended and settled: its numbers will not change. */
  final?: boolean;
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
  code: ErrorCode;
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
  readonly kind: 'memory' | 'redis' | 'redis-cluster';
  readonly coordinator: Coordinator;
  get(key: string): Promise<StoredResult | undefined>;
  set(key: string, value: StoredResult, keepMs: number): Promise<void>;
  sliceEntries(sliceKey: string): Promise<SliceEntry[]>;
  addSliceEntry(sliceKey: string, entry: SliceEntry): Promise<void>;
  /** 'ok', or 'degraded: <reason>'. */
  health(): Promise<string>;
  /** Resolves once the shared store is connected, or after `ms`: the first requests then share it, not fall back. */
  connected?(ms: number): Promise<void>;
  /** The Redis Cluster as this gateway sees it; undefined unless the store is on one. */
  cluster?(): Promise<RedisClusterState | undefined>;
  /** Estimated bytes this process holds for the store (the in-memory results, or Redis's fallback). */
  memoryBytes(): number;
  close(): Promise<void>;
}

/** Merge `entry` into a slice index, dropping expired and replaced entries. */
export function withSliceEntry(entries: readonly SliceEntry[], entry: SliceEntry, now: number): SliceEntry[] {
  return [...entries.filter((e) => e.until > now && e.key !== entry.key), entry];
}

/** How often the memory store drops expired entries. */
const SWEEP_INTERVAL_MS = 60_000;
/** A slice index entry: its key, metric names and bookkeeping. */
const SLICE_ENTRY_BYTES = 256;

const localCoordinator: Coordinator = {
  acquire: async () => ({ release: async () => {} }),
  held: async () => false,
  failure: async () => undefined,
  recordFailure: async () => {},
};

export interface MemoryBound {
  /** Bytes the results may take (estimated). */
  maxBytes: number;
  /** Bytes the slice indexes may take; a sixteenth of maxBytes when absent. */
  sliceMaxBytes?: number;
  /** Called once per entry dropped to stay under the bound. */
  evicted?: () => void;
}

/**
 * In-process store. Values are kept as objects, not serialized: a hit costs
 * a Map lookup, and KPIs computed at fetch time are reused as they are.
 * Bounded by bytes (estimated): past the bound, stale results go first,
 * then the least recently used.
 */
export function memoryStore(bound: MemoryBound, clock: Clock = realClock): ResultStore {
  type Entry = { result: StoredResult; expires: number };
  const results = new ByteLru<string, Entry>(bound.maxBytes, {
    evicted: () => bound.evicted?.(),
    expendable: (e) => clock.now() >= e.result.freshUntil,
  });
  const slices = new ByteLru<string, SliceEntry[]>(bound.sliceMaxBytes ?? Math.max(1, Math.floor(bound.maxBytes / 16)));
  // An entry past its keep time is dropped when read, and swept so it does not wait for the bound.
  const sweep = setInterval(() => {
    const now = clock.now();
    results.sweep((e) => e.expires <= now);
    slices.sweep((v) => !v.some((e) => e.until > now));
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  return {
    kind: 'memory',
    coordinator: localCoordinator,
    get: async (key) => {
      const e = results.get(key);
      if (!e) return undefined;
      if (e.expires > clock.now()) return e.result;
      results.delete(key);
      return undefined;
    },
    set: async (key, value, keepMs) => {
      results.set(key, { result: value, expires: clock.now() + keepMs }, estimateResultBytes(value));
    },
    sliceEntries: async (sliceKey) => (slices.get(sliceKey) ?? []).filter((e) => e.until > clock.now()),
    addSliceEntry: async (sliceKey, entry) => {
      const entries = withSliceEntry(slices.get(sliceKey) ?? [], entry, clock.now());
      slices.set(sliceKey, entries, entries.length * SLICE_ENTRY_BYTES);
    },
    health: async () => 'ok',
    memoryBytes: () => results.bytes + slices.bytes,
    close: async () => {
      clearInterval(sweep);
    },
  };
}

/** Heap bytes of a stored result: its rows, and a little for the rest. */
export function estimateResultBytes(result: StoredResult): number {
  return 512 + estimateRowsBytes(result.rows);
}

const ordered = new WeakMap<StoredResult, Map<string, Row[]>>();

/** The result's rows in the order of `dimensions`, sorted once per result and order. */
export function rowsInOrder(result: StoredResult, dimensions: readonly string[]): Row[] {
  const id = dimensions.join(',');
  if (id === result.dimensions.join(',')) return result.rows;
  let byOrder = ordered.get(result);
  if (!byOrder) ordered.set(result, (byOrder = new Map()));
  let rows = byOrder.get(id);
  if (!rows) byOrder.set(id, (rows = orderRows(result.rows, dimensions)));
  return rows;
}
