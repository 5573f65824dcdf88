/**
 * OpenTelemetry traces of real requests, through an in-memory exporter: one
 * trace per request under the caller's traceparent, the operation, the cache
 * lookup, the lease wait and each upstream attempt parented across the
 * retry, traceparent sent on to CXone, and no secret, token, key or variable
 * value in any span of a run with faults.
 */
import { createHash } from 'node:crypto';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { ACCESS_KEY, CLIENT_ID, CLIENT_SECRET, sleep, startStack, type Stack } from '../support/stack.js';

const KEY = 'tracing-test-key-4c1f9e0a7b';
const exporter = new InMemorySpanExporter();
let a: Stack;
let b: Stack;

beforeAll(async () => {
  const env = { ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace(), GATEWAY_API_KEYS: KEY, UPSTREAM_MAX_ATTEMPTS: '4' };
  a = await startStack({ env, spanExporter: exporter });
  // A second replica on the same Redis and simulator (spans go to the process's one provider).
  b = await startStack({ env: { ...env, CXONE_OAUTH_URL: a.sim.tokenUrl, CXONE_ANALYTICS_URL: a.sim.summaryUrl } });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
const DOC = `query WeekByChannel($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel handleTime talkRatio } meta { cacheHit } } }`;
/** Variable values the spans must never carry. */
const RANGE = { start: '2025-02-03T00:00:00Z', end: '2025-02-05T00:00:00Z' };
const variables = { q: { dimensions: ['CHANNEL'], dateRange: RANGE } };

async function post(s: Stack, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${s.gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any, traceId: res.headers.get('x-request-id') };
}

/** The finished spans of one trace, once its server span has ended (after the response). */
async function traceOf(traceId: string): Promise<ReadableSpan[]> {
  await until(() => exporter.getFinishedSpans().some((s) => s.spanContext().traceId === traceId && s.kind === SpanKind.SERVER));
  return exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
}
/** Server spans end when the response has gone: wait for `n` of them (beforeAll has no expect.poll). */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; !ok(); i++) {
    if (i > 200) throw new Error('spans did not arrive');
    await sleep(10);
  }
}
const servers = (n: number) => until(() => exporter.getFinishedSpans().filter((s) => s.kind === SpanKind.SERVER).length === n);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

describe('a traced request with CXone failing twice', () => {
  let spans: ReadableSpan[];
  beforeAll(async () => {
    a.sim.setFaults({ script: [{ status: 500 }, { status: 429, retryAfter: '0' }] });
    const res = await post(a, { query: DOC, variables, operationName: 'WeekByChannel' }, { traceparent: `00-${TRACE}-${CALLER_SPAN}-01` });
    expect(res.body.errors).toBeUndefined();
    spans = await traceOf(TRACE);
  });

  it("is one trace under the caller's span: the HTTP request, then the operation (its name and document hash)", () => {
    const [server, ...others] = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(others).toEqual([]);
    expect(server!.name).toBe('POST /graphql');
    expect(parentOf(server!)).toBe(CALLER_SPAN);
    expect(server!.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200 });
    const [op] = byName(spans, 'graphql.operation');
    expect(parentOf(op!)).toBe(server!.spanContext().spanId);
    expect(op!.attributes).toEqual({
      'graphql.operation.name': 'WeekByChannel',
      'graphql.operation.type': 'query',
      'graphql.document.sha256': createHash('sha256').update(DOC).digest('hex'),
    });
  });

  it('has the cache lookup (a miss, pages fetched) under the operation', () => {
    const [op] = byName(spans, 'graphql.operation');
    const [lookup] = byName(spans, 'cache.lookup');
    expect(ancestors(spans, lookup!)).toContain(op!.spanContext().spanId);
    expect(lookup!.attributes).toMatchObject({ 'cache.outcome': 'miss', 'cache.pages_fetched': 1, 'cache.upstream_retries': 2 });
  });

  it('has each upstream attempt (1: 500, 2: 429, 3: 200) as a child of one CXone call, under the lookup', () => {
    const [lookup] = byName(spans, 'cache.lookup');
    const data = spans.filter((s) => s.attributes['cxone.endpoint'] === 'data');
    expect(data.map((s) => [s.attributes['cxone.attempt'], s.attributes['http.response.status_code']])).toEqual([
      [1, 500],
      [2, 429],
      [3, 200],
    ]);
    const parents = new Set(data.map(parentOf));
    expect(parents.size).toBe(1);
    const call = spans.find((s) => s.spanContext().spanId === [...parents][0])!;
    expect(call.name).toBe('CXone call');
    expect(ancestors(spans, call)).toContain(lookup!.spanContext().spanId);
    for (const s of data) {
      expect(s.kind).toBe(SpanKind.CLIENT);
      expect(s.attributes).toMatchObject({ 'http.request.method': 'POST', 'server.address': '127.0.0.1', 'cxone.endpoint': 'data' });
      expect(typeof s.attributes['cxone.limiter_wait_ms']).toBe('number');
      expect(typeof s.attributes['cxone.retry_wait_ms']).toBe('number');
    }
  });

  it('sent traceparent to CXone: each attempt carries its own span as the parent', () => {
    const attempts = spans.filter((s) => s.attributes['cxone.endpoint'] === 'data');
    const sent = a.sim.summaryCalls().map((c) => c.traceparent);
    expect(sent).toEqual(attempts.map((s) => `00-${TRACE}-${s.spanContext().spanId}-01`));
  });
});

