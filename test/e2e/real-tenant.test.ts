/**
 * Real-tenant numbers (issue "filters, direction, channel names, agent
 * names, and CXone's own quirks"), over HTTP against the simulator, each
 * answer checked against a brute-force aggregation of the simulator's own
 * contacts with the same filter.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue, type SimFilter } from '../../src/simulator/aggregate.js';
import { Simulator } from '../../src/simulator/server.js';
import { AGENTS, agentName } from '../../src/simulator/tenant.js';
import { ShiftedClock } from '../support/fake-clock.js';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { CLIENT_ID, CLIENT_SECRET, startStack, type Stack } from '../support/stack.js';

const ACCESS = { CXONE_ACCESS_KEY_ID: 'ak-real-0001', CXONE_ACCESS_KEY_SECRET: 'ak-real-secret-77c1e0' };
const WEEK = { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' };
const METRICS = ['contacts_offered', 'contacts_handled', 'handle_time', 'queue_time', 'abandon_rate', 'service_level'];
const FIELDS = 'contactsOffered contactsHandled handleTime queueTime abandonRate serviceLevel';
const field = (m: string) => m.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());

let sim: Simulator;
let summary: Stack;
let reporting: Stack;

function simulator(extra: Partial<ConstructorParameters<typeof Simulator>[0]> = {}) {
  return new Simulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accessKeyId: ACCESS.CXONE_ACCESS_KEY_ID,
    accessKeySecret: ACCESS.CXONE_ACCESS_KEY_SECRET,
    ...extra,
  }).start();
}
const reportingEnv = (s: Simulator, extra: Record<string, string> = {}) => ({ CXONE_SOURCE: 'reporting', CXONE_ISSUER: s.url, ...ACCESS, ...extra });

beforeAll(async () => {
  sim = await simulator();
  summary = await startStack({ env: { CXONE_OAUTH_URL: sim.tokenUrl, CXONE_ANALYTICS_URL: sim.summaryUrl } });
  reporting = await startStack({ env: reportingEnv(sim) });
});
afterAll(async () => {
  await summary.close();
  await reporting.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

type Filter = { dimension: string; operator: 'IN' | 'NOT_IN'; values: string[] };

async function ask(st: Stack, dimension: string, filters: Filter[] = [], extra = '') {
  const q = { metrics: METRICS.map((m) => m.toUpperCase()), dimensions: [dimension.toUpperCase()], dateRange: WEEK, filters };
  const { body } = await st.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { ${dimension} ${FIELDS} ${extra} } } }`, { q });
  return body;
}

/** The simulator's contacts over WEEK, grouped and filtered by its own code. */
function truth(dimension: string, filters: Filter[]) {
  const simFilters: SimFilter[] = filters.map((f) => ({
    dimension: f.dimension.toLowerCase(),
    operator: f.operator === 'IN' ? 'in' : 'not_in',
    values: f.values,
  }));
  return group(sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end)), [dimension], simFilters);
}

/** By agent, agents/performance reports counts and agent times only. */
const AGENT_METRICS = ['contacts_offered', 'contacts_handled', 'handle_time'];

function expectBruteForce(body: any, dimension: string, filters: Filter[], metrics = dimension === 'agent' ? AGENT_METRICS : METRICS) {
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const expected = truth(dimension, filters).filter((g) => g.key[dimension] !== null);
  const rows = new Map((body.data.analytics.rows as any[]).map((r) => [r[dimension], r]));
  expect([...rows.keys()].sort()).toEqual(expected.map((g) => g.key[dimension]).sort());
  for (const g of expected) {
    const row = rows.get(g.key[dimension]);
    for (const m of metrics) {
      const want = metricValue(g.parts, m);
      if (want === null) expect(row[field(m)], `${g.key[dimension]} ${m}`).toBeNull();
      else expect(row[field(m)], `${g.key[dimension]} ${m}`).toBeCloseTo(want, 2);
    }
  }
}

const AGENT_A = agentName(AGENTS[0]!);
const AGENT_B = agentName(AGENTS[13]!);
const VALUES: Record<string, string[]> = {
  skill: ['billing', 'support'],
  channel: ['voice', 'chat'],
  campaign: ['renewals', 'winback, "vip"'],
  queue: ['billing', 'sales'],
  direction: ['outbound'],
  agent: [AGENT_A, AGENT_B],
  date: ['2026-10-06'],
};

