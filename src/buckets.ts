/**
 * Time buckets in a time zone, exact across clock changes: a bucket starts
 * where the zone's clocks show a multiple of its length (15 or 30 minutes,
 * an hour) or a local midnight (a day, week, month, quarter, year), and
 * also wherever the clocks change, so a bucket never holds two different
 * readings of the same local hour (New York's 1 November 2026 has 25 hour
 * buckets, 8 March 23). Relative ranges (`last 7 days`) and snapping are
 * the same arithmetic. Pure: the caller passes `now`.
 */
import { HOUR_MS, MINUTE_MS } from './clock.js';
import { instantOf, localTime, nextChange, offsetAt, type LocalTime } from './zones.js';

export const GRANULARITIES = ['fifteen_minutes', 'thirty_minutes', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Units of a relative range: the granularities' calendar units, and the minute. */
export const RANGE_UNITS = ['minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'] as const;
export type RangeUnit = (typeof RANGE_UNITS)[number];

/** Index = JavaScript's day of the week (0 = Sunday). */
export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Where buckets are cut: a zone, and the day weeks start on (0 = Sunday). */
export interface Calendar {
  zone: string;
  weekStart: number;
}

type Unit = Granularity | RangeUnit;

/** Bucket lengths that are a fixed number of wall-clock minutes. */
const STEP_MS: Partial<Record<Unit, number>> = { minute: MINUTE_MS, fifteen_minutes: 15 * MINUTE_MS, thirty_minutes: 30 * MINUTE_MS, hour: HOUR_MS };
/** Calendar units in months or days. */
const MONTHS: Partial<Record<Unit, number>> = { month: 1, quarter: 3, year: 12 };
const DAYS: Partial<Record<Unit, number>> = { day: 1, week: 7 };

/** A unit's nominal length, for estimates only. */
export const NOMINAL_MS: Readonly<Record<Unit, number>> = {
  minute: MINUTE_MS,
  fifteen_minutes: 15 * MINUTE_MS,
  thirty_minutes: 30 * MINUTE_MS,
  hour: HOUR_MS,
  day: 24 * HOUR_MS,
  week: 7 * 24 * HOUR_MS,
  month: 30.44 * 24 * HOUR_MS,
  quarter: 91.3 * 24 * HOUR_MS,
  year: 365.25 * 24 * HOUR_MS,
};

function midnight(year: number, month: number, day: number): LocalTime {
  const d = new Date(Date.UTC(year, month - 1, day));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 };
}

/** The start of the bucket of unit `u` that holds instant `t`. */
export function floorTo(t: number, u: Unit, cal: Calendar): number {
  const step = STEP_MS[u];
  if (step !== undefined) {
    const offset = offsetAt(cal.zone, t);
    const start = Math.floor((t + offset) / step) * step - offset;
    // The clocks changed after that wall-clock boundary: the bucket starts at the change.
    return nextChange(cal.zone, start, t) ?? start;
  }
  const l = localTime(cal.zone, t);
  let first: LocalTime;
  if (u === 'day') first = midnight(l.year, l.month, l.day);
  else if (u === 'week') {
    const dow = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
    first = midnight(l.year, l.month, l.day - ((dow - cal.weekStart + 7) % 7));
  } else {
    const months = MONTHS[u]!;
    first = midnight(l.year, Math.floor((l.month - 1) / months) * months + 1, 1);
  }
  return instantOf(cal.zone, first);
}

/**
 * `n` units after (or, negative, before) `t`: wall-clock minutes for the
 * sub-day units (elapsed time); for the others, the local midnight `n` days
 * or months after the local date of `t` (a day after a local midnight is the
 * next one, 23 or 25 hours later across a clock change).
 */
export function addUnits(t: number, n: number, u: Unit, cal: Calendar): number {
  const step = STEP_MS[u];
  if (step !== undefined) return t + n * step;
  const l = localTime(cal.zone, t);
  const days = DAYS[u];
  const at = days !== undefined ? midnight(l.year, l.month, l.day + n * days) : midnight(l.year, l.month + n * MONTHS[u]!, l.day);
  return instantOf(cal.zone, at);
}

/** The start of the bucket after the one starting at `start`. */
export function nextStart(start: number, u: Unit, cal: Calendar): number {
  const step = STEP_MS[u];
  if (step === undefined) return addUnits(start, 1, u, cal);
  const offset = offsetAt(cal.zone, start);
  const next = (Math.floor((start + offset) / step) + 1) * step - offset;
  return nextChange(cal.zone, start, next) ?? next;
}

export interface Bucket {
  start: number;
  end: number;
}

/**
 * The buckets that [start, end) touches, the first and last whole even
 * where the range cuts them; at most `max` + 1 (enough to say there are too many).
 */
export function bucketsOver(start: number, end: number, u: Granularity, cal: Calendar, max: number): Bucket[] {
  const out: Bucket[] = [];
  for (let b = floorTo(start, u, cal); b < end && out.length <= max;) {
    const next = nextStart(b, u, cal);
    out.push({ start: b, end: next });
    b = next;
  }
  return out;
}

/** [start, end) widened to whole buckets. */
export function snapped(start: number, end: number, u: Granularity, cal: Calendar): Bucket {
  const last = floorTo(end, u, cal);
  return { start: floorTo(start, u, cal), end: last === end ? end : nextStart(last, u, cal) };
}

export interface RelativeRange {
  amount: number;
  unit: RangeUnit;
  /** Count the unit now running among the `amount`, and end when it ends; else end where it began. */
  includeCurrent: boolean;
}

/**
 * `last: {amount, unit}` at `now`: whole units in the calendar's zone,
 * ending where the current one began (or, with includeCurrent, where it ends).
 * The range stays the same while the current unit lasts: one cache key.
 */
export function lastRange(r: RelativeRange, now: number, cal: Calendar): Bucket & { until: number } {
  const current = floorTo(now, r.unit, cal);
  const following = nextStart(current, r.unit, cal);
  const end = r.includeCurrent ? following : current;
  return { start: addUnits(end, -r.amount, r.unit, cal), end, until: following };
}
