/**
 * Resolvers: GraphQL arguments → one validated upstream query → the loader;
 * rows come back as cached, with KPIs already computed.
 */
import type { Resolvers, AnalyticsQueryInput } from './__generated__/resolvers.js';
import { camelCase, LIMITS } from '../catalog.js';
import { round2, runAnalytics } from '../analytics/run.js';
import { badInput } from '../errors.js';
import type { GraphQLResolveInfo } from 'graphql';
import { deriveQuery, rowOrder, type QueryInput, type ValidQuery } from '../query.js';
import { percentileMetric, thresholdMetric, wholeOnly } from '../derived-metrics.js';
import { panelRows, pairRows } from '../analytics/panel-rows.js';
import { groupKey, rowField, type RowCondition, type RowSort } from '../panels.js';
import { GRANULARITIES } from '../buckets.js';
import { totalsRow } from '../totals.js';
import { columnsFor, type Row } from '../transform.js';
import type { GraphQLContext } from './context.js';
import { metricsForSelection, selectsAny } from './selection.js';

// Not `stale`: a stale answer is never kept (see Query.analytics), so a kept one says false truthfully until its TTL.
const VOLATILE_META = new Set(['cacheHit', 'latencyMs']);
const KEY = new Set(['key']);

/** Rows answered for `q`, remembered as its own when the selection asks for their keys. */
function owned<T extends object>(rows: T[], query: ValidQuery, ctx: GraphQLContext, info: GraphQLResolveInfo, totals = false): T[] {
  if (selectsAny(info, KEY)) for (const r of rows) ctx.rowOwners.set(r, { query, totals });
  return rows;
}

/**
 * A row's identity: the question's slice (its metrics left out) and the
 * row's dimension values; an agent by its id where the source reports one
 * (two agents may share a name).
 */
function rowKey(row: Row, owner: { query: ValidQuery; totals: boolean } | undefined): string {
  if (!owner) throw new Error('AnalyticsRow.key of a row that no analytics field answered');
  const q = owner.query;
  if (owner.totals) return `${q.slice}:totals`;
  return `${q.slice}:${groupKey(row, rowOrder(q).map(camelCase))}`;
}
import { DateTime, LocalDate } from './scalars.js';

function iso(value: Date | string | null | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : (value ?? undefined);
}

const lower = (v: string | null | undefined) => (v === null || v === undefined ? v : v.toLowerCase());

function toQueryInput(input: AnalyticsQueryInput, selected: { metrics: readonly string[]; weights: readonly string[] }): QueryInput {
  return {
    metrics: [...(input.metrics ?? []).map((m) => m.toLowerCase()), ...(input.customMetrics ?? []), ...selected.metrics],
    weights: selected.weights,
    dimensions: [...input.dimensions.map((d) => d.toLowerCase()), ...(input.customDimensions ?? [])],
    start: iso(input.dateRange.start),
    end: iso(input.dateRange.end),
    last: input.dateRange.last && { ...input.dateRange.last, unit: input.dateRange.last.unit.toLowerCase() },
    snap: input.dateRange.snap,
    timeZone: input.timeZone,
    granularity: lower(input.granularity),
    weekStart: lower(input.weekStart),
    fill: lower(input.fill),
    compareTo: lower(input.compareTo),
    compareRange: input.compareRange && { start: iso(input.compareRange.start), end: iso(input.compareRange.end) },
    filters: (input.filters ?? []).map((f) => ({
      dimension: f.dimension.toLowerCase(),
      operator: f.operator.toLowerCase(),
      values: f.values,
    })),
    pageSize: input.pageSize,
    cacheTtlSeconds: input.cacheTtlSeconds,
  };
}

