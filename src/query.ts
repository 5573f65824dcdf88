/**
 * The one validator for GraphQL and REST, the canonical upstream query and
 * its cache key. Pure: nothing here talks to the network.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { bucketsOver, GRANULARITIES, lastRange, RANGE_UNITS, snapped, WEEKDAYS, type Granularity, type RangeUnit } from './buckets.js';
import { LIMITS, type Catalog } from './catalog.js';
import { DAY_MS } from './clock.js';
import { badInput } from './errors.js';
import { derivedProblem, parseDerived } from './derived-metrics.js';
import { canonicalZone } from './zones.js';
import { COMPARE_PERIODS, lengthOf, previousPeriod, shiftBack, type ComparePeriod, type Comparison } from './compare.js';

export type FilterOperator = 'in' | 'not_in';

/** What a client asked for, with upstream (snake_case) names. */
export interface QueryInput {
  metrics: readonly string[];
  dimensions: readonly string[];
  /** RFC 3339 or epoch ms; or `last` instead of both. */
  start?: unknown;
  end?: unknown;
  last?: { amount: unknown; unit: unknown; includeCurrent?: unknown } | null;
  /** Widen the range to whole buckets of the granularity. */
  snap?: unknown;
  /** IANA name; the default zone when absent. */
  timeZone?: unknown;
  /** Lower-case: fifteen_minutes … year. The `date` dimension without one means day. */
  granularity?: unknown;
  /** Lower-case weekday name. */
  weekStart?: unknown;
  /** none, null or zero. */
  fill?: unknown;
  /** previous_period, day_ago, week_ago, month_ago or year_ago; or compareRange. */
  compareTo?: unknown;
  compareRange?: { start: unknown; end: unknown } | null;
  filters?: readonly { dimension: unknown; operator: unknown; values: unknown }[] | null;
  pageSize?: number | null;
  cacheTtlSeconds?: number | null;
  /** Counts fetched to weigh totals: outside the per-question metric limit, and part of the question. */
  weights?: readonly string[];
}

export const FILLS = ['none', 'null', 'zero'] as const;
export type Fill = (typeof FILLS)[number];

/** A bucket's row fields: its start and end (RFC 3339 with the zone's offset) and its local date. */
export interface Stamp {
  time: string;
  timeEnd: string;
  date: string;
}

/** Rows per bucket of `granularity` in `zone` (weeks starting on `weekStart`, 0 = Sunday). */
export interface TimeAxis {
  zone: string;
  granularity: Granularity;
  weekStart: number;
  fill: Fill;
}

export interface Filter {
  dimension: string;
  operator: FilterOperator;
  values: string[];
}

/** A validated query, canonical: equal questions give equal `key`s. */
export interface ValidQuery {
  /** Sorted, without duplicates. */
  metrics: string[];
  /** In the order the client asked for; rows are ordered by them (after time). Never `date`: that is the time axis. */
  dimensions: string[];
  /** UTC instants, the range resolved (relative ranges at the time asked) and snapped. */
  dateRange: { start: string; end: string };
  /** The time axis, or null for one row per group over the whole range. */
  time: TimeAxis | null;
  /**
   * A part of a time query (cache/partitions.ts): the bucket fields its rows
   * carry, so a part that is a whole bucket is stored ready to answer. Part of
   * the key; the source never sees it.
   */
  stamp: Stamp | null;
  /** The zone the query was asked in, as it was named (its time axis's, or the default); the axis holds the runtime's canonical name. */
  timeZone: string;
  /** Epoch ms when a relative range stops meaning this range (the current unit ends); null for an absolute one. */
  stableUntil: number | null;
  /** The earlier period rows are compared with; not part of the question (its key): it is a question of its own. */
  compare: Comparison | null;
  /** Sorted by dimension, values sorted and unique. */
  filters: Filter[];
  pageSize: number;
  ttlSeconds: number;
  /** CACHE_NAMESPACE, which prefixes the keys. */
  namespace: string;
  /** Cache key of this question. */
  key: string;
  /** Cache key of its slice: the same question for any metrics. */
  slice: string;
}

