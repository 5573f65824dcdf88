/** SIGTERM during 20 in-flight queries: all complete, the process exits 0. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../src/simulator/server.js';
import { simulatorEnv, spawnGateway } from './support/process.js';
import { freshNamespace } from './support/redis.js';
import { CLIENT_ID, CLIENT_SECRET } from './support/stack.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, faults: { latencyMs: 700 } }).start();
});
afterAll(() => sim.stop());

describe('graceful shutdown', () => {
  it('finishes 20 in-flight queries after SIGTERM, then closes Redis and exits 0 without waiting for idle sockets', async () => {
    const gw = await spawnGateway({ ...simulatorEnv(sim, freshNamespace()), UPSTREAM_TIMEOUT_MS: '5000' });
    const inflight = Array.from({ length: 20 }, (_, i) =>
      fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${new Date(Date.UTC(2024, 0, 1 + i)).toISOString()}", end: "${new Date(Date.UTC(2024, 0, 2 + i)).toISOString()}" } }) { rows { talkRatio } } }`,
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as any })),
    );
    while (sim.summaryCalls().length < 20) await new Promise((r) => setTimeout(r, 20));
    const exited = gw.stop('SIGTERM');
    const answers = await Promise.all(inflight);
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.body.errors).toBeUndefined();
      expect(a.body.data.analytics.rows.length).toBe(5);
    }
    const stopping = Date.now();
    expect(await exited).toBe(0);
    // Exits once they are answered, not at some idle timeout later.
    expect(Date.now() - stopping).toBeLessThan(5000);
    expect(gw.output()).toContain('shutting down');
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  });
});
