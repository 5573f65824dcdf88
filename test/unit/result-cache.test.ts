/**
 * The result cache on a fake clock: TTL expiry, stale-while-revalidate with
 * one refresh, the 5 s back-off after a failed refresh, stale-if-error and
 * its end, and the short TTL of a day that has not ended: each at the
 * instants it is defined by.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bucketRows, planOf } from '../../src/cache/partitions.js';
import { ResultService, type CacheSettings } from '../../src/cache/results.js';
import { memoryStore, type ResultStore } from '../../src/cache/store.js';
import { createLogger } from '../../src/log.js';
import { FakeClock, settle } from '../support/fake-clock.js';
import { query, ScriptedSource, upstreamDown } from '../support/scripted-source.js';

const SETTINGS: CacheSettings = {
  staleWhileRevalidateMs: 0,
  staleIfErrorMs: 0,
  todayTtlSeconds: 60,
  waitDeadlineMs: 30_000,
  stitchedMaxBytes: 1 << 20,
  partConcurrency: 4,
};

let store: ResultStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

function service(settings: Partial<CacheSettings> = {}, start?: string) {
  const clock = new FakeClock(start);
  const source = new ScriptedSource();
  store = memoryStore({ maxBytes: 1 << 24 }, clock);
  const results = new ResultService(store, source, { ...SETTINGS, ...settings }, createLogger('silent'), clock);
  return { clock, source, results };
}

const handleTime = (s: { result: { rows: Record<string, unknown>[] } }) => s.result.rows[0]!.handleTime;

describe('TTL', () => {
  it('a result is a hit until exactly its TTL, and a miss from then', async () => {
    const { clock, source, results } = service();
    const q = query({ ttl: 10 });
    expect((await results.get(q)).cacheHit).toBe(false);
    await clock.advance(9_999);
    expect((await results.get(q)).cacheHit).toBe(true);
    await clock.advance(1);
    const after = await results.get(q);
    expect([after.cacheHit, handleTime(after)]).toEqual([false, 2]);
    expect(source.calls).toHaveLength(2);
  });

  it('TTL 0 is never stored', async () => {
    const { source, results } = service();
    await results.get(query({ ttl: 0 }));
    expect((await results.get(query({ ttl: 0 }))).cacheHit).toBe(false);
    expect(source.calls).toHaveLength(2);
  });
});

describe('stale-while-revalidate', () => {
  it('past TTL every ask is answered stale at once while exactly one refresh runs; then fresh', async () => {
    const { clock, source, results } = service({ staleWhileRevalidateMs: 60_000 });
    const q = query({ ttl: 10 });
    const first = await results.get(q);
    await clock.advance(10_000);
    source.holding = true;
    const stale = await Promise.all(Array.from({ length: 10 }, () => results.get(q)));
    await settle();
    // The refresh is held upstream and all ten were answered: none of them waited for it.
    expect(source.held).toHaveLength(1);
    for (const a of stale) expect([a.cacheHit, a.stale, a.result.fetchedAt]).toEqual([true, true, first.result.fetchedAt]);
    await clock.advance(3_000);
    source.held[0]!.release();
    await settle();
    const fresh = await results.get(q);
    expect([fresh.cacheHit, fresh.stale, handleTime(fresh)]).toEqual([true, false, 2]);
    expect(fresh.result.fetchedAt).toBe('2026-11-29T12:00:13.000Z');
    expect(source.calls).toHaveLength(2);
  });

  it('past the revalidate window the stale result is not served: the ask waits for upstream', async () => {
    const { clock, source, results } = service({ staleWhileRevalidateMs: 60_000 });
    const q = query({ ttl: 10 });
    await results.get(q);
    await clock.advance(70_000);
    const a = await results.get(q);
    expect([a.cacheHit, a.stale, handleTime(a)]).toEqual([false, false, 2]);
    expect(source.calls).toHaveLength(2);
  });

  it('a failed refresh keeps the stale result and holds refreshes back for 5 s exactly', async () => {
    const { clock, source, results } = service({ staleWhileRevalidateMs: 60_000 });
    const q = query({ ttl: 10 });
    await results.get(q);
    await clock.advance(10_000);
    source.failure = upstreamDown();
    expect((await results.get(q)).stale).toBe(true); // starts the refresh, which fails
    await settle();
    expect(source.calls).toHaveLength(2);
    for (const step of [1_000, 2_000, 1_999]) {
      await clock.advance(step);
      expect((await results.get(q)).stale).toBe(true);
    }
    expect(source.calls).toHaveLength(2); // 4,999 ms after the failure: still quiet
    await clock.advance(1);
    source.failure = null;
    await results.get(q); // 5,000 ms: one more refresh
    await settle();
    expect(source.calls).toHaveLength(3);
    expect((await results.get(q)).stale).toBe(false);
  });
});

describe('stale-if-error', () => {
  it('upstream failing past TTL: the last good result, flagged, with a warning, until the window ends', async () => {
    const { clock, source, results } = service({ staleIfErrorMs: 600_000 });
    const q = query({ ttl: 10 });
    const first = await results.get(q);
    source.failure = upstreamDown();
    await clock.advance(10_000);
    const stale = await results.get(q);
    expect([stale.stale, stale.result.fetchedAt]).toEqual([true, first.result.fetchedAt]);
    expect(stale.warnings[0]).toContain('UPSTREAM_UNAVAILABLE');
    // Kept TTL + 600 s: at that instant the store has let it go, and the error reaches the client.
    await clock.advance(600_000);
    await expect(results.get(q)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('per-day partitions: the failing days are served stale with their dates named', async () => {
    const { clock, source, results } = service({ staleIfErrorMs: 600_000 });
    const q = query({ ttl: 10, dimensions: ['date', 'channel'], start: '2026-05-01T00:00:00Z', end: '2026-05-03T00:00:00Z' });
    const first = await results.get(q);
    source.failure = upstreamDown();
    await clock.advance(10_000);
    const stale = await results.get(q);
    expect(stale.result.rows).toEqual(first.result.rows);
    expect(stale.warnings[0]).toContain('2026-05-01T00:00:00Z..2026-05-03T00:00:00Z');
  });

  it('with nothing cached the failure is the answer', async () => {
    const { source, results } = service({ staleIfErrorMs: 600_000 });
    source.failure = upstreamDown();
    await expect(results.get(query({}))).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('day partitions', () => {
  it("a day that has not ended keeps the short TTL; one that ended keeps the query's", () => {
    const q = query({ ttl: 3600, dimensions: ['date'], start: '2026-11-24T00:00:00Z', end: '2026-11-28T00:00:00Z' });
    const at = (iso: string) => planOf(q, 60, Date.parse(iso)).parts.map((d) => d.query.ttlSeconds);
    expect(at('2026-11-26T12:00:00Z')).toEqual([3600, 3600, 60, 60]);
    expect(at('2026-11-26T23:59:59.999Z')).toEqual([3600, 3600, 60, 60]);
    expect(at('2026-11-27T00:00:00Z')).toEqual([3600, 3600, 3600, 60]);
  });

  it("today's partition expires after CACHE_TODAY_TTL_SECONDS while closed days stay cached", async () => {
    const { clock, source, results } = service({}, '2026-11-27T12:00:00Z');
    const q = query({ ttl: 3600, dimensions: ['date', 'channel'], start: '2026-11-25T00:00:00Z', end: '2026-11-28T00:00:00Z' });
    await results.get(q);
    await clock.advance(60_000);
    const again = await results.get(q);
    expect(again.cacheHit).toBe(false);
    // Only today was asked again.
    expect(source.calls.map((c) => [c.dateRange.start, c.dateRange.end])).toEqual([
      ['2026-11-25T00:00:00.000Z', '2026-11-28T00:00:00.000Z'],
      ['2026-11-27T00:00:00.000Z', '2026-11-28T00:00:00.000Z'],
    ]);
  });
});

describe('fill', () => {
  it('a fill past its bound is RESULT_TOO_LARGE naming groups, buckets and the limit, not a million rows', async () => {
    const { results } = service();
    const q = query({ ttl: 3600, dimensions: ['channel'], granularity: 'hour', fill: 'zero', start: '2026-11-01T00:00:00Z', end: '2026-11-03T00:00:00Z' });
    const served = await results.get(q);
    expect(served.result.rows).toHaveLength(2 * 48); // two channels, every hour
    const plan = planOf(q, 60, Date.parse('2026-11-29T12:00:00Z'));
    const parts = await Promise.all(plan.parts.map((p) => results.get(p.query)));
    expect(() =>
      bucketRows(
        q,
        plan,
        parts.map((p) => p.result),
        95,
      ),
    ).toThrow('fill: ZERO would answer 2 groups × 48 buckets = 96 rows; allowed: at most 95');
  });
});
