/**
 * Upstream timing on a fake clock: the limiter's spacing, its concurrency
 * and the pause a 429 imposes on every caller; Retry-After waits, their cap,
 * backoff and the deadline; token renewal before expiry.
 */
import { describe, expect, it } from 'vitest';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { LocalLimiter } from '../../src/upstream/limiter.js';
import { withRetry, type Attempt, type RetryPolicy } from '../../src/upstream/retry.js';
import { TokenProvider, type Granted } from '../../src/upstream/token.js';
import { FakeClock, settle } from '../support/fake-clock.js';

describe('LocalLimiter', () => {
  it('at 10 requests per second, starts are 102 ms apart (2 % margin), never closer', async () => {
    const clock = new FakeClock(0);
    const limiter = new LocalLimiter({ rps: 10, concurrency: 100, clock });
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, async () => {
        const release = await limiter.acquire();
        starts.push(clock.now());
        release();
      }),
    );
    await clock.run(all);
    expect(starts).toEqual([0, 102, 204, 306, 408]);
  });

  it('a clock set back 90 s does not hold the next call 90 s: the schedule moves back with it', async () => {
    const clock = new FakeClock(1_000_000);
    const limiter = new LocalLimiter({ rps: 10, concurrency: 100, clock });
    const start = async () => {
      const release = await limiter.acquire();
      release();
      return clock.now();
    };
    expect(await clock.run(start())).toBe(1_000_000);
    expect(await clock.run(start())).toBe(1_000_102);
    clock.stepBack(90_000);
    // The next start is one spacing after the last one, on the new clock: 1_000_204 − 90_000.
    expect(await clock.run(start())).toBe(910_204);
  });

  it('no more than `concurrency` in flight: the next waits for a release', async () => {
    const clock = new FakeClock(0);
    const limiter = new LocalLimiter({ rps: 1000, concurrency: 2, clock });
    const a = await limiter.acquire();
    await clock.advance(1.02);
    await limiter.acquire();
    let third = false;
    void limiter.acquire().then(() => (third = true));
    await clock.advance(10_000);
    expect(third).toBe(false);
    a();
    await clock.advance(0);
    expect(third).toBe(true);
  });

  it('a pause holds every caller until it ends, then they start spaced again', async () => {
    const clock = new FakeClock(0);
    const limiter = new LocalLimiter({ rps: 10, concurrency: 100, clock });
    (await limiter.acquire())();
    await limiter.pause(2_000); // a 429 with Retry-After: 2, at t = 0
    const starts: number[] = [];
    const all = Promise.all(
      Array.from({ length: 3 }, async () => {
        (await limiter.acquire())();
        starts.push(clock.now());
      }),
    );
    await clock.run(all);
    expect(starts).toEqual([2_000, 2_102, 2_204]);
  });

  it('a pause that arrives while a caller sleeps moves it behind the pause', async () => {
    const clock = new FakeClock(0);
    const limiter = new LocalLimiter({ rps: 1, concurrency: 100, clock });
    (await limiter.acquire())();
    let started = -1;
    const waiting = limiter.acquire().then(() => (started = clock.now()));
    await clock.advance(500);
    await limiter.pause(3_000); // until t = 3,500
    await clock.run(waiting);
    expect(started).toBe(3_500);
  });
});

const POLICY: RetryPolicy = { maxAttempts: 3, baseMs: 100, maxMs: 1_000, retryAfterMaxMs: 5_000 };
const limited = (retryAfterMs?: number): Attempt<string> => ({
  ok: false,
  retryable: true,
  retryAfterMs,
  error: new GatewayError(ErrorCode.UPSTREAM_RATE_LIMITED, 'CXone analytics answered 429'),
});

