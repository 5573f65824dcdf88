/**
 * Live data over real HTTP and WebSocket against the simulator's real-time
 * endpoints: what Query.live and the subscriptions show equals the
 * simulator's own state at the instant CXone answered (brute force), one
 * poll per endpoint per interval however many subscribers and replicas, a
 * filtered subscriber hears only its own changes, a dead poller is
 * replaced, CXone failing is said as stale, and nothing is held after a
 * subscriber leaves.
 */
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ShiftedClock } from '../support/fake-clock.js';
import { liveState } from '../../src/simulator/live.js';
import { AGENT_FIELDS, SKILL_FIELDS, sseSubscribe, truthAgents, truthSkills, wsClient, wsSubscribe } from '../support/live.js';
import { sleep, startStack, type Stack } from '../support/stack.js';

const INTERVAL_MS = 1000;
const LIVE = { LIVE_POLL_SECONDS: '1' };
/** Enough traffic that something changes between polls. */
const BUSY = { contactsPerDay: 20_000 };

const skillsOf = (s: Stack) => s.sim.liveCalls().filter((c) => c.path.endsWith('skills/activity'));

/** Waits until the simulator has answered `n` more polls of skills/activity. */
async function polls(s: Stack, n: number): Promise<void> {
  const target = skillsOf(s).length + n;
  await expect.poll(() => skillsOf(s).length, { timeout: 10 * INTERVAL_MS * n }).toBeGreaterThanOrEqual(target);
}

describe('Query.live', () => {
  const clock = new ShiftedClock().at('2026-11-24T15:00:00Z');
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ clock, env: LIVE, simulator: BUSY });
  });
  afterAll(() => s.close());

  it("equals the simulator's skills and agents at asOf, after polls merged by updatedSince; totals add them up", async () => {
    const first = await s.gql(`{ live { asOf skills { skillId } } }`);
    expect(first.body.errors).toBeUndefined();
    // Move the tenant on between polls: later polls ask updatedSince and merge what changed.
    const before = skillsOf(s).length;
    for (let i = 0; i < 4; i++) {
      clock.shift(20_000); // the snapshot is now 20 s old: the query waits for a fresh poll
      const { body } = await s.gql(`{ live { asOf skills { skillId } agents { agentId } } }`);
      // Never the warm path's kept bytes: each answer is a newer poll.
      expect(Date.parse(body.data.live.asOf)).toBeGreaterThan(clock.now() - 2 * INTERVAL_MS);
    }
    expect(skillsOf(s).length - before).toBeGreaterThanOrEqual(4);
    // After the first, every poll asked for what changed since the last one's lastPollTime.
    const searches = skillsOf(s).map((c) => c.search);
    expect(searches[0]).not.toContain('updatedSince');
    for (const q of searches.slice(1)) expect(q).toMatch(/updatedSince=2026-11-24T15%3A/);

    const { body } = await s.gql(
      `{ live { asOf stale skills { ${SKILL_FIELDS} } totals { queueCount longestWaitSeconds inSla outSla serviceLevel agentsWorking } } }`,
    );
    expect(body.errors).toBeUndefined();
    const live = body.data.live;
    expect(live.stale).toBe(false);
    const asOf = Date.parse(live.asOf);
    const truth = truthSkills(s.sim.tenant, asOf);
    expect(live.skills).toEqual(truth);
    expect(truth.some((k) => k.queueCount > 0)).toBe(true);
    const sum = (f: keyof (typeof truth)[number]) => truth.reduce((n, k) => n + (k[f] as number), 0);
    const inSla = sum('inSla');
    const outSla = sum('outSla');
    expect(live.totals).toEqual({
      queueCount: sum('queueCount'),
      longestWaitSeconds: Math.max(...truth.map((k) => k.longestWaitSeconds ?? -1)),
      inSla,
      outSla,
      serviceLevel: Math.round((inSla / (inSla + outSla)) * 1000) / 10,
      agentsWorking: sum('agentsWorking'),
    });

    const agents = (await s.gql(`{ live { asOf agents { ${AGENT_FIELDS} } } }`)).body.data.live;
    expect(agents.agents).toEqual(truthAgents(s.sim.tenant, Date.parse(agents.asOf)));

    // Active contacts come whole every poll: the list equals the simulator's at asOf, waiting ones without an agent.
    const contacts = (await s.gql(`{ live { asOf contacts { contactId state skill agentId } } }`)).body.data.live;
    const truthContacts = liveState(s.sim.tenant, Date.parse(contacts.asOf)).contacts.map((c: any) => ({
      contactId: String(c.contactId),
      state: c.stateName,
      skill: c.skillName,
      agentId: c.agentId === null ? null : String(c.agentId),
    }));
    expect(contacts.contacts).toEqual(truthContacts);
    expect(truthContacts.some((c) => c.state === 'Inbound Queue' && c.agentId === null)).toBe(true);
  });

  it('filters by skill, channel and team; a bad filter is BAD_USER_INPUT naming it, and nothing is polled for it', async () => {
    const { body } = await s.gql(`{ live { skills(filter: { channels: ["chat"] }) { channel } agents(filter: { teams: ["Digital"] }) { team } } }`);
    expect(body.errors).toBeUndefined();
    expect(new Set(body.data.live.skills.map((k: any) => k.channel))).toEqual(new Set(['chat']));
    expect(new Set(body.data.live.agents.map((a: any) => a.team))).toEqual(new Set(['Digital']));

    // Nobody has watched for a while: a bad filter would have to poll to be answered at all.
    clock.shift(60_000);
    await sleep(1.5 * INTERVAL_MS);
    const idle = s.sim.liveCalls().length;
    const bad = await s.gql(`{ live { skills(filter: { teams: ["Digital"] }) { skill } } }`);
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors[0].message).toContain('filter.teams');
    const empty = await s.gql(`{ live { agents(filter: { skills: [] }) { agent } } }`);
    expect(empty.body.errors[0].message).toMatch(/filter\.skills is empty; allowed: 1 to 100 values/);
    const viaVariable = await s.gql(`query ($f: LiveFilter) { live { asOf contacts(filter: $f) { contactId } } }`, { f: { channels: [''] } });
    expect(viaVariable.body.errors[0].message).toContain('filter.channels holds ""');
    expect(s.sim.liveCalls().length).toBe(idle);
  });
});

