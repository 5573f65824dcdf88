/**
 * Upstream traffic shaping: the limiter keeps CXone under its budget, shared
 * by replicas through Redis, and a 429 pauses every caller.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/simulator/server.js';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { startStack, type Stack } from '../support/stack.js';

/**
 * Arrival times jitter by some milliseconds in transit (most on a loaded
 * machine) although the limiter spaces starts 1000/rps × 1.02 ms apart: one
 * over the budget in a second then takes ≥ 1,020 ms of starts, so a window of
 * 950 ms tolerates 70 ms of jitter and still catches any burst.
 */
const WINDOW_MS = 950;

/** Most requests the simulator received in any sliding window of WINDOW_MS. */
function peakPerSecond(calls: readonly RecordedRequest[]): number {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= WINDOW_MS) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows(limit: 1) { talkRatio } } }`;
/** Distinct questions: one day each. */
const distinct = (i: number, dims = ['CHANNEL']) => ({
  dimensions: dims,
  dateRange: { start: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString(), end: new Date(Date.UTC(2025, 0, 2) + i * 86_400_000).toISOString() },
});

describe('upstream limiter', () => {
  it('60 concurrent distinct queries at 20 requests per second: never more in any second, every query completes', async () => {
    const s = await startStack({ env: { UPSTREAM_RPS: '20', UPSTREAM_CONCURRENCY: '8', REQUEST_TIMEOUT_MS: '60000' } });
    try {
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => s.gql(DOC, { q: distinct(i) })));
      for (const a of answers) expect(a.body.errors).toBeUndefined();
      const calls = s.sim.requests;
      expect(calls).toHaveLength(61); // one token, 60 pages
      expect(peakPerSecond(calls)).toBeLessThanOrEqual(20);
    } finally {
      await s.close();
    }
  }, 60_000);

  it('two replicas sharing Redis share one budget', async () => {
    const env = { UPSTREAM_RPS: '10', ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace() };
    const a = await startStack({ env });
    // Both gateways speak to a's simulator, with the same credential.
    const b = await startStack({ env: { ...env, CXONE_OAUTH_URL: a.sim.tokenUrl, CXONE_ANALYTICS_URL: a.sim.summaryUrl } });
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).gql(DOC, { q: distinct(300 + i, ['SKILL']) })));
      for (const x of answers) expect(x.body.errors).toBeUndefined();
      expect(a.sim.summaryCalls()).toHaveLength(40);
      expect(peakPerSecond(a.sim.requests)).toBeLessThanOrEqual(10);
      expect(b.sim.requests).toHaveLength(0);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('a CXone 429 with Retry-After: 2 pauses the limiter every call goes through, once', async () => {
    const s: Stack = await startStack({ env: { UPSTREAM_RPS: '50', UPSTREAM_CONCURRENCY: '4' } });
    try {
      await s.gql(DOC, { q: distinct(500) }); // the token
      s.sim.reset();
      s.sim.setFaults({ script: [{}, {}, {}, { status: 429, retryAfter: '2' }] });
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => s.gql(DOC, { q: distinct(600 + i) })));
      for (const a of answers) expect(a.body.errors).toBeUndefined();
      const calls = s.sim.summaryCalls();
      expect(calls.filter((c) => c.status === 429)).toHaveLength(1);
      expect(calls).toHaveLength(31);
      // One pause for every caller, as long as Retry-After said (its instants: unit/upstream-timing).
      expect(s.logs().match(/"pauseMs":\d+/g)).toEqual(['"pauseMs":2000']);
      // And it held calls: at 50/s with 4 in flight no call waits a second for the limiter, except behind that pause.
      const metrics = await (await fetch(`${s.gw.url}/metrics`)).text();
      const count = Number(/gateway_upstream_limiter_wait_seconds_count (\d+)/.exec(metrics)?.[1]);
      const withinASecond = Number(/gateway_upstream_limiter_wait_seconds_bucket\{le="1"\} (\d+)/.exec(metrics)?.[1]);
      expect(count - withinASecond).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  }, 60_000);
});