/** Runs withRetry over `outcomes`, recording the instant of each attempt. */
async function attempts(clock: FakeClock, outcomes: Attempt<string>[], deadlineMs = 60_000, policy = POLICY) {
  const at: number[] = [];
  const run = withRetry({ policy, clock, deadline: clock.now() + deadlineMs }, { retries: 0 }, async (n) => {
    at.push(clock.now());
    return outcomes[n - 1] ?? { ok: true, value: 'done' };
  });
  const result = await clock.run(run).then(
    (value) => ({ value }),
    (error: GatewayError) => ({ error: error.code }),
  );
  return { at, result };
}

describe('withRetry', () => {
  it('waits exactly what Retry-After says, then tries again', async () => {
    const clock = new FakeClock(0);
    expect(await attempts(clock, [limited(1_000), limited(2_500)])).toEqual({ at: [0, 1_000, 3_500], result: { value: 'done' } });
  });

  it('a Retry-After beyond UPSTREAM_RETRY_AFTER_MAX_SECONDS waits the cap', async () => {
    const clock = new FakeClock(0);
    expect((await attempts(clock, [limited(3_600_000)])).at).toEqual([0, 5_000]);
  });

  it('without Retry-After: full jitter under a ceiling that doubles per attempt', async () => {
    for (let i = 0; i < 20; i++) {
      const clock = new FakeClock(0);
      const { at } = await attempts(clock, [limited(), limited()]);
      expect(at[1]!).toBeLessThanOrEqual(100);
      expect(at[2]! - at[1]!).toBeLessThanOrEqual(200);
    }
  });

  it('gives up with the last error after maxAttempts, and when the next wait would pass the deadline', async () => {
    const clock = new FakeClock(0);
    expect(await attempts(clock, [limited(0), limited(0), limited(0)])).toEqual({ at: [0, 0, 0], result: { error: 'UPSTREAM_RATE_LIMITED' } });
    // 4 s asked, 3 s left: no wait at all.
    expect(await attempts(new FakeClock(0), [limited(4_000)], 3_000)).toEqual({ at: [0], result: { error: 'UPSTREAM_RATE_LIMITED' } });
  });

  it('a final error is not retried', async () => {
    const rejected: Attempt<string> = { ok: false, retryable: false, error: new GatewayError(ErrorCode.UPSTREAM_REJECTED, 'no') };
    expect(await attempts(new FakeClock(0), [rejected])).toEqual({ at: [0], result: { error: 'UPSTREAM_REJECTED' } });
  });
});

describe('TokenProvider', () => {
  function provider(expiresInMs: number) {
    const clock = new FakeClock(0);
    const grants: number[] = [];
    const tokens = new TokenProvider(async (): Promise<Granted> => {
      grants.push(clock.now());
      await clock.sleep(100); // the token endpoint takes 100 ms
      return { token: `t${grants.length}`, expiresInMs };
    }, clock);
    return { clock, grants, tokens };
  }

  it('renews 60 s before expiry, once however many ask during the renewal', async () => {
    const { clock, grants, tokens } = provider(3_600_000);
    expect(await clock.run(tokens.get())).toBe('t1'); // granted at 100 ms: renew at 100 + 3,540,000
    await clock.advance(3_540_100 - clock.now() - 1);
    expect(await tokens.get()).toBe('t1');
    await clock.advance(1);
    const asks = Promise.all(Array.from({ length: 5 }, () => tokens.get()));
    expect(await clock.run(asks)).toEqual(['t2', 't2', 't2', 't2', 't2']);
    expect(grants).toEqual([0, 3_540_100]);
  });

  it('a short-lived token keeps half its life as margin', async () => {
    const { clock, grants, tokens } = provider(10_000);
    await clock.run(tokens.get());
    await clock.advance(4_999);
    await tokens.get();
    expect(grants).toHaveLength(1);
    await clock.advance(1);
    await clock.run(tokens.get());
    expect(grants).toEqual([0, 5_100]);
  });

  it('a refused token is forgotten: the next ask renews at once', async () => {
    const { clock, grants, tokens } = provider(3_600_000);
    const t = await clock.run(tokens.get());
    tokens.invalidate(t);
    await settle();
    expect(await clock.run(tokens.get())).toBe('t2');
    expect(grants).toEqual([0, 100]);
  });
});
