import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANALYTICS, sleep, startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  // Without grace windows an expired result is simply gone; they are tested in stale.test.ts.
  s = await startStack({ env: { CACHE_STALE_WHILE_REVALIDATE_SECONDS: '0', CACHE_STALE_IF_ERROR_SECONDS: '0' } });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

const SMALL = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { channel talkRatio } meta { cacheKey cacheHit upstreamPages } } }`;

describe('single flight and cache', () => {
  it('50 concurrent identical cold queries cost one upstream pagination; a repeat costs none', async () => {
    const q = { dimensions: ['SKILL', 'DATE'], dateRange: WEEK, pageSize: 50 };
    s.sim.setFaults({ latencyMs: 20 });
    const answers = await Promise.all(Array.from({ length: 50 }, () => s.gql(SMALL, { q })));
    const pages = answers[0]!.body.data.analytics.meta.upstreamPages;
    expect(pages).toBeGreaterThan(1);
    expect(s.sim.summaryCalls()).toHaveLength(pages);
    expect(s.sim.tokenCalls()).toHaveLength(1);
    for (const a of answers) {
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.analytics.rows).toEqual(answers[0]!.body.data.analytics.rows);
    }
    // Those that arrived during the pagination waited for it; any that came after it hit the cache.
    expect(answers.filter((a) => !a.body.data.analytics.meta.cacheHit).length).toBeGreaterThan(0);

    const repeat = await s.gql(SMALL, { q });
    expect(repeat.body.data.analytics.meta.cacheHit).toBe(true);
    expect(repeat.body.data.analytics.rows).toEqual(answers[0]!.body.data.analytics.rows);
    expect(s.sim.summaryCalls()).toHaveLength(pages);
  });

  it('metric order, filter value order and dimension order do not change the cache key', async () => {
    const base = { dimensions: ['CHANNEL', 'CAMPAIGN'], dateRange: WEEK };
    const a = await s.gql(SMALL, {
      q: { ...base, metrics: ['WRAP_TIME', 'QUEUE_TIME'], filters: [{ dimension: 'CHANNEL', operator: 'IN', values: ['voice', 'chat'] }] },
    });
    const b = await s.gql(SMALL, {
      q: { ...base, metrics: ['QUEUE_TIME', 'WRAP_TIME'], filters: [{ dimension: 'CHANNEL', operator: 'IN', values: ['chat', 'voice'] }] },
    });
    const c = await s.gql(SMALL, {
      q: {
        ...base,
        dimensions: ['CAMPAIGN', 'CHANNEL'],
        metrics: ['QUEUE_TIME', 'WRAP_TIME'],
        filters: [{ dimension: 'CHANNEL', operator: 'IN', values: ['chat', 'voice'] }],
      },
    });
    const [ma, mb, mc] = [a, b, c].map((x) => x.body.data.analytics.meta);
    expect(ma.cacheKey).toMatch(/^cxone:analytics:[0-9a-f]{64}$/);
    expect(mb.cacheKey).toBe(ma.cacheKey);
    expect(mc.cacheKey).toBe(ma.cacheKey);
    expect([ma.cacheHit, mb.cacheHit, mc.cacheHit]).toEqual([false, true, true]);
    expect(s.sim.summaryCalls()).toHaveLength(1);
    // Same data, ordered by the dimensions as each query asked.
    expect(c.body.data.analytics.rowCount).toBe(a.body.data.analytics.rowCount);
  });

  it('a different question is a different key', async () => {
    const a = await s.gql(SMALL, { q: { dimensions: ['CHANNEL'], dateRange: WEEK } });
    const b = await s.gql(SMALL, { q: { dimensions: ['CHANNEL'], dateRange: { ...WEEK, end: '2026-11-07T00:00:00Z' } } });
    const c = await s.gql(SMALL, { q: { dimensions: ['CHANNEL'], dateRange: WEEK, filters: [{ dimension: 'CHANNEL', operator: 'NOT_IN', values: ['sms'] }] } });
    const keys = [a, b, c].map((x) => x.body.data.analytics.meta.cacheKey);
    expect(new Set(keys).size).toBe(3);
    expect(c.body.data.analytics.rows.map((r: any) => r.channel)).not.toContain('sms');
  });

  it('identical analytics fields in one operation share one fetch', async () => {
    const doc = `query Q($q: AnalyticsQueryInput!) {
      a: analytics(query: $q) { rows { channel talkRatio } }
      b: analytics(query: $q) { rows { channel talkRatio } meta { cacheHit } }
    }`;
    const { body } = await s.gql(doc, { q: { dimensions: ['CHANNEL'], dateRange: { start: '2026-10-01T00:00:00Z', end: '2026-10-02T00:00:00Z' } } });
    expect(body.data.a.rows).toEqual(body.data.b.rows);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('cacheTtlSeconds 0 is never stored; a short TTL expires', async () => {
    const q = { dimensions: ['QUEUE'], dateRange: WEEK, cacheTtlSeconds: 0 };
    await s.gql(SMALL, { q });
    const again = await s.gql(SMALL, { q });
    expect(again.body.data.analytics.meta.cacheHit).toBe(false);
    expect(s.sim.summaryCalls()).toHaveLength(2);

    // On the real clock (the instants are shown in unit/result-cache): a 1 s TTL does run out.
    const short = { dimensions: ['QUEUE'], dateRange: WEEK, cacheTtlSeconds: 1 };
    await s.gql(SMALL, { q: short });
    expect((await s.gql(SMALL, { q: short })).body.data.analytics.meta.cacheHit).toBe(true);
    let hit = true;
    for (let i = 0; i < 100 && hit; i++) {
      await sleep(50);
      hit = (await s.gql(SMALL, { q: short })).body.data.analytics.meta.cacheHit;
    }
    expect(hit).toBe(false);
    expect(s.sim.summaryCalls()).toHaveLength(4);
  });

  it('fetches exactly the metrics the selected fields need', async () => {
    await s.gql(
      `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "2026-09-01T00:00:00Z", end: "2026-09-02T00:00:00Z" } }) { rows { channel talkRatio } } }`,
    );
    await s.gql(
      `query { analytics(query: { dimensions: [SKILL], dateRange: { start: "2026-09-01T00:00:00Z", end: "2026-09-02T00:00:00Z" } }) { rows { ...R } } } fragment R on AnalyticsRow { skill ... on AnalyticsRow { holdImpactScore } }`,
    );
    await s.gql(
      `{ analytics(query: { metrics: [WRAP_TIME], dimensions: [], dateRange: { start: "2026-09-01T00:00:00Z", end: "2026-09-02T00:00:00Z" } }) { rowCount rows { channelEfficiency } } }`,
    );
    expect(s.sim.summaryCalls().map((c) => (c.body as any).metrics)).toEqual([
      ['handle_time', 'talk_time'],
      ['handle_time', 'hold_time', 'queue_time'],
      ['abandon_rate', 'service_level', 'wrap_time'],
    ]);
  });

  it('the full selection reports the columns that hold data', async () => {
    const { body } = await s.gql(ANALYTICS, { q: { metrics: ['TALK_TIME'], dimensions: ['CHANNEL'], dateRange: WEEK } });
    expect(body.data.analytics.columns).toEqual([
      'channel',
      'abandonRate',
      'firstContactResolution',
      'handleTime',
      'holdTime',
      'queueTime',
      'serviceLevel',
      'talkTime',
      'wrapTime',
      'totalInteractionTime',
      'talkRatio',
      'holdImpactScore',
      'channelEfficiency',
    ]);
    const partial = await s.gql(
      `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-08T00:00:00Z" } }) { columns rows { talkRatio } } }`,
    );
    expect(partial.body.data.analytics.columns).toEqual(['channel', 'handleTime', 'talkTime', 'talkRatio']);
  });
});
