/**
 * Finding 6: one small query cannot spend the tenant's upstream budget. The
 * upstream calls of a question are estimated before anything is fetched
 * (GraphQL and REST alike) and refused over MAX_UPSTREAM_PAGES_PER_QUERY;
 * the summary query is checked again, exactly, on page 1's totalRows; each
 * client has CLIENT_UPSTREAM_PAGES_PER_MINUTE, reserved at the estimate and
 * settled at what was fetched.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const YEAR = { start: '2025-11-01T00:00:00Z', end: '2026-11-01T00:00:00Z' };
// As the attack was made: 100 rows a page (the default page size is now the upstream's maximum, 1,000).
const WIDE = `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [DATE, AGENT, SKILL, QUEUE, CHANNEL], dateRange: { start: "${YEAR.start}", end: "${YEAR.end}" }, pageSize: 100 }) { rows(limit: 1) { handleTime } } }`;

describe('the estimate per question', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());
  beforeEach(() => s.sim.reset());

  it('five dimensions over a year with rows(limit: 1): refused before any upstream call, saying what was estimated and allowed', async () => {
    const { body } = await s.gql(WIDE);
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('RESULT_TOO_LARGE');
    expect(body.errors[0].message).toMatch(
      /^this question would take an estimated \d+ upstream calls \(agent, skill, queue, channel, date over .*, 100 rows a page\), over the limit; allowed: at most 1000 \(MAX_UPSTREAM_PAGES_PER_QUERY\)/,
    );
    expect(s.sim.requests).toEqual([]);
  });

  it('the same over REST: 422, nothing sent upstream', async () => {
    const res = await s.rest({
      metrics: ['handle_time'],
      dimensions: ['date', 'agent', 'skill', 'queue', 'channel'],
      start_date: YEAR.start,
      end_date: YEAR.end,
      page_size: 100,
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('RESULT_TOO_LARGE');
    expect(res.body.detail).toContain('MAX_UPSTREAM_PAGES_PER_QUERY');
    expect(s.sim.requests).toEqual([]);
  });

  it('a question the estimate lets through is refused after page 1 when CXone reports more rows than allowed', async () => {
    s.sim.setFaults({
      script: [{ status: 200, body: { data: [{ channel: 'voice', handle_time: 1 }], paging: { next: 'c2' }, metadata: { totalRows: 5_000_000 } } }],
    });
    const { body } = await s.gql(
      `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "2024-03-01T00:00:00Z", end: "2024-03-02T00:00:00Z" } }) { rows { channel } } }`,
    );
    expect(body.errors[0].extensions.code).toBe('RESULT_TOO_LARGE');
    expect(body.errors[0].message).toBe(
      'CXone reports 5000000 rows: 5000 upstream pages of 1000, over the limit; allowed: at most 1000 (MAX_UPSTREAM_PAGES_PER_QUERY); narrow the date range, filters or dimensions, or raise pageSize',
    );
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('at the default page size (1,000) the same five dimensions over a year are within the limit: the first page says how many calls it takes', async () => {
    const { body } = await s.gql(WIDE.replace(', pageSize: 100', ''));
    expect(body.errors).toBeUndefined();
    const calls = s.sim.summaryCalls().length;
    // 90-odd thousand rows: under 100 calls of 1,000, not 900 of 100.
    expect(calls).toBeGreaterThan(50);
    expect(calls).toBeLessThan(100);
  });

  it('ordinary questions pass: agent × skill over a week, a year by channel and day', async () => {
    const ok =
      await s.gql(`{ a: analytics(query: { metrics: [HANDLE_TIME], dimensions: [AGENT, SKILL], dateRange: { start: "2026-10-01T00:00:00Z", end: "2026-10-08T00:00:00Z" } }) { rowCount }
      b: analytics(query: { metrics: [HANDLE_TIME], dimensions: [DATE, CHANNEL], dateRange: { start: "${YEAR.start}", end: "${YEAR.end}" }, pageSize: 1000 }) { rowCount } }`);
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data.a.rowCount).toBeGreaterThan(0);
    expect(ok.body.data.b.rowCount).toBeGreaterThan(300);
  });
});

describe('the budget per client', () => {
  const A = 'dashboard-wall-7c1f0e9a2b';
  const B = 'bi-connector-44d0a1c9f3';
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { GATEWAY_API_KEYS: `${A},${B}`, CLIENT_UPSTREAM_PAGES_PER_MINUTE: '25' } });
  });
  afterAll(() => s.close());

  const day = (d: number, dims = 'CHANNEL', pageSize = 1000) =>
    `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [${dims}], dateRange: { start: "${new Date(Date.UTC(2022, 0, d)).toISOString()}", end: "${new Date(Date.UTC(2022, 0, d + 1)).toISOString()}" }, pageSize: ${pageSize} }) { rowCount } }`;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it('a reservation at the estimate is settled at the pages fetched', async () => {
    // agent: an estimated 2000 rows, 20 pages of 100, reserved from a budget of 25; the day
    // takes one page, so 24 are left and the second such question fits (without settling, 5
    // would be left and it would be refused).
    for (const d of [1, 2]) {
      const { body } = await s.gql(day(d, 'AGENT', 100), undefined, as(A));
      expect(body.errors).toBeUndefined();
    }
  });

  it("one key spends its own budget, not another key's; cached questions stay free", async () => {
    const statuses: string[] = [];
    for (let d = 10; d < 40 && !statuses.includes('RATE_LIMITED'); d++) {
      const { body } = await s.gql(day(d), undefined, as(A));
      statuses.push(body.errors?.[0]?.extensions.code ?? 'ok');
    }
    const refused = await s.gql(day(100), undefined, as(A));
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors[0].message).toMatch(
      /^upstream budget spent: this question needs an estimated 1 upstream calls and this client may cause at most 25 a minute \(CLIENT_UPSTREAM_PAGES_PER_MINUTE\); retry in \d+ s/,
    );
    expect(refused.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // A's cached questions are still answered, at no upstream cost.
    expect((await s.gql(day(10), undefined, as(A))).body.data.analytics.rowCount).toBe(5);
    // B has a budget of its own.
    expect((await s.gql(day(100), undefined, as(B))).body.data.analytics.rowCount).toBe(5);
    // REST spends the same budget: 429 with Retry-After.
    const rest = await s.rest(
      { metrics: ['handle_time'], dimensions: ['channel'], start_date: '2022-06-01T00:00:00Z', end_date: '2022-06-02T00:00:00Z' },
      as(A),
    );
    expect(rest.status).toBe(429);
    expect(rest.body.code).toBe('RATE_LIMITED');
  });
});
