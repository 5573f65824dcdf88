/**
 * Time partitions: a query with a time axis is cached one part of its range
 * at a time (a bucket; for weeks and coarser, a local day), each part the
 * same question without the axis over that part. A longer or shifted range
 * reuses the parts it shares with earlier questions and fetches only those
 * it lacks; parts are combined into buckets (days into a week by their
 * additive parts, never by averaging averages) and stitched into one result.
 */
import { bucketsOver, type Granularity } from '../buckets.js';
import { camelCase, LIMITS } from '../catalog.js';
import { kpisCoveredBy, type Value } from '../kpi.js';
import { deriveQuery, type Stamp, type ValidQuery } from '../query.js';
import { isCount, reaggregates, totalsRow, weightsFor } from '../totals.js';
import { groupKey } from '../panels.js';
import { orderRows, type Row } from '../transform.js';
import { localDate, zonedIso } from '../zones.js';
import { DAY_MS } from '../clock.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { ByteLru } from './byte-lru.js';
import { estimateResultBytes, type StoredResult } from './store.js';

/** Rows a fill may make at most: every bucket for every group grows as their product. */
export const MAX_FILLED_ROWS = 1_000_000;

/** Granularities built from local days when their metrics combine exactly. */
const FROM_DAYS: ReadonlySet<Granularity> = new Set(['week', 'month', 'quarter', 'year']);

/** One cached part of a time query's range: the question without its time axis over [start, end). */
export interface Part {
  query: ValidQuery;
  start: number;
  end: number;
  /** YYYY-MM-DD when the part is a whole UTC day: a source that splits by UTC day fetches a run of them in one call. */
  utcDay: string | null;
}

/** A bucket, and the parts (first..last, inclusive) it is made of. */
export interface PlannedBucket {
  start: number;
  end: number;
  first: number;
  last: number;
}

export interface Plan {
  buckets: PlannedBucket[];
  parts: Part[];
}

/**
 * The buckets of a time query and the parts they are made of. A part that
 * has not ended (and settled, `settleMs` after) by `now` keeps
 * `todayTtlSeconds` at most: its numbers still move. Closed parts keep the query's TTL. Day parts carry the counts their
 * averages are weighted by, so that weeks and months can be built from them.
 */
export function planOf(q: ValidQuery, todayTtlSeconds: number, now: number, settleMs = 0): Plan {
  const axis = q.time!;
  const cal = { zone: axis.zone, weekStart: axis.weekStart };
  const start = Date.parse(q.dateRange.start);
  const end = Date.parse(q.dateRange.end);
  const fromDays = FROM_DAYS.has(axis.granularity) && reaggregates(q.metrics);
  const weighted = [...new Set([...q.metrics, ...weightsFor(q.metrics)])];
  const metrics = fromDays || (axis.granularity === 'day' && weighted.length <= LIMITS.maxMetrics) ? weighted : q.metrics;
  const parts: Part[] = [];
  const buckets: PlannedBucket[] = [];
  for (const b of bucketsOver(start, end, axis.granularity, cal, Infinity)) {
    const from = Math.max(b.start, start);
    const to = Math.min(b.end, end);
    // The part's nominal bucket (a day of a week, or the bucket itself), cut to the range.
    const nominals = fromDays ? bucketsOver(from, to, 'day', cal, Infinity) : [b];
    const first = parts.length;
    for (const nominal of nominals) {
      const span = { start: Math.max(nominal.start, from), end: Math.min(nominal.end, to) };
      const query = deriveQuery(q, {
        time: null,
        stamp: stampOf(axis.zone, nominal),
        metrics,
        dateRange: { start: new Date(span.start).toISOString(), end: new Date(span.end).toISOString() },
        ttlSeconds: span.end + settleMs <= now ? q.ttlSeconds : Math.min(q.ttlSeconds, todayTtlSeconds),
      });
      const utcDay = span.start % DAY_MS === 0 && span.end - span.start === DAY_MS ? query.dateRange.start.slice(0, 10) : null;
      parts.push({ query, ...span, utcDay });
    }
    buckets.push({ start: b.start, end: b.end, first, last: parts.length - 1 });
  }
  return { buckets, parts };
}

/** The row fields of the bucket [start, end) in `zone`. */
export function stampOf(zone: string, b: { start: number; end: number }): Stamp {
  return { time: zonedIso(zone, b.start), timeEnd: zonedIso(zone, b.end), date: localDate(zone, b.start) };
}