type QueryFields = Omit<ValidQuery, 'key' | 'slice'>;

/** UTC days the query's range touches, partial ones included. */
export function daysTouched(q: Pick<ValidQuery, 'dateRange'>): number {
  const start = Date.parse(q.dateRange.start);
  const end = Date.parse(q.dateRange.end);
  return Math.max(1, Math.ceil((end - Math.floor(start / DAY_MS) * DAY_MS) / DAY_MS));
}

export interface ValidationRules {
  catalog: Catalog;
  maxDateSpanDays: number;
  defaultTtlSeconds: number;
  cacheNamespace: string;
  /** MAX_BUCKETS: time buckets one query may have. */
  maxBuckets: number;
  /** The zone and week start of a query that names none (CXONE_TIME_ZONE, else the business unit's, else UTC and Monday). */
  defaults: () => { zone: string; weekStart: number };
  /** Now, for relative ranges. */
  now: () => number;
}

/** The order rows are in: time first, then the dimensions as asked. */
export function rowOrder(q: Pick<ValidQuery, 'time' | 'dimensions'>): string[] {
  return q.time ? ['time', ...q.dimensions] : q.dimensions;
}

const isoWithOffset = z.iso.datetime({ offset: true });

function list(names: Iterable<string>): string {
  return [...names].join(', ');
}

/** Every rule the contract names; all broken rules are reported at once. */
export function validateQuery(input: QueryInput, rules: ValidationRules): ValidQuery {
  const problems: string[] = [];
  const { catalog } = rules;

  const metrics = [...new Set(input.metrics)];
  for (const m of metrics) {
    if (!catalog.metricNames.has(m) && parseDerived(m) === null) {
      const derived = derivedProblem(m);
      if (derived) problems.push(derived);
      else problems.push(`metrics: ${JSON.stringify(m)} is not a known metric; allowed: ${list(catalog.metricNames)}`);
    }
  }
  if (metrics.length === 0) {
    problems.push('metrics: none requested and no selected field needs one; name at least one metric or select a metric or KPI field in rows');
  }
  if (metrics.length > LIMITS.maxMetrics) {
    problems.push(`metrics: ${metrics.length} requested, at most ${LIMITS.maxMetrics} are allowed per query`);
  }

  const dimensions = [...new Set(input.dimensions)];
  for (const d of dimensions) {
    if (!catalog.dimensionNames.has(d)) {
      problems.push(`dimensions: ${JSON.stringify(d)} is not a known dimension; allowed: ${list(catalog.dimensionNames)}`);
    }
  }
  if (dimensions.length > LIMITS.maxDimensions) {
    problems.push(`dimensions: ${dimensions.length} requested, at most ${LIMITS.maxDimensions} are allowed per query`);
  }

  const time = validateTime(input, dimensions, rules, problems);
  const range = validateRange(input, time, rules, problems);
  if (range && time.axis) {
    const count = bucketsOver(range.start, range.end, time.axis.granularity, { zone: time.zone, weekStart: time.axis.weekStart }, rules.maxBuckets).length;
    if (count > rules.maxBuckets) {
      problems.push(
        `granularity: ${time.axis.granularity.toUpperCase()} over ${new Date(range.start).toISOString()}..${new Date(range.end).toISOString()} (${spanDays(range)} days) is more than ${rules.maxBuckets} buckets; allowed: at most ${rules.maxBuckets} (MAX_BUCKETS): ask for a coarser granularity or a shorter range`,
      );
    }
  }

  const compare = range ? validateComparison(input, range, time, rules, problems) : null;

  const filters = validateFilters(input.filters ?? [], catalog, problems);

  const pageSize = input.pageSize ?? LIMITS.defaultPageSize;
  if (!Number.isInteger(pageSize) || pageSize < LIMITS.minPageSize || pageSize > LIMITS.maxPageSize) {
    problems.push(`pageSize: ${String(pageSize)} is out of range; allowed: a whole number from ${LIMITS.minPageSize} to ${LIMITS.maxPageSize}`);
  }
  const ttlSeconds = input.cacheTtlSeconds ?? rules.defaultTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 0 || ttlSeconds > LIMITS.maxCacheTtlSeconds) {
    problems.push(`cacheTtlSeconds: ${String(ttlSeconds)} is out of range; allowed: a whole number from 0 to ${LIMITS.maxCacheTtlSeconds}`);
  }

  if (problems.length > 0) throw badInput(problems.join('; '));

  return withKeys({
    metrics: [...new Set([...metrics, ...(input.weights ?? []).filter((w) => catalog.metricNames.has(w) || parseDerived(w) !== null)])].sort(),
    dimensions: dimensions.filter((d) => d !== 'date'),
    dateRange: { start: new Date(range!.start).toISOString(), end: new Date(range!.end).toISOString() },
    time: time.axis,
    stamp: null,
    timeZone: time.shown,
    stableUntil: range!.until ?? null,
    compare,
    filters,
    pageSize,
    ttlSeconds,
    namespace: rules.cacheNamespace,
  });
}

