/**
 * Every row of the contract's error tables (docs/upstream-summary-query.md):
 * how many upstream calls, which code, how long Retry-After made us wait.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

let s: Stack;
let day = 0;
beforeAll(async () => {
  s = await startStack({ env: { CXONE_EXTRA_METRICS: 'custom_score', UPSTREAM_TIMEOUT_MS: '300' } });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

/** A fresh question each time, so no test is answered from another's cache. */
function fresh() {
  day++;
  const start = new Date(Date.UTC(2026, 0, day)).toISOString();
  const end = new Date(Date.UTC(2026, 0, day + 1)).toISOString();
  return { dimensions: ['CHANNEL'], dateRange: { start, end }, pageSize: 1000 };
}
const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { channel talkRatio } meta { cacheHit upstreamPages } } }`;

async function ask(q = fresh()) {
  const { body } = await s.gql(DOC, { q });
  return { body, code: body.errors?.[0]?.extensions?.code as string | undefined, message: body.errors?.[0]?.message as string | undefined };
}

describe('token endpoint', () => {
  // A gateway of its own per test: its token cache starts empty.
  let t: Stack;
  beforeEach(async () => {
    t = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
  });
  afterEach(() => t.close());
  const askT = async () => (await t.gql(DOC, { q: fresh() })).body;

  it.each([
    [400, 'UPSTREAM_AUTH_FAILED'],
    [401, 'UPSTREAM_AUTH_FAILED'],
    [403, 'UPSTREAM_FORBIDDEN'],
  ])('%i fails fast with %s, no retry, nothing sent to analytics', async (status, code) => {
    t.sim.setFaults({ tokenScript: [{ status, body: { error: 'invalid_client' } }] });
    const body = await askT();
    expect(body.errors[0].extensions.code).toBe(code);
    expect(t.sim.tokenCalls()).toHaveLength(1);
    expect(t.sim.summaryCalls()).toHaveLength(0);
  });

  it('wrong client credentials: UPSTREAM_AUTH_FAILED after one call', async () => {
    const other = await startStack({ env: { CXONE_CLIENT_SECRET: 'not-the-secret-at-all' } });
    try {
      const { body } = await other.gql(DOC, { q: fresh() });
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_AUTH_FAILED');
      expect(body.errors[0].message).toContain('invalid_client');
      expect(other.sim.tokenCalls()).toHaveLength(1);
      expect(other.sim.summaryCalls()).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it.each([
    [{ status: 429, retryAfter: '0' }],
    [{ status: 500 }],
    [{ status: 502 }],
    [{ status: 503 }],
    [{ status: 504 }],
    [{ drop: true }],
    [{ delayMs: 500 }],
  ])('transient %j is retried, then the token is used', async (step) => {
    t.sim.setFaults({ tokenScript: [step] });
    const body = await askT();
    expect(body.errors).toBeUndefined();
    expect(t.sim.tokenCalls()).toHaveLength(2);
    expect(t.sim.tokenCalls()[1]!.status).toBe(200);
    expect(t.sim.summaryCalls()).toHaveLength(1);
  });

  it('still failing after the budget: the error of the last answer', async () => {
    t.sim.setFaults({ tokenScript: [{ status: 503, times: 5 }] });
    const body = await askT();
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(t.sim.tokenCalls()).toHaveLength(3);
    expect(t.sim.summaryCalls()).toHaveLength(0);
  });

  it('one token refresh however many requests wait for it', async () => {
    t.sim.setFaults({ latencyMs: 50 });
    const day = fresh();
    const bodies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.gql(DOC, { q: { ...day, filters: [{ dimension: 'CHANNEL', operator: 'NOT_IN', values: [`x${i}`] }] } })),
    );
    expect(bodies.every((b) => b.body.errors === undefined)).toBe(true);
    expect(t.sim.tokenCalls()).toHaveLength(1);
    expect(t.sim.summaryCalls()).toHaveLength(10);
  });
});

describe('analytics endpoint', () => {
  it("400: no retry, UPSTREAM_REJECTED with CXone's message", async () => {
    const q = { ...fresh(), customMetrics: ['custom_score'] };
    const { body } = await s.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { metric(name: "custom_score") } } }`, { q });
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_REJECTED');
    expect(body.errors[0].extensions.upstreamStatus).toBe(400);
    expect(body.errors[0].message).toContain("unknown metric 'custom_score'");
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('401: drops the token, fetches a new one, retries the page once', async () => {
    await ask(); // a token is cached
    s.sim.reset();
    s.sim.revokeTokens();
    const r = await ask();
    expect(r.code).toBeUndefined();
    expect(s.sim.summaryCalls().map((c) => c.status)).toEqual([401, 200]);
    expect(s.sim.tokenCalls()).toHaveLength(1);
    const [first, second] = s.sim.summaryCalls();
    expect(second!.authorization).not.toBe(first!.authorization);
    expect(second!.body).toEqual(first!.body);
  });

  it('401 twice: UPSTREAM_AUTH_FAILED after exactly two calls', async () => {
    s.sim.setFaults({ script: [{ status: 401, body: { error: 'invalid_token' }, times: 2 }] });
    const r = await ask();
    expect(r.code).toBe('UPSTREAM_AUTH_FAILED');
    expect(s.sim.summaryCalls()).toHaveLength(2);
  });

  it('403 (token without analytics:read): no retry, UPSTREAM_FORBIDDEN', async () => {
    const scopeless = await startStack({ faults: { missingScope: true } });
    try {
      const { body } = await scopeless.gql(DOC, { q: fresh() });
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_FORBIDDEN');
      expect(scopeless.sim.summaryCalls().map((c) => c.status)).toEqual([403]);
    } finally {
      await scopeless.close();
    }
  });

  /** The waits the gateway logged, in order: retry waits and 429 pauses. */
  const waits = (logs: string) =>
    logs
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { waitMs?: number; pauseMs?: number })
      .flatMap((l) => (l.pauseMs !== undefined ? [`pause ${l.pauseMs}`] : l.waitMs !== undefined ? [`wait ${l.waitMs}`] : []));

  it('429 with Retry-After in seconds: every call pauses that long, on real timers, then the call is retried', async () => {
    const t = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    try {
      t.sim.setFaults({ script: [{ status: 429, retryAfter: '1' }] });
      const { body } = await t.gql(DOC, { q: fresh() });
      expect(body.errors).toBeUndefined();
      expect(t.sim.summaryCalls().map((c) => c.status)).toEqual([429, 200]);
      expect(waits(t.logs())).toEqual(['pause 1000', 'wait 1000']);
      // Wired to real timers: the retry left after the pause (a lower bound only; a slow machine only widens it).
      const [a, b] = t.sim.summaryCalls();
      expect(b!.at - a!.doneAt).toBeGreaterThanOrEqual(900);
    } finally {
      await t.close();
    }
  });

  it('429 with Retry-After as an HTTP date: the wait is measured to that instant', async () => {
    const t = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    try {
      const at = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
      t.sim.setFaults({ script: [{ status: 429, retryAfter: at.toUTCString() }] });
      const { body } = await t.gql(DOC, { q: fresh() });
      expect(body.errors).toBeUndefined();
      const [pause, wait] = waits(t.logs()).map((w) => Number(w.split(' ')[1]));
      expect(pause).toBeGreaterThan(0);
      expect(pause).toBeLessThanOrEqual(3000);
      expect(wait).toBeLessThanOrEqual(pause!); // measured later, from the same instant
    } finally {
      await t.close();
    }
  });

  it('429 without Retry-After: a 1 s pause for every caller; still 429 after the budget: UPSTREAM_RATE_LIMITED', async () => {
    const t = await startStack({ env: { UPSTREAM_TIMEOUT_MS: '300' } });
    try {
      t.sim.setFaults({ script: [{ status: 429, times: 10 }] });
      const { body } = await t.gql(DOC, { q: fresh() });
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_RATE_LIMITED');
      expect(t.sim.summaryCalls()).toHaveLength(3); // UPSTREAM_MAX_ATTEMPTS
      expect(waits(t.logs()).filter((w) => w.startsWith('pause'))).toEqual(['pause 1000', 'pause 1000', 'pause 1000']);
    } finally {
      await t.close();
    }
  });

  it('Retry-After beyond the cap is capped', async () => {
    const capped = await startStack({ env: { UPSTREAM_RETRY_AFTER_MAX_SECONDS: '1' } });
    try {
      capped.sim.setFaults({ script: [{ status: 429, retryAfter: '3600' }] });
      const { body } = await capped.gql(DOC, { q: fresh() });
      expect(body.errors).toBeUndefined();
      expect(waits(capped.logs())).toEqual(['pause 1000', 'wait 1000']);
    } finally {
      await capped.close();
    }
  });

  it.each([500, 502, 503, 504])('%i is retried with backoff and then succeeds', async (status) => {
    s.sim.setFaults({ script: [{ status, times: 2 }] });
    const r = await ask();
    expect(r.code).toBeUndefined();
    expect(s.sim.summaryCalls().map((c) => c.status)).toEqual([status, status, 200]);
  });

  it.each([500, 503])('%i on every attempt: UPSTREAM_UNAVAILABLE after the budget', async (status) => {
    s.sim.setFaults({ script: [{ status, times: 10 }] });
    const r = await ask();
    expect(r.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(s.sim.summaryCalls()).toHaveLength(3);
  });

  it('a reset connection is retried', async () => {
    s.sim.setFaults({ script: [{ drop: true }] });
    const r = await ask();
    expect(r.code).toBeUndefined();
    expect(s.sim.summaryCalls().map((c) => c.status)).toEqual([-1, 200]);
  });

  it('a timeout is retried; timeouts on every attempt: UPSTREAM_UNAVAILABLE', async () => {
    s.sim.setFaults({ script: [{ delayMs: 600 }] });
    expect((await ask()).code).toBeUndefined();
    expect(s.sim.summaryCalls()).toHaveLength(2);
    s.sim.reset();
    s.sim.setFaults({ script: [{ delayMs: 600, times: 3 }] });
    const r = await ask();
    expect(r.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(r.message).toContain('timed out');
    expect(s.sim.summaryCalls()).toHaveLength(3);
  });

  it.each([
    ['not JSON', '<html>oops</html>'],
    ['no data', { rows: [] }],
    ['a row that is not an object', { data: [1, 2] }],
    ['a bad cursor', { data: [], paging: { next: 42 } }],
  ])('200 with %s: no retry, UPSTREAM_BAD_RESPONSE', async (_what, body) => {
    s.sim.setFaults({ script: [{ status: 200, body }] });
    const r = await ask();
    expect(r.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });
});

describe('incomplete results are never kept', () => {
  const multiPage = () => ({ ...fresh(), dimensions: ['SKILL', 'AGENT'], pageSize: 50 });

  it('a cursor loop stops with an error and nothing is cached', async () => {
    s.sim.setFaults({ cursorLoop: true });
    const q = multiPage();
    const r = await ask(q);
    expect(r.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(r.message).toContain('cursor loop');
    // Page 1 hands out c1; page 2, asked with c1, hands c1 back: stop there.
    expect(s.sim.summaryCalls()).toHaveLength(2);
    s.sim.reset();
    const again = await ask(q);
    expect(again.code).toBeUndefined();
    expect(again.body.data.analytics.meta.cacheHit).toBe(false);
  });

  it('a page that fails after its retries fails the query; the next ask starts from page 1', async () => {
    const q = multiPage();
    s.sim.setFaults({ script: [{}, { status: 503, times: 3 }] });
    const r = await ask(q);
    expect(r.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(s.sim.summaryCalls().map((c) => c.status)).toEqual([200, 503, 503, 503]);
    s.sim.reset();
    const again = await ask(q);
    expect(again.body.data.analytics.meta.cacheHit).toBe(false);
    expect((s.sim.summaryCalls()[0]!.body as any).paging.next).toBeUndefined();
  });

  it('more pages than UPSTREAM_MAX_PAGES fails loudly, never truncates', async () => {
    const capped = await startStack({ env: { UPSTREAM_MAX_PAGES: '2' } });
    try {
      const { body } = await capped.gql(DOC, { q: multiPage() });
      expect(body.errors[0].extensions.code).toBe('RESULT_TOO_LARGE');
      expect(body.errors[0].message).toContain('more than 2 pages');
      expect(body.data).toBeNull();
      expect(capped.sim.summaryCalls()).toHaveLength(2);
    } finally {
      await capped.close();
    }
  });
});
