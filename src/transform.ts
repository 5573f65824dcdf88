/**
 * Upstream rows → gateway rows: dimensions as strings, metrics coerced, KPIs
 * computed once per result (not per request), and ordering by dimensions.
 * Row keys are the GraphQL field names, so default resolvers read them.
 */
import { camelCase } from './catalog.js';
import { kpisCoveredBy, toNumber, type Value } from './kpi.js';
import type { RawRow } from './upstream/source.js';

export type Row = Record<string, string | number | null>;

export function toRows(raw: readonly RawRow[], dimensions: readonly string[], metrics: readonly string[]): Row[] {
  const kpis = kpisCoveredBy(metrics);
  const dims = dimensions.map((d) => [d, camelCase(d)] as const);
  const mets = metrics.map((m) => [m, camelCase(m)] as const);
  const kpiFields = kpis.map((k) => [k, camelCase(k.name)] as const);
  return raw.map((r) => {
    const row: Row = {};
    const values: Record<string, Value> = {};
    for (const [d, field] of dims) {
      const v = r[d];
      row[field] = v === null || v === undefined ? null : String(v);
    }
    for (const [m, field] of mets) {
      const v = toNumber(r[m]);
      values[m] = v;
      row[field] = v;
    }
    for (const [k, field] of kpiFields) row[field] = k.compute(values);
    return row;
  });
}

/** The GraphQL field names that hold data for these dimensions and metrics. */
export function columnsFor(dimensions: readonly string[], metrics: readonly string[]): string[] {
  return [...dimensions, ...metrics, ...kpisCoveredBy(metrics).map((k) => k.name)].map(camelCase);
}

/**
 * A copy of `rows` ordered by `dimensions`, ascending, nulls last. Plain
 * code-unit comparison: dates (YYYY-MM-DD) sort as dates, and the order does
 * not depend on the server's locale.
 */
export function orderRows(rows: readonly Row[], dimensions: readonly string[]): Row[] {
  const fields = dimensions.map(camelCase);
  return [...rows].sort((a, b) => {
    for (const f of fields) {
      const x = a[f] as string | null;
      const y = b[f] as string | null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? -1 : 1;
    }
    return 0;
  });
}
