/** The warm path: response bytes kept next to cached results, proven correct (not timed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShiftedClock } from '../support/fake-clock.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const KEY_A = 'warm-path-key-a-0123456789';
const KEY_B = 'warm-path-key-b-0123456789';
const clock = new ShiftedClock();
let s: Stack;
beforeAll(async () => {
  s = await startStack({ clock, env: { GATEWAY_API_KEYS: `${KEY_A},${KEY_B}`, CACHE_STALE_WHILE_REVALIDATE_SECONDS: '0', CACHE_STALE_IF_ERROR_SECONDS: '0' } });
});
afterAll(() => s.close());

const QUERY = `query Warm($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { skill channel talkRatio holdImpactScore } meta { cacheKey fetchedAt } } }`;

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY_A}`, ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    text: await res.text(),
    cache: res.headers.get('x-response-cache'),
    etag: res.headers.get('etag'),
    requestId: res.headers.get('x-request-id'),
    contentType: res.headers.get('content-type'),
  };
}

describe('response bytes on the warm path', () => {
  it('a byte-cached answer equals a fresh execution of the same operation', async () => {
    const body = { query: QUERY, variables: { q: { dimensions: ['SKILL', 'CHANNEL'], dateRange: WEEK } } };
    const first = await post(body);
    const second = await post(body);
    expect(first.cache).toBeNull();
    expect(second.cache).toBe('hit');
    expect(second.text).toBe(first.text);
    // Each hit has its own request id, and the content type of the answer it repeats.
    const third = await post(body);
    expect(third.cache).toBe('hit');
    for (const hit of [second, third]) {
      expect(hit.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(hit.contentType).toBe(first.contentType);
    }
    expect(third.requestId).not.toBe(second.requestId);
    // The same operation spelled differently is executed again, from the cached result: same bytes.
    const fresh = await post({ ...body, query: QUERY.replace('query Warm', 'query  Warm') });
    expect(fresh.cache).toBeNull();
    expect(fresh.text).toBe(first.text);
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });

  it('answers 304 to If-None-Match with its ETag', async () => {
    const body = { query: QUERY, variables: { q: { dimensions: ['QUEUE'], dateRange: WEEK } } };
    const first = await post(body);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const again = await post(body, { 'if-none-match': first.etag! });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect((await post(body, { 'if-none-match': '"other"' })).status).toBe(200);
    // Spelled differently, the operation misses the kept bytes and is executed: the same bytes, so still a 304.
    const respelled = await post({ ...body, query: QUERY.replace('query Warm', 'query  Warm') }, { 'if-none-match': first.etag! });
    expect(respelled.cache).toBeNull();
    expect(respelled.status).toBe(304);
    expect(respelled.text).toBe('');
  });

  it('changes when the data is refreshed', async () => {
    const body = { query: QUERY, variables: { q: { dimensions: ['CAMPAIGN'], dateRange: WEEK, cacheTtlSeconds: 1 } } };
    const first = await post(body);
    expect((await post(body)).cache).toBe('hit');
    clock.shift(1000); // the TTL has passed
    const refreshed = await post(body);
    expect(refreshed.cache).toBeNull();
    expect(refreshed.text).not.toBe(first.text);
    expect(JSON.parse(refreshed.text).data.analytics.meta.fetchedAt > JSON.parse(first.text).data.analytics.meta.fetchedAt).toBe(true);
    expect(JSON.parse(refreshed.text).data.analytics.rows).toEqual(JSON.parse(first.text).data.analytics.rows);
  });

  it('is never served to a request that fails auth, nor to another key', async () => {
    const body = { query: QUERY, variables: { q: { dimensions: ['AGENT'], dateRange: WEEK } } };
    await post(body);
    expect((await post(body)).cache).toBe('hit');
    const none = await fetch(`${s.gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(none.status).toBe(401);
    expect(none.headers.get('x-response-cache')).toBeNull();
    const wrong = await post(body, { authorization: 'Bearer not-a-valid-key-000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).not.toContain('agent-0');
    const other = await post(body, { authorization: `Bearer ${KEY_B}` });
    expect(other.cache).toBeNull();
  });

  it('keeps nothing that selects cacheHit or latencyMs', async () => {
    const body = {
      query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { talkRatio } meta { cacheHit } } }`,
    };
    await post(body);
    const second = await post(body);
    expect(second.cache).toBeNull();
    expect(JSON.parse(second.text).data.analytics.meta.cacheHit).toBe(true);
  });

  it("keeps an answer that selects meta.stale: a kept answer is a fresh one, and stays so until its result's TTL", async () => {
    const body = {
      query: `{ analytics(query: { dimensions: [SKILL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { talkRatio } meta { stale } } }`,
    };
    await post(body);
    const second = await post(body);
    expect(second.cache).toBe('hit');
    expect(JSON.parse(second.text).data.analytics.meta.stale).toBe(false);
  });

  it('keeps nothing with errors', async () => {
    const body = { query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.end}", end: "${WEEK.start}" } }) { rows { talkRatio } } }` };
    await post(body);
    expect((await post(body)).cache).toBeNull();
  });
});

describe('the warm path keeps Apollo CSRF prevention', () => {
  it('a text/plain POST of a cached operation is not answered from the bytes', async () => {
    const body = { query: `{ catalog { limits { maxMetrics } } }` };
    await post(body);
    expect((await post(body)).cache).toBe('hit');
    const plain = await post(body, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(plain.cache).toBeNull();
  });
});