export const resolvers: Resolvers<GraphQLContext> = {
  DateTime,
  LocalDate,
  Query: {
    analytics: async (_parent, { query }, ctx, info) => {
      const answered = await runAnalytics(ctx.services, toQueryInput(query, metricsForSelection(info, ctx.services.needs)), ctx.client, 'graphql', (q) =>
        ctx.loader.load(q),
      );
      const { served } = answered;
      ctx.warnings.push(...served.warnings);
      const c = ctx.cacheability;
      if (served.stale || served.warnings.length > 0) c.ok = false;
      c.validUntil = Math.min(c.validUntil, served.result.freshUntil, answered.query.stableUntil ?? Infinity);
      c.answered.push({ cacheKey: answered.query.key, rows: served.result.rows.length });
      const compare = answered.query.compare;
      if (!compare) return answered;
      // The earlier period is a question of its own, through the same cache and partitions.
      const earlier = deriveQuery(answered.query, { dateRange: { start: compare.start, end: compare.end } });
      const previous = await ctx.loader.load(earlier);
      ctx.warnings.push(...previous.warnings);
      if (previous.stale || previous.warnings.length > 0) c.ok = false;
      c.validUntil = Math.min(c.validUntil, previous.result.freshUntil);
      return { ...answered, previous: { query: earlier, served: previous } };
    },
    catalog: async (_parent, _args, { services }) => ({
      source: services.source.describe(),
      metrics: [...services.catalog.metrics],
      dimensions: [...services.catalog.dimensions],
      kpis: [...services.catalog.kpis],
      limits: { ...LIMITS, maxDateSpanDays: services.config.maxDateSpanDays, maxBuckets: services.config.maxBuckets },
      timeZone: await services.defaults.ready().then(() => services.defaults.get().zone),
      granularities: GRANULARITIES.map((g) => g.toUpperCase() as Uppercase<typeof g>),
    }),
  },
  AnalyticsResult: {
    rowCount: (p, { where }) =>
      where && where.length > 0 ? panelRows(p.query, p.served.result, { where: conditions(where) }).length : p.served.result.rows.length,
    columns: (p) => columnsFor(p.query.dimensions, p.query.metrics, p.query.time !== null),
    id: (p) => p.query.key,
    previousTotals: (p, { where }, ctx, info) => {
      if (!p.previous) return null;
      const rows = panelRows(p.previous.query, p.previous.served.result, { where: conditions(where) });
      return owned([totalsRow(rows, p.query.metrics)], p.previous.query, ctx, info, true)[0]!;
    },
    totals: async (p, { where }, ctx, info) => {
      const filtered = where && where.length > 0;
      const row = totalsRow(filtered ? panelRows(p.query, p.served.result, { where: conditions(where) }) : p.served.result.rows, p.query.metrics);
      // A percentile or a distinct count of the whole is not built from the groups': it is the same question without
      // dimensions (not answerable under where: those stay null).
      const whole = filtered ? [] : p.query.metrics.filter(wholeOnly);
      if (whole.length > 0) {
        const all = await ctx.services.results.get(deriveQuery(p.query, { dimensions: [], time: null, metrics: whole }));
        for (const m of whole) row[camelCase(m)] = all.result.rows[0]?.[camelCase(m)] ?? null;
      }
      return owned([row], p.query, ctx, info, true)[0]!;
    },
    source: (_p, _args, { services }) => services.source.name,
    // limit and offset were checked before the operation ran (graphql/limits.ts).
    rows: (p, { limit, offset, where, orderBy, top, others, othersLabel }, ctx, info) => {
      const rows = panelRows(p.query, p.served.result, { where: conditions(where), orderBy: sorts(orderBy), top, others, othersLabel });
      if (p.previous) {
        for (const [row, before] of pairRows(p.query, rows, { query: p.previous.query, result: p.previous.served.result })) ctx.previousOf.set(row, before);
      }
      const from = offset ?? 0;
      if (limit === null || limit === undefined) {
        const max = ctx.services.config.limits.rowsMaxPage;
        if (rows.length - from > max) {
          throw badInput(
            `rows: ${rows.length - from} rows without a limit is over the maximum page; allowed: at most ${max} (ROWS_MAX_PAGE): page with rows(limit, offset); the result is cached`,
          );
        }
        return owned(from === 0 ? rows : rows.slice(from), p.query, ctx, info);
      }
      return owned(rows.slice(from, from + limit), p.query, ctx, info);
    },
    meta: (p, _args, ctx, info) => {
      // Fields that change per request keep the response out of the warm path.
      if (selectsAny(info, VOLATILE_META)) ctx.cacheability.ok = false;
      return {
        cacheKey: p.query.key,
        cacheHit: p.served.cacheHit,
        stale: p.served.stale,
        fetchedAt: p.served.result.fetchedAt,
        latencyMs: round2(p.latencyMs),
        upstreamPages: p.served.result.upstreamPages,
        final: p.served.result.final === true,
        timeZone: p.query.timeZone,
        rangeStart: p.query.dateRange.start,
        rangeEnd: p.query.dateRange.end,
      };
    },
  },
  AnalyticsRow: {
    key: (row, _args, ctx) => rowKey(row, ctx.rowOwners.get(row)),
    previous: (row, _args, ctx) => ctx.previousOf.get(row) ?? null,
    change: (row, { field }, ctx) => change(row, ctx.previousOf.get(row), rowField(field), false),
    changeRatio: (row, { field }, ctx) => change(row, ctx.previousOf.get(row), rowField(field), true),
    serviceLevel: (row, { thresholdSeconds }) =>
      numberOrNull(
        row[thresholdSeconds === null || thresholdSeconds === undefined ? 'serviceLevel' : camelCase(thresholdMetric('service_level', thresholdSeconds))],
      ),
    percentile: (row, { metric, p }) => numberOrNull(row[camelCase(percentileMetric(metric.toLowerCase(), p))]),
    metric: (row, { name }) => numberOrNull(row[camelCase(name)]),
    dimension: (row, { name }) => {
      const v = row[camelCase(name)];
      return v === undefined || v === null ? null : String(v);
    },
  },
  CatalogMetric: { field: (m) => (m.custom ? null : camelCase(m.name)) },
  CatalogDimension: { field: (d) => (d.custom ? null : camelCase(d.name)) },
  CatalogKpi: { field: (k) => camelCase(k.name), needs: (k) => [...k.needs] },
};

/** GraphQL's conditions and sort keys as the panels take them. */
function conditions(where: readonly { field: string; op: string; value?: number | null }[] | null | undefined): RowCondition[] {
  return (where ?? []).map((c) => ({ field: rowField(c.field), op: c.op.toLowerCase() as RowCondition['op'], value: c.value ?? null }));
}

function sorts(orderBy: readonly { field: string; direction?: string | null; nulls?: string | null }[] | null | undefined): RowSort[] {
  return (orderBy ?? []).map((o) => ({ field: rowField(o.field), descending: o.direction === 'DESC', nullsFirst: o.nulls === 'FIRST' }));
}

/** A row's field less its earlier row's (or relative to it); null when either is missing, or the earlier one is 0 for a ratio. */
function change(row: Row, before: Row | null | undefined, field: string, ratio: boolean): number | null {
  const now = row[field];
  const then = before?.[field];
  if (typeof now !== 'number' || typeof then !== 'number') return null;
  if (!ratio) return now - then;
  return then === 0 ? null : (now - then) / then;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}
