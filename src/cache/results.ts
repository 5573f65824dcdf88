/**
 * Answers a validated query from the cache or from the source:
 * - one upstream pagination per question at a time (single-flight.ts);
 * - a cached result of the same slice with more metrics answers too;
 * - a query with a time axis is cached per part of its range (partitions.ts),
 *   and only missing parts are fetched: whole UTC days in contiguous runs of
 *   one call where the source splits by UTC day, each other part alone, at
 *   most `partConcurrency` at once;
 * - past its TTL a result is served stale while one refresh runs
 *   (stale-while-revalidate), and served stale with a warning when upstream
 *   fails (stale-if-error).
 * Only complete results are stored: a failed fetch stores nothing.
 */
import { annotate, inSpan, tracingEnabled } from '../tracing.js';
import { realClock, type Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { deriveQuery, type ValidQuery } from '../query.js';
import { orderRows, RowReader, type Row } from '../transform.js';
import type { Source } from '../upstream/source.js';
import { settledPool } from '../pool.js';
import { zonedIso } from '../zones.js';
import { bucketRows, contiguousRuns, planOf, rowsByDate, StitchedRanges, type Part } from './partitions.js';
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
  /** The fetches one request is about to make, admitted together. */
  admit(queries: readonly ValidQuery[]): Promise<(pagesFetched: number) => Promise<void>>;
}

