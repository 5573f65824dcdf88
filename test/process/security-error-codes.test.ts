/**
 * Finding 9: operations the schema does not serve and a persisted-query hash
 * mismatch answer 400 with their proper code (not INTERNAL_SERVER_ERROR from
 * a TypeError in Apollo's error normalization), each with a log line; every
 * line the process writes, Apollo's included, is JSON.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { simulatorEnv, spawnGateway } from '../support/process.js';
import { freshNamespace } from '../support/redis.js';
import { CLIENT_ID, CLIENT_SECRET, startStack, type Stack } from '../support/stack.js';

const CASES = [
  {
    name: 'a mutation',
    body: { query: 'mutation { x }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
    message: 'mutation operations are not served by this API; allowed: query, subscription',
  },
  {
    name: 'a subscription over HTTP',
    body: { query: 'subscription { liveSkills { asOf } }' },
    code: 'GRAPHQL_VALIDATION_FAILED',
    message:
      'subscription operations are served over WebSocket (graphql-ws protocol, upgrade on /graphql) or Server-Sent Events (graphql-sse protocol, /graphql/stream); allowed over POST and GET /graphql: query',
  },
  {
    name: 'a persisted-query hash that does not match the query',
    body: { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
    code: 'BAD_REQUEST',
    message: 'provided sha does not match query',
  },
];

describe('proper codes and a log line', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { LOG_LEVEL: 'info' } });
  });
  afterAll(() => s.close());

  for (const c of CASES) {
    it(`${c.name}: 400 ${c.code}, logged with the request id`, async () => {
      const res = await fetch(`${s.gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) });
      const body = (await res.json()) as any;
      expect(res.status).toBe(400);
      expect(body.errors[0].extensions.code).toBe(c.code);
      expect(body.errors[0].message).toBe(c.message);
      const requestId = res.headers.get('x-request-id')!;
      const line = s
        .logs()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .find((l) => l.reqId === requestId);
      expect(line).toMatchObject({ msg: 'graphql request refused', errors: [{ code: c.code, message: c.message }] });
    });
  }

  it('a matching persisted-query hash still works', async () => {
    const query = '{ catalog { limits { maxMetrics } } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const res = await fetch(`${s.gw.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.catalog.limits.maxMetrics).toBe(10);
  });
});

describe('the log of a production process', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  });
  afterAll(() => sim.stop());

  it('is JSON lines only, the refusals included', async () => {
    const gw = await spawnGateway({ ...simulatorEnv(sim, freshNamespace()), NODE_ENV: 'production', LOG_LEVEL: 'info' });
    try {
      for (const c of CASES) {
        const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c.body) });
        expect(res.status).toBe(400);
        expect(((await res.json()) as any).errors[0].extensions.code).toBe(c.code);
      }
    } finally {
      await gw.stop();
    }
    const lines = gw.output().split('\n').filter(Boolean);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
    expect(lines.filter((l) => JSON.parse(l).msg === 'graphql request refused')).toHaveLength(CASES.length);
  });
});
