/**
 * Answers a validated query from the cache or from the source:
 * - one upstream pagination per question at a time, in this process (a map
 *   of promises) and across instances (a lease in the shared store);
 * - a cached result of the same slice with more metrics answers too;
 * - `date` queries over whole days are cached per day, and only missing days
 *   are fetched, contiguous ones in one query;
 * - past its TTL a result is served stale while one refresh runs
 *   (stale-while-revalidate), and served stale with a warning when upstream
 *   fails (stale-if-error).
 * Only complete results are stored: a failed fetch stores nothing.
 */
import type { Logger } from '../log.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { ValidQuery } from '../query.js';
import { orderRows, RowReader, type Row } from '../transform.js';
import type { Source } from '../upstream/source.js';
import { contiguousRuns, daysOf, isPartitioned, rowsByDate, runQuery, type Day } from './partitions.js';
import { ByteLru } from './byte-lru.js';
import { estimateResultBytes, type ResultStore, type StoredResult } from './store.js';

export interface Served {
  result: StoredResult;
  /** Answered without waiting for upstream. */
  cacheHit: boolean;
  /** Some of it is past its TTL. */
  stale: boolean;
  /** Upstream retries this request waited for. */
  retries: number;
  /** Upstream pages fetched for this request. */
  pagesFetched: number;
  warnings: string[];
}

/**
 * Asked before each upstream fetch made for a request (not for background
 * refreshes): may refuse it by throwing; the function it returns is told the
 * pages the fetch took.
 */
export interface FetchGate {
  admit(q: ValidQuery): Promise<(pagesFetched: number) => Promise<void>>;
}

export interface CacheSettings {
  /** Past the TTL, serve stale at once and refresh in the background for this long. */
  staleWhileRevalidateMs: number;
  /** Past the TTL, keep a result this long to serve when upstream fails. */
  staleIfErrorMs: number;
  /** TTL cap of a day that has not ended. */
  todayTtlSeconds: number;
  /** Longest a request waits for another instance's fetch. */
  waitDeadlineMs: number;
  /** Bytes the stitched-range memo may hold (it pins its day results' rows). */
  stitchedMaxBytes: number;
  /** Called once per stitched range dropped to stay under that bound. */
  stitchedEvicted?: () => void;
}

/** Waiters poll for another instance's result, from 20 ms up to 250 ms between looks. */
const POLL_FIRST_MS = 20;
const POLL_MAX_MS = 250;
/** A failure recorded by a fetch answers its waiters, and holds back background refreshes, this long. */
const FAILURE_MEMORY_MS = 5000;

interface Fetched {
  pages: number;
  retries: number;
}

type Freshness = 'missing' | 'fresh' | 'revalidate' | 'expired';

export class ResultService {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly refreshFailedAt = new Map<string, number>();
  /**
   * The last stitch per slice, reused while its day results are the same
   * objects (the memory store): questions over the same days with other
   * metrics read the same rows, and their sort is not paid again.
   */
  private readonly stitched: ByteLru<string, { parts: StoredResult[]; result: StoredResult }>;

  constructor(
    private readonly store: ResultStore,
    private readonly source: Source,
    private readonly settings: CacheSettings,
    private readonly log: Logger,
  ) {
    this.stitched = new ByteLru(settings.stitchedMaxBytes, { evicted: () => settings.stitchedEvicted?.() });
  }

  /** Estimated bytes the stitched-range memo holds. */
  get stitchedBytes(): number {
    return this.stitched.bytes;
  }

  get(q: ValidQuery, gate?: FetchGate): Promise<Served> {
    return isPartitioned(q) ? this.partitioned(q, gate) : this.whole(q, gate);
  }

  private async whole(q: ValidQuery, gate: FetchGate | undefined): Promise<Served> {
    const found = await this.lookup(q);
    const state = this.freshness(found);
    if (found && state === 'fresh') return hit(found, false);
    if (found && state === 'revalidate') {
      this.refresh(q.key, () => this.fetchWhole(q));
      return hit(found, true);
    }
    try {
      const f = await this.fetchWhole(q, gate);
      return { result: f.result, cacheHit: false, stale: false, retries: f.retries, pagesFetched: f.pages, warnings: [...f.result.warnings] };
    } catch (err) {
      if (found && isUpstreamFailure(err)) return staleOnError(found, err);
      throw err;
    }
  }

  private fetchWhole(q: ValidQuery, gate?: FetchGate): Promise<Fetched & { result: StoredResult }> {
    const produce = async () => {
      const { fetched, rows, warnings } = await this.fetchGated(q, gate);
      const result = this.newResult(rows, q, fetched.pages, warnings);
      await this.keep(q, result);
      return { result, pages: fetched.pages, retries: fetched.retries };
    };
    const poll = async () => {
      const r = await this.lookup(q);
      return r && this.freshness(r) === 'fresh' ? { result: r, pages: 0, retries: 0 } : undefined;
    };
    return this.coalesce(q, produce, poll);
  }

