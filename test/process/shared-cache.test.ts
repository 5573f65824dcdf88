/**
 * Gateways as separate processes sharing the machine's Redis (127.0.0.1:6379)
 * and one simulator: one pagination per question across instances.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { simulatorEnv, spawnGateway, type GatewayProcess } from '../support/process.js';
import { freshNamespace, sharedRedisKeys } from '../support/redis.js';
import { CLIENT_ID, CLIENT_SECRET } from '../support/stack.js';

let sim: Simulator;
const namespace = freshNamespace();
const running: GatewayProcess[] = [];

async function gateway(env: Record<string, string> = {}): Promise<GatewayProcess> {
  const gw = await spawnGateway({ ...simulatorEnv(sim, namespace), ...env });
  running.push(gw);
  return gw;
}

beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
});
afterAll(async () => {
  await Promise.all(running.map((g) => g.stop('SIGKILL')));
  await sim.stop();
});
beforeEach(() => sim.reset());

let week = 0;
/** A week no other test of this file asked about. */
function freshWeek() {
  week++;
  const start = Date.UTC(2025, 0, 1 + week * 7);
  return { start: new Date(start).toISOString(), end: new Date(start + 7 * 86_400_000).toISOString() };
}

async function ask(gw: GatewayProcess, q: Record<string, unknown>, selection = 'rows { skill talkRatio } meta { cacheHit upstreamPages cacheKey }') {
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { ${selection} } }`, variables: { q } }),
  });
  return (await res.json()) as any;
}

describe('one cache for all instances', () => {
  it('a query answered by A is a cache hit on B, with no upstream call', async () => {
    const [a, b] = await Promise.all([gateway(), gateway()]);
    const q = { dimensions: ['SKILL'], dateRange: freshWeek() };
    const first = await ask(a!, q);
    expect(first.data.analytics.meta.cacheHit).toBe(false);
    const calls = sim.summaryCalls().length;
    expect(calls).toBe(1);
    const second = await ask(b!, q);
    expect(second.data.analytics.meta.cacheHit).toBe(true);
    expect(second.data.analytics.rows).toEqual(first.data.analytics.rows);
    expect(sim.summaryCalls()).toHaveLength(calls);

    // Keys carry the namespace once, in the documented shape.
    const keys = await sharedRedisKeys(`*${namespace}:*`);
    expect(keys).toContain(first.data.analytics.meta.cacheKey);
    const cacheKeys = keys.filter((k) => !k.startsWith(`{${namespace}:upstream:`));
    for (const k of cacheKeys) expect(k).toMatch(new RegExp(`^${namespace}:(analytics|slice):[0-9a-f]{64}$`));
  });

  it('30 concurrent identical cold queries over three instances: one upstream pagination', async () => {
    const gws = running.length >= 3 ? running.slice(0, 3) : [...running, ...(await Promise.all(Array.from({ length: 3 - running.length }, () => gateway())))];
    sim.setFaults({ latencyMs: 150 });
    const q = { dimensions: ['SKILL', 'AGENT'], dateRange: freshWeek(), pageSize: 200 };
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(gws[i % 3]!, q)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    const pages = answers[0].data.analytics.meta.upstreamPages;
    expect(pages).toBeGreaterThan(1);
    const calls = sim.summaryCalls();
    expect(calls).toHaveLength(pages);
    expect((calls[0]!.body as any).paging.next).toBeUndefined();
    for (const a of answers) expect(a.data.analytics.rows).toEqual(answers[0].data.analytics.rows);
  });

  it('the lease owner killed mid-fetch: the others still answer, with one more pagination at most', async () => {
    const LEASE_MS = 600;
    const [owner, b, c] = await Promise.all([1, 2, 3].map(() => gateway({ CACHE_LEASE_MS: String(LEASE_MS) })));
    sim.setFaults({ latencyMs: 400 });
    const q = { dimensions: ['SKILL', 'AGENT'], dateRange: freshWeek(), pageSize: 200 };
    void ask(owner!, q).catch(() => undefined);
    while (sim.summaryCalls().length === 0) await new Promise((r) => setTimeout(r, 10));
    const waiting = Promise.all([ask(b!, q), ask(c!, q)]);
    await new Promise((r) => setTimeout(r, 100));
    expect(await owner!.stop('SIGKILL')).toBeNull();
    const answers = await waiting;
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(answers[1].data.analytics.rows).toEqual(answers[0].data.analytics.rows);
    const pages = answers[0].data.analytics.meta.upstreamPages;
    const firstPages = sim.summaryCalls().filter((x) => (x.body as any).paging.next === undefined);
    // The dead owner's pagination (cut short) and exactly one takeover.
    expect(firstPages).toHaveLength(2);
    expect(sim.summaryCalls().length).toBeLessThanOrEqual(2 * pages);
  });
});
