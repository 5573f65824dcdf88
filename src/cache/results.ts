/**
 * Answers a validated query from the cache or, on a miss, from the source,
 * with one upstream pagination per key in flight in this process (single
 * flight). Only complete results are stored: a failed fetch stores nothing.
 */
import type { ValidQuery } from '../query.js';
import { orderRows, toRows, type Row } from '../transform.js';
import type { Source } from '../upstream/summary-query.js';
import type { ResultStore, StoredResult } from './store.js';

export interface Served {
  result: StoredResult;
  cacheHit: boolean;
  stale: boolean;
  /** Upstream retries this request waited for (0 on a hit). */
  retries: number;
}

export class ResultService {
  private readonly inflight = new Map<string, Promise<{ result: StoredResult; retries: number }>>();

  constructor(
    private readonly store: ResultStore,
    private readonly source: Source,
  ) {}

  async get(q: ValidQuery): Promise<Served> {
    const joined = this.inflight.get(q.key);
    if (!joined) {
      const cached = await this.store.get(q.key);
      if (cached) return { result: cached, cacheHit: true, stale: false, retries: 0 };
    }
    let flight = this.inflight.get(q.key);
    if (!flight) {
      flight = this.fetchAndStore(q).finally(() => this.inflight.delete(q.key));
      this.inflight.set(q.key, flight);
    }
    const { result, retries } = await flight;
    return { result, cacheHit: false, stale: false, retries };
  }

  private async fetchAndStore(q: ValidQuery): Promise<{ result: StoredResult; retries: number }> {
    const fetched = await this.source.fetch(q);
    const dimensions = [...q.dimensions].sort();
    const result: StoredResult = {
      rows: orderRows(toRows(fetched.rows, dimensions, q.metrics), dimensions),
      metrics: q.metrics,
      dimensions,
      fetchedAt: new Date().toISOString(),
      upstreamPages: fetched.pages,
    };
    if (q.ttlSeconds > 0) await this.store.set(q.key, result, q.ttlSeconds * 1000);
    return { result, retries: fetched.retries };
  }
}

const ordered = new WeakMap<StoredResult, Map<string, Row[]>>();

/** The result's rows in the order of `dimensions`, sorted once per result and order. */
export function rowsInOrder(result: StoredResult, dimensions: readonly string[]): Row[] {
  const id = dimensions.join(',');
  if (id === result.dimensions.join(',')) return result.rows;
  let byOrder = ordered.get(result);
  if (!byOrder) ordered.set(result, (byOrder = new Map()));
  let rows = byOrder.get(id);
  if (!rows) byOrder.set(id, (rows = orderRows(result.rows, dimensions)));
  return rows;
}
