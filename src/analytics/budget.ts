/**
 * What a question may cost CXone, checked before it is fetched (on the part
 * that is not cached): its estimated upstream calls against
 * MAX_UPSTREAM_PAGES_PER_QUERY, and against the asking client's budget of
 * CLIENT_UPSTREAM_PAGES_PER_MINUTE, so one key cannot spend the tenant's
 * rate limit for every other dashboard. The budget is reserved at the
 * estimate and settled at the pages actually fetched.
 */
import type { FetchGate } from '../cache/results.js';
import { ErrorCode, GatewayError } from '../errors.js';
import type { ValidQuery } from '../query.js';
import type { Source } from '../upstream/source.js';

/** A token bucket per client (rate-limit.ts), here counting upstream pages. */
export interface PageBuckets {
  take(client: string, cost: number, force?: boolean): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
}

export class UpstreamBudget {
  constructor(
    private readonly source: Pick<Source, 'estimateCalls' | 'estimateAll'>,
    private readonly maxPerQuery: number,
    /** null: no per-client budget. */
    private readonly buckets: PageBuckets | null,
    private readonly perMinute: number,
  ) {}

  /** The gate for fetches on behalf of `who` (a key id, or an address for anonymous callers). */
  gate(who: string): FetchGate {
    return {
      admit: async (queries: readonly ValidQuery[]) => {
        const estimate = this.source.estimateAll?.(queries) ?? queries.reduce((n, q) => n + this.source.estimateCalls(q), 0);
        if (estimate > this.maxPerQuery) {
          const q = queries[0]!;
          const parts = queries.length === 1 ? '' : ` in ${queries.length} parts of the range not cached`;
          throw new GatewayError(
            ErrorCode.RESULT_TOO_LARGE,
            `this question would take an estimated ${estimate} upstream calls (${q.dimensions.join(', ') || 'no dimensions'} over ${q.dateRange.start}..${queries.at(-1)!.dateRange.end}${parts}, ${q.pageSize} rows a page), over the limit; allowed: at most ${this.maxPerQuery} (MAX_UPSTREAM_PAGES_PER_QUERY); narrow the date range, filters or dimensions, or raise pageSize`,
          );
        }
        const buckets = this.buckets;
        if (!buckets) return async () => {};
        // A question larger than the whole budget may still run once the bucket is full.
        const reserved = Math.min(estimate, this.perMinute);
        const d = await buckets.take(who, reserved);
        if (!d.allowed) {
          throw new GatewayError(
            ErrorCode.RATE_LIMITED,
            `upstream budget spent: this question needs an estimated ${estimate} upstream calls and this client may cause at most ${this.perMinute} a minute (CLIENT_UPSTREAM_PAGES_PER_MINUTE); retry in ${d.retryAfterSeconds} s, or ask for what is cached`,
            { retryAfterSeconds: d.retryAfterSeconds },
          );
        }
        return async (pages: number) => {
          if (pages !== reserved) await buckets.take(who, pages - reserved, true);
        };
      },
    };
  }
}
