/**
 * Time as dashboards use it, over real HTTP against the simulator, at a
 * fixed clock (2026-11-29T12:00Z): buckets in a zone across clock changes,
 * each equal to a brute-force aggregation of the simulator's contacts in
 * that bucket; weeks and months from cached days; ranges as text, epoch ms
 * and `last`; snapping; fill; MAX_BUCKETS; the REST form.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue } from '../../src/simulator/aggregate.js';
import { ShiftedClock } from '../support/fake-clock.js';
import { startStack, type Stack } from '../support/stack.js';

const DOC = /* GraphQL */ `
  query T($q: AnalyticsQueryInput!) {
    analytics(query: $q) {
      rowCount
      columns
      rows {
        time
        timeEnd
        date
        channel
        contactsOffered
        handleTime
        serviceLevel
      }
      meta {
        cacheKey
        cacheHit
        upstreamPages
        timeZone
        rangeStart
        rangeEnd
      }
    }
  }
`;
const METRICS = ['CONTACTS_OFFERED', 'HANDLE_TIME', 'SERVICE_LEVEL'];
const HOUR = 3600_000;

let s: Stack;
const clock = new ShiftedClock();
beforeAll(async () => {
  clock.at('2026-11-29T12:00:00Z');
  s = await startStack({ clock, env: { CACHE_TODAY_TTL_SECONDS: '300' } });
});
afterAll(() => s.close());
// The clock only moves forward here; a clock set back is the limiter's unit test.
beforeEach(() => s.sim.reset());

type Row = {
  time: string;
  timeEnd: string;
  date: string;
  channel: string | null;
  contactsOffered: number | null;
  handleTime: number | null;
  serviceLevel: number | null;
};

async function rows(q: Record<string, unknown>): Promise<{ rows: Row[]; meta: any; columns: string[] }> {
  const { body } = await s.gql(DOC, { q: { metrics: METRICS, dimensions: ['CHANNEL'], ...q } });
  expect(body.errors).toBeUndefined();
  return body.data.analytics;
}

/** The simulator's own aggregation of its contacts in [start, end), by channel. */
function brute(start: number, end: number, by: string[] = ['channel']) {
  return group(s.sim.tenant.contacts(start, end), by).map((g) => ({
    channel: g.key.channel ?? null,
    contactsOffered: metricValue(g.parts, 'contacts_offered'),
    handleTime: metricValue(g.parts, 'handle_time'),
    serviceLevel: metricValue(g.parts, 'service_level'),
  }));
}

/** Every row equals brute force over its own bucket, and every non-empty group of every bucket has a row. */
function expectBruteForce(got: Row[], bucketStarts: number[], bucketEnd: (i: number) => number) {
  const expected = bucketStarts.flatMap((start, i) => brute(start, bucketEnd(i)).map((b) => ({ ...b, start })));
  expect(got).toHaveLength(expected.length);
  for (const e of expected) {
    const row = got.find((r) => Date.parse(r.time) === e.start && r.channel === e.channel);
    expect(row, `${new Date(e.start).toISOString()} ${e.channel}`).toBeDefined();
    expect(row!.contactsOffered).toBe(e.contactsOffered);
    expect(row!.handleTime).toBeCloseTo(e.handleTime!, 2);
    if (e.serviceLevel === null) expect(row!.serviceLevel).toBeNull();
    else expect(row!.serviceLevel).toBeCloseTo(e.serviceLevel, 2);
  }
}

/** `n` hour buckets from `startIso`, UTC instants: what each zone's hours are, worked out by hand. */
const hours = (startIso: string, n: number) => Array.from({ length: n }, (_, i) => Date.parse(startIso) + i * HOUR);