/** The same question with some fields changed, keys recomputed. */
export function deriveQuery(
  q: ValidQuery,
  patch: Partial<Pick<ValidQuery, 'metrics' | 'dimensions' | 'dateRange' | 'time' | 'stamp' | 'ttlSeconds' | 'pageSize'>>,
): ValidQuery {
  const { key: _key, slice: _slice, ...fields } = q;
  return withKeys({ ...fields, ...patch, metrics: [...(patch.metrics ?? q.metrics)].sort() });
}

/**
 * Epoch milliseconds span 12 digits and more from March 1973: anything
 * smaller is more likely epoch seconds (1793491200) or a year (2026) than a
 * 1970 instant, and is refused rather than read as one.
 */
const MIN_EPOCH_MS = 100_000_000_000;
/** The latest instant a range may name: the end of year 9999. */
const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Epoch milliseconds as clients send them (Grafana's `$__from`/`$__to`): a
 * whole number, or a string of digits, from March 1973 to 9999; null for anything else.
 */
export function epochMs(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{12,16}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isSafeInteger(n) && n >= MIN_EPOCH_MS && n <= MAX_EPOCH_MS ? n : null;
}

function spanDays(r: { start: number; end: number }): number {
  return Math.ceil((r.end - r.start) / DAY_MS);
}

function upper(v: unknown): string {
  return typeof v === 'string' ? v.toUpperCase() : JSON.stringify(v);
}

/** The zone, and the time axis when the query has one (a granularity, or the `date` dimension). */
function validateTime(
  input: QueryInput,
  dimensions: readonly string[],
  rules: ValidationRules,
  problems: string[],
): { zone: string; shown: string; axis: TimeAxis | null } {
  const defaults = rules.defaults();
  let shown = defaults.zone;
  let zone = canonicalZone(defaults.zone) ?? 'UTC';
  if (input.timeZone !== undefined && input.timeZone !== null) {
    const known = typeof input.timeZone === 'string' ? canonicalZone(input.timeZone) : null;
    if (known === null) {
      problems.push(
        `timeZone: ${JSON.stringify(input.timeZone)} is not an IANA time zone; allowed: an IANA name such as America/New_York, Europe/London, Asia/Kolkata or UTC`,
      );
    } else {
      zone = known;
      shown = input.timeZone as string;
    }
  }
  let granularity: Granularity | null = dimensions.includes('date') ? 'day' : null;
  if (input.granularity !== undefined && input.granularity !== null) {
    if ((GRANULARITIES as readonly unknown[]).includes(input.granularity)) granularity = input.granularity as Granularity;
    else problems.push(`granularity: ${upper(input.granularity)} is not a granularity; allowed: ${GRANULARITIES.map((g) => g.toUpperCase()).join(', ')}`);
  }
  let weekStart = defaults.weekStart;
  if (input.weekStart !== undefined && input.weekStart !== null) {
    const i = (WEEKDAYS as readonly unknown[]).indexOf(input.weekStart);
    if (i < 0) problems.push(`weekStart: ${upper(input.weekStart)} is not a day of the week; allowed: ${WEEKDAYS.map((d) => d.toUpperCase()).join(', ')}`);
    else weekStart = i;
  }
  let fill: Fill = 'none';
  if (input.fill !== undefined && input.fill !== null) {
    if (!(FILLS as readonly unknown[]).includes(input.fill)) problems.push(`fill: ${upper(input.fill)} is not a fill; allowed: NONE, NULL, ZERO`);
    else if (granularity === null && input.fill !== 'none') {
      problems.push(`fill: ${upper(input.fill)} fills empty time buckets, and this query has none; allowed: with a granularity (or the DATE dimension)`);
    } else fill = input.fill as Fill;
  }
  return { zone, shown, axis: granularity === null ? null : { zone, granularity, weekStart: granularity === 'week' ? weekStart : 1, fill } };
}

/** The range as UTC instants: absolute or relative (`last`), snapped to the granularity when asked; null after a problem. */
function validateRange(
  input: QueryInput,
  time: { zone: string; axis: TimeAxis | null },
  rules: ValidationRules,
  problems: string[],
): { start: number; end: number; until?: number } | null {
  const absolute = (input.start !== undefined && input.start !== null) || (input.end !== undefined && input.end !== null);
  const relative = input.last !== undefined && input.last !== null;
  const cal = { zone: time.zone, weekStart: time.axis?.weekStart ?? rules.defaults().weekStart };
  let range: { start: number; end: number; until?: number } | null = null;
  if (absolute && relative) {
    problems.push('dateRange: give start and end, or last, not both');
    return null;
  }
  if (relative) {
    const { amount, unit, includeCurrent } = input.last!;
    let ok = true;
    if (!Number.isInteger(amount) || (amount as number) < 1 || (amount as number) > 100_000) {
      problems.push(`dateRange.last.amount: ${JSON.stringify(amount)} is not allowed; allowed: a whole number from 1 to 100000`);
      ok = false;
    }
    if (!(RANGE_UNITS as readonly unknown[]).includes(unit)) {
      problems.push(`dateRange.last.unit: ${upper(unit)} is not a unit; allowed: ${RANGE_UNITS.map((u) => u.toUpperCase()).join(', ')}`);
      ok = false;
    }
    if (includeCurrent !== undefined && includeCurrent !== null && typeof includeCurrent !== 'boolean') {
      problems.push(`dateRange.last.includeCurrent: ${JSON.stringify(includeCurrent)} must be true or false`);
      ok = false;
    }
    if (!ok) return null;
    range = lastRange({ amount: amount as number, unit: unit as RangeUnit, includeCurrent: includeCurrent === true }, rules.now(), cal);
  } else {
    const start = parseInstant('start', input.start, problems);
    const end = parseInstant('end', input.end, problems);
    if (start === null || end === null) return null;
    if (end <= start) {
      problems.push(`dateRange: end ${String(input.end)} must be after start ${String(input.start)} (the end is exclusive)`);
      return null;
    }
    range = { start, end };
  }
  if (input.snap !== undefined && input.snap !== null && input.snap !== false) {
    if (input.snap !== true) problems.push(`dateRange.snap: ${JSON.stringify(input.snap)} must be true or false`);
    else if (!time.axis)
      problems.push('dateRange.snap: aligns the range to the granularity, and this query has none; allowed: with a granularity (or the DATE dimension)');
    else range = { ...range, ...snapped(range.start, range.end, time.axis.granularity, cal) };
  }
  if (range.end - range.start > rules.maxDateSpanDays * DAY_MS) {
    problems.push(`dateRange: spans ${spanDays(range)} days, at most ${rules.maxDateSpanDays} are allowed (MAX_DATE_SPAN_DAYS)`);
    return null;
  }
  return range;
}

/** The earlier period asked for (compareTo or compareRange), checked; null when none or after a problem. */
function validateComparison(
  input: QueryInput,
  range: { start: number; end: number },
  time: { zone: string; axis: TimeAxis | null },
  rules: ValidationRules,
  problems: string[],
): Comparison | null {
  const period = input.compareTo ?? null;
  const explicit = input.compareRange ?? null;
  if (period === null && explicit === null) return null;
  if (period !== null && explicit !== null) {
    problems.push('compareTo: give compareTo or compareRange, not both');
    return null;
  }
  const cal = { zone: time.zone, weekStart: time.axis?.weekStart ?? rules.defaults().weekStart };
  const iso = (r: { start: number; end: number }, pairing: Comparison['pairing'], p: ComparePeriod | null): Comparison => ({
    start: new Date(r.start).toISOString(),
    end: new Date(r.end).toISOString(),
    pairing,
    period: p,
  });
  const granularity = time.axis?.granularity ?? null;
  if (period !== null) {
    if (!(COMPARE_PERIODS as readonly unknown[]).includes(period)) {
      problems.push(`compareTo: ${upper(period)} is not a period; allowed: ${COMPARE_PERIODS.map((p) => p.toUpperCase()).join(', ')}, or compareRange`);
      return null;
    }
    const p = period as ComparePeriod;
    if (p === 'previous_period') return iso(previousPeriod(range.start, range.end, granularity, cal), 'order', p);
    return iso({ start: shiftBack(range.start, p, cal), end: shiftBack(range.end, p, cal) }, 'shift', p);
  }
  const start = parseInstant('start', explicit!.start, problems, 'compareRange');
  const end = parseInstant('end', explicit!.end, problems, 'compareRange');
  if (start === null || end === null) return null;
  const want = lengthOf(range.start, range.end, granularity, cal);
  const got = end > start ? lengthOf(start, end, granularity, cal) : 0;
  if (got !== want) {
    const unit = granularity === null ? 'ms' : `${granularity} buckets`;
    problems.push(`compareRange: ${got} ${unit} long, and the dateRange ${want}; allowed: a range of the same length, end after start`);
    return null;
  }
  return iso({ start, end }, 'order', null);
}

function parseInstant(field: 'start' | 'end', value: unknown, problems: string[], where = 'dateRange'): number | null {
  const ms = epochMs(value);
  if (ms !== null) return ms;
  if (value === undefined || value === null) {
    problems.push(`${where}.${field}: missing; give start and end (RFC 3339 or epoch milliseconds)${where === 'dateRange' ? ', or last: {amount, unit}' : ''}`);
    return null;
  }
  if (typeof value !== 'string' || !isoWithOffset.safeParse(value).success) {
    problems.push(
      `${where}.${field}: ${JSON.stringify(value)} is not an ISO 8601 date-time with an offset, nor epoch milliseconds; allowed: e.g. 2026-11-01T00:00:00+00:00, 2026-11-01T00:00:00Z or 1793491200000 (milliseconds: epoch seconds are refused)`,
    );
    return null;
  }
  return Date.parse(value);
}

function validateFilters(raw: NonNullable<QueryInput['filters']>, catalog: Catalog, problems: string[]): Filter[] {
  const byDimension = new Map<string, Filter>();
  raw.forEach((f, i) => {
    const at = `filters[${i}]`;
    const { dimension, operator, values } = f;
    let ok = true;
    if (typeof dimension !== 'string' || !catalog.dimensionNames.has(dimension)) {
      problems.push(`${at}.dimension: ${JSON.stringify(dimension)} is not a known dimension; allowed: ${list(catalog.dimensionNames)}`);
      ok = false;
    }
    if (operator !== 'in' && operator !== 'not_in') {
      problems.push(`${at}.operator: ${JSON.stringify(operator)} is not an operator; allowed: in, not_in`);
      ok = false;
    }
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && v.length > 0)) {
      problems.push(`${at}.values: ${JSON.stringify(values)} must be a non-empty list of non-empty strings`);
      ok = false;
    }
    if (!ok) return;
    const key = `${String(dimension)}\u0000${String(operator)}`;
    if (byDimension.has(key)) {
      problems.push(`${at}: a second ${String(operator)} filter on ${String(dimension)}; put all its values in one filter`);
      return;
    }
    byDimension.set(key, {
      dimension: dimension as string,
      operator: operator as FilterOperator,
      values: [...new Set(values as string[])].sort(),
    });
  });
  return [...byDimension.values()].sort((a, b) => (a.dimension === b.dimension ? cmp(a.operator, b.operator) : cmp(a.dimension, b.dimension)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SHA-256 over what decides the answer's data. Dimension order only decides
 * row order, page size only how it is fetched, and the TTL only how long it is
 * kept, so none of them is in the key. The slice is the same without metrics:
 * results of one slice can answer each other when their metrics cover.
 */
function withKeys(q: QueryFields): ValidQuery {
  const t = q.time;
  const slice = JSON.stringify({
    d: [...q.dimensions].sort(),
    s: q.dateRange.start,
    e: q.dateRange.end,
    f: q.filters.map((f) => [f.dimension, f.operator, f.values]),
    // Without a time axis the zone decides nothing: the same instants are the same question in any zone.
    ...(t ? { t: [t.zone, t.granularity, t.weekStart, t.fill] } : {}),
    ...(q.stamp ? { b: [q.stamp.time, q.stamp.timeEnd, q.stamp.date] } : {}),
  });
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    ...q,
    key: `${q.namespace}:analytics:${sha(JSON.stringify({ v: 2, m: q.metrics, slice }))}`,
    slice: `${q.namespace}:slice:${sha(slice)}`,
  };
}

/**
 * Queries of one slice merged into as few as possible: the union of their
 * metrics, split only where it passes `maxMetrics`. Each merged query lists
 * the indexes of the queries it answers.
 */
export function mergeBySlice(queries: readonly ValidQuery[], maxMetrics: number): { query: ValidQuery; members: number[] }[] {
  const bySlice = new Map<string, number[]>();
  queries.forEach((q, i) => bySlice.set(q.slice, [...(bySlice.get(q.slice) ?? []), i]));
  const merged: { query: ValidQuery; members: number[] }[] = [];
  for (const indexes of bySlice.values()) {
    const bins: { metrics: Set<string>; members: number[] }[] = [];
    // Largest first, each into the first bin it fits: first-fit decreasing.
    for (const i of [...indexes].sort((a, b) => queries[b]!.metrics.length - queries[a]!.metrics.length)) {
      const wanted = queries[i]!.metrics;
      const bin = bins.find((b) => new Set([...b.metrics, ...wanted]).size <= maxMetrics);
      if (bin) {
        for (const m of wanted) bin.metrics.add(m);
        bin.members.push(i);
      } else bins.push({ metrics: new Set(wanted), members: [i] });
    }
    for (const bin of bins) {
      const members = bin.members.map((i) => queries[i]!);
      merged.push({
        query: deriveQuery(members[0]!, {
          metrics: [...bin.metrics],
          ttlSeconds: Math.min(...members.map((m) => m.ttlSeconds)),
          pageSize: Math.max(...members.map((m) => m.pageSize)),
        }),
        members: bin.members,
      });
    }
  }
  return merged;
}

/** The upstream request body for one page (docs/upstream-summary-query.md). */
export function upstreamBody(q: ValidQuery, next: string | null): Record<string, unknown> {
  return {
    metrics: q.metrics,
    dimensions: q.dimensions,
    dateRange: q.dateRange,
    filters: q.filters,
    paging: next === null ? { pageSize: q.pageSize } : { pageSize: q.pageSize, next },
  };
}
