/**
 * Resolvers: GraphQL arguments → one validated upstream query → the loader;
 * rows come back as cached, with KPIs already computed.
 */
import type { Resolvers, AnalyticsQueryInput } from '../__generated__/graphql.js';
import { camelCase, LIMITS } from '../catalog.js';
import { round2, runAnalytics } from '../analytics.js';
import { badInput } from '../errors.js';
import type { QueryInput } from '../query.js';
import { rowsInOrder } from '../cache/results.js';
import { totalsRow } from '../totals.js';
import { columnsFor } from '../transform.js';
import type { GraphQLContext } from './context.js';
import { metricsForSelection, selectsAny } from './selection.js';

const VOLATILE_META = new Set(['cacheHit', 'latencyMs', 'stale']);
import { DateTime, LocalDate } from './scalars.js';

function iso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : value;
}

export function toQueryInput(input: AnalyticsQueryInput, selected: readonly string[]): QueryInput {
  return {
    metrics: [...(input.metrics ?? []).map((m) => m.toLowerCase()), ...(input.customMetrics ?? []), ...selected],
    dimensions: [...input.dimensions.map((d) => d.toLowerCase()), ...(input.customDimensions ?? [])],
    start: iso(input.dateRange.start),
    end: iso(input.dateRange.end),
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
      const answered = await runAnalytics(
        ctx.services,
        toQueryInput(query, metricsForSelection(info, ctx.services.needs)),
        ctx.client,
        'graphql',
        (q) => ctx.loader.load(q),
      );
      const { served } = answered;
      ctx.warnings.push(...served.warnings);
      const c = ctx.cacheability;
      if (served.stale || served.warnings.length > 0) c.ok = false;
      c.validUntil = Math.min(c.validUntil, served.result.freshUntil);
      c.answered.push({ cacheKey: answered.query.key, rows: served.result.rows.length });
      return answered;
    },
    catalog: (_parent, _args, { services }) => ({
      source: services.source.describe(),
      metrics: [...services.catalog.metrics],
      dimensions: [...services.catalog.dimensions],
      kpis: [...services.catalog.kpis],
      limits: { ...LIMITS, maxDateSpanDays: services.config.maxDateSpanDays },
    }),
  },
  AnalyticsResult: {
    rowCount: (p) => p.served.result.rows.length,
    columns: (p) => columnsFor(p.query.dimensions, p.query.metrics),
    totals: (p) => totalsRow(p.served.result.rows, p.query.metrics),
    source: (_p, _args, { services }) => services.source.name,
    // limit and offset were checked before the operation ran (graphql/limits.ts).
    rows: (p, { limit, offset }, { services }) => {
      const rows = rowsInOrder(p.served.result, p.query.dimensions);
      const from = offset ?? 0;
      if (limit === null || limit === undefined) {
        const max = services.config.limits.rowsMaxPage;
        if (rows.length - from > max) {
          throw badInput(`rows: ${rows.length - from} rows without a limit is over the maximum page; allowed: at most ${max} (ROWS_MAX_PAGE): page with rows(limit, offset); the result is cached`);
        }
        return from === 0 ? rows : rows.slice(from);
      }
      return rows.slice(from, from + limit);
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
      };
    },
  },
  AnalyticsRow: {
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

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}
