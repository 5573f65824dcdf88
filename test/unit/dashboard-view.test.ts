/** The dashboard's pure parts: its view in the URL, the range and buckets a view asks for, how it writes changes, GraphiQL's README tabs. */
import { describe, expect, it } from 'vitest';
import { formatChange, formatValue } from '../../src/web/dashboard/format.js';
import { dateRangeOf, DEFAULT_VIEW, filtersOf, granularityOf, parseView, totalsQuestion, viewSearch, type View } from '../../src/web/dashboard/view.js';
import { readmeOperations } from '../../src/web/graphiql/examples.js';

const view = (patch: Partial<View>): View => ({ ...DEFAULT_VIEW, ...patch });

describe('the view in the URL', () => {
  it('the default view is the bare URL, and every field survives a round trip', () => {
    expect(viewSearch(DEFAULT_VIEW)).toBe('');
    expect(parseView('')).toEqual(DEFAULT_VIEW);
    const v = view({
      range: 'custom',
      from: '2026-10-01',
      to: '2026-12-31',
      tz: 'Asia/Kolkata',
      channels: ['voice', 'chat'],
      skills: ['Billing'],
      by: 'skill',
      sort: 'ABANDON_RATE',
      dir: 'ASC',
      top: 25,
      refresh: 0,
    });
    expect(viewSearch(v)).toBe(
      '?range=custom&from=2026-10-01&to=2026-12-31&tz=Asia%2FKolkata&channel=voice%2Cchat&skill=Billing&by=skill&sort=ABANDON_RATE&dir=ASC&top=25&refresh=0',
    );
    expect(parseView(viewSearch(v))).toEqual(v);
  });

  it('what a hand-edited URL gets wrong falls back to the default, field by field', () => {
    expect(parseView('?range=fortnight&sort=DROP_TABLE&dir=up&top=0&refresh=-5&by=team')).toEqual(DEFAULT_VIEW);
    // A custom range needs both days, in order.
    expect(parseView('?range=custom&from=2026-11-05&to=2026-11-01').range).toBe('today');
    expect(parseView('?range=custom&from=2026-11-05').range).toBe('today');
    expect(parseView('?channel=voice,,voice,chat').channels).toEqual(['voice', 'chat']);
  });
});

describe('what a view asks for', () => {
  it('presets are relative ranges the gateway resolves in the zone: the same text every refresh', () => {
    expect(dateRangeOf(view({ range: 'today' }), 'UTC')).toEqual({ last: { amount: 1, unit: 'DAY', includeCurrent: true } });
    expect(dateRangeOf(view({ range: 'yesterday' }), 'UTC')).toEqual({ last: { amount: 1, unit: 'DAY' } });
    expect(dateRangeOf(view({ range: '7d' }), 'UTC')).toEqual({ last: { amount: 7, unit: 'DAY' } });
    expect(dateRangeOf(view({ range: '30d' }), 'UTC')).toEqual({ last: { amount: 30, unit: 'DAY' } });
  });

  it("a custom range runs from the first day's local midnight to the midnight after the last, across a clock change", () => {
    const v = view({ range: 'custom', from: '2026-11-01', to: '2026-11-01' });
    // 1 November 2026 in New York: clocks go back, a 25-hour day.
    expect(dateRangeOf(v, 'America/New_York')).toEqual({ start: '2026-11-01T00:00:00-04:00', end: '2026-11-02T00:00:00-05:00' });
    expect(dateRangeOf(v, 'Asia/Kolkata')).toEqual({ start: '2026-11-01T00:00:00+05:30', end: '2026-11-02T00:00:00+05:30' });
  });

  it("today's tiles run from local midnight to the end of the current hour and compare with the same hours yesterday; other ranges with the period before", () => {
    const now = Date.parse('2026-11-24T19:30:00Z'); // 14:30 in New York
    expect(totalsQuestion(view({ range: 'today' }), 'America/New_York', now)).toEqual({
      dateRange: { start: '2026-11-24T00:00:00-05:00', end: '2026-11-24T14:30:01-05:00', snap: true },
      granularity: 'HOUR',
      compareTo: 'DAY_AGO',
    });
    // At midnight the range still holds now: it is never empty.
    const midnight = Date.parse('2026-11-24T05:00:00.400Z');
    expect(totalsQuestion(view({ range: 'today' }), 'America/New_York', midnight).dateRange).toEqual({
      start: '2026-11-24T00:00:00-05:00',
      end: '2026-11-24T00:00:01-05:00',
      snap: true,
    });
    expect(totalsQuestion(view({ range: '7d' }), 'UTC', now)).toEqual({ dateRange: { last: { amount: 7, unit: 'DAY' } }, compareTo: 'PREVIOUS_PERIOD' });
  });

  it('buckets: hours for a day or less, days up to 90 days, weeks beyond', () => {
    expect(granularityOf(view({ range: 'today' }))).toBe('HOUR');
    expect(granularityOf(view({ range: 'yesterday' }))).toBe('HOUR');
    expect(granularityOf(view({ range: '7d' }))).toBe('DAY');
    expect(granularityOf(view({ range: '30d' }))).toBe('DAY');
    expect(granularityOf(view({ range: 'custom', from: '2026-11-03', to: '2026-11-03' }))).toBe('HOUR');
    expect(granularityOf(view({ range: 'custom', from: '2026-09-01', to: '2026-11-29' }))).toBe('DAY'); // 90 days
    expect(granularityOf(view({ range: 'custom', from: '2026-08-31', to: '2026-11-29' }))).toBe('WEEK'); // 91
  });

  it('filters are IN lists of the chosen channels and skills; none chosen, no filter', () => {
    expect(filtersOf(DEFAULT_VIEW)).toEqual([]);
    expect(filtersOf(view({ channels: ['voice'], skills: ['Billing', 'Sales'] }))).toEqual([
      { dimension: 'CHANNEL', operator: 'IN', values: ['voice'] },
      { dimension: 'SKILL', operator: 'IN', values: ['Billing', 'Sales'] },
    ]);
  });
});

describe('how the dashboard writes numbers', () => {
  it('counts, rates and durations; a missing value is a dash, never 0', () => {
    expect(formatValue(12345, 'count')).toBe('12,345');
    expect(formatValue(8.94, 'percent')).toBe('8.9%');
    expect(formatValue(332.6, 'seconds')).toBe('5:33');
    expect(formatValue(null, 'count')).toBe('–');
  });

  it('change: relative for counts and durations, percentage points for rates, none against nothing', () => {
    expect(formatChange(110, 100, 'count')).toBe('+10.0%');
    expect(formatChange(90, 100, 'seconds')).toBe('−10.0%');
    expect(formatChange(8.9, 6.6, 'percent')).toBe('+2.3 pp');
    expect(formatChange(5, 0, 'count')).toBeNull();
    expect(formatChange(5, null, 'count')).toBeNull();
  });
});

describe("GraphiQL's tabs", () => {
  it("are the README's query blocks, in order, and nothing else", () => {
    const md = [
      '# Title',
      '```graphql',
      'query A { catalog { timeZone } }',
      '```',
      'text',
      '```graphql',
      'scalar DateTime',
      '```',
      '```sh',
      'query B',
      '```',
      '```graphql',
      'query C {',
      '  x',
      '}',
      '```',
    ].join('\n');
    expect(readmeOperations(md)).toEqual([{ query: 'query A { catalog { timeZone } }\n' }, { query: 'query C {\n  x\n}\n' }]);
  });
});
