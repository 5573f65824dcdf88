/**
 * Every validation rule: the message names the value, the rule and what is
 * allowed, and nothing at all reaches the simulator (not even a token call).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { CXONE_EXTRA_METRICS: 'csat,nps,aht_target', MAX_DATE_SPAN_DAYS: '31' } });
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());
afterEach(() => {
  expect(s.sim.requests).toEqual([]);
});

const REST_OK = { metrics: ['handle_time'], dimensions: ['channel'], start_date: WEEK.start, end_date: WEEK.end };
const DOC = `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { channel talkRatio } } }`;
const GQL_OK = { dimensions: ['CHANNEL'], dateRange: WEEK };

describe('REST body rules', () => {
  it.each([
    ['an unknown metric', { metrics: ['handle_time', 'speed'] }, ['"speed" is not a known metric', 'allowed: handle_time, talk_time', 'csat']],
    ['no metric', { metrics: [] }, ['metrics: none requested']],
    [
      '11 metrics',
      {
        metrics: [
          'handle_time',
          'talk_time',
          'hold_time',
          'queue_time',
          'wrap_time',
          'abandon_rate',
          'service_level',
          'first_contact_resolution',
          'csat',
          'nps',
          'aht_target',
        ],
      },
      ['metrics: 11 requested, at most 10 are allowed'],
    ],
    [
      'an unknown dimension',
      { dimensions: ['region'] },
      ['"region" is not a known dimension', 'allowed: channel, skill, queue, agent, campaign, team, direction, date'],
    ],
    ['6 dimensions', { dimensions: ['channel', 'skill', 'queue', 'agent', 'campaign', 'date'] }, ['dimensions: 6 requested, at most 5 are allowed']],
    [
      'a date without offset',
      { start_date: '2026-11-01T00:00:00' },
      ['dateRange.start: "2026-11-01T00:00:00" is not an ISO 8601 date-time with an offset', 'allowed: e.g.'],
    ],
    ['a date only', { end_date: '2026-11-08' }, ['dateRange.end: "2026-11-08"']],
    ['an impossible date', { start_date: '2026-02-30T00:00:00Z' }, ['"2026-02-30T00:00:00Z" is not an ISO 8601']],
    ['end before start', { start_date: WEEK.end, end_date: WEEK.start }, ['end 2026-11-01T00:00:00Z must be after start 2026-11-08T00:00:00Z']],
    ['end equal to start', { end_date: WEEK.start }, ['must be after start']],
    ['a span over the maximum', { end_date: '2026-12-15T00:00:00Z' }, ['spans 44 days, at most 31 are allowed (MAX_DATE_SPAN_DAYS)']],
    [
      'a filter on an unknown dimension',
      { filters: [{ dimension: 'region', operator: 'in', values: ['x'] }] },
      ['filters[0].dimension: "region" is not a known dimension'],
    ],
    [
      'a filter with a bad operator',
      { filters: [{ dimension: 'channel', operator: 'like', values: ['x'] }] },
      ['filters[0].operator: "like" is not an operator; allowed: in, not_in'],
    ],
    [
      'a filter with no values',
      { filters: [{ dimension: 'channel', operator: 'in', values: [] }] },
      ['filters[0].values: [] must be a non-empty list of non-empty strings'],
    ],
    [
      'two filters of one kind',
      {
        filters: [
          { dimension: 'channel', operator: 'in', values: ['a'] },
          { dimension: 'channel', operator: 'in', values: ['b'] },
        ],
      },
      ['filters[1]: a second in filter on channel'],
    ],
    ['page size 0', { page_size: 0 }, ['pageSize: 0 is out of range; allowed: a whole number from 1 to 1000']],
    ['page size 1001', { page_size: 1001 }, ['pageSize: 1001 is out of range']],
    ['page size 2.5', { page_size: 2.5 }, ['pageSize: 2.5 is out of range']],
    ['a negative TTL', { cache_ttl: -1 }, ['cacheTtlSeconds: -1 is out of range; allowed: a whole number from 0 to 86400']],
    ['a TTL over a day', { cache_ttl: 86_401 }, ['cacheTtlSeconds: 86401 is out of range']],
    ['metrics that are not a list', { metrics: 'handle_time' }, ['metrics:']],
    ['no start_date', { start_date: undefined }, ['start_date:']],
  ])('refuses %s', async (_what, patch, fragments) => {
    const { status, body } = await s.rest({ ...REST_OK, ...patch });
    expect(status).toBe(400);
    for (const f of fragments) expect(body.detail).toContain(f);
  });

  it('reports every broken rule at once', async () => {
    const { body } = await s.rest({ ...REST_OK, metrics: ['speed'], dimensions: ['region'], page_size: 0 });
    expect(body.detail).toContain('"speed"');
    expect(body.detail).toContain('"region"');
    expect(body.detail).toContain('pageSize: 0');
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${s.gw.url}/api/v1/analytics/query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metrics":' });
    expect(res.status).toBe(400);
  });
});

describe('GraphQL argument rules', () => {
  async function refused(q: Record<string, unknown>, doc = DOC) {
    const { body } = await s.gql(doc, { q });
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    return body.errors[0].message as string;
  }

  it('an unknown enum value', async () => {
    expect(await refused({ ...GQL_OK, metrics: ['SPEED'] })).toContain('"SPEED"');
  });

  it('six dimensions', async () => {
    expect(await refused({ ...GQL_OK, dimensions: ['CHANNEL', 'SKILL', 'QUEUE', 'AGENT', 'CAMPAIGN', 'DATE'] })).toContain(
      'dimensions: 6 requested, at most 5 are allowed',
    );
  });

  it('no metric requested and none selected', async () => {
    const msg = await refused(GQL_OK, `query Q($q: AnalyticsQueryInput!) { analytics(query: $q) { rowCount rows { channel } } }`);
    expect(msg).toContain('metrics: none requested and no selected field needs one');
  });

  it.each([
    ['2026-11-01', '2026-11-01'],
    ['2026-11-01T00:00:00', '2026-11-01T00:00:00'],
    ['yesterday', 'yesterday'],
  ])('a DateTime of %s', async (start, shown) => {
    const msg = await refused({ ...GQL_OK, dateRange: { ...WEEK, start } });
    expect(msg).toContain(shown);
    expect(msg).toContain('allowed: an RFC 3339 date-time with an offset');
  });

  it('end not after start', async () => {
    expect(await refused({ ...GQL_OK, dateRange: { start: WEEK.end, end: WEEK.start } })).toContain('must be after start');
  });

  it('an unknown custom metric', async () => {
    expect(await refused({ ...GQL_OK, customMetrics: ['nope'] })).toContain('"nope" is not a known metric');
  });

  it('page size and TTL', async () => {
    expect(await refused({ ...GQL_OK, pageSize: 0 })).toContain('pageSize: 0 is out of range');
    expect(await refused({ ...GQL_OK, cacheTtlSeconds: 90_000 })).toContain('cacheTtlSeconds: 90000 is out of range');
  });

  it('filter values', async () => {
    expect(await refused({ ...GQL_OK, filters: [{ dimension: 'CHANNEL', operator: 'IN', values: [''] }] })).toContain(
      'filters[0].values: [""] must be a non-empty list of non-empty strings',
    );
  });
});
