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
