/**
 * The contacts source over real HTTP against the simulator: every metric by
 * every dimension (alone and in pairs) in DAY and HOUR buckets of a non-UTC
 * zone equals brute force over the simulator's contacts; the summary query
 * agrees where both answer; cached days answer new questions without
 * CXone; late after-call work is picked up until a day settles; paging by
 * skip and by links, in both key generations; bad pages fail whole.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue, type Parts } from '../../src/simulator/aggregate.js';
import { ShiftedClock } from '../support/fake-clock.js';
import { startStack, type Stack } from '../support/stack.js';

const METRIC_SETS = [
  ['CONTACTS_OFFERED', 'CONTACTS_HANDLED', 'ABANDON_COUNT', 'INBOUND_OFFERED', 'SLA_CONTACTS', 'HANDLE_TIME'],
  ['TALK_TIME', 'HOLD_TIME', 'WRAP_TIME', 'QUEUE_TIME', 'ABANDON_RATE', 'SERVICE_LEVEL'],
];
const DIMENSIONS = ['CHANNEL', 'SKILL', 'QUEUE', 'AGENT', 'TEAM', 'CAMPAIGN', 'DIRECTION'];
const field = (upper: string) => upper.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const snake = (upper: string) => upper.toLowerCase();
/** Averages over nobody handled: the contacts source answers null (no denominator), the simulator's helper 0. */
const PER_HANDLED = new Set(['handle_time', 'talk_time', 'hold_time', 'wrap_time']);

function expected(parts: Parts, metric: string): number | null {
  if (PER_HANDLED.has(metric) && parts.handled === 0) return null;
  return metricValue(parts, metric);
}

const NY = 'America/New_York';
const clock = new ShiftedClock().at('2026-11-29T12:00:00Z');
let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { CXONE_SOURCE: 'contacts' }, clock, simulator: { now: () => clock.now() } });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

async function ask(q: Record<string, unknown>, fields: string) {
  const { body } = await s.gql(
    `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { source rows { time timeEnd ${fields} } meta { cacheHit upstreamPages final } } }`,
    { q },
  );
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data.analytics;
}

describe('every metric by every dimension, brute force', () => {
  const pairs = DIMENSIONS.flatMap((a, i) => DIMENSIONS.slice(i + 1).map((b) => [a, b]));
  const shapes = [...DIMENSIONS.map((d) => [d]), ...pairs];
  it.each([
    ['DAY', { start: '2026-11-02T00:00:00-05:00', end: '2026-11-04T00:00:00-05:00' }],
    ['HOUR', { start: '2026-11-02T08:00:00-05:00', end: '2026-11-02T14:00:00-05:00' }],
  ])('%s buckets in America/New_York: %j', async (granularity, dateRange) => {
    for (const dims of shapes) {
      for (const metrics of METRIC_SETS) {
        const fields = [...dims.map(field), ...(dims.includes('AGENT') ? ['agentId'] : []), ...metrics.map(field)].join(' ');
        const a = await ask({ metrics, dimensions: dims, granularity, timeZone: NY, dateRange }, fields);
        expect(a.source).toBe('contacts');
        const buckets = [...new Set(a.rows.map((r: any) => `${r.time}|${r.timeEnd}`))] as string[];
        let count = 0;
        for (const b of buckets) {
          const [from, to] = b.split('|').map((t) => Date.parse(t)) as [number, number];
          const truth = group(s.sim.tenant.contacts(from, to), dims.map(snake), [], 30);
          const got = a.rows.filter((r: any) => r.time === b.split('|')[0]);
          expect(got, `${dims} ${b}`).toHaveLength(truth.length);
          for (const g of truth) {
            // Agent names are unique in the simulator's tenant.
            const row = got.find((r: any) => dims.every((d) => r[field(d)] === g.key[snake(d)]));
            expect(row, `${dims} ${b} ${JSON.stringify(g.key)}`).toBeDefined();
            for (const m of metrics) {
              const want = expected(g.parts, snake(m));
              if (want === null) expect(row[field(m)], `${m} ${JSON.stringify(g.key)}`).toBeNull();
              else expect(row[field(m)], `${m} ${JSON.stringify(g.key)} ${b}`).toBeCloseTo(want, 6);
            }
            count++;
          }
        }
        expect(count).toBeGreaterThan(0);
      }
    }
    // Two UTC days of contacts (a New York day spans two), each paged once for all of it.
    expect(new Set(s.sim.contactsCalls().map((c) => new URLSearchParams(c.search).get('startDate'))).size).toBeLessThanOrEqual(3);
  });
});

