/**
 * Client-facing bookkeeping on a fake clock: the per-client token bucket,
 * answers kept for pick-up after REQUEST_TIMEOUT_MS, and audit lines stamped
 * and batched on the gateway's clock.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit.js';
import { PendingAnswers } from '../../src/analytics/pending.js';
import type { Answered } from '../../src/analytics/run.js';
import { createLogger } from '../../src/log.js';
import { localRateLimiter } from '../../src/rate-limit.js';
import { FakeClock, settle } from '../support/fake-clock.js';

describe('localRateLimiter', () => {
  it('a burst of 3, then one token a second: refused with the seconds to wait, allowed again at that instant', async () => {
    const clock = new FakeClock(0);
    const bucket = localRateLimiter({ perSecond: 1, burst: 3 }, clock);
    for (let i = 0; i < 3; i++) expect((await bucket.take('a')).allowed).toBe(true);
    expect(await bucket.take('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    expect((await bucket.take('b')).allowed).toBe(true); // another client's bucket
    await clock.advance(999);
    expect((await bucket.take('a')).allowed).toBe(false);
    await clock.advance(1);
    expect((await bucket.take('a')).allowed).toBe(true);
  });

  it('a cost past the bucket is refused with the time to gather it; force takes it as a debt', async () => {
    const clock = new FakeClock(0);
    const bucket = localRateLimiter({ perSecond: 5, burst: 10 }, clock);
    expect(await bucket.take('a', 30)).toMatchObject({ allowed: false, retryAfterSeconds: 4 });
    expect((await bucket.take('a', 30, true)).allowed).toBe(true); // 10 - 30 = -20
    await clock.advance(5_000);
    expect((await bucket.take('a', 6)).allowed).toBe(false); // back to 5
    await clock.advance(200);
    expect((await bucket.take('a', 6)).allowed).toBe(true);
  });
});

describe('PendingAnswers', () => {
  it('a settled answer waits 10 minutes for pick-up, then is dropped', async () => {
    const clock = new FakeClock(0);
    const pending = new PendingAnswers(() => clock.now());
    let finish!: (a: Answered) => void;
    pending.track('k', new Promise<Answered>((r) => (finish = r)));
    expect(pending.get('k')).toEqual({ state: 'running' });
    await clock.advance(60_000);
    finish({ latencyMs: 1 } as Answered);
    await settle();
    await clock.advance(600_000);
    expect(pending.get('k')?.state).toBe('done');
    await clock.advance(1);
    expect(pending.get('k')).toBeUndefined();
  });
});

describe('AuditLog', () => {
  it('stamps lines with the gateway clock and writes them together 50 ms after the first', async () => {
    const clock = new FakeClock('2026-11-29T08:00:00Z');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.log');
    const audit = new AuditLog(path, createLogger('silent'), clock);
    const line = {
      cache_key: 'k',
      cache_hit: true,
      latency_ms: 1,
      row_count: 1,
      status: 'success' as const,
      client: 'anonymous',
      upstream_pages: 0,
      retries: 0,
      interface: 'graphql' as const,
    };
    audit.write(line);
    expect(clock.pending()).toEqual([50]); // one flush, 50 ms on
    await clock.advance(20);
    audit.write(line);
    expect(clock.pending()).toEqual([30]); // the same flush: no second one
    await clock.advance(30);
    expect(clock.pending()).toEqual([]);
    await audit.close();
    const stamps = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).timestamp);
    expect(stamps).toEqual(['2026-11-29T08:00:00.000Z', '2026-11-29T08:00:00.020Z']);
  });

  it('keeps every line whole and in order across its write buffers: multi-byte text, more than a buffer between flushes, a line larger than a buffer, buffers reused', async () => {
    const clock = new FakeClock('2026-11-29T08:00:00Z');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.log');
    const audit = new AuditLog(path, createLogger('silent'), clock);
    const written: string[] = [];
    // About 470 KB between flushes (the buffers hold 256 KB), with 2-, 3- and 4-byte characters.
    for (let i = 0; i < 4000; i++) {
      const client = i === 2500 ? `huge-${'ü'.repeat(200_000)}` : `café-☎-😀-${i}-${'é'.repeat(i % 300)}`;
      written.push(client);
      audit.writeHit(AuditLog.hitLine(`cxone:analytics:${i}`, i), 0.5, client);
      // Written buffers are reused: later lines go into buffers that held earlier ones.
      if (i % 1000 === 999) await audit.flush();
    }
    await audit.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(written.length);
    expect(lines.map((l) => JSON.parse(l).client)).toEqual(written);
    expect(lines.map((l) => JSON.parse(l).row_count)).toEqual(written.map((_, i) => i));
  });

  it("writes the warm path's hit line as the same text write() makes", async () => {
    const clock = new FakeClock('2026-11-29T08:00:00Z');
    const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.log');
    const audit = new AuditLog(path, createLogger('silent'), clock);
    const cacheKey = 'cxone:analytics:0f3a';
    const client = 'key:"quoted"\\id';
    audit.write({
      interface: 'graphql',
      cache_key: cacheKey,
      cache_hit: true,
      latency_ms: 0.12,
      row_count: 10,
      status: 'success',
      client,
      upstream_pages: 0,
      retries: 0,
    });
    audit.writeHit(AuditLog.hitLine(cacheKey, 10), 0.12, client);
    await audit.close();
    const [a, b] = readFileSync(path, 'utf8').trim().split('\n');
    expect(b).toBe(a);
  });
});
