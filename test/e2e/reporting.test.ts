/**
 * Real CXone tenants: the reporting source against the simulator's real side
 * (discovery, access-key password grant, tenantId claim, cxone-configuration,
 * skills/summary, agents/performance), compared with the summary-query
 * source and with a brute-force aggregation of the simulator's contacts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emptyParts, addContact, group, metricValue, type Parts } from '../../src/simulator/aggregate.js';
import { TENANT_ID } from '../../src/simulator/auth.js';
import { Simulator } from '../../src/simulator/server.js';
import { CLIENT_ID, CLIENT_SECRET, sleep, startStack, type Stack } from '../support/stack.js';

const ACCESS_KEY_ID = 'ak-test-0001';
const ACCESS_KEY_SECRET = 'ak-secret-5e0c9f1d2b7a';
const WEEK = { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' };
const METRICS = ['handle_time', 'talk_time', 'hold_time', 'queue_time', 'wrap_time', 'abandon_rate', 'service_level'];
const ROW_FIELDS =
  'channel date handleTime talkTime holdTime queueTime wrapTime abandonRate serviceLevel contactsOffered contactsHandled totalInteractionTime talkRatio holdImpactScore channelEfficiency';
const TOTAL_FIELDS =
  'handleTime talkTime holdTime queueTime wrapTime abandonRate serviceLevel contactsOffered contactsHandled abandonCount talkRatio holdImpactScore channelEfficiency';

let sim: Simulator;
let summary: Stack;
let reporting: Stack;

function reportingEnv(extra: Record<string, string> = {}) {
  return {
    CXONE_SOURCE: 'reporting',
    CXONE_ISSUER: sim.url,
    CXONE_ACCESS_KEY_ID: ACCESS_KEY_ID,
    CXONE_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
    CXONE_OAUTH_URL: sim.tokenUrl,
    CXONE_ANALYTICS_URL: sim.summaryUrl,
    ...extra,
  };
}

beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }).start();
  summary = await startStack({ env: { CXONE_OAUTH_URL: sim.tokenUrl, CXONE_ANALYTICS_URL: sim.summaryUrl } });
  reporting = await startStack({ env: reportingEnv() });
});
afterAll(async () => {
  await summary.close();
  await reporting.close();
  await sim.stop();
});
beforeEach(() => sim.reset());

const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { source rowCount rows { ${ROW_FIELDS} } totals { ${TOTAL_FIELDS} } } }`;
const byKey = (rows: any[]) => new Map(rows.map((r) => [`${r.channel}|${r.date}`, r]));

describe('one query, two sources, one truth', () => {
  it('channel by date over 7 days: same rows and KPIs from both sources, both equal to brute force', async () => {
    const q = { metrics: METRICS.map((m) => m.toUpperCase()), dimensions: ['CHANNEL', 'DATE'], dateRange: WEEK };
    const a = (await summary.gql(DOC, { q })).body;
    const b = (await reporting.gql(DOC, { q })).body;
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect([a.data.analytics.source, b.data.analytics.source]).toEqual(['summary-query', 'reporting']);
    expect(b.data.analytics.rowCount).toBe(a.data.analytics.rowCount);
    expect(a.data.analytics.rowCount).toBe(35);

    const truth = new Map(
      group(sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end)), ['channel', 'date']).map((g) => [`${g.key.channel}|${g.key.date}`, g.parts]),
    );
    const ra = byKey(a.data.analytics.rows);
    const rb = byKey(b.data.analytics.rows);
    for (const [key, parts] of truth) {
      for (const rows of [ra, rb]) {
        const row = rows.get(key);
        expect(row, key).toBeDefined();
        for (const m of METRICS) expect(row[m.replace(/_(\w)/g, (_, c) => c.toUpperCase())]).toBeCloseTo(metricValue(parts, m)!, 2);
      }
      for (const kpi of ['talkRatio', 'holdImpactScore', 'channelEfficiency', 'totalInteractionTime']) {
        expect(rb.get(key)[kpi]).toBeCloseTo(ra.get(key)[kpi], 2); // the summary-query rounds to 3 decimals
      }
    }
  });

  it('totals equal the brute-force aggregate of every contact in the range; averaging row averages would not', async () => {
    const q = { dimensions: ['CHANNEL', 'DATE'], dateRange: WEEK };
    const all: Parts = emptyParts();
    for (const c of sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end))) addContact(all, c);
    for (const st of [summary, reporting]) {
      const { body } = await st.gql(DOC, { q });
      const t = body.data.analytics.totals;
      expect(t.handleTime).toBeCloseTo(metricValue(all, 'handle_time')!, 2);
      expect(t.queueTime).toBeCloseTo(metricValue(all, 'queue_time')!, 2);
      expect(t.serviceLevel).toBeCloseTo(metricValue(all, 'service_level')!, 2);
      expect(t.abandonRate).toBeCloseTo(metricValue(all, 'abandon_rate')!, 2);
      expect(t.contactsHandled).toBe(all.handled);
      expect(t.abandonCount).toBe(all.abandoned);
      expect(t.talkRatio).toBeCloseTo(all.talkSum / all.handleSum, 3);
      // The naive mean of the rows' averages is another, wrong number.
      const rows = body.data.analytics.rows as any[];
      const naive = rows.reduce((s, r) => s + r.handleTime, 0) / rows.length;
      expect(Math.abs(naive - metricValue(all, 'handle_time')!)).toBeGreaterThan(5);
    }
  });
});

describe('access-key authentication, end to end', () => {
  it('discovers the token endpoint, makes the password grant, reads tenantId and finds the API base', async () => {
    const st = await startStack({ env: reportingEnv() });
    try {
      const { body } = await st.gql(DOC, { q: { dimensions: ['CHANNEL'], dateRange: WEEK } });
      expect(body.errors).toBeUndefined();
      const calls = sim.requests.map((r) => `${r.method} ${r.path}`);
      expect(calls.slice(0, 3)).toEqual(['GET /.well-known/openid-configuration', 'POST /auth/token', 'GET /.well-known/cxone-configuration']);
      const grant = sim.requests[1]!;
      expect(grant.body).toEqual({ grant_type: 'password', username: ACCESS_KEY_ID, password: ACCESS_KEY_SECRET });
      expect(grant.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`);
      expect(sim.requests[2]!.search).toBe(`?tenantId=${TENANT_ID}`);
      expect(sim.reportingCalls()).toHaveLength(1);
      expect(sim.reportingCalls()[0]!.search).toBe('?startDate=2026-10-05T00:00:00Z&endDate=2026-10-12T00:00:00Z');
    } finally {
      await st.close();
    }
  });

  it('a token that expires mid-query is refreshed once, with the refresh token', async () => {
    const st = await startStack({ env: reportingEnv({ UPSTREAM_CONCURRENCY: '1' }) });
    try {
      sim.setFaults({ latencyMs: 30 });
      const pending = st.gql(DOC, { q: { dimensions: ['CHANNEL', 'DATE'], dateRange: { start: '2026-08-01T00:00:00Z', end: '2026-08-08T00:00:00Z' } } });
      while (sim.reportingCalls().filter((c) => c.doneAt > 0).length < 3) await sleep(5);
      sim.revokeTokens();
      const { body } = await pending;
      expect(body.errors).toBeUndefined();
      expect(body.data.analytics.rowCount).toBe(35);
      const grants = sim.requests.filter((r) => r.path === '/auth/token').map((r) => (r.body as any).grant_type);
      expect(grants).toEqual(['password', 'refresh_token']);
      expect(sim.reportingCalls().filter((c) => c.status === 401)).toHaveLength(1);
    } finally {
      await st.close();
    }
  });
});

describe('a refused refresh token', () => {
  it('falls back to a new password grant with the access key', async () => {
    const st = await startStack({ env: reportingEnv() });
    try {
      const q = (n: number) => ({ dimensions: ['CHANNEL'], dateRange: { start: `2026-03-0${n}T00:00:00Z`, end: `2026-03-0${n + 1}T00:00:00Z` } });
      expect((await st.gql(DOC, { q: q(1) })).body.errors).toBeUndefined();
      sim.revokeTokens({ refresh: true });
      const { body } = await st.gql(DOC, { q: q(2) });
      expect(body.errors).toBeUndefined();
      const grants = sim.requests.filter((r) => r.path === '/auth/token').map((r) => [(r.body as any).grant_type, r.status]);
      expect(grants).toEqual([
        ['password', 200],
        ['refresh_token', 400],
        ['password', 200],
      ]);
    } finally {
      await st.close();
    }
  });
});

describe('the reporting source', () => {
  it('a 30-day query by date makes 30 day calls, at most UPSTREAM_CONCURRENCY at once; the first 29 days again make none', async () => {
    const st = await startStack({ env: reportingEnv({ UPSTREAM_CONCURRENCY: '3' }) });
    try {
      sim.setFaults({ latencyMs: 40 });
      const day = (n: number) => new Date(Date.UTC(2026, 5, 1 + n)).toISOString();
      const first = await st.gql(DOC, { q: { dimensions: ['DATE'], dateRange: { start: day(0), end: day(30) } } });
      expect(first.body.data.analytics.rowCount).toBe(30);
      const calls = sim.reportingCalls();
      expect(calls).toHaveLength(30);
      const events = calls
        .flatMap(
          (c) =>
            [
              [c.at, 1],
              [c.doneAt, -1],
            ] as const,
        )
        .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
      let open = 0;
      let peak = 0;
      for (const [, d] of events) peak = Math.max(peak, (open += d));
      expect(peak).toBeLessThanOrEqual(3);
      expect(peak).toBeGreaterThan(1);
      sim.reset();
      const again = await st.gql(DOC, { q: { dimensions: ['DATE'], dateRange: { start: day(0), end: day(29) } } });
      expect(again.body.data.analytics.rowCount).toBe(29);
      expect(sim.reportingCalls()).toHaveLength(0);
    } finally {
      await st.close();
    }
  });

  it('refuses agent with skill, saying what it can group by; nothing is sent', async () => {
    const { body } = await reporting.gql(DOC, { q: { dimensions: ['AGENT', 'SKILL'], dateRange: WEEK } });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe(
      'dimensions: agent cannot be combined with skill on the reporting source (agents/performance has no such breakdown); allowed: agent with date, or any of skill, channel, campaign, queue, direction, date without agent',
    );
    expect(sim.requests).toEqual([]);
  });

  it('answers by agent from agents/performance, with what it cannot report null and a warning', async () => {
    const { body } = await reporting.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows(limit: 3) { agent handleTime holdTime } } }`, {
      q: { dimensions: ['AGENT'], dateRange: WEEK },
    });
    expect(body.errors).toBeUndefined();
    const truth = new Map(group(sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end)), ['agent']).map((g) => [g.key.agent, g.parts]));
    for (const row of body.data.analytics.rows) {
      expect(row.handleTime).toBeCloseTo(metricValue(truth.get(row.agent)!, 'handle_time')!, 2);
      expect(row.holdTime).toBeNull();
    }
    expect(body.extensions.warnings).toEqual(['hold_time is not reported by the reporting source by agent: null']);
    // Each endpoint at its own version: agents/performance at v23.0 by default, the agents list at v30.0.
    expect(sim.reportingCalls()[0]!.path).toBe('/inContactAPI/services/v23.0/agents/performance');
    // (An earlier test revoked this stack's token: a 401 and a renewal may come first.)
    expect(
      sim
        .agentsCalls()
        .filter((c) => c.status !== 401)
        .map((c) => `${c.path}${c.search} ${c.status}`),
    ).toEqual([
      '/inContactAPI/services/v30.0/agents?top=100&skip=0&fields=agentId,firstName,lastName,teamId,teamName 200',
      '/inContactAPI/services/v30.0/agents?top=100&skip=100&fields=agentId,firstName,lastName,teamId,teamName 200',
    ]);
  });

  it('takes durations in every format the contract lists', async () => {
    const { durationSeconds } = await import('../../src/upstream/duration.js');
    expect([
      durationSeconds('PT5M12.4S'),
      durationSeconds('PT2H10M'),
      durationSeconds('P1DT1S'),
      durationSeconds('00:05:12.4'),
      durationSeconds('312.4'),
      durationSeconds(312.4),
      durationSeconds('PT'),
      durationSeconds('soon'),
      durationSeconds(null),
    ]).toEqual([312.4, 7800, 86_401, 312.4, 312.4, 312.4, null, null, null]);
  });

  it('the catalog says which source answers and what it can serve', async () => {
    const { body } = await reporting.gql('{ catalog { source { name dimensions notes } } }');
    expect(body.data.catalog.source.name).toBe('reporting');
    expect(body.data.catalog.source.notes.join(' ')).toContain('queue is the skill');
  });
});

describe("the business unit's calendar", () => {
  const CAL_DOC = `query Q($q: AnalyticsQueryInput!) { catalog { timeZone } analytics(query: $q) { rows { time date channel contactsOffered } meta { timeZone } } }`;
  const own = async (businessUnit: { timeZone: string; startDayOfWeek: string }, env: Record<string, string> = {}) => {
    const bu = await new Simulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessKeyId: ACCESS_KEY_ID,
      accessKeySecret: ACCESS_KEY_SECRET,
      businessUnit,
    }).start();
    const st = await startStack({
      env: { CXONE_SOURCE: 'reporting', CXONE_ISSUER: bu.url, CXONE_ACCESS_KEY_ID: ACCESS_KEY_ID, CXONE_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET, ...env },
    });
    return { bu, st, close: async () => (await st.close(), await bu.stop()) };
  };

  it("is the default: Eastern Standard Time is America/New_York, weeks start on the unit's Sunday; buckets equal brute force", async () => {
    const { bu, st, close } = await own({ timeZone: 'Eastern Standard Time', startDayOfWeek: 'Sunday' });
    try {
      const { body } = await st.gql(CAL_DOC, {
        q: {
          metrics: ['CONTACTS_OFFERED'],
          dimensions: ['CHANNEL'],
          granularity: 'WEEK',
          dateRange: { start: '2026-11-08T05:00:00Z', end: '2026-11-15T05:00:00Z' },
        },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.catalog.timeZone).toBe('America/New_York');
      expect(body.data.analytics.meta.timeZone).toBe('America/New_York');
      expect(new Set(body.data.analytics.rows.map((r: any) => r.time))).toEqual(new Set(['2026-11-08T00:00:00-05:00']));
      const truth = group(bu.tenant.contacts(Date.parse('2026-11-08T05:00:00Z'), Date.parse('2026-11-15T05:00:00Z')), ['channel']);
      for (const g of truth) expect(body.data.analytics.rows.find((r: any) => r.channel === g.key.channel).contactsOffered).toBe(g.parts.offered);
      expect(bu.businessUnitCalls()).toHaveLength(1);
      // Seven local days, one call each: the Reporting API has no time breakdown.
      expect(bu.reportingCalls()).toHaveLength(7);
    } finally {
      await close();
    }
  });

  it('a zone name no table knows is a start-up warning, UTC, and a warning on answers that take the default', async () => {
    const { st, close } = await own({ timeZone: 'Mars Standard Time', startDayOfWeek: 'Monday' });
    try {
      const { body } = await st.gql(CAL_DOC, {
        q: { metrics: ['CONTACTS_OFFERED'], dimensions: ['DATE'], dateRange: { start: '2026-11-08T00:00:00Z', end: '2026-11-09T00:00:00Z' } },
      });
      expect(body.data.catalog.timeZone).toBe('UTC');
      expect(body.data.analytics.rows[0].time).toBe('2026-11-08T00:00:00Z');
      const warning = `the business unit's time zone "Mars Standard Time" is not a Windows or IANA zone name this gateway knows: UTC is the default time zone (set CXONE_TIME_ZONE, or ask with timeZone)`;
      expect(body.extensions.warnings).toEqual([warning]);
      expect(st.logs()).toContain(JSON.stringify(warning).slice(1, -1));
    } finally {
      await close();
    }
  });

  it('CXONE_TIME_ZONE wins over the business unit', async () => {
    const { st, close } = await own({ timeZone: 'Eastern Standard Time', startDayOfWeek: 'Sunday' }, { CXONE_TIME_ZONE: 'Europe/Berlin' });
    try {
      const { body } = await st.gql(CAL_DOC, {
        q: {
          metrics: ['CONTACTS_OFFERED'],
          dimensions: [],
          granularity: 'DAY',
          dateRange: { start: '2026-11-08T00:00:00+01:00', end: '2026-11-09T00:00:00+01:00' },
        },
      });
      expect(body.data.catalog.timeZone).toBe('Europe/Berlin');
      expect(body.data.analytics.rows[0].time).toBe('2026-11-08T00:00:00+01:00');
      expect(body.extensions).toBeUndefined();
    } finally {
      await close();
    }
  });
});
