import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue } from '../../src/simulator/aggregate.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';
import { parseCsv } from '../support/csv.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

const BODY = {
  metrics: ['handle_time', 'talk_time'],
  dimensions: ['channel', 'date'],
  start_date: '2026-11-01T00:00:00+00:00',
  end_date: '2026-11-08T00:00:00+00:00',
  filters: [],
  cache_ttl: 3600,
};

describe('POST /api/v1/analytics/query (the seed contract)', () => {
  it('answers the seed shape: snake_case rows with the four KPI columns', async () => {
    const { status, body } = await s.rest(BODY);
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(names(body.columns)).toEqual([
      'channel',
      'date',
      'handle_time',
      'talk_time',
      'total_interaction_time',
      'talk_ratio',
      'hold_impact_score',
      'channel_efficiency',
    ]);
    const contacts = s.sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end));
    const truth = group(contacts, ['channel', 'date']);
    expect(body.row_count).toBe(truth.length);
    expect(body.data).toHaveLength(truth.length);
    for (const row of body.data) {
      expect(Object.keys(row)).toEqual(names(body.columns));
      const g = truth.find((t) => t.key.channel === row.channel && t.key.date === row.date)!;
      expect(row.handle_time).toBeCloseTo(metricValue(g.parts, 'handle_time')!, 2);
      expect(row.talk_ratio).toBeCloseTo(row.talk_time / row.handle_time, 12);
      // Not computable from these metrics: null, never 0.
      expect(row.total_interaction_time).toBeNull();
      expect(row.channel_efficiency).toBeNull();
    }
    // Time first (date is the DAY time axis), then the dimensions as asked.
    expect(body.data.map((r: any) => `${r.date}|${r.channel}`)).toEqual(body.data.map((r: any) => `${r.date}|${r.channel}`).sort());
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('shares the cache with GraphQL', async () => {
    await s.rest({ ...BODY, start_date: '2026-10-01T00:00:00Z', end_date: '2026-10-03T00:00:00Z' });
    const { body } = await s.gql(
      `{ analytics(query: { metrics: [TALK_TIME, HANDLE_TIME], dimensions: [DATE, CHANNEL], dateRange: { start: "2026-10-01T00:00:00Z", end: "2026-10-03T00:00:00Z" } }) { meta { cacheHit } } }`,
    );
    expect(body.data.analytics.meta.cacheHit).toBe(true);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('Accept: text/csv answers the same rows as RFC 4180 CSV', async () => {
    const json = await s.rest(BODY);
    const csv = await s.rest(BODY, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toBe(names(json.body.columns).join(','));
    const parsed = lines.slice(1, -1).map((l) => l.split(','));
    expect(parsed).toHaveLength(json.body.row_count);
    parsed.forEach((cells, i) => {
      const row = json.body.data[i];
      names(json.body.columns).forEach((c: string, j: number) => {
        const v = row[c];
        expect(cells[j]).toBe(v === null ? '' : String(v));
      });
    });
  });

  it('upstream errors map to their code and a status', async () => {
    s.sim.setFaults({ script: [{ status: 403, body: { error: 'insufficient_scope' } }] });
    const { status, body } = await s.rest({ ...BODY, start_date: '2026-09-01T00:00:00Z', end_date: '2026-09-02T00:00:00Z' });
    expect(status).toBe(502);
    expect(body.code).toBe('UPSTREAM_FORBIDDEN');
    expect(body.detail).toContain('403');
  });
});

describe('CSV export', () => {
  it('equals the JSON rows field for field, including commas and quotes in values', async () => {
    const body = { ...BODY, dimensions: ['campaign', 'channel'], metrics: ['abandon_rate', 'service_level'] };
    const json = await s.rest(body);
    const csv = await s.rest(body, { accept: 'text/csv' });
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toEqual(names(json.body.columns));
    expect(rows).toHaveLength(json.body.row_count);
    expect(rows.some((r) => r[0] === 'winback, "vip"')).toBe(true);
    expect(csv.text).toContain('"winback, ""vip"""');
    rows.forEach((cells, i) => {
      const row = json.body.data[i];
      header!.forEach((c, j) => expect(cells[j]).toBe(row[c] === null ? '' : String(row[c])));
    });
  });
});

describe('CSV quoting', () => {
  it('quotes commas, quotes and line breaks', async () => {
    const { csvLine } = await import('../../src/http/csv.js');
    const lines = [
      ['a', 'b'],
      ['x,y', 'say "hi"'],
      ['two\nlines', null],
      [1.5, 'plain'],
    ].map(csvLine);
    expect(lines.join('')).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines",\r\n1.5,plain\r\n');
  });
});

describe('export chunks kept per cached result', () => {
  it('a repeated export is the same text; another column set over the same result is its own', async () => {
    const body = { ...BODY, start_date: '2026-07-01T00:00:00Z', end_date: '2026-07-03T00:00:00Z' };
    const first = await s.rest(body);
    const again = await s.rest(body);
    expect(again.text).toBe(first.text);
    const fewer = await s.rest({ ...body, metrics: ['talk_time'] });
    expect(fewer.body.columns).not.toEqual(first.body.columns);
    expect(fewer.body.data.map((r: any) => r.talk_time)).toEqual(first.body.data.map((r: any) => r.talk_time));
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });
});

/** `columns` gives {name, type, unit} per column. */
function names(columns: { name: string }[]): string[] {
  return columns.map((c) => c.name);
}