describe('against the summary query', () => {
  it('the same question gives the same numbers where both answer (service level where the thresholds agree)', async () => {
    const summary = await startStack();
    try {
      const q = {
        metrics: [
          'CONTACTS_OFFERED',
          'CONTACTS_HANDLED',
          'ABANDON_COUNT',
          'HANDLE_TIME',
          'TALK_TIME',
          'HOLD_TIME',
          'WRAP_TIME',
          'QUEUE_TIME',
          'ABANDON_RATE',
          'SERVICE_LEVEL',
        ],
        dimensions: ['CHANNEL', 'SKILL'],
        granularity: 'DAY',
        dateRange: { start: '2026-11-02T00:00:00Z', end: '2026-11-05T00:00:00Z' },
      };
      const fields = 'date channel skill contactsOffered contactsHandled abandonCount handleTime talkTime holdTime wrapTime queueTime abandonRate serviceLevel';
      const doc = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { ${fields} } } }`;
      const [viaContacts, viaSummary] = await Promise.all([s.gql(doc, { q }), summary.gql(doc, { q })]);
      const a = viaContacts.body.data.analytics.rows;
      const b = viaSummary.body.data.analytics.rows;
      expect(a.length).toBe(b.length);
      for (const row of b) {
        const other = a.find((r: any) => r.date === row.date && r.skill === row.skill);
        for (const f of fields.split(' ')) {
          if (f === 'serviceLevel' && !['voice', 'chat'].includes(row.channel)) continue; // 30 s there, the channel's own threshold upstream
          if (typeof row[f] === 'number' && other[f] !== null) expect(other[f], `${row.skill} ${row.date} ${f}`).toBeCloseTo(row[f], 2);
          else if (!(PER_HANDLED.has(f) && row.contactsHandled === 0)) expect(other[f]).toBe(row[f]);
        }
      }
    } finally {
      await summary.close();
    }
  });
});

describe('cached days answer new questions', () => {
  it('after one query over 7 days, 50 other questions over them make no upstream call', async () => {
    const week = { start: '2026-10-05T00:00:00Z', end: '2026-10-12T00:00:00Z' };
    await ask({ metrics: ['CONTACTS_OFFERED'], dimensions: [], dateRange: week }, 'contactsOffered');
    expect(s.sim.contactsCalls()).toHaveLength(7);
    s.sim.reset();
    const questions: Record<string, unknown>[] = [];
    const dims = [[], ['CHANNEL'], ['SKILL', 'AGENT'], ['TEAM'], ['DIRECTION', 'CAMPAIGN']];
    const grains = [null, 'HOUR', 'DAY', 'WEEK', 'THIRTY_MINUTES'];
    const metricSets = [['HANDLE_TIME'], ['SERVICE_LEVEL', 'QUEUE_TIME'], ['ABANDON_RATE', 'CONTACTS_HANDLED']];
    for (const d of dims)
      for (const g of grains)
        for (const m of metricSets.slice(0, 2))
          questions.push({
            metrics: m,
            dimensions: d,
            dateRange: { start: '2026-10-06T00:00:00Z', end: '2026-10-10T00:00:00Z' },
            ...(g ? { granularity: g, timeZone: 'Europe/Berlin' } : {}),
            ...(d.length === 0 ? { filters: [{ dimension: 'CHANNEL', operator: 'IN', values: ['voice'] }] } : {}),
          });
    expect(questions).toHaveLength(50);
    // Every other one also asks a percentile and service level at another threshold.
    const extra = 'p75: percentile(metric: TALK_TIME, p: 75) sl20: serviceLevel(thresholdSeconds: 20) distinctContacts';
    for (const [i, q] of questions.entries()) {
      const a = await ask(q, i % 2 === 0 ? 'contactsOffered' : `contactsOffered ${extra}`);
      expect(a.rows.length).toBeGreaterThan(0);
      if (i % 2 === 1) expect(a.rows.some((r: any) => typeof r.p75 === 'number' && typeof r.distinctContacts === 'number')).toBe(true);
    }
    expect(s.sim.contactsCalls()).toEqual([]);
  });

  it("a time query's buckets share their days: 14 days of hours cost 14 day pages against MAX_UPSTREAM_PAGES_PER_QUERY, not 336", async () => {
    const st = await startStack({ env: { CXONE_SOURCE: 'contacts', MAX_UPSTREAM_PAGES_PER_QUERY: '30' } });
    try {
      const { body } = await st.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount } }`, {
        q: { metrics: ['CONTACTS_OFFERED'], dimensions: [], granularity: 'HOUR', dateRange: { start: '2026-08-01T00:00:00Z', end: '2026-08-15T00:00:00Z' } },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data.analytics.rowCount).toBe(336);
      expect(st.sim.contactsCalls()).toHaveLength(14);
    } finally {
      await st.close();
    }
  });

  it('two gateways sharing Redis page each day once between them', async () => {
    const ns = `contacts-${Math.random().toString(36).slice(2)}`;
    const env = { CXONE_SOURCE: 'contacts', REDIS_URL: 'redis://127.0.0.1:6379', CACHE_NAMESPACE: ns };
    const a = await startStack({ env });
    try {
      // B asks a's simulator: one tenant, two gateways.
      const b = await startStack({ env: { ...env, CXONE_ISSUER: a.sim.url } });
      try {
        const range = { start: '2026-09-01T00:00:00Z', end: '2026-09-04T00:00:00Z' };
        const doc = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel contactsOffered } } }`;
        const [x, y] = await Promise.all([
          a.gql(doc, { q: { metrics: ['CONTACTS_OFFERED'], dimensions: ['CHANNEL'], dateRange: range } }),
          b.gql(doc, { q: { metrics: ['HANDLE_TIME', 'CONTACTS_OFFERED'], dimensions: ['CHANNEL'], dateRange: range } }),
        ]);
        expect(x.body.errors).toBeUndefined();
        expect(y.body.errors).toBeUndefined();
        const days = a.sim.contactsCalls().map((c) => new URLSearchParams(c.search).get('startDate'));
        expect(days.sort()).toEqual(['2026-09-01T00:00:00Z', '2026-09-02T00:00:00Z', '2026-09-03T00:00:00Z']);
        const offered = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.channel, r.contactsOffered]));
        expect(offered(y.body.data.analytics.rows)).toEqual(offered(x.body.data.analytics.rows));
      } finally {
        await b.close();
      }
    } finally {
      await a.close();
    }
  });
});

describe('late after-call work and settling', () => {
  it('a day inside its settle time is refreshed with updatedSince and picks up the change; once settled it is never asked again', async () => {
    const c = new ShiftedClock().at('2026-11-10T06:00:00Z');
    const st = await startStack({
      env: { CXONE_SOURCE: 'contacts', CACHE_TODAY_TTL_SECONDS: '60', CACHE_STALE_WHILE_REVALIDATE_SECONDS: '0' },
      clock: c,
      simulator: { now: () => c.now() },
    });
    try {
      const day = { start: '2026-11-09T00:00:00Z', end: '2026-11-10T00:00:00Z' };
      const q = { metrics: ['WRAP_TIME', 'CONTACTS_HANDLED'], dimensions: ['CHANNEL'], dateRange: day };
      const doc = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel wrapTime contactsHandled } meta { final cacheHit } } }`;
      const voice = async () => {
        const { body } = await st.gql(doc, { q });
        expect(body.errors).toBeUndefined();
        return { row: body.data.analytics.rows.find((r: any) => r.channel === 'voice'), meta: body.data.analytics.meta };
      };
      const truth = () => group(st.sim.tenant.contacts(Date.parse(day.start), Date.parse(day.end)), ['channel']).find((g) => g.key.channel === 'voice')!;
      const first = await voice();
      expect(first.meta.final).toBe(false);
      expect(first.row.wrapTime).toBeCloseTo(metricValue(truth().parts, 'wrap_time')!, 6);

      // Four hours after the day ended, an agent's after-call work lands late.
      c.shift(3_600_000);
      const late = st.sim.tenant.day(Math.floor(Date.parse(day.start) / 86_400_000)).find((x) => x.channel === 'voice' && x.handled)!;
      st.sim.tenant.amend(late.contactId, { wrapTime: late.wrapTime + 900 }, c.now());
      st.sim.reset();
      const refreshed = await voice();
      const asked = st.sim.contactsCalls().map((r) => new URLSearchParams(r.search));
      expect(asked).toHaveLength(1);
      expect(asked[0]!.get('updatedSince')).toBe('2026-11-10T05:55:00Z'); // the first fetch, less five minutes of overlap
      expect(refreshed.row.wrapTime).toBeCloseTo(metricValue(truth().parts, 'wrap_time')!, 6);
      expect(refreshed.row.wrapTime).toBeGreaterThan(first.row.wrapTime);
      expect(refreshed.row.contactsHandled).toBe(first.row.contactsHandled); // merged by id: the contact is not counted twice

      // Past its settle time (24 h after the day ended), one last refresh makes it final.
      c.at('2026-11-11T00:30:00Z');
      st.sim.reset();
      const settled = await voice();
      expect(settled.meta.final).toBe(true);
      expect(st.sim.contactsCalls()).toHaveLength(1);
      // Hours later, past every TTL: the day is final, so CXone is not asked again.
      c.shift(6 * 3_600_000);
      st.sim.reset();
      const later = await voice();
      expect(later.meta.final).toBe(true);
      expect(later.meta.cacheHit).toBe(false);
      expect(st.sim.contactsCalls()).toEqual([]);
    } finally {
      await st.close();
    }
  });
});

