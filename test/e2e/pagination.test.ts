import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { group, metricValue } from '../../src/simulator/aggregate.js';
import { ANALYTICS, startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());
beforeEach(() => s.sim.reset());

/** Brute force over the simulator's contacts, the truth every answer must match. */
function truth(dimensions: string[], metric: string) {
  const contacts = s.sim.tenant.contacts(Date.parse(WEEK.start), Date.parse(WEEK.end));
  return new Map(group(contacts, dimensions).map((g) => [JSON.stringify(dimensions.map((d) => g.key[d])), metricValue(g.parts, metric)]));
}

describe('cursor pagination', () => {
  it('returns every row exactly once, each page asked once, paging.next from page 2 on', async () => {
    const { body } = await s.gql(ANALYTICS, {
      q: { dimensions: ['SKILL', 'CHANNEL', 'DATE'], dateRange: WEEK, pageSize: 25, cacheTtlSeconds: 0 },
    });
    expect(body.errors).toBeUndefined();
    const result = body.data.analytics;
    const expected = truth(['skill', 'channel', 'date'], 'handle_time');
    expect(result.rowCount).toBe(expected.size);
    expect(result.rows).toHaveLength(expected.size);

    const keys = result.rows.map((r: any) => JSON.stringify([r.skill, r.channel, r.date]));
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of result.rows) {
      expect(r.handleTime).toBeCloseTo(expected.get(JSON.stringify([r.skill, r.channel, r.date]))!, 2);
    }

    const calls = s.sim.summaryCalls();
    const pages = Math.ceil(expected.size / 25);
    expect(pages).toBeGreaterThan(3);
    expect(calls).toHaveLength(pages);
    expect(result.meta.upstreamPages).toBe(pages);
    const cursors = calls.map((c) => (c.body as any).paging.next);
    expect(cursors[0]).toBeUndefined();
    expect(cursors.slice(1).every((c) => typeof c === 'string')).toBe(true);
    expect(new Set(cursors.slice(1)).size).toBe(pages - 1);
    expect(calls.every((c) => (c.body as any).paging.pageSize === 25)).toBe(true);
    expect(s.sim.tokenCalls()).toHaveLength(1);
  });

  it('orders rows by the requested dimensions, in their order, nulls last', async () => {
    const { body } = await s.gql(ANALYTICS, { q: { dimensions: ['DATE', 'AGENT'], dateRange: WEEK, pageSize: 1000 } });
    const rows = body.data.analytics.rows as { date: string; agent: string | null }[];
    const expected = [...rows].sort((a, b) =>
      a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.agent === b.agent ? 0 : a.agent === null ? 1 : b.agent === null ? -1 : a.agent < b.agent ? -1 : 1,
    );
    expect(rows).toEqual(expected);
    // The row nobody handled: an agent of null, a handle time of 0, so no talk ratio.
    const unhandled = rows.find((r) => r.agent === null) as any;
    expect(unhandled.handleTime).toBe(0);
    expect(unhandled.talkRatio).toBeNull();
    expect(rows.at(-1)!.agent).toBeNull();
  });

  it('sends the contract body: snake_case names, offset dates, filters, page size', async () => {
    await s.gql(ANALYTICS, {
      q: {
        metrics: ['TALK_TIME'],
        dimensions: ['CHANNEL'],
        dateRange: { start: '2026-11-01T01:00:00+01:00', end: '2026-11-02T00:00:00Z' },
        filters: [{ dimension: 'CHANNEL', operator: 'IN', values: ['voice', 'chat'] }],
        pageSize: 500,
      },
    });
    const [call] = s.sim.summaryCalls();
    expect(call!.body).toEqual({
      metrics: ['abandon_rate', 'first_contact_resolution', 'handle_time', 'hold_time', 'queue_time', 'service_level', 'talk_time', 'wrap_time'],
      dimensions: ['channel'],
      dateRange: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-02T00:00:00.000Z' },
      filters: [{ dimension: 'channel', operator: 'in', values: ['chat', 'voice'] }],
      paging: { pageSize: 500 },
    });
    expect(call!.authorization).toMatch(/^Bearer /);
  });
});
