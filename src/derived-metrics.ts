/**
 * Metrics with a parameter, computed only where contacts are at hand (the
 * contacts source): a percentile of a duration, and service level (with the
 * count it is per) at a threshold of the query's choosing. Their names carry
 * the parameter, so questions with different ones are different questions:
 * `percentile:handle_time:90`, `service_level:45`, `sla_contacts:45`.
 */

/** Durations a percentile may be asked of, and the contacts each is over. */
export const PERCENTILE_OF: Readonly<Record<string, 'handled' | 'inbound'>> = {
  handle_time: 'handled',
  talk_time: 'handled',
  hold_time: 'handled',
  wrap_time: 'handled',
  queue_time: 'inbound',
};

export type Derived = { kind: 'percentile'; base: string; p: number } | { kind: 'threshold'; base: 'service_level' | 'sla_contacts'; seconds: number };

export function percentileMetric(base: string, p: number): string {
  return `percentile:${base}:${p}`;
}

export function thresholdMetric(base: 'service_level' | 'sla_contacts', seconds: number): string {
  return `${base}:${seconds}`;
}

/** The parameter a derived metric's name carries; null for a plain name or one out of range. */
export function parseDerived(name: string): Derived | null {
  const pct = /^percentile:([a-z_]+):(\d+(?:\.\d+)?)$/.exec(name);
  if (pct) {
    const p = Number(pct[2]);
    return PERCENTILE_OF[pct[1]!] && p >= 0 && p <= 100 ? { kind: 'percentile', base: pct[1]!, p } : null;
  }
  const sl = /^(service_level|sla_contacts):(\d+)$/.exec(name);
  if (sl) {
    const seconds = Number(sl[2]);
    return seconds >= 1 && seconds <= 86_400 ? { kind: 'threshold', base: sl[1] as 'service_level' | 'sla_contacts', seconds } : null;
  }
  return null;
}

/** What is wrong with a name that looks derived but is not one we compute; null for any other name. */
export function derivedProblem(name: string): string | null {
  const pct = /^percentile:([^:]*):(.*)$/.exec(name);
  if (pct) {
    return `percentile(metric: ${pct[1]!.toUpperCase()}, p: ${pct[2]}) is not allowed; allowed: metric one of ${Object.keys(PERCENTILE_OF)
      .map((m) => m.toUpperCase())
      .join(', ')}, p a number from 0 to 100`;
  }
  const sl = /^(service_level|sla_contacts):(.*)$/.exec(name);
  if (sl) return `serviceLevel(thresholdSeconds: ${sl[2]}) is not allowed; allowed: a whole number of seconds from 1 to 86400`;
  return null;
}

/** Metrics only the contacts source computes: answered null, with a warning, elsewhere. */
export function contactsOnly(name: string): boolean {
  return name === 'distinct_contacts' || parseDerived(name) !== null;
}

/** The warning for a contacts-only metric asked of another source. */
export function onlyFromContacts(metric: string, source: string): string {
  return `${metric} is computed from contacts only (CXONE_SOURCE=contacts), not by the ${source} source: null`;
}

/**
 * Metrics a total cannot be built from rows for (a percentile is not a
 * mix of the groups' percentiles; a contact transferred between groups is one
 * master): the total asks the question again without dimensions.
 */
export function wholeOnly(name: string): boolean {
  return name === 'distinct_contacts' || parseDerived(name)?.kind === 'percentile';
}

/**
 * `p` percentile of `values` (sorted ascending), interpolating linearly
 * between the two nearest ranks; null for no values.
 */
export function percentileOf(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}
