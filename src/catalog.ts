/**
 * What a query may ask for: metrics, dimensions, KPIs and limits. Names are
 * the upstream snake_case names; GraphQL fields are their camelCase forms.
 */
import { KPIS, type KpiDef } from './kpi.js';

export interface MetricDef {
  readonly name: string;
  readonly unit: 'seconds' | 'percent' | 'count' | 'custom';
  readonly description: string;
  readonly custom: boolean;
}

export interface DimensionDef {
  readonly name: string;
  readonly description: string;
  readonly custom: boolean;
}

/** Upstream limits (docs/upstream-summary-query.md). */
export const LIMITS = {
  maxMetrics: 10,
  maxDimensions: 5,
  minPageSize: 1,
  maxPageSize: 1000,
  defaultPageSize: 1000,
  maxCacheTtlSeconds: 86_400,
} as const;

/**
 * Rough group counts per dimension of a large tenant, for estimates only:
 * the GraphQL cost limit and the upstream calls a question would take.
 */
const CARDINALITY: Readonly<Record<string, number>> = { channel: 5, skill: 200, queue: 100, agent: 2000, campaign: 50, direction: 2 };
const CUSTOM_DIMENSION_CARDINALITY = 100;

/**
 * Estimated rows of an answer grouped by `dimensions` over `buckets` time
 * buckets (1 without a time axis): the largest dimension's count, times the buckets. Contact-center
 * dimensions nest (an agent works a few skills and campaigns, not all of
 * them), so the smaller ones are taken to add no rows: a product of all the
 * counts refused ordinary agent × skill × campaign exports as millions of
 * pages. It is a floor for what is plainly too large, not a bound; the
 * summary query checks the real count on its first page.
 */
export function estimatedRows(dimensions: readonly string[], buckets: number): number {
  const largest = Math.max(1, ...dimensions.filter((d) => d !== 'date').map((d) => CARDINALITY[d] ?? CUSTOM_DIMENSION_CARDINALITY));
  return Math.max(1, buckets) * largest;
}

const BUILT_IN_METRICS: readonly MetricDef[] = [
  ['handle_time', 'seconds', 'Average handle time (talk + hold + wrap) per handled contact.'],
  ['talk_time', 'seconds', 'Average talk time per handled contact.'],
  ['hold_time', 'seconds', 'Average hold time per handled contact.'],
  ['queue_time', 'seconds', 'Average time in queue per inbound contact offered.'],
  ['wrap_time', 'seconds', 'Average after-contact work per handled contact.'],
  ['abandon_rate', 'percent', 'Abandoned per inbound contact offered, 0..100.'],
  [
    'service_level',
    'percent',
    'Inbound contacts answered within the threshold, per inbound contact answered within or answered or abandoned after it, 0..100; null when there is none.',
  ],
  ['first_contact_resolution', 'percent', 'Handled contacts resolved on first contact, 0..100.'],
  ['contacts_offered', 'count', 'Contacts offered, both directions unless one is asked (an outbound contact is a dial).'],
  ['contacts_handled', 'count', 'Contacts handled (the weight of handle, talk, hold and wrap time).'],
  ['abandon_count', 'count', 'Contacts abandoned before an agent answered.'],
  ['inbound_offered', 'count', 'Inbound contacts offered: the weight of queue time and abandon rate.'],
  ['sla_contacts', 'count', 'Inbound contacts answered within, or answered or abandoned after, the service-level threshold: the weight of service level.'],
  ['distinct_contacts', 'count', "Contacts counted once per master contact (a transfer's legs once). Contacts source only; null with a warning elsewhere."],
].map(([name, unit, description]) => ({ name, unit, description, custom: false }) as MetricDef);

/** The catalog's own metric and dimension names, before a tenant adds any. */
export const BUILT_IN_METRIC_NAMES: readonly string[] = BUILT_IN_METRICS.map((m) => m.name);

const BUILT_IN_DIMENSIONS: readonly DimensionDef[] = [
  ['channel', 'Media channel, the same names on every source: voice, chat, email, sms, social, voicemail, work_item, digital (others as snake_case).'],
  ['skill', 'Routing skill.'],
  ['queue', 'Queue the contact waited in (on CXone, the skill: it routes by skill).'],
  ['agent', 'Agent who handled the contact, by name; null for contacts nobody handled.'],
  ['campaign', 'Campaign the contact belongs to.'],
  ['team', "The handling agent's team; null for contacts nobody handled. On the contacts source only."],
  [
    'direction',
    'inbound or outbound. Counts and agent times cover both directions unless one is asked; abandon rate, queue time and service level are computed over inbound contacts only.',
  ],
  ['date', "Local calendar day (YYYY-MM-DD) in the query's time zone: the DAY time axis (granularity DAY)."],
].map(([name, description]) => ({ name, description, custom: false }) as DimensionDef);

export interface Catalog {
  readonly metrics: readonly MetricDef[];
  readonly dimensions: readonly DimensionDef[];
  readonly kpis: readonly KpiDef[];
  readonly metricNames: ReadonlySet<string>;
  readonly dimensionNames: ReadonlySet<string>;
}

/** The built-in catalog plus the tenant's own metric and dimension names. */
export function buildCatalog(extraMetrics: readonly string[] = [], extraDimensions: readonly string[] = []): Catalog {
  const metrics = [
    ...BUILT_IN_METRICS,
    ...extraMetrics.map((name): MetricDef => ({ name, unit: 'custom', description: 'Tenant-defined metric.', custom: true })),
  ];
  const dimensions = [
    ...BUILT_IN_DIMENSIONS,
    ...extraDimensions.map((name): DimensionDef => ({ name, description: 'Tenant-defined dimension.', custom: true })),
  ];
  return {
    metrics,
    dimensions,
    kpis: KPIS,
    metricNames: new Set(metrics.map((m) => m.name)),
    dimensionNames: new Set(dimensions.map((d) => d.name)),
  };
}

export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