describe('hour and quarter-hour buckets across clock changes', () => {
  it('New York, 1 November 2026: 25 hour buckets per channel, 01:00 twice with two offsets, each equal to brute force', async () => {
    const a = await rows({
      granularity: 'HOUR',
      timeZone: 'America/New_York',
      dateRange: { start: '2026-11-01T00:00:00-04:00', end: '2026-11-02T00:00:00-05:00' },
    });
    const starts = hours('2026-11-01T04:00:00Z', 25);
    expect([...new Set(a.rows.map((r) => r.time))]).toHaveLength(25);
    expect(a.rows.filter((r) => r.time.startsWith('2026-11-01T01:00:00')).map((r) => r.time.slice(19))).toContain('-04:00');
    expect(a.rows.filter((r) => r.time.startsWith('2026-11-01T01:00:00')).map((r) => r.time.slice(19))).toContain('-05:00');
    expect(a.rows.every((r) => r.date === '2026-11-01' && Date.parse(r.timeEnd) - Date.parse(r.time) === HOUR)).toBe(true);
    expectBruteForce(a.rows, starts, (i) => starts[i]! + HOUR);
    // Each hour is one upstream question: the summary query has no hours.
    expect(s.sim.summaryCalls()).toHaveLength(25);
  });

  it('New York, 8 March 2026: 23 hour buckets, no 02:00, each equal to brute force', async () => {
    const a = await rows({
      granularity: 'HOUR',
      timeZone: 'America/New_York',
      dateRange: { start: '2026-03-08T00:00:00-05:00', end: '2026-03-09T00:00:00-04:00' },
    });
    const starts = hours('2026-03-08T05:00:00Z', 23);
    expect([...new Set(a.rows.map((r) => r.time))]).toHaveLength(23);
    expect(a.rows.some((r) => r.time.startsWith('2026-03-08T02:'))).toBe(false);
    expectBruteForce(a.rows, starts, (i) => starts[i]! + HOUR);
  });

  it('quarter hours: 100 on 1 November and 92 on 8 March in New York (every bucket, filled)', async () => {
    for (const [start, end, n] of [
      ['2026-11-01T00:00:00-04:00', '2026-11-02T00:00:00-05:00', 100],
      ['2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00', 92],
    ] as const) {
      const a = await rows({ dimensions: [], granularity: 'FIFTEEN_MINUTES', fill: 'ZERO', timeZone: 'America/New_York', dateRange: { start, end } });
      expect(a.rows).toHaveLength(n);
      const total = brute(Date.parse(start), Date.parse(end), [])[0]!.contactsOffered;
      expect(a.rows.reduce((n, r) => n + r.contactsOffered!, 0)).toBe(total);
      // Spot checks against brute force, bucket by bucket.
      for (const r of a.rows.filter((_, i) => i % 7 === 0)) {
        expect(r.contactsOffered).toBe(brute(Date.parse(r.time), Date.parse(r.timeEnd), [])[0]?.contactsOffered ?? 0);
      }
    }
  });

  it('Kolkata (+05:30): hours start at half past the UTC hour, each equal to brute force', async () => {
    const a = await rows({
      granularity: 'HOUR',
      timeZone: 'Asia/Kolkata',
      dateRange: { start: '2026-11-01T00:00:00+05:30', end: '2026-11-02T00:00:00+05:30' },
    });
    const starts = hours('2026-10-31T18:30:00Z', 24);
    expect(a.rows[0]!.time).toBe('2026-11-01T00:00:00+05:30');
    expectBruteForce(a.rows, starts, (i) => starts[i]! + HOUR);
  });

  it('Lord Howe, 5 April 2026 (clocks back half an hour): 01:30–02:00 at +10:30 is a bucket of its own, each equal to brute force', async () => {
    const a = await rows({
      granularity: 'HOUR',
      timeZone: 'Australia/Lord_Howe',
      dateRange: { start: '2026-04-05T00:00:00+11:00', end: '2026-04-06T00:00:00+10:30' },
    });
    // 00:00 and 01:00 at +11, then 01:30 and 02:00 at +10:30, then whole hours to 13:30Z.
    const starts = [
      Date.parse('2026-04-04T13:00:00Z'),
      Date.parse('2026-04-04T14:00:00Z'),
      Date.parse('2026-04-04T15:00:00Z'),
      ...hours('2026-04-04T15:30:00Z', 22),
    ];
    const ends = [...starts.slice(1), Date.parse('2026-04-05T13:30:00Z')];
    expect([...new Set(a.rows.map((r) => r.time))].slice(0, 4)).toEqual([
      '2026-04-05T00:00:00+11:00',
      '2026-04-05T01:00:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30',
    ]);
    expectBruteForce(a.rows, starts, (i) => ends[i]!);
  });
});

