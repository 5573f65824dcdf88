/**
 * BI tools on the REST export: the columns, their order and their types come
 * from the request alone, so the same body gives the same CSV header, the
 * same `columns` and the same cells whatever the cache holds; and an answer
 * that outlives REQUEST_TIMEOUT_MS can be picked up by its cache key.
 */
import { describe, expect, it } from 'vitest';
import { startStack, WEEK } from '../support/stack.js';

const BODY = { metrics: ['talk_time', 'handle_time'], dimensions: ['skill', 'channel'], start_date: WEEK.start, end_date: WEEK.end };
const SUPERSET = `{ analytics(query: { metrics: [HANDLE_TIME, TALK_TIME, QUEUE_TIME, SERVICE_LEVEL, ABANDON_RATE, HOLD_TIME], dimensions: [SKILL, CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rowCount } }`;

describe('deterministic REST exports', () => {
  it('the same body: byte-identical CSV and JSON on a cold cache and after a GraphQL query over a superset of its metrics', async () => {
    const cold = await startStack();
    const warm = await startStack();
    try {
      const coldCsv = await cold.rest(BODY, { accept: 'text/csv' });
      const coldJson = await cold.rest(BODY);
      expect((await warm.gql(SUPERSET)).body.data.analytics.rowCount).toBeGreaterThan(0);
      const calls = warm.sim.summaryCalls().length;
      const warmCsv = await warm.rest(BODY, { accept: 'text/csv' });
      const warmJson = await warm.rest(BODY);
      // Answered from the superset: no upstream call.
      expect(warm.sim.summaryCalls().length).toBe(calls);
      expect(warmCsv.text).toBe(coldCsv.text);
      expect(warmJson.text).toBe(coldJson.text);
      expect(coldCsv.text.split('\r\n')[0]).toBe('skill,channel,talk_time,handle_time,total_interaction_time,talk_ratio,hold_impact_score,channel_efficiency');
      expect(coldJson.body.columns).toEqual([
        { name: 'skill', type: 'string', unit: null },
        { name: 'channel', type: 'string', unit: null },
        { name: 'talk_time', type: 'number', unit: 'seconds' },
        { name: 'handle_time', type: 'number', unit: 'seconds' },
        { name: 'total_interaction_time', type: 'number', unit: 'seconds' },
        { name: 'talk_ratio', type: 'number', unit: 'ratio' },
        { name: 'hold_impact_score', type: 'number', unit: 'ratio' },
        { name: 'channel_efficiency', type: 'number', unit: 'ratio' },
      ]);
      // talk_ratio's inputs were asked: filled; the others' were not: empty, both times.
      const row = coldJson.body.data[0];
      expect(row.talk_ratio).toBeCloseTo(row.talk_time / row.handle_time, 10);
      expect([row.total_interaction_time, row.hold_impact_score, row.channel_efficiency]).toEqual([null, null, null]);
    } finally {
      await cold.close();
      await warm.close();
    }
  });

  it('counts are typed integer', async () => {
    const s = await startStack();
    try {
      const { body } = await s.rest({ metrics: ['contacts_offered'], dimensions: ['channel'], start_date: WEEK.start, end_date: WEEK.end });
      expect(body.columns[1]).toEqual({ name: 'contacts_offered', type: 'integer', unit: 'count' });
      for (const r of body.data) expect(Number.isInteger(r.contacts_offered)).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('an answer that outlives REQUEST_TIMEOUT_MS', () => {
  const slow = { status: 200, delayMs: 1500, body: { data: [{ channel: 'voice', handle_time: 300, talk_time: 240 }] } };

  it('REST: REQUEST_TIMEOUT with the cache key; the result endpoint answers 202, then the rows', async () => {
    const s = await startStack({ env: { REQUEST_TIMEOUT_MS: '200', UPSTREAM_TIMEOUT_MS: '5000' } });
    try {
      s.sim.setFaults({ script: [slow] });
      const late = await s.rest({
        metrics: ['handle_time', 'talk_time'],
        dimensions: ['channel'],
        start_date: '2023-05-01T00:00:00Z',
        end_date: '2023-05-02T00:00:00Z',
      });
      expect(late.status).toBe(504);
      expect(late.body.code).toBe('REQUEST_TIMEOUT');
      const key = late.body.cache_key as string;
      expect(key).toMatch(/\S/);
      expect(late.body.detail).toContain(`/api/v1/analytics/result/${key}`);
      const statuses: number[] = [];
      let last: Response;
      do {
        last = await fetch(`${s.gw.url}/api/v1/analytics/result/${encodeURIComponent(key)}`);
        statuses.push(last.status);
        if (last.status === 202) await new Promise((r) => setTimeout(r, 100));
      } while (last.status === 202 && statuses.length < 100);
      expect(statuses[0]).toBe(202);
      expect(statuses.at(-1)).toBe(200);
      const body = (await last.json()) as any;
      expect(body.data).toEqual([
        {
          channel: 'voice',
          handle_time: 300,
          talk_time: 240,
          total_interaction_time: null,
          talk_ratio: 0.8,
          hold_impact_score: null,
          channel_efficiency: null,
        },
      ]);
      expect(s.sim.summaryCalls()).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('GraphQL: the error carries the cache key the result endpoint takes', async () => {
    const s = await startStack({ env: { REQUEST_TIMEOUT_MS: '200', UPSTREAM_TIMEOUT_MS: '5000' } });
    try {
      s.sim.setFaults({ script: [slow] });
      const { body } = await s.gql(
        `{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "2023-06-01T00:00:00Z", end: "2023-06-02T00:00:00Z" } }) { rowCount } }`,
      );
      const err = body.errors[0];
      expect(err.extensions.code).toBe('REQUEST_TIMEOUT');
      expect(err.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      const res = await fetch(`${s.gw.url}/api/v1/analytics/result/${encodeURIComponent(err.extensions.cacheKey)}`);
      expect([200, 202]).toContain(res.status);
    } finally {
      await s.close();
    }
  });

  it('a key no timed-out request left: 404 saying so; the endpoint needs the API key like any data route', async () => {
    const s = await startStack({ env: { GATEWAY_API_KEYS: 'dashboard-wall-7c1f0e9a2b' } });
    try {
      expect((await fetch(`${s.gw.url}/api/v1/analytics/result/nothing`)).status).toBe(401);
      const res = await fetch(`${s.gw.url}/api/v1/analytics/result/nothing`, { headers: { 'x-api-key': 'dashboard-wall-7c1f0e9a2b' } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).detail).toContain('no answer is pending');
    } finally {
      await s.close();
    }
  });
});
