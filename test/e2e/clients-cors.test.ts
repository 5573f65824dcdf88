/**
 * Dashboards on another origin: preflights are answered before the key check
 * and Apollo's CSRF prevention, allowed origins get CORS headers on every
 * answer (warm-path hits included), others get none. One shared backend
 * (Grafana) refreshing 120 panels at once is not refused by default limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const KEY = 'dashboard-wall-7c1f0e9a2b';
const ORIGIN = 'https://dash.example.com';
const DOC = JSON.stringify({
  query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel talkRatio } } }`,
});

describe('CORS', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { GATEWAY_API_KEYS: KEY, CORS_ORIGINS: `${ORIGIN},https://other.example.com` } });
  });
  afterAll(() => s.close());

  const preflight = (path: string, origin: string) =>
    fetch(`${s.gw.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-api-key, apollo-require-preflight' },
    });

  for (const path of ['/graphql', '/api/v1/analytics/query']) {
    it(`a preflight to ${path} from an allowed origin gets the CORS headers, without a key`, async () => {
      const res = await preflight(path, ORIGIN);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = res.headers.get('access-control-allow-headers')!;
      for (const h of ['authorization', 'x-api-key', 'content-type', 'apollo-require-preflight', 'if-none-match']) expect(allowed).toContain(h);
    });
  }

  it('the POST after it succeeds, with the headers a browser may read; a warm hit too', async () => {
    for (const expected of ['miss', 'hit']) {
      const res = await fetch(`${s.gw.url}/graphql`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-api-key': KEY },
        body: DOC,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-expose-headers')).toBe('etag, x-request-id, retry-after');
      expect(res.headers.get('vary')).toMatch(/origin/i);
      expect(res.headers.get('x-response-cache') ?? 'miss').toBe(expected);
      expect(((await res.json()) as any).data.analytics.rows).toHaveLength(5);
    }
  });

  it('an origin not listed gets no CORS headers, on the preflight or the request', async () => {
    const pre = await preflight('/graphql', 'https://evil.example.net');
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { origin: 'https://evil.example.net', 'content-type': 'application/json', 'x-api-key': KEY },
      body: DOC,
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a refusal to an allowed origin is readable by the page (401 with CORS headers)', async () => {
    const res = await fetch(`${s.gw.url}/graphql`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: DOC });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});

describe('CORS_ORIGINS=*', () => {
  it('is allowed without keys', async () => {
    const s = await startStack({ env: { CORS_ORIGINS: '*' } });
    try {
      const res = await fetch(`${s.gw.url}/graphql`, {
        method: 'POST',
        headers: { origin: 'https://anywhere.example', 'content-type': 'application/json' },
        body: DOC,
      });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await s.close();
    }
  });
});

describe('one shared backend, default limits', () => {
  it('120 panels refreshed at once from one address are all answered', async () => {
    const s = await startStack({ env: { CLIENT_RATE_LIMIT_PER_SECOND: '20', CLIENT_RATE_LIMIT_BURST: '' } });
    try {
      const answers = await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          fetch(`${s.gw.url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { p${i}: rows { channel talkRatio } } }`,
            }),
          }).then((r) => r.status),
        ),
      );
      expect(answers.filter((st) => st !== 200)).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