describe('filters are honoured or refused, on every source', () => {
  const cases = (source: string, dims: string[], groupBy: (d: string) => string) =>
    dims.flatMap((d) => (['IN', 'NOT_IN'] as const).map((op) => [source, d, op, groupBy(d)] as const));

  it.each([
    ...cases('reporting', ['skill', 'channel', 'campaign', 'queue', 'direction'], () => 'channel'),
    ...cases('reporting', ['agent'], () => 'agent'),
    ...cases('summary-query', ['skill', 'channel', 'campaign', 'queue', 'direction', 'agent', 'date'], () => 'channel'),
  ])('%s: %s %s, by %s, equals brute force', async (source, dimension, operator, by) => {
    const filters: Filter[] = [{ dimension: dimension.toUpperCase(), operator, values: VALUES[dimension]! }];
    const body = await ask(source === 'reporting' ? reporting : summary, by, filters);
    expectBruteForce(body, by, filters);
    if (source === 'reporting' && by === 'channel') expect(sim.reportingCalls().map((c) => c.path.split('/').slice(-2).join('/'))).toEqual(['skills/summary']);
  });

  it('the filter is not ignored: the reporting answer differs from the unfiltered one', async () => {
    const all = await ask(reporting, 'channel');
    const some = await ask(reporting, 'channel', [{ dimension: 'SKILL', operator: 'IN', values: ['billing', 'support'] }]);
    expect(some.data.analytics.rows.map((r: any) => r.channel).sort()).toEqual(['chat', 'voice']);
    expect(some.data.analytics.rows.find((r: any) => r.channel === 'voice').contactsOffered).toBeLessThan(
      all.data.analytics.rows.find((r: any) => r.channel === 'voice').contactsOffered,
    );
  });

  it('a value that matches nothing answers zero rows, not an error', async () => {
    for (const st of [reporting, summary]) {
      const body = await ask(st, 'channel', [{ dimension: 'SKILL', operator: 'IN', values: ['no-such-skill'] }]);
      expect(body.errors).toBeUndefined();
      expect(body.data.analytics.rowCount).toBe(0);
    }
  });

  it.each([
    ['DATE', 'channel', 'filters: date cannot be filtered on by the reporting source; allowed: skill, channel, campaign, queue, direction, agent'],
    [
      'AGENT',
      'channel',
      'filters: agent cannot filter skill rows on the reporting source (skills/summary has no agents); allowed without agent: skill, channel, campaign, queue, direction',
    ],
    ['SKILL', 'agent', 'filters: skill cannot filter agent rows on the reporting source (agents/performance has no such breakdown); allowed with agent: agent'],
  ])('a %s filter by %s on reporting is refused, naming what it can filter on; nothing is sent', async (dimension, by, message) => {
    const body = await ask(reporting, by, [{ dimension, operator: 'IN', values: ['x'] }]);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe(message);
    expect(sim.requests).toEqual([]);
  });

  it('catalog.source lists what each source can filter on', async () => {
    const doc = '{ catalog { source { name filters } } }';
    expect((await reporting.gql(doc)).body.data.catalog.source).toEqual({
      name: 'reporting',
      filters: ['skill', 'channel', 'campaign', 'queue', 'direction', 'agent'],
    });
    expect((await summary.gql(doc)).body.data.catalog.source).toEqual({
      name: 'summary-query',
      filters: ['channel', 'skill', 'queue', 'agent', 'campaign', 'direction', 'date'],
    });
  });
});

describe('channel names are the same on every source', () => {
  it('by channel: the same names on both, and channel IN [voice] the same contactsOffered', async () => {
    const a = await ask(summary, 'channel');
    const b = await ask(reporting, 'channel');
    const names = (body: any) => body.data.analytics.rows.map((r: any) => r.channel).sort();
    expect(names(b)).toEqual(names(a));
    expect(names(b)).toEqual(['chat', 'email', 'sms', 'social', 'voice']);
    // The simulator's skills/summary says "Phone Call", "E-Mail": the reporting source maps them.
    const voice = [{ dimension: 'CHANNEL', operator: 'IN' as const, values: ['voice'] }];
    const [va, vb] = [await ask(summary, 'channel', voice), await ask(reporting, 'channel', voice)];
    expect(vb.data.analytics.rows).toHaveLength(1);
    expect(vb.data.analytics.rows[0].contactsOffered).toBe(va.data.analytics.rows[0].contactsOffered);
  });
});

