/**
 * Property: no malformed input gets a 5xx or reaches CXone. 1,000 generated
 * GraphQL variables and 1,000 REST bodies, each broken in at least one way.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { MAX_DATE_SPAN_DAYS: '31' } });
});
afterAll(() => s.close());

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const notIso = fc
  .oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('2026-11-01'), fc.constant('2026-02-30T00:00:00Z'))
  .filter((v) => typeof v !== 'string' || !ISO.test(v) || v.includes('02-30'));
const notMetric = fc
  .string()
  .filter(
    (x) =>
      !/^(HANDLE_TIME|TALK_TIME|HOLD_TIME|QUEUE_TIME|WRAP_TIME|ABANDON_RATE|SERVICE_LEVEL|FIRST_CONTACT_RESOLUTION|handle_time|talk_time|hold_time|queue_time|wrap_time|abandon_rate|service_level|first_contact_resolution)$/.test(
        x,
      ),
  );
// No NaN or Infinity: JSON turns them into null, which means "default", a valid value.
const badInt = (min: number, max: number) =>
  fc.oneof(fc.integer({ max: min - 1 }), fc.integer({ min: max + 1 }), fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }), fc.string());

type Mutation = (q: Record<string, any>, rest: boolean) => fc.Arbitrary<Record<string, any>>;
const mutations: Mutation[] = [
  (q, rest) => fc.array(notMetric, { minLength: 1, maxLength: 4 }).map((m) => ({ ...q, metrics: m, ...(rest ? {} : { metrics: m }) })),
  (q, rest) => fc.array(fc.string(), { minLength: 6, maxLength: 8 }).map((d) => ({ ...q, dimensions: d, ...(rest ? {} : {}) })),
  (q, rest) => notIso.map((v) => (rest ? { ...q, start_date: v } : { ...q, dateRange: { ...q.dateRange, start: v } })),
  (q, rest) => notIso.map((v) => (rest ? { ...q, end_date: v } : { ...q, dateRange: { ...q.dateRange, end: v } })),
  // end = start (not a swap: two swaps would make the query valid again).
  (q, rest) => fc.constant(rest ? { ...q, end_date: q.start_date } : { ...q, dateRange: { ...q.dateRange, end: q.dateRange?.start } }),
  (q, rest) => fc.constant(rest ? { ...q, end_date: '2026-12-31T00:00:00Z' } : { ...q, dateRange: { ...q.dateRange, end: '2026-12-31T00:00:00Z' } }),
  (q, rest) => badInt(1, 1000).map((p) => (rest ? { ...q, page_size: p } : { ...q, pageSize: p })),
  (q, rest) => badInt(0, 86_400).map((t) => (rest ? { ...q, cache_ttl: t } : { ...q, cacheTtlSeconds: t })),
  (q) => fc.record({ dimension: fc.string(), operator: fc.string(), values: fc.anything() }).map((f) => ({ ...q, filters: [f] })),
  (q, rest) =>
    fc.constantFrom(...(rest ? ['metrics', 'start_date', 'end_date'] : ['dimensions', 'dateRange'])).map((k) => {
      const copy = { ...q };
      delete copy[k];
      return copy;
    }),
  (q) =>
    fc
      .dictionary(fc.constantFrom('metrics', 'dimensions', 'filters', 'pageSize', 'page_size', 'dateRange'), fc.anything(), { minKeys: 1 })
      .map((junk) => ({ ...q, ...junk, metrics: 42 })),
];

function malformed(base: Record<string, any>, rest: boolean): fc.Arbitrary<unknown> {
  const broken = fc
    .array(fc.nat({ max: mutations.length - 1 }), { minLength: 1, maxLength: 3 })
    .chain((picks) => picks.reduce<fc.Arbitrary<Record<string, any>>>((acc, i) => acc.chain((q) => mutations[i]!(q, rest)), fc.constant(base)));
  return fc.oneof(
    { weight: 4, arbitrary: broken },
    { weight: 1, arbitrary: fc.anything().filter((x) => typeof x !== 'object' || x === null || Array.isArray(x)) },
  );
}

const GQL_BASE = { metrics: ['HANDLE_TIME'], dimensions: ['CHANNEL'], dateRange: { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' } };
const REST_BASE = { metrics: ['handle_time'], dimensions: ['channel'], start_date: '2026-11-01T00:00:00Z', end_date: '2026-11-08T00:00:00Z' };
const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows(limit: 5) { channel talkRatio } } }`;

describe('malformed input never reaches CXone and never answers 5xx', () => {
  it('1,000 GraphQL variables', async () => {
    await fc.assert(
      fc.asyncProperty(malformed(GQL_BASE, false), async (q) => {
        const { status, body } = await s.gql(DOC, { q });
        expect(status).toBeLessThan(500);
        expect(body.errors?.length).toBeGreaterThan(0);
        expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
        expect(body.errors[0].message.length).toBeGreaterThan(10);
      }),
      { numRuns: 1000 },
    );
    expect(s.sim.requests).toEqual([]);
  }, 120_000);

  it('1,000 REST bodies', async () => {
    await fc.assert(
      fc.asyncProperty(malformed(REST_BASE, true), async (body) => {
        const res = await s.rest(body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(typeof res.body.detail).toBe('string');
        expect(res.body.detail.length).toBeGreaterThan(5);
      }),
      { numRuns: 1000 },
    );
    expect(s.sim.requests).toEqual([]);
  }, 120_000);

  it('bodies that are not JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), async (text) => {
        for (const path of ['/graphql', '/api/v1/analytics/query']) {
          const res = await fetch(s.gw.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
      }),
      { numRuns: 100 },
    );
    expect(s.sim.requests).toEqual([]);
  }, 60_000);
});