  private async partitioned(q: ValidQuery, gate: FetchGate | undefined): Promise<Served> {
    const days = daysOf(q, this.settings.todayTtlSeconds);
    const found = await Promise.all(days.map((d) => this.lookup(d.query)));
    const states = found.map((r) => this.freshness(r));
    states.forEach((s, i) => {
      if (s === 'revalidate') this.refresh(days[i]!.query.key, () => this.fetchRun(q, days, i, i));
    });
    const runs = contiguousRuns(states.flatMap((s, i) => (s === 'missing' || s === 'expired' ? [i] : [])));
    const outcomes = await Promise.allSettled(runs.map(([a, b]) => this.fetchRun(q, days, a, b, gate)));

    const parts = [...found];
    const served: Served = {
      result: undefined as unknown as StoredResult,
      cacheHit: runs.length === 0,
      stale: states.includes('revalidate'),
      retries: 0,
      pagesFetched: 0,
      warnings: [],
    };
    outcomes.forEach((o, k) => {
      const [a, b] = runs[k]!;
      if (o.status === 'fulfilled') {
        o.value.days.forEach((r, j) => (parts[a + j] = r));
        served.pagesFetched += o.value.pages;
        served.retries += o.value.retries;
        return;
      }
      const covered = parts.slice(a, b + 1).every((r) => r !== undefined);
      if (!covered || !isUpstreamFailure(o.reason)) throw o.reason;
      served.stale = true;
      served.warnings.push(staleWarning(o.reason, `${days[a]!.date}..${days[b]!.date}`));
    });
    served.result = this.stitchOnce(q, parts as StoredResult[]);
    served.warnings.unshift(...served.result.warnings);
    return served;
  }

  private stitchOnce(q: ValidQuery, parts: StoredResult[]): StoredResult {
    const memo = this.stitched.get(q.slice);
    if (memo && memo.parts.length === parts.length && memo.parts.every((p, i) => p === parts[i])) return memo.result;
    const result = stitch(parts, q);
    // Counted whole: once the store drops its days, this memo alone keeps their rows alive.
    this.stitched.set(q.slice, { parts, result }, estimateResultBytes(result));
    return result;
  }

  /** Days `a`..`b` in one upstream query, stored one day each. */
  private fetchRun(q: ValidQuery, days: readonly Day[], a: number, b: number, gate?: FetchGate): Promise<Fetched & { days: StoredResult[] }> {
    const span = days.slice(a, b + 1);
    const rq = runQuery(q, days, a, b);
    const produce = async () => {
      const { fetched, rows, warnings } = await this.fetchGated(rq, gate);
      const byDate = rowsByDate(rows);
      const outside = [...byDate.keys()].filter((date) => !span.some((d) => d.date === date));
      if (outside.length > 0) {
        throw new GatewayError(
          ErrorCode.UPSTREAM_BAD_RESPONSE,
          `CXone answered rows for ${outside.slice(0, 3).join(', ')}, outside the days asked (${span[0]!.date}..${span.at(-1)!.date}); the result was not kept`,
        );
      }
      const fetchedAt = Date.now(); // one fetch, one time: stitching counts its pages once
      const results = await Promise.all(
        span.map(async (d) => {
          const result = this.newResult(byDate.get(d.date) ?? [], d.query, fetched.pages, warnings, fetchedAt);
          await this.keep(d.query, result);
          return result;
        }),
      );
      return { days: results, pages: fetched.pages, retries: fetched.retries };
    };
    const poll = async () => {
      const rs = await Promise.all(span.map((d) => this.lookup(d.query)));
      return rs.every((r) => this.freshness(r) === 'fresh') ? { days: rs as StoredResult[], pages: 0, retries: 0 } : undefined;
    };
    return this.coalesce(rq, produce, poll);
  }

  /**
   * One upstream fetch, admitted by the request's gate first and settled at
   * the pages it took: its rows, and what the source and the reader could not read.
   */
  private async fetchGated(q: ValidQuery, gate: FetchGate | undefined) {
    const settle = await gate?.admit(q);
    const reader = new RowReader([...q.dimensions].sort(), q.metrics);
    const fetched = await this.source.fetch(q, reader);
    await settle?.(fetched.pages);
    const { rows, warnings } = reader.readout();
    return { fetched, rows, warnings: [...(fetched.warnings ?? []), ...warnings] };
  }

  /** The exact result, or one of the same slice whose metrics cover the question's. */
  private async lookup(q: ValidQuery): Promise<StoredResult | undefined> {
    const exact = await this.store.get(q.key);
    if (exact) return exact;
    for (const e of await this.store.sliceEntries(q.slice)) {
      if (e.key === q.key || !q.metrics.every((m) => e.metrics.includes(m))) continue;
      const wider = await this.store.get(e.key);
      if (wider) return wider;
    }
    return undefined;
  }

  private newResult(rows: Row[], q: ValidQuery, pages: number, warnings: string[], now = Date.now()): StoredResult {
    const dimensions = [...q.dimensions].sort();
    return {
      warnings,
      rows: orderRows(rows, dimensions),
      metrics: q.metrics,
      dimensions,
      fetchedAt: new Date(now).toISOString(),
      upstreamPages: pages,
      freshUntil: now + q.ttlSeconds * 1000,
    };
  }