describe('direction', () => {
  it.each([['reporting'], ['summary-query']])(
    '%s: outbound dials do not enter inbound abandon rate, queue time or service level; DIRECTION splits them',
    async (source) => {
      const st = source === 'reporting' ? reporting : summary;
      const contacts = sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end));
      const voice = contacts.filter((c) => c.channel === 'voice');
      const dials = voice.filter((c) => c.direction === 'outbound').length;
      expect(dials).toBeGreaterThan(100); // the voice channel mixes inbound calls and dials
      const byChannel = await ask(st, 'channel');
      expectBruteForce(byChannel, 'channel', []);
      const row = byChannel.data.analytics.rows.find((r: any) => r.channel === 'voice');
      const abandoned = voice.filter((c) => c.abandoned).length;
      expect(row.contactsOffered).toBe(voice.length); // counts cover both directions
      expect(row.abandonRate).toBeCloseTo((abandoned * 100) / (voice.length - dials), 2); // the rate only inbound
      expect(Math.abs(row.abandonRate - (abandoned * 100) / voice.length)).toBeGreaterThan(1); // not diluted by dials

      const split = await ask(st, 'direction');
      expectBruteForce(split, 'direction', []);
      const outbound = split.data.analytics.rows.find((r: any) => r.direction === 'outbound');
      expect(outbound).toMatchObject({ abandonRate: null, queueTime: null, serviceLevel: null });
      expect(outbound.contactsOffered).toBe(contacts.filter((c) => c.direction === 'outbound').length);
    },
  );
});

