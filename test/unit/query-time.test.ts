/** The time fields of a query: what is refused and how, and what is (and is not) part of its key. */
import { describe, expect, it } from 'vitest';
import { validateQuery, type QueryInput } from '../../src/query.js';
import { RULES } from '../support/scripted-source.js';

const base: QueryInput = { metrics: ['contacts_offered'], dimensions: ['channel'], start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };
const valid = (patch: Partial<QueryInput>) => validateQuery({ ...base, ...patch }, RULES);
const refusal = (patch: Partial<QueryInput>) => {
  try {
    valid(patch);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('refusals name the value, the rule and what is allowed', () => {
  it.each([
    [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone: "Mars/Olympus_Mons" is not an IANA time zone; allowed: an IANA name such as America/New_York'],
    [
      { granularity: 'fortnight' },
      'granularity: FORTNIGHT is not a granularity; allowed: FIFTEEN_MINUTES, THIRTY_MINUTES, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR',
    ],
    [{ granularity: 'week', weekStart: 'someday' }, 'weekStart: SOMEDAY is not a day of the week; allowed: SUNDAY, MONDAY'],
    [{ fill: 'zero' }, 'fill: ZERO fills empty time buckets, and this query has none; allowed: with a granularity (or the DATE dimension)'],
    [{ snap: true }, 'dateRange.snap: aligns the range to the granularity, and this query has none'],
    [{ last: { amount: 7, unit: 'day' } }, 'dateRange: give start and end, or last, not both'],
    [
      { start: undefined, end: undefined, last: { amount: 0, unit: 'day' } },
      'dateRange.last.amount: 0 is not allowed; allowed: a whole number from 1 to 100000',
    ],
    [{ start: undefined, end: undefined, last: { amount: 1, unit: 'fortnight' } }, 'dateRange.last.unit: FORTNIGHT is not a unit; allowed: MINUTE, HOUR, DAY'],
    [{ start: undefined, end: undefined }, 'dateRange.start: missing; give start and end (RFC 3339 or epoch milliseconds), or last: {amount, unit}'],
  ] as [Partial<QueryInput>, string][])('%j', (patch, message) => {
    expect(refusal(patch)).toContain(message);
  });

  it('MAX_BUCKETS counts the buckets the range touches', () => {
    expect(() => valid({ granularity: 'fifteen_minutes' })).not.toThrow(); // 672
    expect(refusal({ granularity: 'fifteen_minutes', end: '2026-11-22T00:00:00Z' })).toContain('is more than 2000 buckets'); // 2016
  });
});

describe('keys', () => {
  it('a query without a time axis is the same question in any zone', () => {
    expect(valid({ timeZone: 'America/New_York' }).key).toBe(valid({}).key);
  });

  it('with a time axis the zone is part of the question', () => {
    expect(valid({ granularity: 'day', timeZone: 'America/New_York' }).key).not.toBe(valid({ granularity: 'day' }).key);
  });

  it('DATE is granularity DAY, and is the same question asked either way', () => {
    const byDate = valid({ dimensions: ['date', 'channel'] });
    expect(byDate.dimensions).toEqual(['channel']);
    expect(byDate.time?.granularity).toBe('day');
    expect(byDate.key).toBe(valid({ granularity: 'day' }).key);
  });

  it('weekStart matters to weeks only', () => {
    expect(valid({ granularity: 'day', weekStart: 'sunday' }).key).toBe(valid({ granularity: 'day' }).key);
    expect(valid({ granularity: 'week', weekStart: 'sunday' }).key).not.toBe(valid({ granularity: 'week' }).key);
    expect(valid({ granularity: 'week' }).time?.weekStart).toBe(1); // Monday by default
  });

  it('a relative range resolves at the rules clock and says until when it holds; an absolute one holds for ever', () => {
    // RULES' now is 2026-11-29T12:00Z.
    const last = valid({ start: undefined, end: undefined, last: { amount: 2, unit: 'day', includeCurrent: true }, granularity: 'day' });
    expect(last.dateRange).toEqual({ start: '2026-11-28T00:00:00.000Z', end: '2026-11-30T00:00:00.000Z' });
    expect(last.stableUntil).toBe(Date.parse('2026-11-30T00:00:00Z'));
    expect(valid({}).stableUntil).toBeNull();
  });
});
