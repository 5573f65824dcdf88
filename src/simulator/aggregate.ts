/**
 * Aggregation of synthetic contacts into summary rows: the simulator's truth.
 * Tests use the same functions to brute-force expected values.
 */
import type { Contact } from './tenant.js';

export const SIM_METRICS = [
  'handle_time',
  'talk_time',
  'hold_time',
  'queue_time',
  'wrap_time',
  'abandon_rate',
  'service_level',
  'first_contact_resolution',
  'contacts_offered',
  'contacts_handled',
  'abandon_count',
  'inbound_offered',
  'sla_contacts',
] as const;
export const SIM_DIMENSIONS = ['channel', 'skill', 'queue', 'agent', 'campaign', 'direction', 'date'] as const;

/**
 * The additive parts of a group: every metric is a ratio of two of these.
 * Counts and agent times cover both directions; queue time, abandon rate
 * and service level describe inbound contacts only (an outbound dial has no
 * queue), so they have inbound parts of their own.
 */
export interface Parts {
  offered: number;
  handled: number;
  abandoned: number;
  inboundOffered: number;
  inboundQueueSum: number;
  withinSla: number;
  outOfSla: number;
  resolutionKnown: number;
  resolved: number;
  handleSum: number;
  talkSum: number;
  holdSum: number;
  wrapSum: number;
}

export function emptyParts(): Parts {
  return {
    offered: 0,
    handled: 0,
    abandoned: 0,
    inboundOffered: 0,
    inboundQueueSum: 0,
    withinSla: 0,
    outOfSla: 0,
    resolutionKnown: 0,
    resolved: 0,
    handleSum: 0,
    talkSum: 0,
    holdSum: 0,
    wrapSum: 0,
  };
}

/**
 * Adds a contact to its group's parts. With `slaThresholdSeconds`, service
 * level is judged by that one threshold (as the contacts source does) instead
 * of each channel's own.
 */
export function addContact(p: Parts, c: Contact, slaThresholdSeconds?: number): void {
  p.offered++;
  if (c.direction === 'inbound') {
    p.inboundOffered++;
    p.inboundQueueSum += c.queueTime;
  }
  if (c.abandoned) p.abandoned++;
  const sla = slaThresholdSeconds === undefined || c.direction === 'outbound' ? c.sla : c.queueTime > slaThresholdSeconds ? 'out' : c.handled ? 'within' : null;
  if (sla === 'within') p.withinSla++;
  if (sla === 'out') p.outOfSla++;
  if (!c.handled) return;
  p.handled++;
  p.talkSum += c.talkTime;
  p.holdSum += c.holdTime;
  p.wrapSum += c.wrapTime;
  p.handleSum += c.talkTime + c.holdTime + c.wrapTime;
  if (c.firstContactResolved !== null) {
    p.resolutionKnown++;
    if (c.firstContactResolved) p.resolved++;
  }
}

/**
 * Metric values from parts. Averages over nobody handled are 0, as many
 * reporting systems answer: the gateway must not divide by them. Inbound
 * metrics of a group without inbound contacts, and service level without a
 * contact counted for it, are null: there is nothing to describe.
 */
export function metricValue(p: Parts, metric: string): number | null {
  const per = (sum: number, n: number) => (n === 0 ? 0 : sum / n);
  const ratio = (sum: number, n: number) => (n === 0 ? null : sum / n);
  switch (metric) {
    case 'handle_time':
      return per(p.handleSum, p.handled);
    case 'talk_time':
      return per(p.talkSum, p.handled);
    case 'hold_time':
      return per(p.holdSum, p.handled);
    case 'wrap_time':
      return per(p.wrapSum, p.handled);
    case 'queue_time':
      return ratio(p.inboundQueueSum, p.inboundOffered);
    case 'abandon_rate':
      return ratio(p.abandoned * 100, p.inboundOffered);
    case 'service_level':
      return ratio(p.withinSla * 100, p.withinSla + p.outOfSla);
    case 'first_contact_resolution':
      return ratio(p.resolved * 100, p.resolutionKnown);
    case 'contacts_offered':
      return p.offered;
    case 'contacts_handled':
      return p.handled;
    case 'abandon_count':
      return p.abandoned;
    case 'inbound_offered':
      return p.inboundOffered;
    case 'sla_contacts':
      return p.withinSla + p.outOfSla;
    default:
      return null;
  }
}

export interface SimFilter {
  dimension: string;
  operator: 'in' | 'not_in';
  values: string[];
}

export interface Group {
  key: Record<string, string | null>;
  parts: Parts;
}

function dimensionValue(c: Contact, d: string): string | null {
  const v = (c as unknown as Record<string, string | number | null>)[d];
  return v === null || v === undefined ? null : String(v);
}

function matches(c: Contact, filters: readonly SimFilter[]): boolean {
  return filters.every((f) => {
    const v = dimensionValue(c, f.dimension);
    const inList = v !== null && f.values.includes(v);
    return f.operator === 'in' ? inList : !inList;
  });
}

/** Group contacts by the given dimensions, after filtering (service level by one threshold when given). */
export function group(contacts: readonly Contact[], dimensions: readonly string[], filters: readonly SimFilter[] = [], slaThresholdSeconds?: number): Group[] {
  const groups = new Map<string, Group>();
  for (const c of contacts) {
    if (!matches(c, filters)) continue;
    const values = dimensions.map((d) => dimensionValue(c, d));
    const id = JSON.stringify(values);
    let g = groups.get(id);
    if (!g) {
      g = { key: Object.fromEntries(dimensions.map((d, i) => [d, values[i]!])), parts: emptyParts() };
      groups.set(id, g);
    }
    addContact(g.parts, c, slaThresholdSeconds);
  }
  return [...groups.values()];
}
