/**
 * Redis trouble never fails a query: a private redis-server is stopped,
 * slowed and restarted under a running gateway.
 */
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../support/redis.js';
import { sleep, startStack, type Stack } from '../support/stack.js';

const PORT = 20_000 + Math.floor(Math.random() * 20_000);
const redis = new PrivateRedis(PORT);
let s: Stack;

beforeAll(async () => {
  await redis.start();
  s = await startStack({ env: { REDIS_URL: redis.url, REDIS_TIMEOUT_MS: '200' } });
});
afterAll(async () => {
  await s?.close();
  await redis.stop();
});

const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel talkRatio } meta { cacheHit } } }`;
let n = 0;
function q() {
  n++;
  return { dimensions: ['CHANNEL'], dateRange: { start: new Date(Date.UTC(2026, 6, n)).toISOString(), end: new Date(Date.UTC(2026, 6, n + 1)).toISOString() } };
}
async function ready(url = s.gw.url) {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; cache: string } };
}
async function until(check: () => Promise<boolean>, ms = 10_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(100);
  }
  throw new Error('condition not reached');
}

describe('Redis stopped, slowed and restarted under a running gateway', () => {
  it('answers every query throughout, reports degraded, and hits again once Redis is back', async () => {
    await until(async () => (await ready()).body.cache === 'ok');
    const cachedQ = q();
    await s.gql(DOC, { q: cachedQ });
    expect((await s.gql(DOC, { q: cachedQ })).body.data.analytics.meta.cacheHit).toBe(true);

    await redis.stop();
    await until(async () => (await ready()).body.status === 'degraded');
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body.cache).toMatch(/^degraded: redis/);

    // Every query still answered, from upstream, with in-process single flight,
    // then from the in-process fallback store.
    s.sim.reset();
    s.sim.setFaults({ latencyMs: 200 });
    const down = q();
    const answers = await Promise.all(Array.from({ length: 10 }, () => s.gql(DOC, { q: down })));
    for (const a of answers) {
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.analytics.meta.cacheHit).toBe(false);
    }
    expect(s.sim.summaryCalls()).toHaveLength(1);
    expect((await s.gql(DOC, { q: down })).body.data.analytics.meta.cacheHit).toBe(true);
    expect(s.sim.summaryCalls()).toHaveLength(1);
    s.sim.setFaults({ latencyMs: 0 });
    expect((await s.gql(DOC, { q: cachedQ })).body.errors).toBeUndefined();

    await redis.start();
    await until(async () => (await ready()).body.cache === 'ok');
    const back = q();
    await s.gql(DOC, { q: back });
    expect((await s.gql(DOC, { q: back })).body.data.analytics.meta.cacheHit).toBe(true);
  });

  it('a slow Redis is bounded by REDIS_TIMEOUT_MS: the query goes upstream instead of waiting', async () => {
    await until(async () => (await ready()).body.cache === 'ok');
    const cachedQ = q();
    await s.gql(DOC, { q: cachedQ });
    const blocker = createClient({ url: redis.url });
    await blocker.connect();
    try {
      // DEBUG SLEEP blocks the whole server for 2 s.
      let redisBack = false;
      const sleeping = blocker.sendCommand(['DEBUG', 'SLEEP', '2']).then(() => (redisBack = true));
      await sleep(50);
      s.sim.reset();
      const { body } = await s.gql(DOC, { q: cachedQ });
      // Answered from upstream while Redis was still asleep: the cache read was cut at REDIS_TIMEOUT_MS.
      expect(redisBack).toBe(false);
      expect(body.errors).toBeUndefined();
      expect(body.data.analytics.meta.cacheHit).toBe(false);
      expect(s.sim.summaryCalls()).toHaveLength(1);
      await sleeping;
    } finally {
      await blocker.close();
    }
  });

  it('a gateway started while Redis is down serves, then uses Redis once it comes up', async () => {
    const port = PORT + 1;
    const late = new PrivateRedis(port);
    const st = await startStack({ env: { REDIS_URL: late.url, REDIS_TIMEOUT_MS: '200' } });
    try {
      const early = q();
      expect((await st.gql(DOC, { q: early })).body.errors).toBeUndefined();
      expect((await ready(st.gw.url)).body.status).toBe('degraded');
      await late.start();
      await until(async () => (await ready(st.gw.url)).body.cache === 'ok');
      const later = q();
      await st.gql(DOC, { q: later });
      expect((await st.gql(DOC, { q: later })).body.data.analytics.meta.cacheHit).toBe(true);
    } finally {
      await st.close();
      await late.stop();
    }
  });
});
