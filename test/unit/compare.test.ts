/** The earlier period of a comparison, in local time across clock changes and month ends. */
import { describe, expect, it } from 'vitest';
import { previousPeriod, shiftBack } from '../../src/compare.js';
import { zonedIso } from '../../src/zones.js';

const NY = { zone: 'America/New_York', weekStart: 1 };
const ny = (t: number) => zonedIso(NY.zone, t);

describe('shiftBack', () => {
  it('a week before Monday 09:00 is last Monday 09:00, across the clock change (169 hours, not 168)', () => {
    const monday = Date.parse('2026-11-02T09:00:00-05:00');
    const before = shiftBack(monday, 'week_ago', NY);
    expect(ny(before)).toBe('2026-10-26T09:00:00-04:00');
    expect((monday - before) / 3_600_000).toBe(169);
  });

  it('a month before 31 March is the last day of February; a year before 29 February 2028 is 28 February', () => {
    expect(ny(shiftBack(Date.parse('2026-03-31T10:00:00-04:00'), 'month_ago', NY))).toBe('2026-02-28T10:00:00-05:00');
    expect(ny(shiftBack(Date.parse('2028-02-29T10:00:00-05:00'), 'year_ago', NY))).toBe('2027-02-28T10:00:00-05:00');
    expect(ny(shiftBack(Date.parse('2026-11-02T00:00:00-05:00'), 'day_ago', NY))).toBe('2026-11-01T00:00:00-04:00');
  });
});

describe('previousPeriod', () => {
  it('whole local days: the same number of local days just before (a week across the change is 169 hours)', () => {
    const p = previousPeriod(Date.parse('2026-11-02T00:00:00-05:00'), Date.parse('2026-11-09T00:00:00-05:00'), 'day', NY);
    expect([ny(p.start), ny(p.end)]).toEqual(['2026-10-26T00:00:00-04:00', '2026-11-02T00:00:00-05:00']);
  });

  it('a range not on bucket boundaries: the same elapsed time just before', () => {
    const p = previousPeriod(Date.parse('2026-11-02T10:30:00Z'), Date.parse('2026-11-02T11:30:00Z'), null, NY);
    expect([new Date(p.start).toISOString(), new Date(p.end).toISOString()]).toEqual(['2026-11-02T09:30:00.000Z', '2026-11-02T10:30:00.000Z']);
  });
});