describe('agent names', () => {
  const BY_AGENT = (st: Stack, range = WEEK) =>
    st.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { agent agentId contactsHandled } } }`, {
      q: { metrics: ['CONTACTS_HANDLED'], dimensions: ['AGENT'], dateRange: range },
    });
  const day = (n: number) => ({ start: new Date(Date.UTC(2026, 9, n)).toISOString(), end: new Date(Date.UTC(2026, 9, n + 1)).toISOString() });

  it('answers names and ids; the agents list is paged once per refresh period however many queries ask', async () => {
    const clock = new ShiftedClock();
    const st = await startStack({ env: reportingEnv(sim), clock });
    try {
      const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => BY_AGENT(st, day(n))));
      for (const a of answers) expect(a.body.errors).toBeUndefined();
      const byId = new Map(AGENTS.map((a) => [String(a.agentId), agentName(a)]));
      for (const r of answers[0]!.body.data.analytics.rows) expect(r.agent).toBe(byId.get(r.agentId));
      expect(answers[0]!.body.data.analytics.rows.some((r: any) => r.agent === 'José Müller' || /[éüøã]/.test(r.agent))).toBe(true);
      // 120 agents, 100 a page: one pagination of two pages for all five questions.
      expect(sim.agentsCalls().map((c) => new URL(`http://x${c.path}${c.search}`).searchParams.get('skip'))).toEqual(['0', '100']);
      clock.shift(59 * 60_000);
      await BY_AGENT(st, day(6));
      expect(sim.agentsCalls()).toHaveLength(2);
      clock.shift(60_000); // an hour after the list was read
      await BY_AGENT(st, day(7));
      expect(sim.agentsCalls()).toHaveLength(4);
    } finally {
      await st.close();
    }
  });

  it('the list failing does not fail the query: ids with a warning, and no new try for a minute', async () => {
    const clock = new ShiftedClock();
    const st = await startStack({ env: reportingEnv(sim), clock });
    try {
      sim.setFaults({ agentsDown: true });
      const first = await BY_AGENT(st, day(8));
      expect(first.body.errors).toBeUndefined();
      expect(first.body.data.analytics.rows.every((r: any) => r.agent === r.agentId && /^\d+$/.test(r.agent))).toBe(true);
      const warnings = (
        await st.gql(
          `{ analytics(query: { metrics: [CONTACTS_HANDLED], dimensions: [AGENT], dateRange: { start: "${day(9).start}", end: "${day(9).end}" } }) { rowCount } }`,
        )
      ).body.extensions.warnings as string[];
      expect(warnings).toEqual([
        expect.stringMatching(/^agent names could not be read from CXone's agents list \(UPSTREAM_UNAVAILABLE: .*\): agents are answered by id$/),
      ]);
      const tries = sim.agentsCalls().length;
      expect(tries).toBe(3); // one call, retried: UPSTREAM_MAX_ATTEMPTS
      sim.setFaults({ agentsDown: false });
      clock.shift(59_000);
      await BY_AGENT(st, day(10));
      expect(sim.agentsCalls()).toHaveLength(tries);
      clock.shift(1_000);
      const back = await BY_AGENT(st, day(11));
      expect(back.body.data.analytics.rows.every((r: any) => r.agent !== r.agentId)).toBe(true);
    } finally {
      await st.close();
    }
  });

  it('the list failing at its hourly refresh keeps the names read before, and says so', async () => {
    const clock = new ShiftedClock();
    const st = await startStack({ env: reportingEnv(sim), clock });
    try {
      await BY_AGENT(st, day(14));
      sim.setFaults({ agentsDown: true });
      clock.shift(3_600_000);
      const { body } = await st.gql(
        `{ analytics(query: { metrics: [CONTACTS_HANDLED], dimensions: [AGENT], dateRange: { start: "${day(15).start}", end: "${day(15).end}" } }) { rows { agent agentId } } }`,
      );
      expect(body.data.analytics.rows.every((r: any) => r.agent !== r.agentId)).toBe(true);
      expect(body.extensions.warnings).toEqual([expect.stringMatching(/\): the names read before are kept, and agents not among them are answered by id$/)]);
    } finally {
      await st.close();
    }
  });

  it('two gateways sharing Redis read the list once between them', async () => {
    const env = reportingEnv(sim, { ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace() });
    const a = await startStack({ env });
    const b = await startStack({ env });
    try {
      expect((await BY_AGENT(a, day(12))).body.errors).toBeUndefined();
      const rows = (await BY_AGENT(b, day(13))).body.data.analytics.rows;
      expect(rows.every((r: any) => r.agent !== r.agentId)).toBe(true);
      expect(sim.agentsCalls().filter((c) => c.status === 200)).toHaveLength(2); // a's two pages; b read them from Redis
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('two agents with one name stay two rows, told apart by agentId and key', async () => {
    const st = await startStack({ env: reportingEnv(sim) });
    try {
      sim.setFaults({ agentsNamedAlike: true });
      const { body } = await st.gql(
        `{ analytics(query: { metrics: [CONTACTS_HANDLED], dimensions: [AGENT], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { key agent agentId contactsHandled } } }`,
      );
      const alike = body.data.analytics.rows.filter((r: any) => r.agent === agentName(AGENTS[0]!));
      expect(alike.map((r: any) => r.agentId).sort()).toEqual([String(AGENTS[0]!.agentId), String(AGENTS[1]!.agentId)]);
      expect(new Set(alike.map((r: any) => r.key)).size).toBe(2);
      const handled = (id: number) => sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end)).filter((c) => c.agentId === id).length;
      for (const r of alike) expect(r.contactsHandled).toBe(handled(Number(r.agentId)));
    } finally {
      await st.close();
    }
  });

  it('an id the list does not name answers as the id, with one warning for the query', async () => {
    const st = await startStack({ env: reportingEnv(sim) });
    try {
      sim.setFaults({ agentsOmitted: 20 });
      const { body } = await st.gql(
        `{ analytics(query: { metrics: [CONTACTS_HANDLED], dimensions: [AGENT], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { agent agentId } } }`,
      );
      const unnamed = body.data.analytics.rows.filter((r: any) => r.agent === r.agentId);
      expect(unnamed.length).toBeGreaterThan(0);
      expect(unnamed.every((r: any) => Number(r.agentId) > AGENTS[99]!.agentId)).toBe(true);
      expect(body.extensions.warnings).toEqual([
        expect.stringMatching(new RegExp(`^${unnamed.length} agent ids not in CXone's agents list \\(for example \\d+(, \\d+)*\\): answered by id$`)),
      ]);
    } finally {
      await st.close();
    }
  });
});

describe('API versions per endpoint', () => {
  it('each endpoint takes its own version; CXONE_API_VERSION sets the rest', async () => {
    const st = await startStack({ env: reportingEnv(sim, { CXONE_API_VERSION: 'v26.0', CXONE_API_VERSION_SKILLS_SUMMARY: 'v31.0' }) });
    try {
      await ask(st, 'channel');
      await BY_AGENT_WEEK(st);
      const versions = [...sim.reportingCalls(), ...sim.agentsCalls()].map((c) => c.path.replace('/inContactAPI/services/', ''));
      expect(new Set(versions)).toEqual(new Set(['v31.0/skills/summary', 'v26.0/agents/performance', 'v26.0/agents']));
    } finally {
      await st.close();
    }
  });
});

const BY_AGENT_WEEK = (st: Stack) =>
  st.gql(`{ analytics(query: { metrics: [CONTACTS_HANDLED], dimensions: [AGENT], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rowCount } }`);