  /** Stores a result for its TTL plus the grace windows, and indexes it under its slice. */
  private async keep(q: ValidQuery, result: StoredResult): Promise<void> {
    if (q.ttlSeconds === 0) return;
    const keepMs = q.ttlSeconds * 1000 + Math.max(this.settings.staleWhileRevalidateMs, this.settings.staleIfErrorMs);
    await this.store.set(q.key, result, keepMs);
    await this.store.addSliceEntry(q.slice, { key: q.key, metrics: q.metrics, until: Date.now() + keepMs });
  }

  private freshness(r: StoredResult | undefined, now = Date.now()): Freshness {
    if (!r) return 'missing';
    if (now < r.freshUntil) return 'fresh';
    return now < r.freshUntil + this.settings.staleWhileRevalidateMs ? 'revalidate' : 'expired';
  }

  /** One refresh per key at a time, none for a while after one failed. */
  private refresh(key: string, run: () => Promise<unknown>): void {
    if (this.inflight.has(key)) return;
    const failedAt = this.refreshFailedAt.get(key);
    if (failedAt !== undefined && Date.now() - failedAt < FAILURE_MEMORY_MS) return;
    run().then(
      () => this.refreshFailedAt.delete(key),
      (err: unknown) => {
        this.refreshFailedAt.set(key, Date.now());
        this.log.warn({ code: (err as GatewayError).code }, `background refresh failed; the stale result stays: ${(err as Error).message}`);
      },
    );
  }

  /**
   * Single flight: in this process by a shared promise; across instances by
   * a lease. A waiter polls for the owner's result; when the owner's lease
   * is gone with no result (it died), the waiter takes the lease over. A
   * question that is not cached (TTL 0) is only coalesced in process.
   */
  private coalesce<T>(q: ValidQuery, produce: () => Promise<T>, poll: () => Promise<T | undefined>): Promise<T> {
    if (q.ttlSeconds === 0) return this.once(q.key, produce);
    const coordinator = this.store.coordinator;
    return this.once(q.key, async () => {
      // A request that looked before the last flight stored its result, and
      // starts after that flight ended, finds the result here, not upstream.
      const stored = await poll();
      if (stored !== undefined) return stored;
      const waitStart = Date.now();
      let delay = POLL_FIRST_MS;
      for (;;) {
        const lease = await coordinator.acquire(q.key);
        if (lease) {
          try {
            return await produce();
          } catch (err) {
            const code = err instanceof GatewayError ? err.code : ErrorCode.INTERNAL_SERVER_ERROR;
            await coordinator.recordFailure(q.key, { code, message: (err as Error).message, at: Date.now() }, FAILURE_MEMORY_MS);
            throw err;
          } finally {
            await lease.release();
          }
        }
        for (;;) {
          await sleep(delay);
          delay = Math.min(delay * 1.5, POLL_MAX_MS);
          const r = await poll();
          if (r !== undefined) return r;
          const failed = await coordinator.failure(q.key);
          if (failed && failed.at >= waitStart) throw new GatewayError(failed.code as ErrorCode, failed.message);
          if (!(await coordinator.held(q.key))) break;
          if (Date.now() - waitStart > this.settings.waitDeadlineMs) {
            throw new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `waited ${this.settings.waitDeadlineMs} ms for another gateway instance fetching this query`);
          }
        }
      }
    });
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = this.inflight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }
}

function hit(result: StoredResult, stale: boolean): Served {
  return { result, cacheHit: true, stale, retries: 0, pagesFetched: 0, warnings: [...result.warnings] };
}

function isUpstreamFailure(err: unknown): err is GatewayError {
  return err instanceof GatewayError && err.code.startsWith('UPSTREAM_');
}

function staleWarning(err: GatewayError, what: string): string {
  return `CXone failed (${err.code}: ${err.message}); served the last good result for ${what}, past its TTL`;
}

function staleOnError(found: StoredResult, err: GatewayError): Served {
  return { ...hit(found, true), warnings: [staleWarning(err, `the query, fetched at ${found.fetchedAt}`)] };
}

/** Days into one result: rows re-ordered, the oldest fetch and earliest expiry win. */
function stitch(parts: readonly StoredResult[], q: ValidQuery): StoredResult {
  const dimensions = [...q.dimensions].sort();
  const fetches = new Map<string, number>();
  for (const p of parts) fetches.set(`${p.fetchedAt}/${p.upstreamPages}`, p.upstreamPages);
  return {
    rows: orderRows(parts.flatMap((p) => p.rows), dimensions),
    metrics: q.metrics,
    dimensions,
    fetchedAt: parts.map((p) => p.fetchedAt).sort()[0] ?? new Date().toISOString(),
    upstreamPages: [...fetches.values()].reduce((a, b) => a + b, 0),
    freshUntil: Math.min(...parts.map((p) => p.freshUntil)),
    warnings: [...new Set(parts.flatMap((p) => p.warnings))],
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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
