/**
 * What the dashboard shows, as URL query parameters: a view can be shared,
 * bookmarked and reloaded. Defaults are left out of the URL; anything
 * unknown in it falls back to its default.
 */
import { instantOf, localDate, zonedIso } from '../../zones.js';

export const PRESETS = ['today', 'yesterday', '7d', '30d', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<Preset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom',
};

/** The top-N table's metric columns, as RowField names. */
export const TABLE_FIELDS = ['CONTACTS_OFFERED', 'CONTACTS_HANDLED', 'HANDLE_TIME', 'ABANDON_RATE', 'SERVICE_LEVEL'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];
export const GROUPS = ['agent', 'skill'] as const;
export type Group = (typeof GROUPS)[number];
export const REFRESH_CHOICES = [0, 15, 30, 60, 300] as const;

export interface View {
  range: Preset;
  /** Custom range: first and last local day, inclusive (YYYY-MM-DD). */
  from: string;
  to: string;
  /** IANA zone; '' means the gateway's (Catalog.timeZone). */
  tz: string;
  channels: string[];
  skills: string[];
  by: Group;
  sort: TableField;
  dir: 'ASC' | 'DESC';
  top: number;
  /** Seconds between refreshes; 0: off. */
  refresh: number;
}

export const DEFAULT_VIEW: View = {
  range: 'today',
  from: '',
  to: '',
  tz: '',
  channels: [],
  skills: [],
  by: 'agent',
  sort: 'CONTACTS_HANDLED',
  dir: 'DESC',
  top: 10,
  refresh: 60,
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const one = <T extends string>(allowed: readonly T[], value: string | null, fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
const list = (value: string | null) => (value ? [...new Set(value.split(',').filter(Boolean))] : []);
const whole = (value: string | null, min: number, max: number, fallback: number) => {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
};

export function parseView(search: string): View {
  const p = new URLSearchParams(search);
  const d = DEFAULT_VIEW;
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const custom = DAY.test(from) && DAY.test(to) && from <= to;
  const range = one(PRESETS, p.get('range'), d.range);
  return {
    range: range === 'custom' && !custom ? d.range : range,
    from: custom ? from : '',
    to: custom ? to : '',
    tz: p.get('tz') ?? '',
    channels: list(p.get('channel')),
    skills: list(p.get('skill')),
    by: one(GROUPS, p.get('by'), d.by),
    sort: one(TABLE_FIELDS, p.get('sort'), d.sort),
    dir: one(['ASC', 'DESC'] as const, p.get('dir'), d.dir),
    top: whole(p.get('top'), 1, 100, d.top),
    refresh: whole(p.get('refresh'), 0, 3600, d.refresh),
  };
}

/** The query string of a view (with '?'), or '' for the default view. */
export function viewSearch(v: View): string {
  const d = DEFAULT_VIEW;
  const p = new URLSearchParams();
  if (v.range !== d.range) p.set('range', v.range);
  if (v.range === 'custom') {
    p.set('from', v.from);
    p.set('to', v.to);
  }
  if (v.tz) p.set('tz', v.tz);
  if (v.channels.length) p.set('channel', v.channels.join(','));
  if (v.skills.length) p.set('skill', v.skills.join(','));
  if (v.by !== d.by) p.set('by', v.by);
  if (v.sort !== d.sort) p.set('sort', v.sort);
  if (v.dir !== d.dir) p.set('dir', v.dir);
  if (v.top !== d.top) p.set('top', String(v.top));
  if (v.refresh !== d.refresh) p.set('refresh', String(v.refresh));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export type Granularity = 'HOUR' | 'DAY' | 'WEEK';
export type DateRange = { last: { amount: number; unit: 'DAY'; includeCurrent?: boolean } } | { start: string; end: string; snap?: boolean };

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const daysIn = (v: View) => Math.round((Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The range a view asks for. Presets are relative ranges the gateway
 * resolves in the query's zone (the same text every refresh: one cache key);
 * a custom range runs from the first day's local midnight to the midnight
 * after the last day in `zone`.
 */
export function dateRangeOf(v: View, zone: string): DateRange {
  switch (v.range) {
    case 'today':
      return { last: { amount: 1, unit: 'DAY', includeCurrent: true } };
    case 'yesterday':
      return { last: { amount: 1, unit: 'DAY' } };
    case '7d':
      return { last: { amount: 7, unit: 'DAY' } };
    case '30d':
      return { last: { amount: 30, unit: 'DAY' } };
    case 'custom':
      return { start: midnight(zone, v.from), end: midnight(zone, addDays(v.to, 1)) };
  }
}

/** The instant a local day starts in `zone`, as RFC 3339 with its offset. */
function midnight(zone: string, day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return zonedIso(zone, instantOf(zone, { year, month, day: date, hour: 0, minute: 0 }));
}

/**
 * The tiles' question: the range and what it is compared with. Today is not
 * over: it runs from midnight to the end of the current hour (the same
 * question, cached, for the rest of the hour) and is compared with the same
 * hours yesterday, not with all of yesterday. Every other range is compared
 * with the period of the same length just before it.
 */
export function totalsQuestion(v: View, zone: string, now: number): { dateRange: DateRange; granularity?: 'HOUR'; compareTo: 'DAY_AGO' | 'PREVIOUS_PERIOD' } {
  if (v.range !== 'today') return { dateRange: dateRangeOf(v, zone), compareTo: 'PREVIOUS_PERIOD' };
  // The range holds `now` (RFC 3339 has whole seconds here: the next one), and snap widens its end to the end of the hour.
  return { dateRange: { start: midnight(zone, localDate(zone, now)), end: zonedIso(zone, now + 1000), snap: true }, granularity: 'HOUR', compareTo: 'DAY_AGO' };
}

/** The chart's buckets: hours for a day or less, days up to 90 days, weeks beyond. */
export function granularityOf(v: View): Granularity {
  const days = v.range === 'custom' ? daysIn(v) : v.range === '7d' ? 7 : v.range === '30d' ? 30 : 1;
  return days <= 1 ? 'HOUR' : days <= 90 ? 'DAY' : 'WEEK';
}

/** The view's dimension filters, as the GraphQL input (and, lower-cased, the REST body) takes them. */
export function filtersOf(v: View): { dimension: 'CHANNEL' | 'SKILL'; operator: 'IN'; values: string[] }[] {
  return [
    ...(v.channels.length ? [{ dimension: 'CHANNEL' as const, operator: 'IN' as const, values: v.channels }] : []),
    ...(v.skills.length ? [{ dimension: 'SKILL' as const, operator: 'IN' as const, values: v.skills }] : []),
  ];
}
