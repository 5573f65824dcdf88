/**
 * Stale-while-revalidate and stale-if-error with the cache in Redis, over
 * HTTP. The gateway's clock is moved past the TTL instead of waiting for it;
 * the exact instants are in unit/result-cache.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { ShiftedClock } from '../support/fake-clock.js';
import { sleep, startStack, type Stack } from '../support/stack.js';

const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel talkRatio } meta { cacheHit stale fetchedAt latencyMs } } }`;
const Q = { dimensions: ['CHANNEL'], dateRange: { start: '2026-05-01T00:00:00Z', end: '2026-05-03T00:00:00Z' }, cacheTtlSeconds: 1 };

let s: Stack | undefined;
let clock: ShiftedClock;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function stack(env: Record<string, string>) {
  clock = new ShiftedClock();
  s = await startStack({ clock, env: { ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace(), ...env } });
  return s;
}

describe('stale-while-revalidate', () => {
  it('past TTL: the stale answer comes at once, exactly one refresh runs, the next answer is fresh', async () => {
    const st = await stack({ CACHE_STALE_WHILE_REVALIDATE_SECONDS: '60' });
    const first = await st.gql(DOC, { q: Q });
    expect(first.body.data.analytics.meta.stale).toBe(false);
    clock.shift(1000);
    st.sim.reset();
    st.sim.setFaults({ latencyMs: 800 });

    const staleAnswers = await Promise.all(Array.from({ length: 10 }, () => st.gql(DOC, { q: Q })));
    for (const a of staleAnswers) {
      expect(a.body.data.analytics.meta).toMatchObject({ cacheHit: true, stale: true, fetchedAt: first.body.data.analytics.meta.fetchedAt });
    }
    // Not one of them waited for the refresh: its upstream call had not answered when they all had.
    expect(st.sim.summaryCalls().filter((c) => c.doneAt > 0)).toEqual([]);

    let fresh = await st.gql(DOC, { q: Q });
    for (let i = 0; i < 200 && fresh.body.data.analytics.meta.stale; i++) {
      await sleep(20);
      fresh = await st.gql(DOC, { q: Q });
    }
    expect(fresh.body.data.analytics.meta.stale).toBe(false);
    expect(fresh.body.data.analytics.meta.cacheHit).toBe(true);
    expect(fresh.body.data.analytics.meta.fetchedAt > first.body.data.analytics.meta.fetchedAt).toBe(true);
    expect(st.sim.summaryCalls()).toHaveLength(1);
  });

  it('a failing background refresh keeps the stale result and is not retried on every request', async () => {
    const st = await stack({ CACHE_STALE_WHILE_REVALIDATE_SECONDS: '60' });
    await st.gql(DOC, { q: Q });
    clock.shift(1000);
    st.sim.reset();
    st.sim.setFaults({ errorRatio: 1 });
    for (let i = 0; i < 5; i++) {
      const a = await st.gql(DOC, { q: Q });
      expect(a.body.data.analytics.meta.stale).toBe(true);
      await sleep(30);
    }
    // One refresh (3 attempts), then quiet while its failure is remembered.
    expect(st.sim.summaryCalls()).toHaveLength(3);
  });
});

describe('stale-if-error', () => {
  it('upstream answering 503 to everything: the last good result is served, flagged, with a warning', async () => {
    const st = await stack({ CACHE_STALE_WHILE_REVALIDATE_SECONDS: '0', CACHE_STALE_IF_ERROR_SECONDS: '600' });
    const first = await st.gql(DOC, { q: Q });
    clock.shift(1000);
    st.sim.reset();
    st.sim.setFaults({ errorRatio: 1 });
    const { body } = await st.gql(DOC, { q: Q });
    expect(body.errors).toBeUndefined();
    expect(body.data.analytics.meta).toMatchObject({ stale: true, fetchedAt: first.body.data.analytics.meta.fetchedAt });
    expect(body.data.analytics.rows).toEqual(first.body.data.analytics.rows);
    expect(body.extensions.warnings[0]).toContain('UPSTREAM_UNAVAILABLE');
    expect(st.sim.summaryCalls()).toHaveLength(3);

    const rest = await st.rest({
      metrics: ['talk_time', 'handle_time'],
      dimensions: ['channel'],
      start_date: Q.dateRange.start,
      end_date: Q.dateRange.end,
      cache_ttl: 1,
    });
    expect(rest.status).toBe(200);
    expect(rest.body.warnings[0]).toContain('UPSTREAM_UNAVAILABLE');

    // Upstream back: a fresh answer replaces it.
    st.sim.setFaults({ errorRatio: 0 });
    const back = await st.gql(DOC, { q: Q });
    expect(back.body.data.analytics.meta.stale).toBe(false);
    expect(back.body.extensions).toBeUndefined();
  });

  it('per-day partitions: failing days are served stale, fresh days as they are', async () => {
    const st = await stack({ CACHE_STALE_WHILE_REVALIDATE_SECONDS: '0', CACHE_STALE_IF_ERROR_SECONDS: '600' });
    const q = { ...Q, dimensions: ['DATE', 'CHANNEL'] };
    const first = await st.gql(DOC.replace('channel talkRatio', 'date channel talkRatio'), { q });
    clock.shift(1000);
    st.sim.setFaults({ errorRatio: 1 });
    const { body } = await st.gql(DOC.replace('channel talkRatio', 'date channel talkRatio'), { q });
    expect(body.data.analytics.meta.stale).toBe(true);
    expect(body.data.analytics.rows).toEqual(first.body.data.analytics.rows);
    expect(body.extensions.warnings[0]).toMatch(/last good result for 2026-05-01T00:00:00Z\.\.2026-05-\d\dT00:00:00Z, past its TTL/);
  });

  it('with nothing cached, the error reaches the client', async () => {
    const st = await stack({});
    st.sim.setFaults({ errorRatio: 1 });
    const { body } = await st.gql(DOC, { q: { ...Q, dateRange: { start: '2026-05-10T00:00:00Z', end: '2026-05-11T00:00:00Z' } } });
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
  });
});