export interface CacheSettings {
  /** Past the TTL, serve stale at once and refresh in the background for this long. */
  staleWhileRevalidateMs: number;
  /** Past the TTL, keep a result this long to serve when upstream fails. */
  staleIfErrorMs: number;
  /** TTL cap of a part (a day, a bucket) that has not ended. */
  todayTtlSeconds: number;
  /** Parts of one time query fetched at once. */
  partConcurrency: number;
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
    if (!tracingEnabled()) return this.serve(q, gate);
    return inSpan('cache.lookup', { 'cache.partitioned': q.time !== undefined }, async () => {
      const served = await this.serve(q, gate);
      annotate({
        'cache.outcome': served.stale ? 'stale' : served.cacheHit ? 'hit' : 'miss',
        'cache.pages_fetched': served.pagesFetched,
        'cache.upstream_retries': served.retries,
      });
      return served;
    });
  }

  private serve(q: ValidQuery, gate?: FetchGate): Promise<Served> {
    return q.time ? this.timed(q, gate) : this.whole(this.unsettledTtl(q), gate);
  }

  /** A range not yet ended and settled keeps CACHE_TODAY_TTL_SECONDS at most: its numbers still move. */
  private unsettledTtl(q: ValidQuery): ValidQuery {
    const open = Date.parse(q.dateRange.end) + this.settleMs > this.clock.now();
    return open && q.ttlSeconds > this.settings.todayTtlSeconds ? deriveQuery(q, { ttlSeconds: this.settings.todayTtlSeconds }) : q;
  }

  private get settleMs(): number {
    return this.source.settleMs ?? 0;
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

  private async timed(q: ValidQuery, gate: FetchGate | undefined): Promise<Served> {
    const plan = planOf(q, this.settings.todayTtlSeconds, this.clock.now(), this.settleMs);
    const { parts } = plan;
    const found = await Promise.all(parts.map((p) => this.lookup(p.query)));
    const states = found.map((r) => this.freshness(r));
    states.forEach((s, i) => {
      if (s === 'revalidate') this.refresh(parts[i]!.query.key, () => this.fetchWhole(parts[i]!.query));
    });
    const units = this.unitsOf(
      parts,
      states.flatMap((s, i) => (s === 'missing' || s === 'expired' ? [i] : [])),
    );
    annotate({ 'cache.partitions': parts.length, 'cache.partitions_fetched': units.reduce((n, [a, b]) => n + b - a + 1, 0) });
    const settle = units.length > 0 ? await gate?.admit(units.map(([a, b]) => (a === b ? parts[a]!.query : this.runQuery(q, parts, a, b)))) : undefined;
    const outcomes = await settledPool(units, this.settings.partConcurrency, async ([a, b]) => {
      if (a !== b) return this.fetchRun(q, parts, a, b);
      const f = await this.fetchWhole(parts[a]!.query);
      return { parts: [f.result], pages: f.pages, retries: f.retries };
    });

    const results = [...found];
    let stale = states.includes('revalidate');
    let pagesFetched = 0;
    let retries = 0;
    const failures: string[] = [];
    outcomes.forEach((o, k) => {
      const [a, b] = units[k]!;
      if (o.status === 'fulfilled') {
        o.value.parts.forEach((r, j) => (results[a + j] = r));
        pagesFetched += o.value.pages;
        retries += o.value.retries;
        return;
      }
      const covered = results.slice(a, b + 1).every((r) => r !== undefined);
      if (!covered || !isUpstreamFailure(o.reason)) throw o.reason;
      stale = true;
      const zone = q.time!.zone;
      failures.push(staleWarning(o.reason, `${zonedIso(zone, parts[a]!.start)}..${zonedIso(zone, parts[b]!.end)}`));
    });
    await settle?.(pagesFetched);
    // Every part is either found or fetched here: a unit that failed without a stored part threw above.
    const stored = results as StoredResult[];
    const result = this.stitched.stitch(q, stored, () => bucketRows(q, plan, stored));
    return { result, cacheHit: units.length === 0, stale, retries, pagesFetched, warnings: [...result.warnings, ...failures] };
  }

  /** Missing parts as fetches: runs of whole UTC days in one call where the source splits by UTC day, every other part alone. */
  private unitsOf(parts: readonly Part[], missing: readonly number[]): [number, number][] {
    if (!this.source.splitsUtcDays) return missing.map((i) => [i, i]);
    return contiguousRuns(missing).flatMap(([a, b]) => {
      const units: [number, number][] = [];
      for (let i = a; i <= b; i++) {
        const last = units.at(-1);
        if (last && last[1] === i - 1 && parts[i]!.utcDay !== null && parts[last[0]]!.utcDay !== null) last[1] = i;
        else units.push([i, i]);
      }
      return units;
    });
  }

  /** One query over parts `a`..`b` (whole UTC days), split by `date`. */
  private runQuery(q: ValidQuery, parts: readonly Part[], a: number, b: number): ValidQuery {
    const first = parts[a]!.query;
    return deriveQuery(first, {
      dimensions: [...q.dimensions, 'date'],
      dateRange: { start: first.dateRange.start, end: parts[b]!.query.dateRange.end },
      ttlSeconds: Math.min(...parts.slice(a, b + 1).map((p) => p.query.ttlSeconds)),
    });
  }

  /** UTC days `a`..`b` in one upstream query, stored one day each. */
  private fetchRun(q: ValidQuery, parts: readonly Part[], a: number, b: number): Promise<Fetched & { parts: StoredResult[] }> {
    const span = parts.slice(a, b + 1);
    const rq = this.runQuery(q, parts, a, b);
    const produce = async () => {
      const { fetched, rows, warnings } = await this.fetchGated(rq, undefined);
      const byDate = rowsByDate(rows);
      const outside = [...byDate.keys()].filter((date) => !span.some((d) => d.utcDay === date));
      if (outside.length > 0) {
        throw new GatewayError(
          ErrorCode.UPSTREAM_BAD_RESPONSE,
          `CXone answered rows for ${outside.slice(0, 3).join(', ')}, outside the days asked (${span[0]!.utcDay}..${span.at(-1)!.utcDay}); the result was not kept`,
        );
      }
      const fetchedAt = this.clock.now(); // one fetch, one time: stitching counts its pages once
      const results = await Promise.all(
        span.map(async (d) => {
          // Each row's upstream `date` is replaced by its part's stamp (the same day, or the local one).
          const result = this.newResult(byDate.get(d.utcDay!) ?? [], d.query, fetched.pages, warnings, fetchedAt);
          await this.keep(d.query, result);
          return result;
        }),
      );
      return { parts: results, pages: fetched.pages, retries: fetched.retries };
    };
    const poll = async () => {
      const rs = await Promise.all(span.map((d) => this.lookup(d.query)));
      return rs.every((r) => this.freshness(r) === 'fresh') ? { parts: rs as StoredResult[], pages: 0, retries: 0 } : undefined;
    };
    return this.coalesce(rq.key, rq.ttlSeconds, produce, poll);
  }

  /**
   * One upstream fetch, admitted by the request's gate first and settled at
   * the pages it took: its rows, and what the source and the reader could not read.
   */
  private async fetchGated(q: ValidQuery, gate: FetchGate | undefined) {
    const settle = await gate?.admit([q]);
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
      if (wider) {
        annotate({ 'cache.superset': true });
        return wider;
      }
    }
    return undefined;
  }

  private newResult(rows: Row[], q: ValidQuery, pages: number, warnings: string[], now = this.clock.now()): StoredResult {
    const dimensions = [...q.dimensions].sort();
    // A part of a time query: its rows carry their bucket's fields (rows read for this result alone).
    if (q.stamp) for (const row of rows) Object.assign(row, q.stamp);
    return {
      warnings,
      rows: orderRows(rows, dimensions),
      metrics: q.metrics,
      dimensions,
      fetchedAt: new Date(now).toISOString(),
      upstreamPages: pages,
      freshUntil: now + q.ttlSeconds * 1000,
      final: Date.parse(q.dateRange.end) + this.settleMs <= now,
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
