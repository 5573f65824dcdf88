/**
 * Pure row transforms: numeric coercion and the KPI formulas of
 * docs/upstream-summary-query.md, "KPIs". No I/O, no configuration.
 */

export type Value = number | null;

const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

/**
 * Numbers and numeric strings become numbers; anything else is missing.
 * Footgun avoided: `Number('')` and `Number(' ')` are 0, `Number(true)` is 1.
 */
export function toNumber(raw: unknown): Value {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string' && NUMERIC.test(raw)) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

type Inputs = Record<string, Value | undefined>;

export interface KpiDef {
  /** snake_case name, as in REST and the contract. */
  readonly name: string;
  readonly needs: readonly string[];
  readonly unit: 'seconds' | 'ratio';
  readonly formula: string;
  readonly description: string;
  readonly compute: (m: Inputs) => Value;
}

function ratio(numerator: Value | undefined, denominator: Value | undefined): Value {
  if (numerator == null || denominator == null || denominator === 0) return null;
  return numerator / denominator;
}

function sum(a: Value | undefined, b: Value | undefined): Value {
  return a == null || b == null ? null : a + b;
}

/**
 * A KPI is null when an input is missing or a denominator is zero. The seed
 * replaced a zero denominator by 1, which invents a value (a talk ratio of 0
 * for a row nobody handled); null says "no meaningful value" instead.
 */
export const KPIS: readonly KpiDef[] = [
  {
    name: 'total_interaction_time',
    needs: ['handle_time', 'queue_time'],
    unit: 'seconds',
    formula: 'handle_time + queue_time',
    description: 'Average seconds a contact spends in queue and being handled.',
    compute: (m) => sum(m.handle_time, m.queue_time),
  },
  {
    name: 'talk_ratio',
    needs: ['talk_time', 'handle_time'],
    unit: 'ratio',
    formula: 'talk_time / handle_time',
    description: 'Share of handle time spent talking.',
    compute: (m) => ratio(m.talk_time, m.handle_time),
  },
  {
    name: 'hold_impact_score',
    needs: ['hold_time', 'handle_time', 'queue_time'],
    unit: 'ratio',
    formula: 'hold_time / (handle_time + queue_time)',
    description: 'Hold time relative to the whole interaction time.',
    compute: (m) => ratio(m.hold_time, sum(m.handle_time, m.queue_time)),
  },
  {
    name: 'channel_efficiency',
    needs: ['service_level', 'abandon_rate'],
    unit: 'ratio',
    formula: '(service_level / 100) * (1 - abandon_rate / 100)',
    description: 'Service level discounted by abandonment, 0..1.',
    compute: (m) => (m.service_level == null || m.abandon_rate == null ? null : (m.service_level / 100) * (1 - m.abandon_rate / 100)),
  },
];

/** The KPIs whose inputs are all among `metrics`. */
export function kpisCoveredBy(metrics: readonly string[]): KpiDef[] {
  const have = new Set(metrics);
  return KPIS.filter((k) => k.needs.every((n) => have.has(n)));
}
