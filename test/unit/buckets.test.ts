/**
 * Time buckets in real zones, across real clock changes: New York (an hour
 * each way), Lord Howe (half an hour), Kolkata (+05:30, none), Santiago
 * (clocks skip local midnight). Offsets come from the runtime's tz database.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketsOver, floorTo, GRANULARITIES, lastRange, nextStart, snapped, type Granularity } from '../../src/buckets.js';
import { canonicalZone, instantOf, localDate, offsetAt, zonedIso } from '../../src/zones.js';

const NY = { zone: 'America/New_York', weekStart: 1 };
const cal = (zone: string, weekStart = 1) => ({ zone, weekStart });

/** The buckets of one local day, as local wall-clock text with offsets. */
function dayBuckets(zone: string, date: string, g: Granularity): string[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const start = instantOf(zone, { year, month, day, hour: 0, minute: 0 });
  const end = instantOf(zone, { year, month, day: day + 1, hour: 0, minute: 0 });
  return bucketsOver(start, end, g, cal(zone), 10_000).map((b) => zonedIso(zone, b.start));
}

describe('zones', () => {
  it('offsets, local text and local dates at instants around New York clock changes', () => {
    expect(offsetAt('America/New_York', Date.parse('2026-11-01T05:59:59Z'))).toBe(-4 * 3600_000);
    expect(offsetAt('America/New_York', Date.parse('2026-11-01T06:00:00Z'))).toBe(-5 * 3600_000);
    expect(zonedIso('America/New_York', Date.parse('2026-11-01T05:00:00Z'))).toBe('2026-11-01T01:00:00-04:00');
    expect(zonedIso('America/New_York', Date.parse('2026-11-01T06:00:00Z'))).toBe('2026-11-01T01:00:00-05:00');
    expect(zonedIso('Asia/Kolkata', Date.parse('2026-11-01T00:00:00Z'))).toBe('2026-11-01T05:30:00+05:30');
    expect(zonedIso('UTC', Date.parse('2026-11-01T00:00:00Z'))).toBe('2026-11-01T00:00:00Z');
    expect(localDate('America/New_York', Date.parse('2026-11-02T04:59:00Z'))).toBe('2026-11-01');
  });

  it('a local time that happens twice is its first instant; one that never happens is the instant the clocks jump', () => {
    expect(new Date(instantOf('America/New_York', { year: 2026, month: 11, day: 1, hour: 1, minute: 30 })).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(new Date(instantOf('America/New_York', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 })).toISOString()).toBe('2026-03-08T07:00:00.000Z');
  });

  it('names: IANA names are known and canonical, anything else is not', () => {
    expect(canonicalZone('America/New_York')).toBe('America/New_York');
    expect(canonicalZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });
});

describe('buckets across clock changes', () => {
  it('New York, 1 November 2026 (clocks back): 25 hours, the repeated 01:00 twice with its two offsets; 100 quarter hours', () => {
    const hours = dayBuckets('America/New_York', '2026-11-01', 'hour');
    expect(hours).toHaveLength(25);
    expect(hours.slice(0, 4)).toEqual(['2026-11-01T00:00:00-04:00', '2026-11-01T01:00:00-04:00', '2026-11-01T01:00:00-05:00', '2026-11-01T02:00:00-05:00']);
    expect(dayBuckets('America/New_York', '2026-11-01', 'fifteen_minutes')).toHaveLength(100);
    expect(dayBuckets('America/New_York', '2026-11-01', 'thirty_minutes')).toHaveLength(50);
  });

  it('New York, 8 March 2026 (clocks forward): 23 hours with no 02:00; 92 quarter hours', () => {
    const hours = dayBuckets('America/New_York', '2026-03-08', 'hour');
    expect(hours).toHaveLength(23);
    expect(hours.slice(1, 3)).toEqual(['2026-03-08T01:00:00-05:00', '2026-03-08T03:00:00-04:00']);
    expect(dayBuckets('America/New_York', '2026-03-08', 'fifteen_minutes')).toHaveLength(92);
  });

  it('Lord Howe (a 30-minute change): back on 5 April 2026 repeats 01:30–02:00 as its own bucket; forward on 4 October skips to 02:30', () => {
    const back = dayBuckets('Australia/Lord_Howe', '2026-04-05', 'hour');
    expect(back.slice(1, 4)).toEqual(['2026-04-05T01:00:00+11:00', '2026-04-05T01:30:00+10:30', '2026-04-05T02:00:00+10:30']);
    expect(back).toHaveLength(25);
    const forward = dayBuckets('Australia/Lord_Howe', '2026-10-04', 'hour');
    expect(forward.slice(1, 4)).toEqual(['2026-10-04T01:00:00+10:30', '2026-10-04T02:30:00+11:00', '2026-10-04T03:00:00+11:00']);
    expect(forward).toHaveLength(24);
    expect(dayBuckets('Australia/Lord_Howe', '2026-04-05', 'fifteen_minutes')).toHaveLength(98);
    expect(dayBuckets('Australia/Lord_Howe', '2026-10-04', 'fifteen_minutes')).toHaveLength(94);
  });

  it('Kolkata (+05:30): hours start at half past the UTC hour', () => {
    const hours = bucketsOver(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-01T03:00:00Z'), 'hour', cal('Asia/Kolkata'), 100);
    expect(hours.map((b) => new Date(b.start).toISOString())).toEqual([
      '2026-10-31T23:30:00.000Z',
      '2026-11-01T00:30:00.000Z',
      '2026-11-01T01:30:00.000Z',
      '2026-11-01T02:30:00.000Z',
    ]);
  });

  it('Santiago skips local midnight on 6 September 2026: that day starts at 01:00 and lasts 23 hours', () => {
    const days = bucketsOver(Date.parse('2026-09-05T12:00:00Z'), Date.parse('2026-09-07T12:00:00Z'), 'day', cal('America/Santiago'), 10);
    const sixth = days.find((b) => localDate('America/Santiago', b.start) === '2026-09-06')!;
    expect(zonedIso('America/Santiago', sixth.start)).toBe('2026-09-06T01:00:00-03:00');
    expect((sixth.end - sixth.start) / 3600_000).toBe(23);
  });
});

describe('calendar buckets', () => {
  const wednesday = Date.parse('2026-11-18T17:00:00Z');
  it('weeks start on the day asked, at local midnight', () => {
    expect(zonedIso(NY.zone, floorTo(wednesday, 'week', cal(NY.zone, 0)))).toBe('2026-11-15T00:00:00-05:00');
    expect(zonedIso(NY.zone, floorTo(wednesday, 'week', cal(NY.zone, 1)))).toBe('2026-11-16T00:00:00-05:00');
  });

  it('months, quarters and years start at local midnight on their first day, in the offset of that day', () => {
    expect(zonedIso(NY.zone, floorTo(wednesday, 'month', NY))).toBe('2026-11-01T00:00:00-04:00');
    expect(zonedIso(NY.zone, nextStart(floorTo(wednesday, 'month', NY), 'month', NY))).toBe('2026-12-01T00:00:00-05:00');
    expect(zonedIso(NY.zone, floorTo(wednesday, 'quarter', NY))).toBe('2026-10-01T00:00:00-04:00');
    expect(zonedIso(NY.zone, floorTo(wednesday, 'year', NY))).toBe('2026-01-01T00:00:00-05:00');
  });
});

describe('relative ranges and snapping', () => {
  const now = Date.parse('2026-11-29T12:00:00Z'); // 07:00 in New York

  it('last 7 days: the whole local days before today, unchanged until today ends', () => {
    const r = lastRange({ amount: 7, unit: 'day', includeCurrent: false }, now, NY);
    expect([r.start, r.end, r.until].map((t) => zonedIso(NY.zone, t))).toEqual([
      '2026-11-22T00:00:00-05:00',
      '2026-11-29T00:00:00-05:00',
      '2026-11-30T00:00:00-05:00',
    ]);
  });

  it('with includeCurrent today counts among them, and the range ends where today ends', () => {
    const r = lastRange({ amount: 7, unit: 'day', includeCurrent: true }, now, NY);
    expect([r.start, r.end].map((t) => zonedIso(NY.zone, t))).toEqual(['2026-11-23T00:00:00-05:00', '2026-11-30T00:00:00-05:00']);
  });

  it('last 24 hours: whole hours, 24 elapsed hours even across a clock change', () => {
    const r = lastRange({ amount: 24, unit: 'hour', includeCurrent: false }, Date.parse('2026-11-01T18:20:00Z'), NY);
    expect(new Date(r.end).toISOString()).toBe('2026-11-01T18:00:00.000Z');
    expect(r.end - r.start).toBe(24 * 3600_000);
  });

  it('a month back across a clock change is the same local time a month before', () => {
    const r = lastRange({ amount: 1, unit: 'month', includeCurrent: false }, now, NY);
    expect([r.start, r.end].map((t) => zonedIso(NY.zone, t))).toEqual(['2026-10-01T00:00:00-04:00', '2026-11-01T00:00:00-04:00']);
  });

  it('snapping widens both ends to whole buckets, and leaves aligned ends alone', () => {
    const s = snapped(Date.parse('2026-11-29T12:07:00Z'), Date.parse('2026-11-29T15:00:00Z'), 'hour', NY);
    expect([s.start, s.end].map((t) => new Date(t).toISOString())).toEqual(['2026-11-29T12:00:00.000Z', '2026-11-29T15:00:00.000Z']);
    const d = snapped(Date.parse('2026-11-22T12:07:00Z'), Date.parse('2026-11-29T12:07:00Z'), 'day', NY);
    expect([d.start, d.end].map((t) => zonedIso(NY.zone, t))).toEqual(['2026-11-22T00:00:00-05:00', '2026-11-30T00:00:00-05:00']);
  });
});

describe('bucket invariants, any zone, any instant', () => {
  const zones = ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Asia/Kathmandu', 'Europe/London', 'America/Santiago', 'Pacific/Chatham', 'UTC'];
  it('an instant lies in the bucket floorTo gives; the bucket is non-empty, starts at a local boundary or a clock change, and has one offset', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        fc.constantFrom(...GRANULARITIES),
        (zone, t, g) => {
          const c = cal(zone, 0);
          const start = floorTo(t, g, c);
          const end = nextStart(start, g, c);
          expect(start).toBeLessThanOrEqual(t);
          expect(end).toBeGreaterThan(t);
          if (g === 'fifteen_minutes' || g === 'thirty_minutes' || g === 'hour') {
            const step = { fifteen_minutes: 15, thirty_minutes: 30, hour: 60 }[g] * 60_000;
            const changedAtStart = offsetAt(zone, start - 1) !== offsetAt(zone, start);
            expect(changedAtStart || (start + offsetAt(zone, start)) % step === 0).toBe(true);
            expect(offsetAt(zone, end - 1)).toBe(offsetAt(zone, start));
            expect(end - start).toBeLessThanOrEqual(step);
          } else {
            // Calendar buckets start and end where a local date starts.
            expect(localDate(zone, start - 1)).not.toBe(localDate(zone, start));
            expect(localDate(zone, end - 1)).not.toBe(localDate(zone, end));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
