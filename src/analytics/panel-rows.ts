/**
 * An answer's rows as a panel asks for them (src/panels.ts), the same for
 * GraphQL and REST, and their pairing with the earlier period's rows
 * (src/compare.ts). None of it asks CXone anything: it slices the cached result.
 */
import { rowsInOrder, type StoredResult } from '../cache/store.js';
import { camelCase } from '../catalog.js';
import { bucketsOver } from '../buckets.js';
import { shiftBack } from '../compare.js';
import { groupKey, sortRows, topRows, where, type RowCondition, type RowSort } from '../panels.js';
import { rowOrder, type ValidQuery } from '../query.js';
import type { Row } from '../transform.js';

export interface PanelArgs {
  where?: readonly RowCondition[];
  orderBy?: readonly RowSort[];
  top?: number | null;
  others?: boolean | null;
  othersLabel?: string | null;
}

/** Where, then order, then top (and others): the rows a panel shows, before paging. */
export function panelRows(query: ValidQuery, result: StoredResult, a: PanelArgs = {}): Row[] {
  let rows = rowsInOrder(result, rowOrder(query));
  if (a.where && a.where.length > 0) rows = where(rows, a.where);
  const sorts = a.orderBy ?? [];
  if (a.top !== null && a.top !== undefined) {
    return topRows(rows, {
      top: a.top,
      others: a.others === true,
      othersLabel: a.othersLabel ?? 'Other',
      sorts,
      groupFields: query.dimensions.map(camelCase),
      metrics: query.metrics,
      timed: query.time !== null,
    });
  }
  return sorts.length > 0 ? sortRows(rows, sorts) : rows;
}

/**
 * Each row's row in the earlier period: the same dimension values, and with
 * time buckets the bucket the comparison pairs it with; null when the group
 * had no row there.
 */
export function pairRows(query: ValidQuery, rows: readonly Row[], previous: { query: ValidQuery; result: StoredResult }): Map<Row, Row | null> {
  const fields = query.dimensions.map(camelCase);
  const compare = query.compare!;
  const before = previous.result.rows;
  const out = new Map<Row, Row | null>();
  if (!query.time) {
    const index = new Map(before.map((r) => [groupKey(r, fields), r]));
    for (const r of rows) out.set(r, index.get(groupKey(r, fields)) ?? null);
    return out;
  }
  const cal = { zone: query.time.zone, weekStart: query.time.weekStart };
  if (compare.pairing === 'shift') {
    const index = new Map(before.map((r) => [`${groupKey(r, fields)}@${Date.parse(String(r.time))}`, r]));
    const period = compare.period as Exclude<typeof compare.period, 'previous_period' | null>;
    for (const r of rows) out.set(r, index.get(`${groupKey(r, fields)}@${shiftBack(Date.parse(String(r.time)), period, cal)}`) ?? null);
    return out;
  }
  // In order: the i-th bucket of the question's range with the i-th of the earlier range.
  const granularity = query.time.granularity;
  const position = (range: { start: string; end: string }) =>
    new Map(bucketsOver(Date.parse(range.start), Date.parse(range.end), granularity, cal, Infinity).map((b, i) => [b.start, i]));
  const now = position(query.dateRange);
  const then = position(compare);
  const index = new Map(before.map((r) => [`${groupKey(r, fields)}#${then.get(Date.parse(String(r.time)))}`, r]));
  for (const r of rows) out.set(r, index.get(`${groupKey(r, fields)}#${now.get(Date.parse(String(r.time)))}`) ?? null);
  return out;
}
