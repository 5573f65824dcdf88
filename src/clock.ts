/**
 * Time, in one place. Every module that asks "what time is it" or waits for
 * time to pass does it through a Clock handed to it, real by default, so a
 * test can put the gateway at any instant (a DST night, the end of a TTL)
 * and move time on without waiting for it.
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` of this clock's time has passed. */
  sleep(ms: number): Promise<void>;
}

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
/** A UTC day. A local day can be 23 or 25 hours long: use a time zone for those. */
export const DAY_MS = 24 * HOUR_MS;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep,
};

/**
 * The answer of `p`, or the error `late()` makes when `ms` pass first; `p`
 * itself goes on. On real timers: it bounds I/O (a request, a Redis call, a
 * readiness probe), and its timer is cleared as soon as `p` settles.
 */
export async function withTimeout<T>(p: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(late()), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
