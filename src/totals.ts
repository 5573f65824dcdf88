/**
 * The whole result as one row. An average or a rate is never averaged:
 * each is weighted by the count it is "per" (sum of value × weight over sum
 * of weights), counts are summed, and KPIs are computed last from the
 * totals. The same rule gives correct subtotals wherever rows are combined.
 */
import { camelCase } from './catalog.js';
import { kpisCoveredBy, type Value } from './kpi.js';
import type { Row } from './transform.js';
import { parseDerived, thresholdMetric } from './derived-metrics.js';

/** Each average metric and the count it is an average over. */
const WEIGHT_OF: Readonly<Record<string, string>> = {
  handle_time: 'contacts_handled',
  talk_time: 'contacts_handled',
  hold_time: 'contacts_handled',
  wrap_time: 'contacts_handled',
  queue_time: 'inbound_offered',
  abandon_rate: 'inbound_offered',
  service_level: 'sla_contacts',
};

const COUNTS: ReadonlySet<string> = new Set(['contacts_offered', 'contacts_handled', 'abandon_count', 'inbound_offered', 'sla_contacts']);

/** The count `metric` is an average over; service level at a threshold is per the contacts counted at that threshold. */
function weightOf(metric: string): string | undefined {
  const d = parseDerived(metric);
  if (d?.kind === 'threshold') return d.base === 'service_level' ? thresholdMetric('sla_contacts', d.seconds) : undefined;
  return WEIGHT_OF[metric];
}

/** Whether `metric` is a count (zero when nothing happened; averages and rates are then null). */
export function isCount(metric: string): boolean {
  const d = parseDerived(metric);
  return COUNTS.has(metric) || (d?.kind === 'threshold' && d.base === 'sla_contacts');
}

/** Whether rows of `metrics` combine exactly: every one a count, or an average whose weight is a count. */
export function reaggregates(metrics: readonly string[]): boolean {
  return metrics.every((m) => isCount(m) || weightOf(m) !== undefined);
}

/** Metrics to fetch so that totals of `metrics` can be computed. */
export function weightsFor(metrics: readonly string[]): string[] {
  return [...new Set(metrics.flatMap((m) => weightOf(m) ?? []))];
}

export function totalsRow(rows: readonly Row[], metrics: readonly string[]): Row {
  const values: Record<string, Value> = {};
  for (const m of metrics) {
    const field = camelCase(m);
    if (isCount(m)) {
      let sum = 0;
      let seen = false;
      for (const r of rows) {
        const v = r[field];
        if (typeof v === 'number') {
          sum += v;
          seen = true;
        }
      }
      values[m] = seen ? sum : null;
      continue;
    }
    const weight = weightOf(m);
    if (!weight) {
      values[m] = null; // no weight is reported for it: a total would be invented
      continue;
    }
    const wField = camelCase(weight);
    let num = 0;
    let den = 0;
    for (const r of rows) {
      const v = r[field];
      const w = r[wField];
      if (typeof v === 'number' && typeof w === 'number') {
        num += v * w;
        den += w;
      }
    }
    values[m] = den === 0 ? null : num / den;
  }
  const row: Row = {};
  for (const [m, v] of Object.entries(values)) row[camelCase(m)] = v;
  for (const k of kpisCoveredBy(metrics)) row[camelCase(k.name)] = k.compute(values);
  return row;
}