describe('weeks and months', () => {
  const NOVEMBER = { start: '2026-11-01T00:00:00-04:00', end: '2026-12-01T00:00:00-05:00' };

  it('WEEK from Sunday and MONTH equal brute force; a month after its days are cached costs no upstream call; a week is not a mean of its days', async () => {
    const q = { timeZone: 'America/New_York', dateRange: NOVEMBER };
    const days = await rows({ ...q, granularity: 'DAY' });
    // The clock is at 29 November: the tenant has no contacts on the 30th yet, though it is asked about it.
    expect(new Set(days.rows.map((r) => r.date)).size).toBe(29);
    const dayCalls = s.sim.summaryCalls().length;
    expect(dayCalls).toBe(30); // a local day in New York is no UTC day: one question each

    s.sim.reset();
    const month = await rows({ ...q, granularity: 'MONTH' });
    expect(s.sim.summaryCalls()).toHaveLength(0);
    expect(month.meta.cacheHit).toBe(true);
    expect(month.rows.map((r) => [r.time, r.timeEnd]).slice(0, 1)).toEqual([['2026-11-01T00:00:00-04:00', '2026-12-01T00:00:00-05:00']]);
    expectBruteForce(month.rows, [Date.parse(NOVEMBER.start)], () => Date.parse(NOVEMBER.end));

    const weeks = await rows({ ...q, granularity: 'WEEK', weekStart: 'SUNDAY' });
    expect(s.sim.summaryCalls()).toHaveLength(0);
    const starts = [
      '2026-11-01T00:00:00-04:00',
      '2026-11-08T00:00:00-05:00',
      '2026-11-15T00:00:00-05:00',
      '2026-11-22T00:00:00-05:00',
      '2026-11-29T00:00:00-05:00',
    ];
    expect([...new Set(weeks.rows.map((r) => r.time))]).toEqual(starts);
    // The last week is cut by the range: its rows hold 29 and 30 November only.
    expectBruteForce(weeks.rows, starts.map(Date.parse), (i) => Math.min(Date.parse(starts[i + 1] ?? NOVEMBER.end), Date.parse(NOVEMBER.end)));

    const voiceWeek = weeks.rows.find((r) => r.channel === 'voice' && r.time === starts[1])!;
    const voiceDays = days.rows.filter((r) => r.channel === 'voice' && r.date >= '2026-11-08' && r.date <= '2026-11-14');
    const meanOfDays = voiceDays.reduce((n, r) => n + r.handleTime!, 0) / voiceDays.length;
    expect(Math.abs(voiceWeek.handleTime! - meanOfDays)).toBeGreaterThan(0.01);
  });
});

describe('ranges as clients send them', () => {
  it('RFC 3339 text, epoch milliseconds and last 7 days at the same clock: identical rows and one cache key', async () => {
    const base = { granularity: 'DAY', timeZone: 'America/New_York' };
    const text = await rows({ ...base, dateRange: { start: '2026-11-22T00:00:00-05:00', end: '2026-11-29T00:00:00-05:00' } });
    const ms = await rows({ ...base, dateRange: { start: Date.parse('2026-11-22T05:00:00Z'), end: Date.parse('2026-11-29T05:00:00Z') } });
    const last = await rows({ ...base, dateRange: { last: { amount: 7, unit: 'DAY' } } });
    expect(ms.rows).toEqual(text.rows);
    expect(last.rows).toEqual(text.rows);
    expect(new Set([text.meta.cacheKey, ms.meta.cacheKey, last.meta.cacheKey]).size).toBe(1);
    expect([last.meta.rangeStart, last.meta.rangeEnd, last.meta.timeZone]).toEqual([
      '2026-11-22T05:00:00.000Z',
      '2026-11-29T05:00:00.000Z',
      'America/New_York',
    ]);
    expect([ms.meta.cacheHit, last.meta.cacheHit]).toEqual([true, true]);
  });

  it("with snap, Grafana's moving now-24h..now asks the same cached question a minute later", async () => {
    clock.shift(30_000); // off the hour: the range's ends move, its snapped ends do not
    const range = () => ({ start: clock.now() - 24 * HOUR, end: clock.now(), snap: true });
    // fill ZERO: the open hour has a row though nobody has called in its first half minute.
    const first = await rows({ granularity: 'HOUR', timeZone: 'America/New_York', dateRange: range(), fill: 'ZERO' });
    expect(first.meta.cacheHit).toBe(false);
    expect([first.meta.rangeStart, first.meta.rangeEnd]).toEqual(['2026-11-28T12:00:00.000Z', '2026-11-29T13:00:00.000Z']);
    expect(first.rows.at(-1)!.time).toBe('2026-11-29T07:00:00-05:00'); // the open hour, cached for CACHE_TODAY_TTL_SECONDS
    clock.shift(60_000);
    s.sim.reset();
    const again = await rows({ granularity: 'HOUR', timeZone: 'America/New_York', dateRange: range(), fill: 'ZERO' });
    expect(again.meta.cacheKey).toBe(first.meta.cacheKey);
    expect(again.meta.cacheHit).toBe(true);
    expect(s.sim.summaryCalls()).toHaveLength(0);
  });
});

