/**
 * Finding 3: in-process memory is bounded. The in-memory result store (and
 * Redis's fallback), stitched day ranges and kept export chunks each stay
 * under a byte bound from CACHE_MEMORY_MAX_MB, stale results going before
 * fresh ones, least recently used first; /metrics counts evictions and shows
 * each memo's bytes.
 */
import { describe, expect, it } from 'vitest';
import { ByteLru, estimateRowsBytes } from '../src/cache/byte-lru.js';
import { memoryStore, type StoredResult } from '../src/cache/store.js';
import { startStack } from './support/stack.js';

function result(rows: number, freshUntil = Date.now() + 3_600_000): StoredResult {
  return {
    rows: Array.from({ length: rows }, (_, i) => ({ agent: `Agent ${i}`, handleTime: 300 + i, talkTime: 200 })),
    metrics: ['handle_time', 'talk_time'],
    dimensions: ['agent'],
    fetchedAt: new Date().toISOString(),
    upstreamPages: 1,
    freshUntil,
    warnings: [],
  };
}

describe('ByteLru', () => {
  it('drops the least recently used past its bound, and counts each', () => {
    const evicted: string[] = [];
    const lru = new ByteLru<string, number>(100, { evicted: (k) => evicted.push(k) });
    lru.set('a', 1, 40);
    lru.set('b', 2, 40);
    lru.get('a'); // b is now the least recently used
    lru.set('c', 3, 40);
    expect(evicted).toEqual(['b']);
    expect(lru.bytes).toBe(80);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
  });

  it('drops expendable entries before any other', () => {
    const lru = new ByteLru<string, { stale: boolean }>(100, { expendable: (v) => v.stale });
    lru.set('old-fresh', { stale: false }, 40);
    lru.set('new-stale', { stale: true }, 40);
    lru.set('newest', { stale: false }, 40);
    expect(lru.get('old-fresh')).toBeDefined();
    expect(lru.get('new-stale')).toBeUndefined();
  });

  it('does not keep a value larger than the whole bound', () => {
    const evicted: string[] = [];
    const lru = new ByteLru<string, number>(10, { evicted: (k) => evicted.push(k) });
    lru.set('huge', 1, 11);
    expect([lru.size, lru.bytes, evicted]).toEqual([0, 0, ['huge']]);
  });

  it('estimates rows in proportion to their count and content', () => {
    const small = result(1000).rows;
    const large = result(10_000).rows;
    expect(estimateRowsBytes(large) / estimateRowsBytes(small)).toBeCloseTo(10, 0);
    expect(estimateRowsBytes(small)).toBeGreaterThan(1000 * 100);
  });
});

