/**
 * Ranges as Grafana's GraphQL data sources send them: `$__from`/`$__to` in
 * epoch milliseconds, as variables (with the extra variables Grafana adds) or
 * substituted into the query text; the REST body takes them too. The answer
 * and its cache key are those of the same range in RFC 3339.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const FROM = Date.parse(WEEK.start);
const TO = Date.parse(WEEK.end);
const FIELDS = 'rows { channel handleTime talkRatio } meta { cacheKey }';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

describe('epoch-millisecond ranges', () => {
  it("as variables, with Grafana's interval_ms, maxDataPoints and refId alongside: the RFC 3339 answer and cache key", async () => {
    const iso = await s.gql(`{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { ${FIELDS} } }`);
    const viaVariables = await s.gql(
      `query Panel($from: DateTime!, $to: DateTime!) { analytics(query: { dimensions: [CHANNEL], dateRange: { start: $from, end: $to } }) { ${FIELDS} } }`,
      { from: FROM, to: TO, interval_ms: 60_000, maxDataPoints: 1_000, refId: 'A' },
    );
    const asDigits = await s.gql(
      `query Panel($from: DateTime!, $to: DateTime!) { analytics(query: { dimensions: [CHANNEL], dateRange: { start: $from, end: $to } }) { ${FIELDS} } }`,
      {
        from: String(FROM),
        to: String(TO),
      },
    );
    const inText = await s.gql(`{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: ${FROM}, end: ${TO} } }) { ${FIELDS} } }`);
    expect(iso.body.errors).toBeUndefined();
    for (const other of [viaVariables, asDigits, inText]) {
      expect(other.body.errors).toBeUndefined();
      expect(other.body.data).toEqual(iso.body.data);
    }
    expect(s.sim.summaryCalls()).toHaveLength(1); // one question, asked upstream once
  });

  it('a number that is no instant is refused with both forms named, and nothing is sent', async () => {
    const before = s.sim.summaryCalls().length;
    const { body } = await s.gql(
      `query Panel($from: DateTime!) { analytics(query: { dimensions: [CHANNEL], dateRange: { start: $from, end: "${WEEK.end}" } }) { rowCount } }`,
      {
        from: 1.5,
      },
    );
    expect(body.errors[0].message).toContain('or epoch milliseconds (a whole number, e.g. 1793491200000; epoch seconds are refused)');
    expect(s.sim.summaryCalls()).toHaveLength(before);
  });

  it('the REST body takes them too', async () => {
    const ask = (start: unknown, end: unknown) => s.rest({ metrics: ['handle_time'], dimensions: ['channel'], start_date: start, end_date: end });
    const iso = await ask(WEEK.start, WEEK.end);
    const ms = await ask(FROM, TO);
    expect(ms.status).toBe(200);
    expect(ms.body.data).toEqual(iso.body.data);
  });
});

/**
 * Grafana's GraphQL-capable data sources, replayed as they send a time-series
 * panel: variables `from`/`to` in epoch ms with `interval_ms`, `maxDataPoints`
 * and `refId` (fifemon's GraphQL data source); `${__from:date:iso}` substituted
 * into the query text; a POST whose rows are read at a root selector
 * (Infinity's `data.analytics.rows`). Each gets rows with an RFC 3339 `time`
 * in ascending order, the same rows.
 */
describe('Grafana time-series panels, replayed', () => {
  const SERIES = 'rows { time channel contactsOffered }';
  const INPUT = (range: string) =>
    `{ metrics: [CONTACTS_OFFERED], dimensions: [CHANNEL], granularity: HOUR, timeZone: "America/New_York", dateRange: { ${range} } }`;
  const DAY_FROM = Date.parse('2026-11-01T04:00:00Z');
  const DAY_TO = Date.parse('2026-11-02T05:00:00Z');
  const rootSelector = (body: any, path: string) => path.split('.').reduce((at, k) => at?.[k], body);

  it('each request shape gets rows with an RFC 3339 time, in ascending time, the same rows', async () => {
    const variables = await s.gql(`query Panel($from: DateTime!, $to: DateTime!) { analytics(query: ${INPUT('start: $from, end: $to')}) { ${SERIES} } }`, {
      from: DAY_FROM,
      to: DAY_TO,
      interval_ms: 3_600_000,
      maxDataPoints: 1_441,
      refId: 'A',
    });
    const isoText = await s.gql(
      `{ analytics(query: ${INPUT(`start: "${new Date(DAY_FROM).toISOString()}", end: "${new Date(DAY_TO).toISOString()}"`)}) { ${SERIES} } }`,
    );
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: `query { analytics(query: ${INPUT(`start: ${DAY_FROM}, end: ${DAY_TO}`)}) { ${SERIES} } }` }),
    });
    const infinity = { status: res.status, body: (await res.json()) as any };
    const series = [variables, isoText, infinity].map((r) => {
      expect(r.status).toBe(200);
      expect(r.body.errors).toBeUndefined();
      return rootSelector(r.body, 'data.analytics.rows') as { time: string; channel: string; contactsOffered: number }[];
    });
    for (const rows of series) {
      expect(rows.length).toBeGreaterThan(25);
      for (const r of rows) expect(r.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      const instants = rows.map((r) => Date.parse(r.time));
      expect(instants).toEqual([...instants].sort((a, b) => a - b));
      expect(new Set(instants).size).toBe(25); // the day clocks went back: 25 hours
      expect(rows).toEqual(series[0]);
    }
  });
});
