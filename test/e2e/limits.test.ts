/** Query limits: each refused before anything goes upstream, with its message. */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sleep, startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack({
    env: { MAX_QUERY_DEPTH: '3', MAX_ALIASES: '2', MAX_QUERY_COST: '5000', MAX_DATE_SPAN_DAYS: '31', ROWS_MAX_PAGE: '2000' },
  });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

const range = `dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" }`;

describe('refused before anything goes upstream', () => {
  afterEach(() => {
    expect(s.sim.requests).toEqual([]);
  });

  async function refused(query: string, variables?: Record<string, unknown>) {
    const { body } = await s.gql(query, variables);
    expect(body.data ?? null).toBeNull();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    return body.errors[0].message as string;
  }

  it('over-deep, counted through fragments', async () => {
    const t = await startStack({ env: { MAX_QUERY_DEPTH: '2' } });
    try {
      const { body } = await t.gql(`{ catalog { ...C } } fragment C on Catalog { kpis { name } metrics { ... on CatalogMetric { name } } }`);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toBe('query depth 3 is over the limit; allowed: at most 2 (MAX_QUERY_DEPTH)');
      expect(t.sim.requests).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('over-aliased', async () => {
    expect(await refused(`{ a: catalog { limits { maxMetrics } } b: catalog { limits { maxMetrics } } c: catalog { limits { maxMetrics } } }`)).toBe(
      '3 aliases is over the limit; allowed: at most 2 (MAX_ALIASES)',
    );
  });

  it('over-costly', async () => {
    const msg = await refused(`{ analytics(query: { dimensions: [AGENT, SKILL], ${range} }) { rows { agent skill talkRatio } } }`);
    expect(msg).toMatch(/^estimated cost \d+ \(rows a field can return × fields per row\) is over the limit; allowed: at most 5000 \(MAX_QUERY_COST\)/);
    expect(msg).toContain('page with rows(limit, offset)');
  });

  it('over-long span', async () => {
    const msg = await refused(
      `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "2026-01-01T00:00:00Z", end: "2026-03-01T00:00:00Z" } }) { rows { talkRatio } } }`,
    );
    expect(msg).toBe('dateRange: spans 59 days, at most 31 are allowed (MAX_DATE_SPAN_DAYS)');
  });

  it('a page over ROWS_MAX_PAGE, a negative offset', async () => {
    expect(await refused(`{ analytics(query: { dimensions: [CHANNEL], ${range} }) { rows(limit: 2001) { talkRatio } } }`)).toBe(
      'rows(limit): 2001 is not allowed; allowed: a whole number from 0 to 2000 (ROWS_MAX_PAGE)',
    );
    expect(
      await refused(`query Q($o: Int) { analytics(query: { dimensions: [CHANNEL], ${range} }) { rows(limit: 5, offset: $o) { talkRatio } } }`, { o: -1 }),
    ).toBe('rows(offset): -1 is not allowed; allowed: a whole number ≥ 0');
  });

  it('a request body over the limit: 413', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ catalog { limits { maxMetrics } } }`, variables: { pad: 'x'.repeat(300_000) } }),
    });
    expect(res.status).toBe(413);
  });
});

describe('paging', () => {
  it('rows(limit, offset) pages through the same cached result', async () => {
    const q = (limit: number, offset: number) =>
      `{ analytics(query: { dimensions: [SKILL, CHANNEL], ${range} }) { rowCount rows(limit: ${limit}, offset: ${offset}) { skill talkRatio } } }`;
    const a = await s.gql(q(10, 0));
    const b = await s.gql(q(10, 10));
    expect(a.body.errors).toBeUndefined();
    expect(a.body.data.analytics.rows).toHaveLength(10);
    expect(b.body.data.analytics.rows[0]).not.toEqual(a.body.data.analytics.rows[0]);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('more rows than ROWS_MAX_PAGE without a limit: refused, with how to page; the result is cached', async () => {
    const t = await startStack({ env: { ROWS_MAX_PAGE: '100' } });
    try {
      const { body } = await t.gql(`{ analytics(query: { dimensions: [AGENT, CHANNEL], ${range} }) { rowCount rows(limit: 1) { agent talkRatio } } }`);
      expect(body.data.analytics.rowCount).toBeGreaterThan(100);
      const calls = t.sim.summaryCalls().length;
      const all = await t.gql(`{ analytics(query: { dimensions: [AGENT, CHANNEL], ${range} }) { rows { agent talkRatio } } }`);
      expect(all.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(all.body.errors[0].message).toContain('over the maximum page; allowed: at most 100 (ROWS_MAX_PAGE): page with rows(limit, offset)');
      expect(t.sim.summaryCalls()).toHaveLength(calls);
    } finally {
      await t.close();
    }
  });
});

describe('request timeout', () => {
  it('answers REQUEST_TIMEOUT in time, and the fetch that went on is cached for the retry', async () => {
    const t = await startStack({ env: { REQUEST_TIMEOUT_MS: '300' } });
    try {
      t.sim.setFaults({ latencyMs: 400 }); // token and page: 800 ms
      const q = `{ analytics(query: { dimensions: [QUEUE], ${range} }) { rows { queue talkRatio } meta { cacheHit } } }`;
      const first = await t.gql(q);
      expect(first.body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
      // Picked up when it lands, as a client told REQUEST_TIMEOUT would.
      const pickUp = `${t.gw.url}/api/v1/analytics/result/${first.body.errors[0].extensions.cacheKey}`;
      let status = 202;
      for (let i = 0; i < 200 && status === 202; i++) {
        const res = await fetch(pickUp);
        status = res.status;
        await res.arrayBuffer();
        if (status === 202) await sleep(25);
      }
      expect(status).toBe(200);
      const again = await t.gql(q);
      expect(again.body.data.analytics.meta.cacheHit).toBe(true);
      expect(t.sim.summaryCalls()).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
