/**
 * One upstream fetch per question at a time: in this process by a shared
 * promise, across instances by a lease in the shared store. A waiter polls
 * for the owner's result; when the owner's lease is gone with no result (it
 * died), the waiter takes the lease over; when the owner recorded a failure,
 * its waiters answer with it instead of fetching again.
 */
import type { Clock } from '../clock.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { annotate, inSpan } from '../tracing.js';
import type { Coordinator } from './store.js';

/** Waiters poll for another instance's result, from 20 ms up to 250 ms between looks. */
const POLL_FIRST_MS = 20;
const POLL_MAX_MS = 250;
/** A failure recorded by a fetch answers its waiters, and holds back background refreshes, this long. */
export const FAILURE_MEMORY_MS = 5000;

export class SingleFlight {
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly coordinator: Coordinator,
    private readonly clock: Clock,
    /** Longest a request waits for another instance's fetch. */
    private readonly waitDeadlineMs: number,
  ) {}

  /** A run for `key` is in flight in this process. */
  running(key: string): boolean {
    return this.inflight.has(key);
  }

  /** `run` once per key at a time in this process; callers meanwhile share its promise. */
  once<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = this.inflight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = run().finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /**
   * `produce` under the lease on `key`, or the result `poll` finds once
   * another instance stored it.
   */
  across<T>(key: string, produce: () => Promise<T>, poll: () => Promise<T | undefined>): Promise<T> {
    return this.once(key, async () => {
      // A request that looked before the last flight stored its result, and
      // starts after that flight ended, finds the result here, not upstream.
      const stored = await poll();
      if (stored !== undefined) return stored;
      const waitStart = this.clock.now();
      let delay = POLL_FIRST_MS;
      for (let waited = false; ; waited = true) {
        const lease = await this.coordinator.acquire(key);
        if (lease) {
          try {
            // A lease freed while we waited may have been freed by an owner that stored its result after our last look.
            const landed = waited ? await poll() : undefined;
            if (landed !== undefined) return landed;
            return await produce();
          } catch (err) {
            const code = err instanceof GatewayError ? err.code : ErrorCode.INTERNAL_SERVER_ERROR;
            await this.coordinator.recordFailure(key, { code, message: (err as Error).message, at: this.clock.now() }, FAILURE_MEMORY_MS);
            throw err;
          } finally {
            await lease.release();
          }
        }
        const owner = await inSpan('cache.lease_wait', {}, () => this.waitForOwner(key, poll, waitStart, delay));
        if (owner.found) return owner.result;
        delay = owner.delay;
      }
    });
  }

  /** Polls for another instance's result until it lands, the owner failed, its lease is gone, or the deadline passes. */
  private async waitForOwner<T>(
    key: string,
    poll: () => Promise<T | undefined>,
    waitStart: number,
    delay: number,
  ): Promise<{ found: true; result: T } | { found: false; delay: number }> {
    for (;;) {
      await this.clock.sleep(delay);
      delay = Math.min(delay * 1.5, POLL_MAX_MS);
      const r = await poll();
      if (r !== undefined) {
        annotate({ 'cache.lease_outcome': 'result' });
        return { found: true, result: r };
      }
      const failed = await this.coordinator.failure(key);
      if (failed && failed.at >= waitStart) {
        annotate({ 'cache.lease_outcome': 'owner failed' });
        throw new GatewayError(failed.code, failed.message);
      }
      if (!(await this.coordinator.held(key))) {
        annotate({ 'cache.lease_outcome': 'lease freed' });
        return { found: false, delay };
      }
      if (this.clock.now() - waitStart > this.waitDeadlineMs) {
        throw new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, `waited ${this.waitDeadlineMs} ms for another gateway instance fetching this query`);
      }
    }
  }
}
