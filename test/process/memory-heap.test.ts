/** Finding 3 in a real process: a small heap survives many distinct cold questions, evicting as it goes. */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { simulatorEnv, spawnGateway } from '../support/process.js';
import { freshNamespace } from '../support/redis.js';
import { CLIENT_ID, CLIENT_SECRET } from '../support/stack.js';

describe('a gateway process with a small heap', () => {
  it('answers 1,600 distinct cold questions under --max-old-space-size=160 (it ran out of memory at ~1,740 under 192)', async () => {
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
            body: JSON.stringify({
              metrics: ['handle_time', 'talk_time'],
              dimensions: ['agent', 'skill'],
              start_date: new Date(start).toISOString(),
              end_date: new Date(start + 7 * day).toISOString(),
              page_size: 1000,
            }),
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
