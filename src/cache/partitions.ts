/**
 * Day partitions: a query with the `date` dimension over whole UTC days is
 * cached one day at a time, so a longer range reuses the days it shares with
 * earlier ones and fetches only the days it lacks.
 */
import { deriveQuery, type ValidQuery } from '../query.js';
import type { Row } from '../transform.js';

const DAY_MS = 86_400_000;

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
export function daysOf(q: ValidQuery, todayTtlSeconds: number, now = Date.now()): Day[] {
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
