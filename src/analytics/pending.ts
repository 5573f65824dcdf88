/**
 * Answers that outlived REQUEST_TIMEOUT_MS. The fetch goes on; its promise is
 * kept here under the query's cache key so a client can pick the answer up
 * (GET /api/v1/analytics/result/{cacheKey}) instead of asking again blind.
 * A settled entry is kept a while for that pick-up, then dropped; the set is
 * bounded by count (the answers themselves live in the result cache).
 */
import type { Answered } from './run.js';

/** How long a settled answer waits to be picked up. */
const KEEP_SETTLED_MS = 10 * 60_000;
/** Entries at most; past it the oldest go. */
const MAX_ENTRIES = 1000;

export type Pending = { state: 'running' } | { state: 'done'; answered: Answered } | { state: 'failed'; error: unknown };

export class PendingAnswers {
  private readonly entries = new Map<string, { pending: Pending; settledAt: number }>();

  constructor(private readonly now: () => number) {}

  /** Remembers `load` under `key` until it settles and a while after. */
  track(key: string, load: Promise<Answered>): void {
    if (this.entries.has(key)) return;
    const entry = { pending: { state: 'running' } as Pending, settledAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    load.then(
      (answered) => {
        entry.pending = { state: 'done', answered };
        entry.settledAt = this.now();
      },
      (error: unknown) => {
        entry.pending = { state: 'failed', error };
        entry.settledAt = this.now();
      },
    );
    for (const [k] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES) break;
      this.entries.delete(k);
    }
  }

  get(key: string): Pending | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.settledAt > KEEP_SETTLED_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return e.pending;
  }
}
