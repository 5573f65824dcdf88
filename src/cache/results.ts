/**
 * Answers a validated query from the cache or from the source:
 * - one upstream pagination per question at a time (single-flight.ts);
 * - a cached result of the same slice with more metrics answers too;
 * - `date` queries over whole days are cached per day, and only missing days
 *   are fetched, contiguous ones in one query;
 * - past its TTL a result is served stale while one refresh runs
 *   (stale-while-revalidate), and served stale with a warning when upstream
 *   fails (stale-if-error).
 * Only complete results are stored: a failed fetch stores nothing.
 */
import { realClock, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { ValidQuery } from '../query.js';
import { orderRows, RowReader, type Row } from '../transform.js';
import type { Source } from '../upstream/source.js';
import { contiguousRuns, daysOf, isPartitioned, rowsByDate, runQuery, StitchedRanges, type Day } from './partitions.js';
import { FAILURE_MEMORY_MS, SingleFlight } from './single-flight.js';
import type { ResultStore, StoredResult } from './store.js';

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

interface Fetched {
  pages: number;
  retries: number;
}

type Freshness = 'missing' | 'fresh' | 'revalidate' | 'expired';

export class ResultService {
  private readonly refreshFailedAt = new Map<string, number>();
  private readonly flights: SingleFlight;
  private readonly stitched: StitchedRanges;

  constructor(
    private readonly store: ResultStore,
    private readonly source: Source,
    private readonly settings: CacheSettings,
    private readonly log: Logger,
    private readonly clock: Clock = realClock,
  ) {
    this.flights = new SingleFlight(store.coordinator, clock, settings.waitDeadlineMs);
    this.stitched = new StitchedRanges(settings.stitchedMaxBytes, settings.stitchedEvicted);
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
    return this.coalesce(q.key, q.ttlSeconds, produce, poll);
  }

  private async partitioned(q: ValidQuery, gate: FetchGate | undefined): Promise<Served> {
    const days = daysOf(q, this.settings.todayTtlSeconds, this.clock.now());
    const found = await Promise.all(days.map((d) => this.lookup(d.query)));
    const states = found.map((r) => this.freshness(r));
    states.forEach((s, i) => {
      if (s === 'revalidate') this.refresh(days[i]!.query.key, () => this.fetchRun(q, days, i, i));
    });
    const runs = contiguousRuns(states.flatMap((s, i) => (s === 'missing' || s === 'expired' ? [i] : [])));
    const outcomes = await Promise.allSettled(runs.map(([a, b]) => this.fetchRun(q, days, a, b, gate)));

    const parts = [...found];
    let stale = states.includes('revalidate');
    let pagesFetched = 0;
    let retries = 0;
    const failures: string[] = [];
    outcomes.forEach((o, k) => {
      const [a, b] = runs[k]!;
      if (o.status === 'fulfilled') {
        o.value.days.forEach((r, j) => (parts[a + j] = r));
        pagesFetched += o.value.pages;
        retries += o.value.retries;
        return;
      }
      const covered = parts.slice(a, b + 1).every((r) => r !== undefined);
      if (!covered || !isUpstreamFailure(o.reason)) throw o.reason;
      stale = true;
      failures.push(staleWarning(o.reason, `${days[a]!.date}..${days[b]!.date}`));
    });
    // Every day is either found or fetched here: a run that failed without a stored day threw above.
    const result = this.stitched.stitch(q, parts as StoredResult[]);
    return { result, cacheHit: runs.length === 0, stale, retries, pagesFetched, warnings: [...result.warnings, ...failures] };
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
      const fetchedAt = this.clock.now(); // one fetch, one time: stitching counts its pages once
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
    return this.coalesce(rq.key, rq.ttlSeconds, produce, poll);
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

  private newResult(rows: Row[], q: ValidQuery, pages: number, warnings: string[], now = this.clock.now()): StoredResult {
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
    await this.store.addSliceEntry(q.slice, { key: q.key, metrics: q.metrics, until: this.clock.now() + keepMs });
  }

  private freshness(r: StoredResult | undefined, now = this.clock.now()): Freshness {
    if (!r) return 'missing';
    if (now < r.freshUntil) return 'fresh';
    return now < r.freshUntil + this.settings.staleWhileRevalidateMs ? 'revalidate' : 'expired';
  }

  /** One refresh per key at a time, none for a while after one failed. */
  private refresh(key: string, run: () => Promise<unknown>): void {
    if (this.flights.running(key)) return;
    const failedAt = this.refreshFailedAt.get(key);
    if (failedAt !== undefined && this.clock.now() - failedAt < FAILURE_MEMORY_MS) return;
    run().then(
      () => this.refreshFailedAt.delete(key),
      (err: unknown) => {
        this.refreshFailedAt.set(key, this.clock.now());
        this.log.warn({ code: (err as GatewayError).code }, `background refresh failed; the stale result stays: ${(err as Error).message}`);
      },
    );
  }

  /** A question that is not cached (TTL 0) is only coalesced in this process: no other instance could find its result. */
  private coalesce<T>(key: string, ttlSeconds: number, produce: () => Promise<T>, poll: () => Promise<T | undefined>): Promise<T> {
    return ttlSeconds === 0 ? this.flights.once(key, produce) : this.flights.across(key, produce, poll);
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
