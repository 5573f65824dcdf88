/**
 * The retry policy shared by the token and data calls: which answers are
 * retried, how long to wait, and when to give up.
 */
import type { Clock } from '../clock.js';
import type { GatewayError } from '../errors.js';
import { inSpan, tracingEnabled, withAttempt } from '../tracing.js';

/**
 * Statuses worth another try. 400 and 403 are absent on purpose: retrying
 * them only burns the tenant's rate limit (the seed retried every HTTP error).
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([
  429, // rate limited: wait what Retry-After says
  500, // transient server error
  502, // bad gateway in front of CXone
  503, // overloaded or in maintenance
  504, // gateway timeout in front of CXone
]);

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter below it). */
  baseMs: number;
  /** Largest backoff ceiling. */
  maxMs: number;
  /** Largest wait a Retry-After header can impose. */
  retryAfterMaxMs: number;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: GatewayError; retryable: boolean; retryAfterMs?: number };

export interface RetryStats {
  retries: number;
}

/** One retried call: its policy, the clock it waits on, and when it must give up (epoch ms). */
export interface RetryRun {
  policy: RetryPolicy;
  clock: Clock;
  deadline: number;
}

/** A run that gives up `deadlineMs` from now. */
export function retryUntil(s: { retry: RetryPolicy; deadlineMs: number; upstream: { clock: Clock } }): RetryRun {
  return { policy: s.retry, clock: s.upstream.clock, deadline: s.upstream.clock.now() + s.deadlineMs };
}

/** Told before each wait: which attempt failed, how, and how long until the next. */
export type OnRetry = (info: { attempt: number; waitMs: number; error: GatewayError }) => void;

/**
 * Runs `attempt` until it succeeds, fails for good, runs out of attempts, or
 * the next wait would pass the run's deadline. Throws the last error.
 */
export async function withRetry<T>(run: RetryRun, stats: RetryStats, attempt: (n: number) => Promise<Attempt<T>>, onRetry?: OnRetry): Promise<T> {
  if (!tracingEnabled()) return attempts(run, stats, attempt, onRetry);
  // One span over the attempts: each attempt's own span (upstream/http.ts) is its child.
  return inSpan('CXone call', {}, () => attempts(run, stats, attempt, onRetry));
}

async function attempts<T>(
  { policy, clock, deadline }: RetryRun,
  stats: RetryStats,
  attempt: (n: number) => Promise<Attempt<T>>,
  onRetry?: OnRetry,
): Promise<T> {
  let waitedMs = 0;
  for (let n = 1; ; n++) {
    const outcome = await withAttempt({ n, waitedMs }, () => attempt(n));
    if (outcome.ok) return outcome.value;
    if (!outcome.retryable || n >= policy.maxAttempts) throw outcome.error;
    const wait =
      outcome.retryAfterMs !== undefined
        ? Math.min(outcome.retryAfterMs, policy.retryAfterMaxMs)
        : Math.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** (n - 1));
    if (clock.now() + wait > deadline) throw outcome.error;
    stats.retries++;
    onRetry?.({ attempt: n, waitMs: Math.round(wait), error: outcome.error });
    waitedMs = Math.round(wait);
    if (wait > 0) await clock.sleep(wait);
  }
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