describe('service level and counts as CXone reports them', () => {
  it('a skill row with 0 within and 0 out of SLA gives a null service level, and the totals leave it out', async () => {
    const row = (skillName: string, within: number, out: number) => ({
      skillName,
      mediaTypeId: 4,
      mediaTypeName: 'Phone Call',
      isOutbound: false,
      campaignName: 'spring',
      contactsOffered: 12,
      contactsHandled: 10,
      abandonCount: 2,
      contactsWithinSLA: within,
      contactsOutOfSLA: out,
      averageHandleTime: 'PT5M',
      averageTalkTime: 'PT4M',
      averageWrapTime: 'PT30S',
      averageInqueueTime: 'PT10S',
      holdTime: 'PT1M',
    });
    sim.setFaults({ script: [{ status: 200, body: { skillSummaries: [row('quiet', 0, 0), row('busy', 8, 2)] } }] });
    const { body } = await reporting.gql(
      `{ analytics(query: { metrics: [SERVICE_LEVEL], dimensions: [SKILL], dateRange: { start: "2035-02-01T00:00:00Z", end: "2035-02-02T00:00:00Z" } }) { rows { skill serviceLevel } totals { serviceLevel } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.analytics.rows).toEqual([
      { skill: 'busy', serviceLevel: 80 },
      { skill: 'quiet', serviceLevel: null },
    ]);
    expect(body.data.analytics.totals.serviceLevel).toBe(80);
  });

  it('the all-strings answer of older versions gives the same numbers as the typed one', async () => {
    const legacySim = await simulator({ legacy: true });
    const legacy = await startStack({ env: reportingEnv(legacySim) });
    try {
      for (const by of ['channel', 'direction', 'skill']) {
        const typed = await ask(reporting, by);
        const strings = await ask(legacy, by);
        expect(strings.errors).toBeUndefined();
        expect(strings.data.analytics.rows).toEqual(typed.data.analytics.rows);
      }
      const agents =
        '{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [AGENT], dateRange: { start: "2026-10-05T00:00:00Z", end: "2026-10-12T00:00:00Z" } }) { rows { agent agentId handleTime } } }';
      expect((await legacy.gql(agents)).body.data.analytics.rows).toEqual((await reporting.gql(agents)).body.data.analytics.rows);
      // It really was the legacy form on the wire.
      expect(legacySim.reportingCalls().length).toBeGreaterThan(0);
    } finally {
      await legacy.close();
      await legacySim.stop();
    }
  });
});

describe('client authentication at the token endpoint, chosen from discovery', () => {
  it.each([
    [['client_secret_post'] as const, 'post'],
    [['client_secret_basic'] as const, 'basic'],
  ])('discovery advertising %j: the gateway authenticates with %s and gets data', async (methods, how) => {
    const s = await simulator({ tokenAuthMethods: [...methods] });
    const st = await startStack({ env: reportingEnv(s) });
    try {
      const body = await ask(st, 'channel');
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const grant = s.requests.find((r) => r.path === '/auth/token')!;
      expect(grant.status).toBe(200);
      if (how === 'post') {
        expect(grant.authorization).toBeUndefined();
        expect(grant.body).toMatchObject({ grant_type: 'password', client_id: CLIENT_ID });
      } else {
        expect(grant.authorization).toMatch(/^Basic /);
        expect(grant.body).not.toHaveProperty('client_id');
      }
      // Every upstream call names the gateway.
      expect(new Set(s.requests.map((r) => r.userAgent))).toEqual(new Set(['cxone-graphql-gateway/0.1.0']));
    } finally {
      await st.close();
      await s.stop();
    }
  });

  it('CXONE_TOKEN_AUTH=basic against an endpoint that takes only the form body fails as an auth failure, once', async () => {
    const s = await simulator({ tokenAuthMethods: ['client_secret_post'] });
    const st = await startStack({ env: reportingEnv(s, { CXONE_TOKEN_AUTH: 'basic' }) });
    try {
      // The business unit read at start failed the same way, and said so.
      expect(st.logs()).toContain('the business unit could not be read');
      const before = s.requests.filter((r) => r.path === '/auth/token').length;
      const body = await ask(st, 'channel');
      expect(body.errors[0].extensions.code).toBe('UPSTREAM_AUTH_FAILED');
      expect(s.requests.filter((r) => r.path === '/auth/token').length - before).toBe(1);
    } finally {
      await st.close();
      await s.stop();
    }
  });
});
