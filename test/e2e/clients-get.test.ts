/**
 * GET queries that Apollo's CSRF prevention lets through (a JSON content type
 * or the apollo-require-preflight header) work, and a repeat is answered from
 * the warm path with an ETag and 304; one it refuses is never answered from
 * kept bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const KEY = 'dashboard-wall-7c1f0e9a2b';
const QUERY = `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel talkRatio } } }`;

describe('GET /graphql', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { GATEWAY_API_KEYS: KEY } });
  });
  afterAll(() => s.close());
  const get = (headers: Record<string, string>) => fetch(`${s.gw.url}/graphql?query=${encodeURIComponent(QUERY)}`, { headers });

  it('with apollo-require-preflight: answered, then from the warm path, then 304 for If-None-Match', async () => {
    const headers = { 'apollo-require-preflight': 'true', 'x-api-key': KEY };
    const first = await get(headers);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const text = await first.text();
    const second = await get(headers);
    expect(second.headers.get('x-response-cache')).toBe('hit');
    expect(second.headers.get('etag')).toBe(etag);
    expect(await second.text()).toBe(text);
    const third = await get({ ...headers, 'if-none-match': etag! });
    expect(third.status).toBe(304);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('with a JSON content type: answered', async () => {
    const res = await get({ 'content-type': 'application/json', 'x-api-key': KEY });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.analytics.rows).toHaveLength(5);
  });

  it('without either: refused by CSRF prevention, never from kept bytes; without a key: 401', async () => {
    const plain = await get({ 'x-api-key': KEY });
    expect(plain.status).toBe(400);
    expect(plain.headers.get('x-response-cache')).toBeNull();
    const keyless = await get({ 'apollo-require-preflight': 'true' });
    expect(keyless.status).toBe(401);
  });
});