describe('paging and key generations', () => {
  /** A UTC day of the busy tenant with more than 20,000 contacts: three pages of 10,000 at most. */
  function busyDay(st: Stack): { range: { start: string; end: string }; n: number } {
    for (let d = Date.parse('2026-08-01T00:00:00Z'); ; d += 86_400_000) {
      const n = st.sim.tenant.day(d / 86_400_000).length;
      if (n > 20_000 && n <= 30_000) return { range: { start: new Date(d).toISOString(), end: new Date(d + 86_400_000).toISOString() }, n };
    }
  }

  it('25,000 contacts a day: 3 pages by _links.next and by skip alone, in both key generations, identical answers', async () => {
    const answers: unknown[] = [];
    for (const contacts of [{ links: true }, { links: false }, { links: true, generation: 'legacy' as const }]) {
      const st = await startStack({ env: { CXONE_SOURCE: 'contacts' }, simulator: { contactsPerDay: 25_000, contacts } });
      try {
        const day = busyDay(st);
        const { body } = await st.gql(
          `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel contactsOffered handleTime serviceLevel } } }`,
          { q: { metrics: ['CONTACTS_OFFERED', 'HANDLE_TIME', 'SERVICE_LEVEL'], dimensions: ['CHANNEL'], dateRange: day.range } },
        );
        expect(body.errors).toBeUndefined();
        const calls = st.sim.contactsCalls().map((r) => new URLSearchParams(r.search));
        expect(calls.map((p) => Number(p.get('skip')))).toEqual([0, 10_000, 20_000]);
        expect(calls.every((p) => p.get('top') === '10000')).toBe(true);
        const offered = body.data.analytics.rows.reduce((n: number, r: any) => n + r.contactsOffered, 0);
        expect(offered).toBe(day.n);
        answers.push(body.data.analytics.rows);
      } finally {
        await st.close();
      }
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('more pages than UPSTREAM_MAX_PAGES: RESULT_TOO_LARGE from the first page, before the rest are asked', async () => {
    const st = await startStack({ env: { CXONE_SOURCE: 'contacts', UPSTREAM_MAX_PAGES: '2' }, simulator: { contactsPerDay: 25_000 } });
    try {
      const day = busyDay(st);
      const { body } = await st.gql(`query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount } }`, {
        q: { metrics: ['CONTACTS_OFFERED'], dimensions: [], dateRange: day.range },
      });
      expect(body.errors[0].extensions.code).toBe('RESULT_TOO_LARGE');
      expect(body.errors[0].message).toBe(
        `CXone reports ${day.n} contacts on ${day.range.start.slice(0, 10)}: 3 pages of 10000, over the limit; allowed: at most 2 (UPSTREAM_MAX_PAGES)`,
      );
      expect(st.sim.contactsCalls()).toHaveLength(1);
    } finally {
      await st.close();
    }
  });
});

describe('bad pages fail whole', () => {
  const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel contactsOffered talkTime } } }`;
  /** A question about its own July day: nothing a case leaves cached answers another. */
  const Q = (day: number) => ({
    q: {
      metrics: ['CONTACTS_OFFERED', 'TALK_TIME'],
      dimensions: ['CHANNEL'],
      dateRange: { start: `2026-07-${day}T00:00:00Z`, end: `2026-07-${day}T23:59:59Z` },
    },
  });
  const record = (id: number, patch: Record<string, unknown> = {}, day = 10) => ({
    contactId: id,
    masterContactId: id,
    contactStartDate: `2026-07-${day}T10:00:00.000Z`,
    mediaTypeName: 'Phone Call',
    isOutbound: false,
    skillName: 'billing',
    abandoned: false,
    inQueueSeconds: 10,
    agentSeconds: 100,
    holdSeconds: 0,
    acwSeconds: 20,
    ...patch,
  });

  it.each([
    [
      'a contact without contactId',
      11,
      [{ status: 200, body: { totalRecords: 1, contacts: [record(1, { contactId: null })] } }],
      'without a readable contactId',
    ],
    [
      'a contact without a start',
      12,
      [{ status: 200, body: { totalRecords: 1, contacts: [record(1, { contactStartDate: 'soon' })] } }],
      'without a readable contactStartDate',
    ],
    [
      'a page that is not a list of contacts',
      13,
      [{ status: 200, body: { totalRecords: 1, contacts: 'none' } }],
      'without a contacts (or completedContacts) list',
    ],
    [
      'a next link that loops',
      14,
      [
        { status: 200, body: { totalRecords: 30000, _links: { next: 'http://sim/x?skip=10000' }, contacts: [record(1)] } },
        { status: 200, body: { totalRecords: 30000, _links: { next: 'http://sim/x?skip=10000' }, contacts: [record(2)] } },
      ],
      'a loop',
    ],
  ] as [string, number, unknown[], string][])('%s: UPSTREAM_BAD_RESPONSE, nothing kept', async (_what, day, script, message) => {
    s.sim.setFaults({ script: script as never });
    const q = Q(day);
    const { body } = await s.gql(DOC, q);
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(body.errors[0].message).toContain(message);
    s.sim.reset();
    // Nothing was kept: the next ask pages the day again, and gets the simulator's real contacts.
    const again = await s.gql(DOC, q);
    expect(again.body.errors).toBeUndefined();
    expect(s.sim.contactsCalls()).toHaveLength(1);
  });

  it('an unreadable duration: the contact is kept, what it enters is null, and a warning says so', async () => {
    s.sim.setFaults({
      script: [{ status: 200, body: { totalRecords: 2, contacts: [record(1, { agentSeconds: 'lots' }, 15), record(2, { mediaTypeName: 'Chat' }, 15)] } }],
    });
    const { body } = await s.gql(DOC, Q(15));
    expect(body.errors).toBeUndefined();
    expect(body.data.analytics.rows).toEqual([
      { channel: 'chat', contactsOffered: 1, talkTime: 100 },
      { channel: 'voice', contactsOffered: 1, talkTime: null },
    ]);
    expect(body.extensions.warnings).toEqual(['1 agentSeconds value from CXone contacts/completed could not be read (for example "lots"); answered as null']);
  });
});

describe('what only contacts give', () => {
  const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) {
    rows { channel p90: percentile(metric: HANDLE_TIME, p: 90) q50: percentile(metric: QUEUE_TIME, p: 50) sl45: serviceLevel(thresholdSeconds: 45) serviceLevel distinctContacts contactsOffered }
    totals { p90: percentile(metric: HANDLE_TIME, p: 90) sl45: serviceLevel(thresholdSeconds: 45) distinctContacts contactsOffered } } }`;
  const RANGE = { start: '2026-11-02T00:00:00-05:00', end: '2026-11-03T00:00:00-05:00' };

  /** Linear interpolation between the nearest ranks (numpy's default). */
  function percentile(values: number[], p: number): number | null {
    if (values.length === 0) return null;
    const v = [...values].sort((a, b) => a - b);
    const rank = (p / 100) * (v.length - 1);
    const lo = Math.floor(rank);
    return v[lo]! + (v[Math.min(v.length - 1, lo + 1)]! - v[lo]!) * (rank - lo);
  }
  function truth(channel: string | null) {
    const all = s.sim.tenant.contacts(Date.parse(RANGE.start), Date.parse(RANGE.end)).filter((c) => channel === null || c.channel === channel);
    const handled = all.filter((c) => c.handled);
    const inbound = all.filter((c) => c.direction === 'inbound');
    const within = inbound.filter((c) => c.handled && c.queueTime <= 45).length;
    const out = inbound.filter((c) => c.queueTime > 45).length;
    return {
      p90: percentile(
        handled.map((c) => c.talkTime + c.holdTime + c.wrapTime),
        90,
      ),
      q50: percentile(
        inbound.map((c) => c.queueTime),
        50,
      ),
      sl45: within + out === 0 ? null : (within * 100) / (within + out),
      distinctContacts: new Set(all.map((c) => c.masterContactId)).size,
      contactsOffered: all.length,
    };
  }

  it('percentiles, service level at any threshold and distinct contacts, on rows and on totals, equal brute force', async () => {
    const { body } = await s.gql(DOC, { q: { dimensions: ['CHANNEL'], timeZone: NY, dateRange: RANGE } });
    expect(body.errors).toBeUndefined();
    const { rows, totals } = body.data.analytics;
    expect(rows.length).toBe(5);
    for (const row of rows) {
      const t = truth(row.channel);
      expect(row.p90).toBeCloseTo(t.p90!, 6);
      if (t.q50 === null) expect(row.q50).toBeNull();
      else expect(row.q50).toBeCloseTo(t.q50, 6);
      if (t.sl45 === null) expect(row.sl45).toBeNull();
      else expect(row.sl45).toBeCloseTo(t.sl45, 6);
      expect(row.distinctContacts).toBe(t.distinctContacts);
      expect(row.contactsOffered).toBe(t.contactsOffered);
    }
    // Transfers are legs of one master: fewer distinct contacts than legs.
    const whole = truth(null);
    expect(whole.distinctContacts).toBeLessThan(whole.contactsOffered);
    expect(totals.p90).toBeCloseTo(whole.p90!, 6);
    expect(totals.sl45).toBeCloseTo(whole.sl45!, 6);
    expect(totals.distinctContacts).toBe(whole.distinctContacts);
    expect(totals.contactsOffered).toBe(whole.contactsOffered);
    // Not a mix of the groups' percentiles.
    expect(rows.some((r: any) => Math.abs(r.p90 - totals.p90) > 1)).toBe(true);
  });

  it('a percentile out of range, or of a count, is refused naming what is allowed', async () => {
    const { body } = await s.gql(
      `{ analytics(query: { dimensions: [], dateRange: { start: "2026-11-02T00:00:00Z", end: "2026-11-03T00:00:00Z" } }) { rows { percentile(metric: CONTACTS_OFFERED, p: 90) } } }`,
    );
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe(
      'percentile(metric: CONTACTS_OFFERED, p: 90) is not allowed; allowed: metric one of HANDLE_TIME, TALK_TIME, HOLD_TIME, WRAP_TIME, QUEUE_TIME, p a number from 0 to 100',
    );
  });

  it('on the summary query they are null, each with a warning naming the source; nothing unknown is sent upstream', async () => {
    const summary = await startStack();
    try {
      const { body } = await summary.gql(DOC, { q: { dimensions: ['CHANNEL'], dateRange: { start: '2026-11-02T00:00:00Z', end: '2026-11-03T00:00:00Z' } } });
      expect(body.errors).toBeUndefined();
      for (const row of body.data.analytics.rows) {
        expect([row.p90, row.q50, row.sl45, row.distinctContacts]).toEqual([null, null, null, null]);
        expect(row.contactsOffered).toBeGreaterThan(0);
      }
      expect(body.extensions.warnings).toEqual(
        expect.arrayContaining([
          'percentile:handle_time:90 is computed from contacts only (CXONE_SOURCE=contacts), not by the summary-query source: null',
          'distinct_contacts is computed from contacts only (CXONE_SOURCE=contacts), not by the summary-query source: null',
        ]),
      );
      for (const c of summary.sim.summaryCalls())
        expect((c.body as any).metrics.every((m: string) => !m.includes(':') && m !== 'distinct_contacts')).toBe(true);
    } finally {
      await summary.close();
    }
  });
});
