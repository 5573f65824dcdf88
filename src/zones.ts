/**
 * IANA time zones from the runtime's own tz database (Intl): is a name a
 * zone, a zone's offset at an instant, the local wall-clock fields of an
 * instant, the instant of a local time, and RFC 3339 text with the offset.
 * Offsets are in milliseconds, east of UTC positive.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS } from './clock.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Names already resolved (known zones only: an unknown name is not kept, so callers cannot grow this). */
const canonical = new Map<string, string>();

/**
 * The canonical IANA name of `name` (e.g. `utc` → `UTC`), or null when the
 * runtime knows no such zone. Remembered: building a DateTimeFormat to ask
 * took 5 % of a cold query's CPU, asked once per query.
 */
export function canonicalZone(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return null;
  const known = canonical.get(name);
  if (known !== undefined) return known;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Spellings of the runtime's ~600 zones; past a few thousand the table starts over.
    if (canonical.size >= 4096) canonical.clear();
    canonical.set(name, zone);
    return zone;
  } catch {
    return null;
  }
}

/** Wall-clock fields: month 1..12, day 1..31. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** UTC itself (every alias of it is canonically `UTC`). */
export const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';

/** Wall-clock time as if it were UTC, in epoch ms: the instant plus the offset. */
function wallOf(zone: string, t: number): number {
  if (isUtc(zone)) return t;
  const p: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(t)) p[part.type] = part.value;
  const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
  const seconds = Math.floor(t / 1000) * 1000;
  const wall = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall + (t - seconds);
}

/**
 * Offsets are kept per zone and UTC day, and within a day where the clocks
 * change per quarter hour (NaN where they change inside one): the tz
 * database is read twice a slot, not at every instant.
 */
const SLOTS = [DAY_MS, 15 * MINUTE_MS] as const;
const MEMO_MAX = 100_000;
const memo: Map<string, Map<number, number>>[] = [new Map(), new Map()];

function slotOffset(zone: string, level: 0 | 1, t: number): number {
  let slots = memo[level]!.get(zone);
  if (!slots) memo[level]!.set(zone, (slots = new Map()));
  const size = SLOTS[level];
  const slot = Math.floor(t / size);
  let offset = slots.get(slot);
  if (offset === undefined) {
    const a = slot * size;
    const b = a + size - 1;
    const first = wallOf(zone, a) - a;
    offset = first === wallOf(zone, b) - b ? first : NaN;
    if (slots.size >= MEMO_MAX) slots.clear();
    slots.set(slot, offset);
  }
  return offset;
}

/** The zone's offset from UTC at instant `t`, in ms. */
export function offsetAt(zone: string, t: number): number {
  if (isUtc(zone)) return 0;
  const daily = slotOffset(zone, 0, t);
  if (!Number.isNaN(daily)) return daily;
  const quarter = slotOffset(zone, 1, t);
  return Number.isNaN(quarter) ? wallOf(zone, t) - t : quarter;
}

/** The wall-clock fields at instant `t` in `zone`. */
export function localTime(zone: string, t: number): LocalTime {
  const d = new Date(t + offsetAt(zone, t));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes() };
}

/**
 * The instant the zone's clocks show `local`. A time that happens twice
 * (clocks going back) is its first instant; a time that never happens
 * (clocks going forward past it) is the instant they jump: the first
 * instant at or after it.
 */
export function instantOf(zone: string, local: LocalTime): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  if (isUtc(zone)) return wall;
  // The offsets in force around it: before and after any change near it.
  const offsets = new Set([offsetAt(zone, wall - 14 * HOUR_MS), offsetAt(zone, wall), offsetAt(zone, wall + 14 * HOUR_MS)]);
  const candidates = [...offsets].map((o) => wall - o);
  const exact = candidates.filter((t) => offsetAt(zone, t) === wall - t);
  if (exact.length > 0) return Math.min(...exact);
  // A gap: the first whole minute whose wall clock is at or past `wall`.
  let lo = Math.floor(Math.min(...candidates) / MINUTE_MS);
  let hi = Math.ceil(Math.max(...candidates) / MINUTE_MS);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallOf(zone, mid * MINUTE_MS) >= wall) hi = mid;
    else lo = mid + 1;
  }
  return lo * MINUTE_MS;
}

/**
 * The first instant in (`after`, `before`] whose offset differs from the
 * offset at `after`: where the zone's clocks change (to the minute); null when
 * they do not change in between.
 */
export function nextChange(zone: string, after: number, before: number): number | null {
  if (isUtc(zone)) return null;
  const from = offsetAt(zone, after);
  if (offsetAt(zone, before) === from) return null;
  let lo = Math.floor(after / MINUTE_MS) + 1;
  let hi = Math.ceil(before / MINUTE_MS);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * MINUTE_MS) !== from) hi = mid;
    else lo = mid + 1;
  }
  return Math.min(lo * MINUTE_MS, before);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `t` as RFC 3339 in the zone's time at that instant, e.g. 2026-11-01T01:00:00-05:00 (Z for UTC). */
export function zonedIso(zone: string, t: number): string {
  const offset = offsetAt(zone, t);
  const local = new Date(t + offset).toISOString().slice(0, 19);
  if (offset === 0) return `${local}Z`;
  const minutes = Math.abs(offset) / MINUTE_MS;
  return `${local}${offset < 0 ? '-' : '+'}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
}

/** The local calendar day of instant `t`, YYYY-MM-DD. */
export function localDate(zone: string, t: number): string {
  return new Date(t + offsetAt(zone, t)).toISOString().slice(0, 10);
}
