/**
 * The earlier period a question is compared with, and how its buckets pair
 * with the question's: a bucket shifted by a day, week, month or year pairs
 * with the bucket that starts at the same local time then (Monday 09:00 with
 * last Monday 09:00, across clock changes); the previous period, or an
 * explicit range, pairs buckets in order.
 */
import { bucketsOver, floorTo, type Calendar, type Granularity } from './buckets.js';
import { MINUTE_MS } from './clock.js';
import { instantOf, localTime } from './zones.js';

export const COMPARE_PERIODS = ['previous_period', 'day_ago', 'week_ago', 'month_ago', 'year_ago'] as const;
export type ComparePeriod = (typeof COMPARE_PERIODS)[number];

/** The earlier range of a question, and how its rows pair with the question's. */
export interface Comparison {
  start: string;
  end: string;
  /** `shift`: by the period, in local time; `order`: buckets by their order. */
  pairing: 'shift' | 'order';
  period: ComparePeriod | null;
}

const SHIFT: Record<Exclude<ComparePeriod, 'previous_period'>, { days: number; months: number }> = {
  day_ago: { days: 1, months: 0 },
  week_ago: { days: 7, months: 0 },
  month_ago: { days: 0, months: 1 },
  year_ago: { days: 0, months: 12 },
};

/** The instant the zone's clocks showed the same local time one period before `t` (a month back from 31 March is 28 or 29 February). */
export function shiftBack(t: number, period: Exclude<ComparePeriod, 'previous_period'>, cal: Calendar): number {
  const { days, months } = SHIFT[period];
  const l = localTime(cal.zone, t);
  const firstOfMonth = new Date(Date.UTC(l.year, l.month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth() + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(firstOfMonth.getUTCFullYear(), firstOfMonth.getUTCMonth(), Math.min(l.day, lastDay) - days));
  const within = t - Math.floor(t / MINUTE_MS) * MINUTE_MS;
  return instantOf(cal.zone, { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: l.hour, minute: l.minute }) + within;
}

/**
 * The previous period of [start, end): the same number of buckets just
 * before (local days for a range of whole days, elapsed time otherwise).
 */
export function previousPeriod(start: number, end: number, granularity: Granularity | null, cal: Calendar): { start: number; end: number } {
  const unit = granularity ?? 'day';
  const aligned = floorTo(start, unit, cal) === start && floorTo(end, unit, cal) === end;
  if (!aligned) return { start: start - (end - start), end: start };
  const n = bucketsOver(start, end, unit, cal, Infinity).length;
  let from = start;
  for (let i = 0; i < n; i++) from = floorTo(from - 1, unit, cal);
  return { start: from, end: start };
}

/** How long [start, end) is, to check an explicit range against the question's: in buckets with a granularity, else in ms. */
export function lengthOf(start: number, end: number, granularity: Granularity | null, cal: Calendar): number {
  return granularity === null ? end - start : bucketsOver(start, end, granularity, cal, Infinity).length;
}