describe('memoryStore', () => {
  it('10,000 distinct results stay under the bound; the newest are still there', async () => {
    let evictions = 0;
    const store = memoryStore({ maxBytes: 2 * 1024 * 1024, evicted: () => evictions++ });
    try {
      for (let i = 0; i < 10_000; i++) await store.set(`k${i}`, result(20), 3_600_000);
      expect(store.memoryBytes()).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(evictions).toBeGreaterThan(9000);
      expect(await store.get('k9999')).toBeDefined();
      expect(await store.get('k0')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a stale result goes before a fresh one, even one used less recently', async () => {
    const one = 512 + estimateRowsBytes(result(100).rows);
    const store = memoryStore({ maxBytes: one * 2 + 10 });
    try {
      await store.set('fresh', result(100), 3_600_000);
      await store.set('stale', result(100, Date.now() - 1), 3_600_000);
      await store.set('newer', result(100), 3_600_000);
      expect(await store.get('fresh')).toBeDefined();
      expect(await store.get('stale')).toBeUndefined();
      expect(await store.get('newer')).toBeDefined();
    } finally {
      await store.close();
    }
  });
});

describe('over HTTP', () => {
  it('distinct cold queries past CACHE_MEMORY_MAX_MB evict, shown in /metrics, and the bound holds', async () => {
    const s = await startStack({ env: { CACHE_MEMORY_MAX_MB: '1' } });
    try {
      const ask = (day: number, dims: string) =>
        s.rest({ metrics: ['handle_time', 'talk_time'], dimensions: dims.split(','), start_date: new Date(Date.UTC(2021, 0, day)).toISOString(), end_date: new Date(Date.UTC(2021, 0, day + 7)).toISOString() });
      for (let d = 1; d <= 60; d++) expect((await ask(d, 'agent,skill')).status).toBe(200);
      const metrics = await (await fetch(`${s.gw.url}/metrics`)).text();
      const evicted = Number(/gateway_cache_evictions_total\{cache="results"\} (\d+)/.exec(metrics)?.[1]);
      const bytes = Number(/gateway_cache_memory_bytes\{cache="results"\} (\d+)/.exec(metrics)?.[1]);
      expect(evicted).toBeGreaterThan(0);
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(metrics).toMatch(/gateway_cache_memory_bytes\{cache="export_chunks"\} \d+/);
      expect(metrics).toMatch(/gateway_cache_memory_bytes\{cache="stitched"\} \d+/);
      expect(metrics).toMatch(/gateway_cache_memory_bytes\{cache="responses"\} \d+/);
      // The first one was evicted: asking again goes upstream.
      const calls = s.sim.summaryCalls().length;
      await ask(1, 'agent,skill');
      expect(s.sim.summaryCalls().length).toBeGreaterThan(calls);
    } finally {
      await s.close();
    }
  });
});

describe('the warm path response cache', () => {
  it('counts UTF-8 bytes in and out the same way, so non-ASCII names do not drift its 64 MiB bound', async () => {
    const { ResponseCache } = await import('../src/http/response-cache.js');
    const cache = new ResponseCache(64 * 1024 * 1024);
    const body = JSON.stringify({ data: { rows: [{ agent: 'José Müller' }, { agent: 'Zoë Ødegård' }] } });
    const bytes = Buffer.byteLength(body);
    expect(bytes).toBeGreaterThan(body.length);
    cache.set('a', body, 'application/json', { ok: true, validUntil: Date.now() + 60_000, answered: [] });
    cache.set('b', body, 'application/json', { ok: true, validUntil: Date.now() + 60_000, answered: [] });
    expect(cache.size).toBe(2 * bytes);
    cache.set('a', body, 'application/json', { ok: true, validUntil: Date.now() + 60_000, answered: [] }); // replaced
    expect(cache.size).toBe(2 * bytes);
    expect(cache.get('b', Date.now() + 120_000)).toBeUndefined(); // expired: taken out
    expect(cache.size).toBe(bytes);
  });
});

describe('a gateway process with a small heap', () => {
  it('answers 1,600 distinct cold questions under --max-old-space-size=160 (it ran out of memory at ~1,740 under 192)', async () => {
    const { Simulator } = await import('../src/simulator/server.js');
    const { simulatorEnv, spawnGateway } = await import('./support/process.js');
    const { freshNamespace } = await import('./support/redis.js');
    const { CLIENT_ID, CLIENT_SECRET } = await import('./support/stack.js');
    const sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
    const env = { ...simulatorEnv(sim, freshNamespace()), REDIS_URL: '', CACHE_MEMORY_MAX_MB: '48', NODE_OPTIONS: '--max-old-space-size=160' };
    const gw = await spawnGateway(env);
    try {
      let next = 0;
      const day = 86_400_000;
      const worker = async () => {
        while (next < 1600) {
          const i = next++;
          const start = Date.UTC(1980, 0, 1) + i * day;
          const res = await fetch(`${gw.url}/api/v1/analytics/query`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ metrics: ['handle_time', 'talk_time'], dimensions: ['agent', 'skill'], start_date: new Date(start).toISOString(), end_date: new Date(start + 7 * day).toISOString(), page_size: 1000 }),
          });
          expect(res.status).toBe(200);
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      expect(Number(/gateway_cache_evictions_total\{cache="results"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(800);
      expect(gw.child.exitCode).toBeNull();
    } finally {
      await gw.stop();
      await sim.stop();
    }
  }, 120_000);
});
