/**
 * SIGTERM during in-flight queries: all complete within SHUTDOWN_TIMEOUT_MS
 * and the process exits 0; past it, what is left is cut and it exits 1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { simulatorEnv, spawnGateway } from '../support/process.js';
import { freshNamespace } from '../support/redis.js';
import { CLIENT_ID, CLIENT_SECRET } from '../support/stack.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, faults: { latencyMs: 700 } }).start();
});
afterAll(() => sim.stop());

describe('graceful shutdown', () => {
  it('finishes 20 in-flight queries after SIGTERM, then closes Redis and exits 0 without waiting for idle sockets', async () => {
    // Idle keep-alive sockets would hold the server open 10 minutes, past SHUTDOWN_TIMEOUT_MS (exit 1):
    // exit 0 shows they were closed as soon as their requests were answered.
    const gw = await spawnGateway({
      ...simulatorEnv(sim, freshNamespace()),
      UPSTREAM_TIMEOUT_MS: '5000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '600000',
      SHUTDOWN_TIMEOUT_MS: '15000',
    });
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
    expect(await exited).toBe(0);
    expect(gw.output()).toContain('shutting down');
    await expect(fetch(`${gw.url}/healthz`)).rejects.toThrow();
  });

  const query = (url: string, day: number) =>
    fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "${new Date(Date.UTC(2023, 0, 1 + day)).toISOString()}", end: "${new Date(Date.UTC(2023, 0, 2 + day)).toISOString()}" } }) { rows { channel handleTime } } }`,
      }),
    }).then(
      async (r) => ({ status: r.status, body: (await r.json()) as any }),
      (err: Error) => ({ status: 0, body: String(err.cause ?? err) }),
    );

  it('requests that take longer than 10 s finish under the default SHUTDOWN_TIMEOUT_MS (25 s), exit 0', async () => {
    const slow = { status: 200, delayMs: 11_000, body: { data: [{ channel: 'voice', handle_time: 42 }] }, times: 5 };
    const before = sim.summaryCalls().length;
    sim.setFaults({ latencyMs: 0, script: [slow] });
    const gw = await spawnGateway({ ...simulatorEnv(sim, freshNamespace()), UPSTREAM_TIMEOUT_MS: '20000' });
    try {
      const inflight = Array.from({ length: 5 }, (_, i) => query(gw.url, i));
      while (sim.summaryCalls().length < before + 5) await new Promise((r) => setTimeout(r, 20));
      const exited = gw.stop('SIGTERM');
      for (const a of await Promise.all(inflight)) {
        expect(a.status).toBe(200);
        expect(a.body.data.analytics.rows).toEqual([{ channel: 'voice', handleTime: 42 }]);
      }
      expect(await exited).toBe(0);
    } finally {
      sim.reset();
    }
  }, 40_000);

  it('past SHUTDOWN_TIMEOUT_MS the requests left are cut and the exit code is 1', async () => {
    const before = sim.summaryCalls().length;
    sim.setFaults({ latencyMs: 0, script: [{ status: 200, delayMs: 5000, body: { data: [] }, times: 2 }] });
    const gw = await spawnGateway({ ...simulatorEnv(sim, freshNamespace()), SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      const inflight = Array.from({ length: 2 }, (_, i) => query(gw.url, 100 + i));
      while (sim.summaryCalls().length < before + 2) await new Promise((r) => setTimeout(r, 20));
      const exited = gw.stop('SIGTERM');
      expect(await exited).toBe(1);
      for (const a of await Promise.all(inflight)) expect(a.status).toBe(0);
      expect(gw.output()).toContain('shutdown timed out: cutting the requests still in flight');
    } finally {
      sim.reset();
    }
  });
});