describe('series-ready rows', () => {
  it('fill ZERO: every bucket for every channel, counts 0 and averages null where nobody called, in ascending time', async () => {
    const range = { start: '2026-11-03T00:00:00Z', end: '2026-11-03T06:00:00Z' };
    const sparse = await rows({ granularity: 'FIFTEEN_MINUTES', dateRange: range });
    const filled = await rows({ granularity: 'FIFTEEN_MINUTES', fill: 'ZERO', dateRange: range });
    const channels = new Set(sparse.rows.map((r) => r.channel));
    expect(sparse.rows.length).toBeLessThan(24 * channels.size);
    expect(filled.rows).toHaveLength(24 * channels.size);
    const times = filled.rows.map((r) => Date.parse(r.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const empty = filled.rows.filter((r) => !sparse.rows.some((x) => x.time === r.time && x.channel === r.channel));
    expect(empty.length).toBeGreaterThan(0);
    for (const r of empty) expect([r.contactsOffered, r.handleTime, r.serviceLevel]).toEqual([0, null, null]);
    const nulls = await rows({ granularity: 'FIFTEEN_MINUTES', fill: 'NULL', dateRange: range });
    expect(nulls.rows.filter((r) => r.contactsOffered === null)).toHaveLength(empty.length);
  });

  it('MAX_BUCKETS: past it, BAD_USER_INPUT naming the span, the granularity and what is allowed; nothing is sent', async () => {
    const { body } = await s.gql(DOC, {
      q: { metrics: METRICS, dimensions: [], granularity: 'FIFTEEN_MINUTES', dateRange: { start: '2026-10-01T00:00:00Z', end: '2026-10-31T00:00:00Z' } },
    });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toBe(
      'granularity: FIFTEEN_MINUTES over 2026-10-01T00:00:00.000Z..2026-10-31T00:00:00.000Z (30 days) is more than 2000 buckets; allowed: at most 2000 (MAX_BUCKETS): ask for a coarser granularity or a shorter range',
    );
    expect(s.sim.requests).toEqual([]);
  });

  it('an unknown time zone is BAD_USER_INPUT naming it; nothing is sent', async () => {
    const { body } = await s.gql(DOC, {
      q: { metrics: METRICS, dimensions: [], timeZone: 'Mars/Olympus_Mons', granularity: 'DAY', dateRange: { last: { amount: 2, unit: 'DAY' } } },
    });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain('timeZone: "Mars/Olympus_Mons" is not an IANA time zone');
    expect(s.sim.requests).toEqual([]);
  });

  it('without a time zone a query is in UTC: DATE is the UTC day, as before', async () => {
    const a = await rows({ dimensions: ['DATE'], dateRange: { start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' } });
    expect(a.rows.map((r) => [r.date, r.time])).toEqual([
      ['2026-11-01', '2026-11-01T00:00:00Z'],
      ['2026-11-02', '2026-11-02T00:00:00Z'],
    ]);
    expect(a.meta.timeZone).toBe('UTC');
    // Whole UTC days: one call for both, split by date upstream.
    expect(s.sim.summaryCalls()).toHaveLength(1);
  });
});

describe('the REST form', () => {
  it('time_zone, granularity, last and fill mean the same; the CSV leads with time and time_end in RFC 3339', async () => {
    const res = await fetch(`${s.gw.url}/api/v1/analytics/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
      body: JSON.stringify({
        metrics: ['contacts_offered'],
        dimensions: ['channel'],
        time_zone: 'America/New_York',
        granularity: 'day',
        fill: 'zero',
        last: { amount: 7, unit: 'day' },
      }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe('time,time_end,channel,contacts_offered,total_interaction_time,talk_ratio,hold_impact_score,channel_efficiency');
    expect(lines[1]!.startsWith('2026-11-22T00:00:00-05:00,2026-11-23T00:00:00-05:00,')).toBe(true);
    const gql = await rows({ granularity: 'DAY', fill: 'ZERO', timeZone: 'America/New_York', dateRange: { last: { amount: 7, unit: 'DAY' } } });
    expect(lines).toHaveLength(1 + gql.rows.length);
  });
});