describe('other requests', () => {
  it('without a traceparent: a trace of its own, one root', async () => {
    exporter.reset();
    const res = await post(a, { query: DOC, variables: { q: { dimensions: ['SKILL'], dateRange: RANGE } } });
    expect(res.body.errors).toBeUndefined();
    await servers(1);
    const spans = exporter.getFinishedSpans();
    const traces = new Set(spans.map((s) => s.spanContext().traceId));
    expect(traces.size).toBe(1);
    expect(spans.filter((s) => parentOf(s) === undefined).map((s) => s.name)).toEqual(['POST /graphql']);
  });

  it('served by the warm path: the HTTP span says so; a narrower question: a cache hit from a superset', async () => {
    // Without meta.cacheHit (which changes between answers) the warm path keeps the bytes, and answers the next one.
    const rowsOnly = `query Rows($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel handleTime } } }`;
    exporter.reset();
    await post(a, { query: rowsOnly, variables });
    await servers(1);
    exporter.reset();
    await post(a, { query: rowsOnly, variables });
    await servers(1);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    expect(exporter.getFinishedSpans()[0]!.attributes).toMatchObject({ 'gateway.warm_path': true, 'http.route': '/graphql' });

    exporter.reset();
    const narrower = `query Narrow($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel handleTime } } }`;
    await post(a, { query: narrower, variables: { q: { ...variables.q, metrics: ['HANDLE_TIME'] } } });
    await servers(1);
    expect(byName(exporter.getFinishedSpans(), 'cache.lookup')[0]!.attributes).toMatchObject({ 'cache.outcome': 'hit', 'cache.superset': true });
  });

  it('a replica waiting for the other one’s fetch: a lease wait span, answered by its result', async () => {
    exporter.reset();
    a.sim.setFaults({ latencyMs: 300 });
    const q = { q: { dimensions: ['AGENT'], dateRange: RANGE } };
    const [x, y] = await Promise.all([post(a, { query: DOC, variables: q }), post(b, { query: DOC, variables: q })]);
    a.sim.setFaults({ latencyMs: 0 });
    expect([x.body.errors, y.body.errors]).toEqual([undefined, undefined]);
    await servers(2);
    const waits = byName(exporter.getFinishedSpans(), 'cache.lease_wait');
    expect(waits.map((w) => w.attributes['cache.lease_outcome'])).toEqual(['result']);
    expect(a.sim.summaryCalls().filter((c) => JSON.stringify(c.body).includes('agent'))).toHaveLength(1);
  });

  it('a token refused once (401, then a new token): the refused attempt is a span marked as an error', async () => {
    a.sim.setFaults({ script: [{ status: 401, body: { error: 'invalid_token' } }] });
    const res = await post(a, { query: DOC, variables: { q: { dimensions: ['QUEUE'], dateRange: RANGE } } });
    expect(res.body.errors).toBeUndefined();
    const failedAttempts = exporter.getFinishedSpans().filter((s) => s.attributes['http.response.status_code'] === 401);
    expect(failedAttempts.length).toBeGreaterThan(0);
    for (const f of failedAttempts) expect(f.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('the secret scan', () => {
  it('finds no credential, token, API key or variable value in any span of the run', async () => {
    // Every span the run exported so far (the exporter was reset between tests: run the faults again).
    exporter.reset();
    a.sim.setFaults({ script: [{ status: 500 }, { status: 401, body: { error: 'invalid_token' } }] });
    await post(a, { query: DOC, variables: { q: { dimensions: ['CAMPAIGN'], dateRange: RANGE } } }, { traceparent: `00-${TRACE}-${CALLER_SPAN}-01` });
    await post(a, { query: '{ nope }' });
    await servers(2);
    const spans = exporter.getFinishedSpans();
    const text = JSON.stringify(spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links })));
    const tokens = a.sim.requests.map((r) => r.authorization?.replace(/^(Bearer|Basic) /, '')).filter((t): t is string => Boolean(t));
    expect(tokens.length).toBeGreaterThan(0);
    const secrets = [
      CLIENT_SECRET,
      ACCESS_KEY.accessKeySecret,
      KEY,
      Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'),
      ...tokens,
      RANGE.start.slice(0, 10),
      RANGE.end.slice(0, 10),
      'CAMPAIGN',
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(spans.length).toBeGreaterThan(5);
  });
});

/** The span ids above `span`, nearest first. */
function ancestors(spans: ReadableSpan[], span: ReadableSpan): string[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const out: string[] = [];
  for (let p = parentOf(span); p; p = byId.get(p) && parentOf(byId.get(p)!)) out.push(p);
  return out;
}
