/**
 * Finding 8: no upstream value is dropped or defaulted without a word. A
 * `date` that is not a calendar day fails the answer (UPSTREAM_BAD_RESPONSE,
 * nothing cached) unless it reads unambiguously as one; rows for days not
 * asked fail it too; a metric value that is not a number is answered as null
 * with a warning, on the first answer and on every cached one after it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { CLIENT_ID, CLIENT_SECRET, startStack, type Stack } from '../support/stack.js';

const DAYS = { start: '2031-04-01T00:00:00Z', end: '2031-04-03T00:00:00Z' };
const BY_DATE = `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [DATE], dateRange: { start: "${DAYS.start}", end: "${DAYS.end}" } }) { rows { date handleTime } meta { cacheHit } } }`;

describe('upstream dates over HTTP', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());
  beforeEach(() => s.sim.reset());

  it('a timestamp at midnight UTC is read as its day', async () => {
    s.sim.setFaults({
      script: [
        {
          status: 200,
          body: {
            data: [
              { date: '2031-04-01T00:00:00Z', handle_time: 10 },
              { date: '2031-04-02T00:00:00Z', handle_time: 20 },
            ],
          },
        },
      ],
    });
    const { body } = await s.gql(BY_DATE);
    expect(body.data.analytics.rows).toEqual([
      { date: '2031-04-01', handleTime: 10 },
      { date: '2031-04-02', handleTime: 20 },
    ]);
  });

  it('an ambiguous date fails the answer, and nothing was cached: the next ask goes upstream again', async () => {
    const q = BY_DATE.replace('2031-04-01T00', '2032-04-01T00').replace('2031-04-03T00', '2032-04-03T00');
    s.sim.setFaults({ script: [{ status: 200, body: { data: [{ date: '2032-04-01T13:00:00Z', handle_time: 10 }] } }] });
    const first = await s.gql(q);
    expect(first.body.data).toBeNull();
    expect(first.body.errors[0].extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(first.body.errors[0].message).toContain('"2032-04-01T13:00:00Z"');
    const calls = s.sim.summaryCalls().length;
    const second = await s.gql(q);
    expect(s.sim.summaryCalls().length).toBe(calls + 1);
    expect(second.body.data.analytics.meta.cacheHit).toBe(false);
  });

  it('rows for a day that was not asked fail the answer instead of vanishing', async () => {
    const q = BY_DATE.replace('2031-04-01T00', '2033-04-01T00').replace('2031-04-03T00', '2033-04-03T00');
    s.sim.setFaults({
      script: [
        {
          status: 200,
          body: {
            data: [
              { date: '2033-04-01', handle_time: 10 },
              { date: '2033-05-09', handle_time: 20 },
            ],
          },
        },
      ],
    });
    const { body } = await s.gql(q);
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(body.errors[0].message).toContain('2033-05-09, outside the days asked (2033-04-01..2033-04-02)');
  });

  it('a metric value that is not a number is null with a warning, on the miss and on the hit', async () => {
    const q = `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "2034-01-01T00:00:00Z", end: "2034-01-02T00:00:00Z" } }) { rows { channel handleTime } meta { cacheHit } } }`;
    s.sim.setFaults({
      script: [
        {
          status: 200,
          body: {
            data: [
              { channel: 'voice', handle_time: 'n/a' },
              { channel: 'chat', handle_time: 7 },
            ],
          },
        },
      ],
    });
    const warning = '1 handle_time value from CXone could not be read (for example "n/a"); answered as null';
    for (const cacheHit of [false, true]) {
      const { body } = await s.gql(q);
      expect(body.data.analytics.meta.cacheHit).toBe(cacheHit);
      expect(body.data.analytics.rows).toEqual([
        { channel: 'chat', handleTime: 7 },
        { channel: 'voice', handleTime: null },
      ]);
      expect(body.extensions.warnings).toEqual([warning]);
    }
  });
});

describe('the reporting source', () => {
  it('a count it cannot read is said in a warning, not silently 0', async () => {
    const ACCESS = { CXONE_ACCESS_KEY_ID: 'ak-test-0001', CXONE_ACCESS_KEY_SECRET: 'ak-secret-5e0c9f1d2b7a' };
    const sim = await new Simulator({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accessKeyId: ACCESS.CXONE_ACCESS_KEY_ID,
      accessKeySecret: ACCESS.CXONE_ACCESS_KEY_SECRET,
    }).start();
    const s = await startStack({ env: { CXONE_SOURCE: 'reporting', CXONE_ISSUER: sim.url, ...ACCESS } });
    try {
      const row = {
        skillName: 'billing',
        mediaTypeName: 'voice',
        contactsOffered: 10,
        contactsHandled: 'lots',
        abandonCount: 1,
        contactsWithinSLA: 5,
        contactsOutOfSLA: 4,
        averageHandleTime: 'PT1M',
        averageTalkTime: 'PT50S',
        averageWrapTime: 'PT5S',
        holdTime: 'PT0S',
        averageInqueueTime: 'soon',
      };
      sim.setFaults({ script: [{ status: 200, body: { skillSummaries: [row] } }] });
      const { body } = await s.gql(
        `{ analytics(query: { metrics: [CONTACTS_OFFERED, QUEUE_TIME], dimensions: [SKILL], dateRange: { start: "2035-01-01T00:00:00Z", end: "2035-01-02T00:00:00Z" } }) { rows { skill contactsOffered queueTime } } }`,
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      expect(body.data.analytics.rows).toEqual([{ skill: 'billing', contactsOffered: 10, queueTime: null }]);
      expect(body.extensions.warnings).toEqual(
        expect.arrayContaining([
          '1 contactsHandled value from CXone skills/summary could not be read (for example "lots"); answered as null',
          '1 averageInqueueTime value from CXone skills/summary could not be read (for example "soon"); answered as null',
          // A row without isOutbound is read as inbound, and said so.
          '1 isOutbound value from CXone skills/summary could not be read (for example null); read as inbound',
        ]),
      );
    } finally {
      await s.close();
      await sim.stop();
    }
  });
});
