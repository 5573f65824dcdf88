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
    for (const q of questions) await ask(q, 'contactsOffered');
    expect(s.sim.contactsCalls()).toEqual([]);
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