describe('subscriptions', () => {
  const clock = new ShiftedClock().at('2026-11-24T16:00:00Z');
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ clock, env: LIVE, simulator: BUSY });
  });
  afterAll(() => s.close());

  it('a subscriber filtered to one skill hears only when that skill changes; an unfiltered one hears every change, at most once a poll', async () => {
    const all = wsSubscribe(s.gw.url, `subscription { liveSkills { asOf skills { ${SKILL_FIELDS} } } }`);
    const one = wsSubscribe(s.gw.url, `subscription { liveSkills(filter: { skills: ["premium"] }) { asOf skills { ${SKILL_FIELDS} } } }`);
    try {
      await all.next();
      await one.next();
      for (let i = 0; i < 12; i++) {
        clock.shift(7_000);
        await polls(s, 1);
      }
      await sleep(2 * INTERVAL_MS);
      const at = (m: any) => Date.parse(m.liveSkills.asOf);
      // Every unfiltered message is the simulator's state at its asOf; no two share a poll.
      for (const m of all.messages) expect(m.liveSkills.skills).toEqual(truthSkills(s.sim.tenant, at(m)));
      expect(new Set(all.messages.map(at)).size).toBe(all.messages.length);
      // The filtered one got exactly the polls where premium's record changed (longestWaitSeconds is taken at asOf, not a change of the record).
      const premium = (t: number) => JSON.stringify(liveState(s.sim.tenant, t).skills.find((k) => k.skillName === 'premium'));
      const expected = all.messages.filter((m, i) => i === 0 || premium(at(m)) !== premium(at(all.messages[i - 1]))).map(at);
      expect(one.messages.map(at)).toEqual(expected);
      expect(one.messages.length).toBeLessThan(all.messages.length);
      for (const m of one.messages) expect(m.liveSkills.skills.map((k: any) => k.skill)).toEqual(['premium']);
    } finally {
      await all.close();
      await one.close();
    }
  });

  it('refuses a bad filter and an operation over the limits when it subscribes, over both transports; nothing is polled for them', async () => {
    await sleep(2.5 * INTERVAL_MS); // nobody watches: polling stops
    const idle = s.sim.liveCalls().length;
    const ws = wsSubscribe(s.gw.url, `subscription { liveSkills(filter: { teams: ["Tier 1"] }) { asOf } }`);
    const error = JSON.stringify(await ws.next());
    await ws.close();
    expect(error).toContain('BAD_USER_INPUT');
    expect(error).toContain('filter.teams applies to agents');
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: asOf`).join(' ');
    const over = wsSubscribe(s.gw.url, `subscription { liveSkills { ${aliases} } }`);
    expect(JSON.stringify(await over.next())).toContain('MAX_ALIASES');
    await over.close();
    const query = sseSubscribe(s.gw.url, `{ live { asOf } }`);
    expect(await query.status).toBe(400);
    expect(JSON.stringify(query.errors)).toContain('answered at POST /graphql');
    expect(s.sim.liveCalls().length).toBe(idle);
  });

  it('CXone failing: subscribers get the last snapshot marked stale with a warning, none is dropped, and fresh again after', async () => {
    const sub = wsSubscribe(s.gw.url, `subscription { liveSkills { asOf stale warnings totals { queueCount } } }`);
    try {
      // The snapshot left from before, then fresh ones.
      let first = await sub.next();
      while (first.liveSkills.stale) first = await sub.next();
      s.sim.setFaults({ errorRatio: 1 });
      let m = await sub.next();
      while (!m.liveSkills.stale) m = await sub.next();
      expect(m.liveSkills.asOf).toBe(sub.messages.at(-2).liveSkills.asOf);
      expect(m.liveSkills.warnings.join(' ')).toMatch(/could not be polled/);
      s.sim.reset();
      clock.shift(5_000);
      m = await sub.next();
      while (m.liveSkills.stale) m = await sub.next();
      expect(m.liveSkills.warnings).toEqual([]);
    } finally {
      s.sim.reset();
      await sub.close();
    }
  });

  it('10,000 subscribe/unsubscribe cycles leave no watcher, no open subscription and the heap where it was', async () => {
    const feed = (s.gw.services.live as any).feeds.skills;
    const client = wsClient(s.gw.url);
    const once = () =>
      new Promise<void>((resolve, reject) => {
        const stop = client.subscribe(
          { query: 'subscription { liveSkills(filter: { channels: ["voice"] }) { asOf } }' },
          {
            next: () => {
              stop();
              resolve();
            },
            error: reject,
            complete: () => {},
          },
        );
      });
    for (let i = 0; i < 500; i++) await once(); // warm up
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    for (let batch = 0; batch < 100; batch++) await Promise.all(Array.from({ length: 100 }, once));
    await sleep(100);
    expect(feed.watching).toBe(0);
    const metrics = await (await fetch(`${s.gw.url}/metrics`)).text();
    expect(metrics).toMatch(/gateway_live_subscribers\{feed="skills"\} 0/);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
    await client.dispose();
  });
});

describe('Query.live contacts', () => {
  it('without a team filter ask only the contacts feed: no agents poll, asOf is the contacts poll', async () => {
    const s = await startStack({ env: LIVE, simulator: BUSY });
    try {
      const { body } = await s.gql(`{ live { asOf contacts { contactId } } }`);
      expect(body.errors).toBeUndefined();
      const paths = s.sim.liveCalls().map((c) => c.path.split('/').slice(-2).join('/'));
      expect(paths).toEqual(['contacts/active']);
      const byTeam = await s.gql(`{ live { contacts(filter: { teams: ["Billing"] }) { contactId } } }`);
      expect(byTeam.body.errors).toBeUndefined();
      expect(s.sim.liveCalls().some((c) => c.path.endsWith('agents/states'))).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('subscriptions behind API keys', () => {
  const KEY = 'live-key-0123456789abcdef';
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { ...LIVE, GATEWAY_API_KEYS: KEY } });
  });
  afterAll(() => s.close());

  const QUERY = 'subscription { liveSkills { asOf } }';

  it('WebSocket: no key or a wrong one closes the socket with 4403; the key in the connection params or the upgrade headers is let in, however the path is spelled', async () => {
    for (const params of [{}, { apiKey: 'not-the-key-000000000000' }]) {
      const sub = wsSubscribe(s.gw.url, QUERY, {}, wsClient(s.gw.url, params));
      const closed = await sub.next();
      expect(JSON.stringify(closed)).toContain('4403');
      await sub.close();
    }
    for (const params of [{ apiKey: KEY }, { authorization: `Bearer ${KEY}` }]) {
      const sub = wsSubscribe(s.gw.url, QUERY, {}, wsClient(s.gw.url, params));
      expect((await sub.next()).liveSkills.asOf).toMatch(/^2\d{3}-/);
      await sub.close();
    }
    // An encoded path reaches the same endpoint, and the same key check.
    const encoded = createClient({ url: `${s.gw.url.replace('http', 'ws')}/%67raphql`, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    const refused = wsSubscribe(s.gw.url, QUERY, {}, encoded);
    expect(JSON.stringify(await refused.next())).toContain('4403');
    await refused.close();
    // Any other path is no endpoint at all.
    const other = new WebSocket(`${s.gw.url.replace('http', 'ws')}/api/v1/analytics/query`, 'graphql-transport-ws');
    const status = await new Promise<number>((resolve) =>
      other.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)).once('error', () => resolve(-1)),
    );
    expect(status).toBe(404);
  });

  it('SSE: 401 without a key, the stream with one', async () => {
    const none = sseSubscribe(s.gw.url, QUERY);
    expect(await none.status).toBe(401);
    const keyed = sseSubscribe(s.gw.url, QUERY, {}, { 'x-api-key': KEY });
    expect(await keyed.status).toBe(200);
    expect((await keyed.next()).liveSkills.asOf).toMatch(/^2\d{3}-/);
    await keyed.close();
  });
});

describe('subscriptions are held to the rate limit and audited like queries', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { ...LIVE, CLIENT_RATE_LIMIT_PER_SECOND: '1', CLIENT_RATE_LIMIT_BURST: '2' } });
  });
  afterAll(() => s.close());

  it('each subscription takes a token: past the burst RATE_LIMITED, nothing polled for it; each is an audit line; a client that goes away holds nothing', async () => {
    const client = wsClient(s.gw.url);
    const subs = [0, 1, 2].map(() => wsSubscribe(s.gw.url, 'subscription { liveSkills(filter: { channels: ["chat"] }) { asOf } }', {}, client));
    const first = await Promise.all(subs.map((x) => x.next()));
    const refused = first.filter((m) => JSON.stringify(m).includes('RATE_LIMITED'));
    expect(refused).toHaveLength(1);
    expect(JSON.stringify(refused[0])).toMatch(/rate limit of 1\/s \(burst 2\) reached; retry in \d+ s/);
    expect(first.filter((m) => m.liveSkills)).toHaveLength(2);
    const feed = (s.gw.services.live as any).feeds.skills;
    expect(feed.watching).toBe(2);
    const audit = (await s.audit()).filter((l) => l.interface === 'graphql-ws');
    expect(audit.map((l) => [l.cache_key, l.status, l.client])).toEqual([
      ['live:liveSkills', 'success', 'anonymous'],
      ['live:liveSkills', 'success', 'anonymous'],
    ]);
    // The socket closes without a goodbye: every subscription it held is let go.
    await client.dispose();
    await expect.poll(() => feed.watching).toBe(0);
  });
});

describe('subscriptions in production', () => {
  it('hide the schema as queries do: no "did you mean" in a validation error', async () => {
    const s = await startStack({ env: { ...LIVE, NODE_ENV: 'production' } });
    try {
      const sub = wsSubscribe(s.gw.url, 'subscription { liveSkills { asOff } }');
      const said = JSON.stringify(await sub.next());
      await sub.close();
      expect(said).toContain('Cannot query field \\"asOff\\" on type \\"LiveSkillsUpdate\\".');
      expect(said).not.toContain('Did you mean');
      expect(said).toContain('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await s.close();
    }
  });
});

describe('Redis away', () => {
  it('live data still flows: the replica polls for itself while no lease can be held', async () => {
    const s = await startStack({ env: { ...LIVE, REDIS_URL: 'redis://127.0.0.1:1', REDIS_TIMEOUT_MS: '100' } });
    try {
      const sub = wsSubscribe(s.gw.url, 'subscription { liveSkills { asOf stale } }');
      let m = await sub.next();
      while (m.liveSkills.asOf === null) m = await sub.next();
      expect(m.liveSkills.stale).toBe(false);
      await sub.close();
      expect(skillsOf(s).length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});
