/**
 * Finding 3: in-process memory is bounded. The in-memory result store (and
 * Redis's fallback), stitched day ranges and kept export chunks each stay
 * under a byte bound from CACHE_MEMORY_MAX_MB, stale results going before
 * fresh ones, least recently used first; /metrics counts evictions and shows
 * each memo's bytes.
 */
import { describe, expect, it } from 'vitest';
import { startStack } from '../support/stack.js';

describe('over HTTP', () => {
  it('distinct cold queries past CACHE_MEMORY_MAX_MB evict, shown in /metrics, and the bound holds', async () => {
    const s = await startStack({ env: { CACHE_MEMORY_MAX_MB: '1' } });
    try {
      const ask = (day: number, dims: string) =>
        s.rest({
          metrics: ['handle_time', 'talk_time'],
          dimensions: dims.split(','),
          start_date: new Date(Date.UTC(2021, 0, day)).toISOString(),
          end_date: new Date(Date.UTC(2021, 0, day + 7)).toISOString(),
        });
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
