/**
 * Day partitions: a query with the `date` dimension over whole UTC days is
 * cached one day at a time, so a longer range reuses the days it shares with
 * earlier ones and fetches only the days it lacks; the days are stitched
 * back into one result.
 */
import { DAY_MS } from '../clock.js';
import { deriveQuery, type ValidQuery } from '../query.js';
import { orderRows, type Row } from '../transform.js';
import { ByteLru } from './byte-lru.js';
import { estimateResultBytes, type StoredResult } from './store.js';

/** Whole UTC days with `date` among the dimensions: partitioned. Anything else is cached whole. */
export function isPartitioned(q: ValidQuery): boolean {
  if (!q.dimensions.includes('date')) return false;
  const start = Date.parse(q.dateRange.start);
  const end = Date.parse(q.dateRange.end);
  return start % DAY_MS === 0 && end % DAY_MS === 0 && end > start;
}

export interface Day {
  /** YYYY-MM-DD */
  date: string;
  query: ValidQuery;
}

/**
 * One query per day. A day that has not ended yet keeps `todayTtlSeconds` at
 * most: its numbers still move. Closed days keep the query's TTL.
 */
export function daysOf(q: ValidQuery, todayTtlSeconds: number, now: number): Day[] {
  const out: Day[] = [];
  for (let t = Date.parse(q.dateRange.start); t < Date.parse(q.dateRange.end); t += DAY_MS) {
    const closed = t + DAY_MS <= now;
    out.push({
      date: new Date(t).toISOString().slice(0, 10),
      query: deriveQuery(q, {
        dateRange: { start: new Date(t).toISOString(), end: new Date(t + DAY_MS).toISOString() },
        ttlSeconds: closed ? q.ttlSeconds : Math.min(q.ttlSeconds, todayTtlSeconds),
      }),
    });
  }
  return out;
}

/** Contiguous runs of the given day indexes (sorted ascending), as [first, last] pairs. */
export function contiguousRuns(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

/** One query over the days from `first` to `last`, inclusive. */
export function runQuery(q: ValidQuery, days: readonly Day[], first: number, last: number): ValidQuery {
  return deriveQuery(q, { dateRange: { start: days[first]!.query.dateRange.start, end: days[last]!.query.dateRange.end } });
}

/** Rows grouped by their `date` field. */
export function rowsByDate(rows: readonly Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const d = String(row.date);
    let list = out.get(d);
    if (!list) out.set(d, (list = []));
    list.push(row);
  }
  return out;
}

/**
 * The last stitch per slice, reused while its day results are the same
 * objects (the memory store): questions over the same days with other
 * metrics read the same rows, and their sort is not paid again.
 */
export class StitchedRanges {
  private readonly memo: ByteLru<string, { parts: StoredResult[]; result: StoredResult }>;

  constructor(maxBytes: number, evicted?: () => void) {
    this.memo = new ByteLru(maxBytes, { evicted: () => evicted?.() });
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.memo.bytes;
  }

  /** Days into one result: rows re-ordered, the oldest fetch and earliest expiry win. `parts` is not empty. */
  stitch(q: ValidQuery, parts: StoredResult[]): StoredResult {
    const kept = this.memo.get(q.slice);
    if (kept && kept.parts.length === parts.length && kept.parts.every((p, i) => p === parts[i])) return kept.result;
    const dimensions = [...q.dimensions].sort();
    // Days fetched together share one fetch: its pages count once.
    const fetches = new Map<string, number>();
    for (const p of parts) fetches.set(`${p.fetchedAt}/${p.upstreamPages}`, p.upstreamPages);
    const result: StoredResult = {
      rows: orderRows(
        parts.flatMap((p) => p.rows),
        dimensions,
      ),
      metrics: q.metrics,
      dimensions,
      fetchedAt: parts.map((p) => p.fetchedAt).sort()[0]!,
      upstreamPages: [...fetches.values()].reduce((a, b) => a + b, 0),
      freshUntil: Math.min(...parts.map((p) => p.freshUntil)),
      warnings: [...new Set(parts.flatMap((p) => p.warnings))],
    };
    // Counted whole: once the store drops its days, this memo alone keeps their rows alive.
    this.memo.set(q.slice, { parts, result }, estimateResultBytes(result));
    return result;
  }
}
