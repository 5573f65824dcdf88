/**
 * Query merging, serving from a superset and day partitions, against the
 * simulator, with the cache in the machine's Redis under a fresh namespace.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue } from '../../src/simulator/aggregate.js';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { startStack, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace() } });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

const day = (n: number) => new Date(Date.UTC(2026, 2, n)).toISOString();

describe('query merging', () => {
  it('two aliased fields over one slice with different metrics: one upstream query, each field right', async () => {
    const range = { start: day(1), end: day(4) };
    const { body } = await s.gql(
      `query Q($r: DateRangeInput!) {
        speed: analytics(query: { dimensions: [CHANNEL], dateRange: $r }) { columns rows { channel talkRatio } }
        quality: analytics(query: { metrics: [SERVICE_LEVEL, FIRST_CONTACT_RESOLUTION], dimensions: [CHANNEL], dateRange: $r }) { columns rows { channel serviceLevel firstContactResolution } }
      }`,
      { r: range },
    );
    expect(body.errors).toBeUndefined();
    const calls = s.sim.summaryCalls();
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as any).metrics).toEqual(['first_contact_resolution', 'handle_time', 'service_level', 'talk_time']);
    // Each field reports its own columns, not the union.
    expect(body.data.speed.columns).toEqual(['channel', 'handleTime', 'talkTime', 'talkRatio']);
    expect(body.data.quality.columns).toEqual(['channel', 'firstContactResolution', 'serviceLevel']);

    const truth = group(s.sim.tenant.contacts(Date.parse(range.start), Date.parse(range.end)), ['channel']);
    for (const row of body.data.speed.rows) {
      const g = truth.find((t) => t.key.channel === row.channel)!;
      expect(row.talkRatio).toBeCloseTo(metricValue(g.parts, 'talk_time')! / metricValue(g.parts, 'handle_time')!, 4);
    }
    for (const row of body.data.quality.rows) {
      const g = truth.find((t) => t.key.channel === row.channel)!;
      expect(row.serviceLevel).toBeCloseTo(metricValue(g.parts, 'service_level')!, 2);
      const fcr = metricValue(g.parts, 'first_contact_resolution');
      if (fcr === null) expect(row.firstContactResolution).toBeNull();
      else expect(row.firstContactResolution).toBeCloseTo(fcr, 2);
    }
  });

  it('fields over different slices are not merged', async () => {
    await s.gql(`{
      a: analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${day(5)}", end: "${day(6)}" } }) { rows { talkTime } }
      b: analytics(query: { dimensions: [SKILL], dateRange: { start: "${day(5)}", end: "${day(6)}" } }) { rows { talkTime } }
    }`);
    expect(s.sim.summaryCalls()).toHaveLength(2);
  });
});

describe('serving from a superset', () => {
  it('a cached result with more metrics answers without an upstream call', async () => {
    const r = { start: day(7), end: day(8) };
    await s.gql(
      `query Q($r: DateRangeInput!) { analytics(query: { metrics: [HANDLE_TIME, TALK_TIME, HOLD_TIME, QUEUE_TIME], dimensions: [SKILL], dateRange: $r }) { rowCount } }`,
      { r },
    );
    expect(s.sim.summaryCalls()).toHaveLength(1);
    const { body } = await s.gql(
      `query Q($r: DateRangeInput!) { analytics(query: { dimensions: [SKILL], dateRange: $r }) { columns rows { skill talkRatio } meta { cacheHit } } }`,
      { r },
    );
    expect(body.data.analytics.meta.cacheHit).toBe(true);
    expect(body.data.analytics.columns).toEqual(['skill', 'handleTime', 'talkTime', 'talkRatio']);
    expect(body.data.analytics.rows.every((row: any) => typeof row.talkRatio === 'number')).toBe(true);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });
});

describe('day partitions', () => {
  const ROWS = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { date channel handleTime talkRatio } meta { cacheHit upstreamPages } } }`;
  const range = (a: number, b: number) => ({ start: day(a), end: day(b) });

  it('a 14-day query after a 10-day query fetches only the 4 missing days; stitched rows equal a cold query', async () => {
    const base = { dimensions: ['DATE', 'CHANNEL'], pageSize: 1000 };
    await s.gql(ROWS, { q: { ...base, dateRange: range(10, 20) } });
    expect(s.sim.summaryCalls()).toHaveLength(1);
    s.sim.reset();
    const stitched = await s.gql(ROWS, { q: { ...base, dateRange: range(10, 24) } });
    const calls = s.sim.summaryCalls();
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as any).dateRange).toEqual({ start: day(20), end: day(24) });
    expect(stitched.body.data.analytics.meta.cacheHit).toBe(false);

    const cold = await startStack({ env: { ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace() } });
    try {
      const fresh = await cold.gql(ROWS, { q: { ...base, dateRange: range(10, 24) } });
      expect((cold.sim.summaryCalls()[0]!.body as any).dateRange).toEqual({ start: day(10), end: day(24) });
      expect(stitched.body.data.analytics.rows).toEqual(fresh.body.data.analytics.rows);
      expect(stitched.body.data.analytics.rowCount).toBe(14 * 5);
    } finally {
      await cold.close();
    }
    // All 14 days now cached: no call at all.
    s.sim.reset();
    const again = await s.gql(ROWS, { q: { ...base, dimensions: ['CHANNEL', 'DATE'], dateRange: range(12, 22) } });
    expect(again.body.data.analytics.meta.cacheHit).toBe(true);
    expect(s.sim.summaryCalls()).toHaveLength(0);
    // Ordered by time first, then by channel.
    expect(again.body.data.analytics.rows.slice(0, 2).map((r: any) => [r.date, r.channel])).toEqual([
      [day(12).slice(0, 10), 'chat'],
      [day(12).slice(0, 10), 'email'],
    ]);
  });

  it('two separate gaps are two queries, each over its contiguous days', async () => {
    const base = { dimensions: ['DATE'], pageSize: 1000 };
    await s.gql(ROWS, { q: { ...base, dateRange: range(1, 3) } });
    await s.gql(ROWS, { q: { ...base, dateRange: range(4, 5) } });
    s.sim.reset();
    const { body } = await s.gql(ROWS, { q: { ...base, dateRange: range(1, 8) } });
    expect(body.data.analytics.rowCount).toBe(7);
    expect(
      s.sim
        .summaryCalls()
        .map((c) => (c.body as any).dateRange)
        .sort((a: any, b: any) => (a.start < b.start ? -1 : 1)),
    ).toEqual([
      { start: day(3), end: day(4) },
      { start: day(5), end: day(8) },
    ]);
  });

  it('a range not on day boundaries: each partial day is a question of its own, whole days are asked by date', async () => {
    const q = { dimensions: ['DATE'], dateRange: { start: '2026-04-01T06:00:00Z', end: '2026-04-03T06:00:00Z' } };
    const { body } = await s.gql(ROWS, { q });
    expect(body.data.analytics.rows.map((r: any) => r.date)).toEqual(['2026-04-01', '2026-04-02', '2026-04-03']);
    const asked = s.sim.summaryCalls().map((c) => [(c.body as any).dateRange, (c.body as any).dimensions]);
    expect(asked.sort((a: any, b: any) => (a[0].start < b[0].start ? -1 : 1))).toEqual([
      [{ start: '2026-04-01T06:00:00.000Z', end: '2026-04-02T00:00:00.000Z' }, []],
      [{ start: '2026-04-02T00:00:00.000Z', end: '2026-04-03T00:00:00.000Z' }, []],
      [{ start: '2026-04-03T00:00:00.000Z', end: '2026-04-03T06:00:00.000Z' }, []],
    ]);
  });
});
