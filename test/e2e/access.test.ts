/** API keys, per-client rate limits, production mode and /metrics. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyId } from '../../src/http/auth.js';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const KEY_A = 'dashboard-wall-7c1f0e9a2b';
const KEY_B = 'bi-connector-44d0a1c9f3';
const DOC = `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel talkRatio } } }`;

describe('API keys', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { GATEWAY_API_KEYS: `${KEY_A},${KEY_B}`, LOG_LEVEL: 'trace' } });
  });
  afterAll(() => s.close());

  it('without a key, with a wrong key, with a right key: 401, 401, 200', async () => {
    const none = await s.gql(DOC);
    const wrong = await s.gql(DOC, undefined, { authorization: 'Bearer not-a-key-at-all-123' });
    const right = await s.gql(DOC, undefined, { authorization: `Bearer ${KEY_A}` });
    const header = await s.gql(DOC, undefined, { 'x-api-key': KEY_B });
    expect([none.status, wrong.status, right.status, header.status]).toEqual([401, 401, 200, 200]);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(wrong.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(right.body.data.analytics.rows).toHaveLength(5);

    const rest = await s.rest({ metrics: ['handle_time'], dimensions: [], start_date: WEEK.start, end_date: WEEK.end });
    expect(rest.status).toBe(401);
    expect(rest.body.code).toBe('UNAUTHENTICATED');
    // Nothing reached CXone for the refused ones: one pagination, for the first right key.
    expect(s.sim.summaryCalls()).toHaveLength(1);

    const audit = await s.audit();
    expect(audit.map((a) => a.client)).toEqual([keyId(KEY_A), keyId(KEY_B)]);
    for (const text of [JSON.stringify(audit), s.logs()]) {
      expect(text).not.toContain(KEY_A);
      expect(text).not.toContain(KEY_B);
    }
    expect(s.logs().length).toBeGreaterThan(0);
  });

  it('health, readiness and metrics need no key', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await fetch(s.gw.url + path)).status).toBe(200);
  });
});

describe('per-client rate limit', () => {
  it('a token bucket per key, shared by replicas through Redis: 429 with Retry-After', async () => {
    const env = {
      GATEWAY_API_KEYS: `${KEY_A},${KEY_B}`,
      CLIENT_RATE_LIMIT_PER_SECOND: '1',
      CLIENT_RATE_LIMIT_BURST: '3',
      ...sharedRedisEnv(),
      CACHE_NAMESPACE: freshNamespace(),
    };
    const a = await startStack({ env });
    const b = await startStack({ env: { ...env, CACHE_NAMESPACE: env.CACHE_NAMESPACE } });
    try {
      const auth = { authorization: `Bearer ${KEY_A}` };
      // Another key fetches the data first: KEY_A's requests are then warm hits of a few ms, far inside the 1 s refill.
      expect((await a.gql(DOC, undefined, { authorization: `Bearer ${KEY_B}` })).status).toBe(200);
      const statuses = [];
      for (const st of [a, b, a, b]) statuses.push((await st.gql(DOC, undefined, auth)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = await fetch(`${b.gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ query: DOC }),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const body = (await res.json()) as any;
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      // Another key has its own bucket.
      expect((await a.gql(DOC, undefined, { authorization: `Bearer ${KEY_B}` })).status).toBe(200);
      const metrics = await (await fetch(`${b.gw.url}/metrics`)).text();
      expect(metrics).toContain(`gateway_client_rate_limited_total{client="${keyId(KEY_A)}"} 2`);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('production mode', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => s.close());

  it('refuses introspection', async () => {
    const { body } = await s.gql('{ __schema { types { name } } }');
    expect(body.errors[0].message).toMatch(/introspection/i);
    expect(body.data).toBeUndefined();
  });

  it('serves no landing page', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type')).not.toMatch(/html/);
    expect(await res.text()).not.toMatch(/<html|sandbox|embed/i);
  });

  it('gives no "did you mean" hints', async () => {
    const { body } = await s.gql('{ analytic { rowCount } }');
    expect(body.errors[0].message).not.toMatch(/did you mean/i);
    expect(body.errors[0].message).not.toContain('analytics');
  });

  it('an upstream error reaches the client with its code and a request id, no stack', async () => {
    s.sim.setFaults({ script: [{ status: 200, body: { data: [{ date: '2026-13-45', handle_time: 1 }] } }] });
    // Whole UTC days: asked by date, so the impossible date is read and refused.
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [DATE], dateRange: { start: "2026-02-01T00:00:00Z", end: "2026-02-03T00:00:00Z" } }) { rows { date } } }`,
      }),
    });
    const body = (await res.json()) as any;
    const [err] = body.errors;
    expect(Object.keys(err.extensions).sort()).toEqual(['code', 'requestId']);
    expect(err.extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.extensions.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/stack|at .*\.js/);
  });
});

describe('/metrics', () => {
  it('counts requests, cache outcomes, upstream calls and retries by status', async () => {
    const s = await startStack({ env: { AUDIT_LOG_PATH: join(mkdtempSync(join(tmpdir(), 'gw-')), 'a.log') } });
    try {
      s.sim.setFaults({ script: [{ status: 503 }] });
      await s.gql(DOC);
      await s.gql(DOC);
      const text = await (await fetch(`${s.gw.url}/metrics`)).text();
      expect(text).toContain('gateway_cache_results_total{outcome="miss"} 1');
      expect(text).toContain('gateway_cache_results_total{outcome="hit"} 1');
      expect(text).toContain('gateway_upstream_requests_total{endpoint="data",status="503"} 1');
      expect(text).toContain('gateway_upstream_requests_total{endpoint="data",status="200"} 1');
      expect(text).toContain('gateway_upstream_requests_total{endpoint="token",status="200"} 1');
      expect(text).toContain('gateway_upstream_retries_total{endpoint="data",code="UPSTREAM_UNAVAILABLE"} 1');
      expect(text).toMatch(/gateway_http_requests_total\{route="\/graphql",status="200"\} 2/);
      // Token, the 503, the retry: three calls through the limiter.
      expect(text).toMatch(/gateway_upstream_limiter_wait_seconds_count 3/);
    } finally {
      await s.close();
    }
  });
});