/** Contiguous runs of the given part indexes (sorted ascending), as [first, last] pairs. */
export function contiguousRuns(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indexes) {
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
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

/** Rows of several parts into one row per group, from their additive parts (totals.ts). */
function combined(rows: readonly Row[], fields: readonly string[], metrics: readonly string[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const id = groupKey(r, fields);
    const list = groups.get(id);
    if (list) list.push(r);
    else groups.set(id, [r]);
  }
  return [...groups.values()].map((list) => {
    const row: Row = {};
    for (const f of fields) row[f] = list[0]![f] ?? null;
    if ('agentId' in list[0]!) row.agentId = list[0]!.agentId ?? null;
    return Object.assign(row, totalsRow(list, metrics));
  });
}

/** The row of a group with no contacts in a bucket: counts zero under `zero`, everything else null. */
function filler(group: Row, metrics: readonly string[], zero: boolean): Row {
  const values: Record<string, Value> = {};
  for (const m of metrics) values[m] = zero && isCount(m) ? 0 : null;
  const row: Row = { ...group };
  for (const [m, v] of Object.entries(values)) row[camelCase(m)] = v;
  for (const k of kpisCoveredBy(metrics)) row[camelCase(k.name)] = k.compute(values);
  return row;
}

/**
 * The rows of a time query from its parts: one set per bucket, stamped with
 * its `time`, `timeEnd` (RFC 3339 with the zone's offset at that instant) and
 * local `date`; filled as the query asks; in time order, then by dimensions.
 */
export function bucketRows(q: ValidQuery, plan: Plan, parts: readonly StoredResult[], maxFilledRows = MAX_FILLED_ROWS): Row[] {
  const axis = q.time!;
  const dims = [...q.dimensions].sort();
  const fields = dims.map(camelCase);
  const perBucket = plan.buckets.map((b) => {
    const stamp = stampOf(axis.zone, b);
    // A bucket of one part is that part's rows, stored with this bucket's fields: shared, not copied.
    if (b.first === b.last) return { stamp, rows: [...parts[b.first]!.rows] };
    const rows = combined(
      parts.slice(b.first, b.last + 1).flatMap((p) => p.rows),
      fields,
      q.metrics,
    );
    return { stamp, rows: rows.map((r) => Object.assign(r, stamp)) };
  });
  if (axis.fill !== 'none') {
    const groups = new Map<string, Row>();
    for (const { rows } of perBucket) {
      for (const r of rows) {
        const id = groupKey(r, fields);
        if (groups.has(id)) continue;
        const group: Row = Object.fromEntries(fields.map((f) => [f, r[f] ?? null]));
        if ('agentId' in r) group.agentId = r.agentId ?? null;
        groups.set(id, group);
      }
    }
    if (fields.length === 0) groups.set('[]', {});
    const filled = groups.size * perBucket.length;
    if (filled > maxFilledRows) {
      throw new GatewayError(
        ErrorCode.RESULT_TOO_LARGE,
        `fill: ${axis.fill.toUpperCase()} would answer ${groups.size} groups × ${perBucket.length} buckets = ${filled} rows; allowed: at most ${maxFilledRows}: ask for fewer buckets, fewer dimensions or filters, or fill NONE`,
      );
    }
    for (const b of perBucket) {
      const present = new Set(b.rows.map((r) => groupKey(r, fields)));
      for (const [id, group] of groups) if (!present.has(id)) b.rows.push({ ...filler(group, q.metrics, axis.fill === 'zero'), ...b.stamp });
    }
  }
  return perBucket.flatMap((b) => orderRows(b.rows, dims));
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

  /** Parts into one result: rows from `rowsOf`, the oldest fetch and earliest expiry win. `parts` is not empty. */
  stitch(q: ValidQuery, parts: StoredResult[], rowsOf: () => Row[]): StoredResult {
    const kept = this.memo.get(q.slice);
    if (kept && kept.parts.length === parts.length && kept.parts.every((p, i) => p === parts[i])) return kept.result;
    // Parts fetched together share one fetch: its pages count once.
    const fetches = new Map<string, number>();
    for (const p of parts) fetches.set(`${p.fetchedAt}/${p.upstreamPages}`, p.upstreamPages);
    const result: StoredResult = {
      rows: rowsOf(),
      metrics: q.metrics,
      dimensions: ['time', ...[...q.dimensions].sort()],
      fetchedAt: parts.map((p) => p.fetchedAt).sort()[0]!,
      upstreamPages: [...fetches.values()].reduce((a, b) => a + b, 0),
      freshUntil: Math.min(...parts.map((p) => p.freshUntil)),
      warnings: [...new Set(parts.flatMap((p) => p.warnings))],
      final: parts.every((p) => p.final === true),
    };
    // Counted whole: once the store drops its days, this memo alone keeps their rows alive.
    this.memo.set(q.slice, { parts, result }, estimateResultBytes(result));
    return result;
  }
}
