/** How the dashboard writes numbers, durations, rates and instants. */
const count = new Intl.NumberFormat('en-US');
const one = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export type Unit = 'count' | 'seconds' | 'percent';

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '–';
  if (unit === 'count') return count.format(value);
  if (unit === 'percent') return `${one.format(value)}%`;
  const s = Math.round(value);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * The change against the previous period: relative for counts and
 * durations (+4.2%), in percentage points for rates (+1.3 pp); null when
 * either side is missing or the previous count is 0.
 */
export function formatChange(current: number | null | undefined, previous: number | null | undefined, unit: Unit): string | null {
  if (current === null || current === undefined || previous === null || previous === undefined) return null;
  const sign = (n: number) => (n > 0 ? '+' : n < 0 ? '−' : '±');
  if (unit === 'percent') return `${sign(current - previous)}${one.format(Math.abs(current - previous))} pp`;
  if (previous === 0) return null;
  const ratio = ((current - previous) / previous) * 100;
  return `${sign(ratio)}${one.format(Math.abs(ratio))}%`;
}

/** A formatter of instants in `zone` (one the browser knows). */
export const instantFormat = (zone: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-GB', { ...options, timeZone: zone });
