/**
 * What dashboard panels ask for, over real HTTP against the simulator: top N
 * with "Other" re-aggregated from additive parts, conditions on metrics (a
 * HAVING) that rowCount and totals agree with, week-on-week in New York across
 * the clock change, at no extra upstream cost over a cached result, in the
 * same order on every request and every gateway.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue } from '../../src/simulator/aggregate.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

const contacts = () => s.sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end));

describe('top N and Other', () => {
  const DOC = `query Q($q: AnalyticsQueryInput!, $top: Int) { analytics(query: $q) {
    rows(orderBy: [{ field: HANDLE_TIME, direction: DESC }], top: $top, others: true) { agent handleTime contactsHandled }
    totals { contactsHandled handleTime } } }`;
  const Q = { metrics: ['HANDLE_TIME', 'CONTACTS_HANDLED'], dimensions: ['AGENT'], dateRange: WEEK };

  it('the 10 agents with the longest handle time, and everyone else as one row re-aggregated from additive parts', async () => {
    const { body } = await s.gql(DOC, { q: Q, top: 10 });
    expect(body.errors).toBeUndefined();
    const { rows, totals } = body.data.analytics;
    expect(rows).toHaveLength(11);
    // Brute force: agents by handle time, longest first (ties by name).
    const byAgent = group(contacts(), ['agent'])
      .map((g) => ({ agent: g.key.agent, handleTime: metricValue(g.parts, 'handle_time')!, parts: g.parts }))
      .sort((a, b) => b.handleTime - a.handleTime || String(a.agent).localeCompare(String(b.agent)));
    const top = byAgent.slice(0, 10);
    expect(rows.slice(0, 10).map((r: any) => r.agent)).toEqual(top.map((a) => a.agent));
    const other = rows[10];
    expect(other.agent).toBe('Other');
    expect(rows.reduce((n: number, r: any) => n + r.contactsHandled, 0)).toBe(totals.contactsHandled);
    // The rest's handle time is weighted by their handled contacts: brute force over their contacts.
    const rest = contacts().filter((c) => c.handled && !top.some((a) => a.agent === c.agent));
    const weighted = rest.reduce((n, c) => n + c.talkTime + c.holdTime + c.wrapTime, 0) / rest.length;
    expect(other.handleTime).toBeCloseTo(weighted, 2);
    const restRows = byAgent.slice(10).filter((a) => a.parts.handled > 0);
    const meanOfAverages = restRows.reduce((n, a) => n + a.handleTime, 0) / restRows.length;
    expect(Math.abs(other.handleTime - meanOfAverages)).toBeGreaterThan(0.01);
  });

  it('over a cached result these arguments cost no upstream call, and the order is the same on every request and every gateway', async () => {
    await s.gql(DOC, { q: Q, top: 10 });
    s.sim.reset();
    const ORDER = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows(orderBy: [{ field: CONTACTS_HANDLED }, { field: HANDLE_TIME, direction: DESC, nulls: FIRST }]) { agent contactsHandled } } }`;
    const first = await s.gql(ORDER, { q: Q });
    const again = await s.gql(ORDER, { q: Q });
    expect(s.sim.requests).toEqual([]);
    expect(again.body.data).toEqual(first.body.data);
    const rows = first.body.data.analytics.rows;
    expect(rows.map((r: any) => r.contactsHandled)).toEqual([...rows.map((r: any) => r.contactsHandled)].sort((a: number, b: number) => a - b));
    const other = await startStack();
    try {
      const there = await other.gql(ORDER, { q: Q });
      expect(there.body.data).toEqual(first.body.data);
    } finally {
      await other.close();
    }
  });

  it('with time buckets the same N channels are kept in every bucket, and Other is per bucket', async () => {
    const { body } = await s.gql(
      `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows(orderBy: [{ field: CONTACTS_OFFERED, direction: DESC }], top: 2, others: true) { date skill contactsOffered } } }`,
      { q: { metrics: ['CONTACTS_OFFERED'], dimensions: ['SKILL'], granularity: 'DAY', dateRange: WEEK } },
    );
    const rows = body.data.analytics.rows;
    const bySkill = group(contacts(), ['skill']).sort((a, b) => b.parts.offered - a.parts.offered || String(a.key.skill).localeCompare(String(b.key.skill)));
    const top = bySkill.slice(0, 2).map((g) => g.key.skill);
    const days = [...new Set(rows.map((r: any) => r.date))];
    expect(days).toHaveLength(7);
    for (const day of days) {
      const those = rows.filter((r: any) => r.date === day);
      expect(those.map((r: any) => r.skill)).toEqual([...top, 'Other']);
      const dayTotal = group(s.sim.tenant.contacts(Date.parse(`${day}T00:00:00Z`), Date.parse(`${day}T00:00:00Z`) + 86_400_000), [])[0]!.parts.offered;
      expect(those.reduce((n: number, r: any) => n + r.contactsOffered, 0)).toBe(dayTotal);
    }
  });
});

describe('conditions on metrics', () => {
  it('abandon rate over 5 %: exactly the brute-force skills; rowCount and totals agree', async () => {
    const cond = '[{ field: ABANDON_RATE, op: GT, value: 5 }]';
    const { body } = await s.gql(
      `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount all: rowCount rows(where: ${cond}) { skill abandonRate } n: rowCount(where: ${cond}) totals(where: ${cond}) { abandonRate } } }`,
      { q: { metrics: ['ABANDON_RATE'], dimensions: ['SKILL'], dateRange: WEEK } },
    );
    expect(body.errors).toBeUndefined();
    const a = body.data.analytics;
    const truth = group(contacts(), ['skill']).filter((g) => (metricValue(g.parts, 'abandon_rate') ?? -1) > 5);
    expect(a.rows.map((r: any) => r.skill).sort()).toEqual(truth.map((g) => g.key.skill).sort());
    expect(a.n).toBe(truth.length);
    expect(a.all).toBeGreaterThan(truth.length);
    const chosen = contacts().filter((c) => truth.some((g) => g.key.skill === c.skill) && c.direction === 'inbound');
    expect(a.totals.abandonRate).toBeCloseTo((chosen.filter((c) => c.abandoned).length * 100) / chosen.length, 2);
  });
});

describe('comparison with an earlier period', () => {
  const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) {
    rows { time date channel contactsOffered handleTime previous { time date contactsOffered handleTime } change(field: CONTACTS_OFFERED) changeRatio(field: HANDLE_TIME) }
    previousTotals { contactsOffered } } }`;
  const NY = 'America/New_York';
  const localDay = (iso: string) => [Date.parse(`${iso}T00:00:00-05:00`), Date.parse(`${iso}T00:00:00-05:00`) + 86_400_000] as const;

  it('week on week by day in New York across the clock change pairs each day with the same weekday a week before; change and changeRatio equal brute force', async () => {
    const q = { metrics: ['CONTACTS_OFFERED', 'HANDLE_TIME'], dimensions: ['CHANNEL'], granularity: 'DAY', timeZone: NY, compareTo: 'WEEK_AGO' };
    const { body } = await s.gql(DOC, { q: { ...q, dateRange: { start: '2026-11-02T00:00:00-05:00', end: '2026-11-09T00:00:00-05:00' } } });
    expect(body.errors).toBeUndefined();
    const rows = body.data.analytics.rows;
    expect(new Set(rows.map((r: any) => r.date)).size).toBe(7);
    for (const r of rows) {
      expect(r.previous).not.toBeNull();
      const weekBefore = new Date(Date.parse(`${r.date}T12:00:00Z`) - 7 * 86_400_000).toISOString().slice(0, 10);
      expect(r.previous.date).toBe(weekBefore);
      expect(r.previous.time.slice(11, 19)).toBe('00:00:00'); // local midnight, whichever the offset that day
    }
    // Brute force for the Monday across the change: 2 November against 26 October (clocks went back on 1 November).
    const monday = rows.filter((r: any) => r.date === '2026-11-02');
    const [n0, n1] = localDay('2026-11-02');
    const p0 = Date.parse('2026-10-26T00:00:00-04:00');
    const p1 = Date.parse('2026-10-27T00:00:00-04:00');
    const now = group(s.sim.tenant.contacts(n0, n1), ['channel']);
    const before = group(s.sim.tenant.contacts(p0, p1), ['channel']);
    for (const r of monday) {
      const a = now.find((g) => g.key.channel === r.channel)!;
      const b = before.find((g) => g.key.channel === r.channel)!;
      expect(r.previous.time).toBe('2026-10-26T00:00:00-04:00');
      expect(r.change).toBe(a.parts.offered - b.parts.offered);
      const ha = metricValue(a.parts, 'handle_time')!;
      const hb = metricValue(b.parts, 'handle_time')!;
      expect(r.changeRatio).toBeCloseTo((ha - hb) / hb, 4);
    }
    const previousOffered = group(s.sim.tenant.contacts(Date.parse('2026-10-26T00:00:00-04:00'), Date.parse('2026-11-02T00:00:00-05:00')), [])[0]!.parts
      .offered;
    expect(body.data.analytics.previousTotals.contactsOffered).toBe(previousOffered);

    // The next day: each period has one new day, and the earlier period's is already cached (it was this week's first).
    s.sim.reset();
    const next = await s.gql(DOC, { q: { ...q, dateRange: { start: '2026-11-03T00:00:00-05:00', end: '2026-11-10T00:00:00-05:00' } } });
    expect(next.body.errors).toBeUndefined();
    expect(s.sim.summaryCalls().map((c) => (c.body as any).dateRange)).toEqual([{ start: '2026-11-09T05:00:00.000Z', end: '2026-11-10T05:00:00.000Z' }]);
  });

  it('a group only in one period answers null on the other side', async () => {
    const { body } = await s.gql(
      `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { skill previous { skill } change(field: CONTACTS_OFFERED) } } }`,
      {
        q: {
          metrics: ['CONTACTS_OFFERED'],
          dimensions: ['SKILL'],
          dateRange: { start: '2026-11-02T10:00:00Z', end: '2026-11-02T11:00:00Z' },
          compareRange: { start: '2026-11-01T03:00:00Z', end: '2026-11-01T04:00:00Z' },
        },
      },
    );
    expect(body.errors).toBeUndefined();
    const rows = body.data.analytics.rows;
    const before = new Set(
      group(s.sim.tenant.contacts(Date.parse('2026-11-01T03:00:00Z'), Date.parse('2026-11-01T04:00:00Z')), ['skill']).map((g) => g.key.skill),
    );
    const lonely = rows.filter((r: any) => !before.has(r.skill));
    expect(lonely.length).toBeGreaterThan(0);
    for (const r of lonely) expect([r.previous, r.change]).toEqual([null, null]);
  });
});

describe('bad input', () => {
  it.each([
    [
      'a dimension in where',
      'rows(where: [{ field: CHANNEL, op: EQ, value: 1 }]) { channel }',
      'rows(where[0]): channel is a dimension; a condition on it is a filter',
    ],
    ['a comparison without a value', 'rows(where: [{ field: HANDLE_TIME, op: GT }]) { channel }', 'rows(where[0]): GT on handleTime needs a value'],
    ['top 0', 'rows(top: 0) { channel }', 'rows(top): 0 is not allowed; allowed: a whole number from 1 to'],
    ['totals with a bad where', 'totals(where: [{ field: TALK_RATIO, op: LT }]) { channel }', 'totals(where[0]): LT on talkRatio needs a value'],
  ])('%s: BAD_USER_INPUT naming the argument and what is allowed; nothing sent', async (_what, selection, message) => {
    const { body } = await s.gql(
      `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { ${selection} } }`,
    );
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain(message);
    expect(s.sim.requests).toEqual([]);
  });

  it('compareRange of another length: BAD_USER_INPUT, nothing sent', async () => {
    const { body } = await s.gql(
      `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [], granularity: DAY, dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" }, compareRange: { start: "2026-10-01T00:00:00Z", end: "2026-10-06T00:00:00Z" } }) { rowCount } }`,
    );
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe('compareRange: 5 day buckets long, and the dateRange 7; allowed: a range of the same length, end after start');
    expect(s.sim.requests).toEqual([]);
  });
});

describe('the REST form', () => {
  it('order_by, top, others, where and compare_to mean the same; CSV adds previous_ and change_ columns', async () => {
    const { body } = await s.gql(
      `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows(where: [{ field: CONTACTS_HANDLED, op: GTE, value: 20 }], orderBy: [{ field: HANDLE_TIME, direction: DESC }], top: 3, others: true) { skill handleTime contactsHandled previous { contactsHandled } } } }`,
      { q: { metrics: ['HANDLE_TIME', 'CONTACTS_HANDLED'], dimensions: ['SKILL'], dateRange: WEEK, compareTo: 'PREVIOUS_PERIOD' } },
    );
    expect(body.errors).toBeUndefined();
    const gql = body.data.analytics.rows;
    const rest = await s.rest({
      metrics: ['handle_time', 'contacts_handled'],
      dimensions: ['skill'],
      start_date: WEEK.start,
      end_date: WEEK.end,
      where: [{ field: 'contacts_handled', op: 'gte', value: 20 }],
      order_by: [{ field: 'handle_time', direction: 'desc' }],
      top: 3,
      others: true,
      compare_to: 'previous_period',
    });
    expect(rest.status).toBe(200);
    expect(rest.body.data.map((r: any) => [r.skill, r.handle_time, r.contacts_handled])).toEqual(
      gql.map((r: any) => [r.skill, r.handleTime, r.contactsHandled]),
    );
    for (const [i, r] of rest.body.data.entries()) {
      if (i < 3) expect(r.previous_contacts_handled).toBe(gql[i].previous?.contactsHandled ?? null);
      if (r.previous_contacts_handled !== null) expect(r.change_contacts_handled).toBe(r.contacts_handled - r.previous_contacts_handled);
    }
    const csv = await fetch(`${s.gw.url}/api/v1/analytics/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
      body: JSON.stringify({
        metrics: ['contacts_handled'],
        dimensions: ['skill'],
        start_date: WEEK.start,
        end_date: WEEK.end,
        top: 2,
        compare_to: 'week_ago',
      }),
    });
    const header = (await csv.text()).split(/\r?\n/)[0];
    expect(header).toBe(
      'skill,contacts_handled,previous_contacts_handled,change_contacts_handled,total_interaction_time,talk_ratio,hold_impact_score,channel_efficiency',
    );
  });

  it('a field that is no row field, or a dimension in where: 400 naming it, nothing sent', async () => {
    const ask = (extra: Record<string, unknown>) =>
      s.rest({ metrics: ['handle_time'], dimensions: ['skill'], start_date: WEEK.start, end_date: WEEK.end, ...extra });
    const unknown = await ask({ order_by: [{ field: 'mood' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.detail).toContain('order_by[0].field: "mood" is not a row field; allowed: time, date, channel');
    const dimension = await ask({ where: [{ field: 'skill', op: 'eq', value: 1 }] });
    expect(dimension.status).toBe(400);
    expect(dimension.body.detail).toContain('where[0]: skill is a dimension');
    expect(s.sim.requests).toEqual([]);
  });
});
