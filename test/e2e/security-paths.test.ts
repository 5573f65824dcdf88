/**
 * Finding 1: API keys and rate limits are checked on the route the request
 * reaches, not on the raw request target. Every spelling of a data route
 * (encoded, absolute form, fragment, dot segments, double slashes, case,
 * trailing slash) is either refused without a key or not found: never data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const KEY = 'dashboard-wall-7c1f0e9a2b';
const DOC = `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel talkRatio } } }`;
const GQL_BODY = JSON.stringify({ query: DOC });
const REST_BODY = JSON.stringify({ metrics: ['handle_time'], dimensions: ['channel'], start_date: WEEK.start, end_date: WEEK.end });

/** Spellings of a path a router may decode or normalize to the same route. */
function spellings(path: string, origin: string): string[] {
  const [first, ...rest] = path.slice(1);
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16)}`;
  const last = path.at(-1)!;
  return [
    path,
    `/${hex(first!)}${rest.join('')}`,
    `/${hex(first!).toUpperCase()}${rest.join('')}`,
    `${path.slice(0, -1)}${hex(last)}`,
    path.replace(/[a-z]/g, (c) => hex(c)),
    `/%2${hex(first!).slice(1)}${rest.join('')}`, // double-encoded
    `${origin}${path}`, // absolute form
    `${path}#x`,
    `${path}?#x`,
    `${path}/`,
    `/${path}`,
    `${path.replace('/', '//')}`,
    `/.${path}`,
    `/x/..${path}`,
    `/%2e${path}`,
    path.toUpperCase(),
    `${path}%2f`,
    `${path};x`,
    `${path}%00`,
    `${path}%20`,
  ];
}

describe('API keys on every spelling of a data route', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { GATEWAY_API_KEYS: KEY, CLIENT_RATE_LIMIT_PER_SECOND: '1', CLIENT_RATE_LIMIT_BURST: '1000' } });
  });
  afterAll(() => s.close());

  const routes = [
    { method: 'POST', path: '/graphql', body: GQL_BODY, type: 'application/json' },
    { method: 'GET', path: '/graphql', query: `?query=${encodeURIComponent(DOC)}`, type: 'application/json' },
    { method: 'POST', path: '/api/v1/analytics/query', body: REST_BODY, type: 'application/json' },
  ];

  for (const r of routes) {
    it(`${r.method} ${r.path}: no spelling answers data without a key`, async () => {
      const targets = spellings(r.path, s.gw.url);
      const answers = [];
      for (const t of targets) {
        // A query string goes before any fragment.
        const target = r.query ? (t.includes('#') ? t.replace('#', `${r.query}#`).replace('??', '?') : `${t}${r.query}`) : t;
        const res = await rawRequest(s.gw.url, r.method, target, { 'content-type': r.type, 'apollo-require-preflight': '1' }, r.body ?? '');
        answers.push({ target, status: res.status, data: /"data"|"rows"/.test(res.body) });
      }
      const leaked = answers.filter((a) => a.status < 400 || a.data);
      expect(leaked).toEqual([]);
      // The canonical spelling is refused for want of a key, not for another reason.
      expect(answers[0]!.status).toBe(401);
      // And with the key, the canonical spelling answers.
      const target = r.query ? `${r.path}${r.query}` : r.path;
      const ok = await rawRequest(s.gw.url, r.method, target, { 'content-type': r.type, 'apollo-require-preflight': '1', 'x-api-key': KEY }, r.body ?? '');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatch(/voice/);
    });
  }

  it('every refused spelling is refused before anything goes upstream', async () => {
    const before = s.sim.summaryCalls().length;
    for (const t of spellings('/graphql', s.gw.url)) await rawRequest(s.gw.url, 'POST', t, { 'content-type': 'application/json' }, GQL_BODY);
    expect(s.sim.summaryCalls().length).toBe(before);
  });

  it('routes without data stay open: health, readiness, metrics', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) expect((await rawRequest(s.gw.url, 'GET', path)).status).toBe(200);
  });

  it('an unknown path with no key is refused too (deny by default), never a 200', async () => {
    for (const path of ['/nothing-here', '/api/v2/other', '/%2e%2e/etc/passwd']) {
      const res = await rawRequest(s.gw.url, 'GET', path);
      expect([401, 404]).toContain(res.status);
    }
  });
});

describe('rate limits on every spelling', () => {
  it('an encoded path spends the same bucket as the canonical one', async () => {
    const s = await startStack({ env: { CLIENT_RATE_LIMIT_PER_SECOND: '1', CLIENT_RATE_LIMIT_BURST: '2' } });
    try {
      const statuses = [];
      for (const t of ['/graphql', '/%67raphql', '/graphq%6c', `${s.gw.url}/graphql`]) {
        statuses.push((await rawRequest(s.gw.url, 'POST', t, { 'content-type': 'application/json' }, GQL_BODY)).status);
      }
      // A burst of 2: the third and fourth are refused whatever their spelling.
      expect(statuses.slice(2)).toEqual([429, 429]);
    } finally {
      await s.close();
    }
  });
});
