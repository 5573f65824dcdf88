/**
 * What dashboard panels do to an answer's rows, without asking CXone
 * anything: conditions on metrics and KPIs (a HAVING), ordering (ties broken
 * by the dimensions the rows already come in), top N with everything else as
 * one "Other" row re-aggregated from additive parts, and the pairing of rows
 * with an earlier period's. Pure.
 */
import { BUILT_IN_METRIC_NAMES, camelCase } from './catalog.js';
import { KPIS } from './kpi.js';
import { totalsRow } from './totals.js';
import { orderRows, type Row } from './transform.js';

export const CONDITION_OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'ne', 'is_null', 'not_null'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Row fields that are dimensions: conditions on them belong in filters. */
export const DIMENSION_FIELDS: ReadonlySet<string> = new Set([
  'time',
  'date',
  'channel',
  'skill',
  'queue',
  'agent',
  'agentId',
  'campaign',
  'team',
  'direction',
]);

export interface RowCondition {
  /** Row field (camelCase). */
  field: string;
  op: ConditionOp;
  value: number | null;
}

export interface RowSort {
  field: string;
  descending: boolean;
  nullsFirst: boolean;
}

/** Every row field a panel may name, snake_case (REST's names; GraphQL's RowField upper-cased). */
export const ROW_FIELDS: readonly string[] = [
  ...['time', 'date', 'channel', 'skill', 'queue', 'agent', 'agent_id', 'campaign', 'team', 'direction'],
  ...BUILT_IN_METRIC_NAMES,
  ...KPIS.map((k) => k.name),
];

/** A RowField name (HANDLE_TIME, AGENT_ID) as its row field (handleTime, agentId). */
export function rowField(name: string): string {
  return camelCase(name.toLowerCase());
}

/** What is wrong with a condition, or null: the field must be a metric or KPI, and a comparison needs a value. */
export function conditionProblem(c: RowCondition, at: string): string | null {
  if (DIMENSION_FIELDS.has(c.field)) {
    return `${at}: ${c.field} is a dimension; a condition on it is a filter (filters, before aggregation); allowed in where: metrics and KPIs`;
  }
  if (c.op !== 'is_null' && c.op !== 'not_null' && (c.value === null || !Number.isFinite(c.value))) {
    return `${at}: ${c.op.toUpperCase()} on ${c.field} needs a value; allowed: a number (only IS_NULL and NOT_NULL take none)`;
  }
  return null;
}

function passes(row: Row, c: RowCondition): boolean {
  const v = row[c.field];
  if (c.op === 'is_null') return v === null || v === undefined;
  if (c.op === 'not_null') return v !== null && v !== undefined;
  if (typeof v !== 'number') return false;
  const x = c.value!;
  switch (c.op) {
    case 'gt':
      return v > x;
    case 'gte':
      return v >= x;
    case 'lt':
      return v < x;
    case 'lte':
      return v <= x;
    case 'eq':
      return v === x;
    case 'ne':
      return v !== x;
  }
}

export function where(rows: readonly Row[], conditions: readonly RowCondition[]): Row[] {
  return conditions.length === 0 ? [...rows] : rows.filter((r) => conditions.every((c) => passes(r, c)));
}

/** `rows` sorted by `sorts`; stable, so rows that tie keep the order they came in (their dimensions'). */
export function sortRows(rows: readonly Row[], sorts: readonly RowSort[]): Row[] {
  if (sorts.length === 0) return [...rows];
  const instants = new Map<string, number>();
  const value = (row: Row, field: string): string | number | null => {
    const v = row[field] ?? null;
    if (field !== 'time' || typeof v !== 'string') return v;
    let t = instants.get(v);
    if (t === undefined) instants.set(v, (t = Date.parse(v)));
    return t;
  };
  return [...rows].sort((a, b) => {
    for (const s of sorts) {
      const x = value(a, s.field);
      const y = value(b, s.field);
      if (x === y) continue;
      if (x === null) return s.nullsFirst ? -1 : 1;
      if (y === null) return s.nullsFirst ? 1 : -1;
      const c = x < y ? -1 : 1;
      return s.descending ? -c : c;
    }
    return 0;
  });
}

export interface TopOptions {
  top: number;
  others: boolean;
  othersLabel: string;
  sorts: readonly RowSort[];
  /** The dimensions' row fields, in the order asked (time excluded). */
  groupFields: readonly string[];
  metrics: readonly string[];
  /** Rows carry time buckets: the top groups are chosen over the whole range, "Other" is per bucket. */
  timed: boolean;
}

/** A row's group: its dimension values, an agent by its id. */
export function groupKey(row: Row, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => (f === 'agent' && row.agentId ? `#${row.agentId}` : (row[f] ?? null))));
}

function othersRow(rest: readonly Row[], o: TopOptions, stamp: Row): Row {
  const row: Row = { ...Object.fromEntries(o.groupFields.map((f) => [f, null])), ...totalsRow(rest, o.metrics), ...stamp };
  if (o.groupFields.length > 0) row[o.groupFields[0]!] = o.othersLabel;
  return row;
}

/**
 * The first `top` rows by the sorts (rows come in dimension order, which
 * breaks ties), and with `others` one row of the rest. With time buckets the
 * top groups are ranked by their totals over the whole range and kept in
 * every bucket, and "Other" is one row per bucket, after that bucket's rows.
 */
export function topRows(rows: readonly Row[], o: TopOptions): Row[] {
  if (!o.timed) {
    const sorted = sortRows(rows, o.sorts);
    const kept = sorted.slice(0, o.top);
    const rest = sorted.slice(o.top);
    return o.others && rest.length > 0 ? [...kept, othersRow(rest, o, {})] : kept;
  }
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const k = groupKey(r, o.groupFields);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  // Each group's totals over the whole range, in dimension order first: the sort is stable, so that breaks ties.
  const totals = [...groups].map(([k, list]) => ({
    ...totalsRow(list, o.metrics),
    ...Object.fromEntries(o.groupFields.map((f) => [f, list[0]![f] ?? null])),
    __group: k,
  }));
  const ranked = sortRows(orderRows(totals, o.groupFields), o.sorts);
  const rank = new Map(ranked.slice(0, o.top).map((g, i) => [g.__group as string, i]));
  const byBucket = new Map<string, Row[]>();
  for (const r of rows) {
    const t = String(r.time);
    const list = byBucket.get(t);
    if (list) list.push(r);
    else byBucket.set(t, [r]);
  }
  const out: Row[] = [];
  for (const bucket of byBucket.values()) {
    const kept = bucket
      .filter((r) => rank.has(groupKey(r, o.groupFields)))
      .sort((a, b) => rank.get(groupKey(a, o.groupFields))! - rank.get(groupKey(b, o.groupFields))!);
    const rest = bucket.filter((r) => !rank.has(groupKey(r, o.groupFields)));
    out.push(...kept);
    if (o.others && rest.length > 0)
      out.push(othersRow(rest, o, { time: bucket[0]!.time ?? null, timeEnd: bucket[0]!.timeEnd ?? null, date: bucket[0]!.date ?? null }));
  }
  return out;
}
