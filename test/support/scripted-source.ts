/**
 * A Source for unit tests of what sits above the upstream layer: it answers
 * one row per channel (and per day, with `date`), numbered by the fetch that
 * made it, and the test decides when each fetch ends and how.
 */
import { buildCatalog } from '../../src/catalog.js';
import { DAY_MS } from '../../src/clock.js';
import { ErrorCode, GatewayError } from '../../src/errors.js';
import { validateQuery, type QueryInput, type ValidationRules, type ValidQuery } from '../../src/query.js';
import type { Fetched, RawRow, RowSink, Source, SourceDescription } from '../../src/upstream/source.js';

export const RULES: ValidationRules = {
  catalog: buildCatalog(),
  maxDateSpanDays: 366,
  defaultTtlSeconds: 60,
  cacheNamespace: 'unit',
  maxBuckets: 2000,
  defaults: () => ({ zone: 'UTC', weekStart: 1 }),
  now: () => Date.parse('2026-11-29T12:00:00Z'),
};

export function query(input: Partial<QueryInput> & { ttl?: number }): ValidQuery {
  return validateQuery(
    {
      metrics: ['handle_time'],
      dimensions: ['channel'],
      start: '2026-11-01T00:00:00Z',
      end: '2026-11-02T00:00:00Z',
      cacheTtlSeconds: input.ttl,
      ...input,
    },
    RULES,
  );
}

interface Held {
  q: ValidQuery;
  release: () => void;
  fail: (err: Error) => void;
}

export class ScriptedSource implements Source {
  readonly name = 'scripted';
  readonly filterable = ['channel'];
  /** Like the summary query, `date` splits a range into UTC days. */
  readonly splitsUtcDays = true;
  /** Every fetch, in order. */
  readonly calls: ValidQuery[] = [];
  /** While true, fetches wait in `held` until the test ends them. */
  holding = false;
  /** While set, fetches fail with it. */
  failure: GatewayError | null = null;
  readonly held: Held[] = [];

  describe(): SourceDescription {
    return { name: this.name, metrics: [], dimensions: [], filters: [...this.filterable], notes: [] };
  }

  refuse(): string | null {
    return null;
  }

  missing(): string[] {
    return [];
  }

  estimateCalls(): number {
    return 1;
  }

  async ready(): Promise<void> {}

  async fetch(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    this.calls.push(q);
    const n = this.calls.length;
    if (this.holding) {
      await new Promise<void>((release, fail) => this.held.push({ q, release, fail }));
    }
    if (this.failure) throw this.failure;
    sink.add(rowsFor(q, n));
    return { pages: 1, retries: 0 };
  }
}

/** One row per channel (and day, when asked by date), its handle time the fetch's number. */
function rowsFor(q: ValidQuery, fetchNumber: number): RawRow[] {
  const days: (string | undefined)[] = [];
  if (q.dimensions.includes('date')) {
    for (let t = Date.parse(q.dateRange.start); t < Date.parse(q.dateRange.end); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  } else {
    days.push(undefined);
  }
  return days.flatMap((date) =>
    ['voice', 'chat'].map((channel) => {
      const row: RawRow = { channel };
      if (date) row.date = date;
      for (const m of q.metrics) row[m] = fetchNumber;
      return row;
    }),
  );
}

export const upstreamDown = () => new GatewayError(ErrorCode.UPSTREAM_UNAVAILABLE, 'CXone analytics answered 503: no message');
