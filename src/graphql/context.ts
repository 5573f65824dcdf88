/**
 * What every resolver sees: the gateway's services, this request's client
 * and its DataLoader, which shares one fetch among identical analytics fields
 * of one operation; fetches it makes spend the client's upstream budget
 * (`bucket`: the key id, or the address of an anonymous caller).
 */
import DataLoader from 'dataloader';
import type { Served } from '../cache/results.js';
import { LIMITS } from '../catalog.js';
import { mergeBySlice, type ValidQuery } from '../query.js';
import { newCacheability, type Cacheability } from './cacheability.js';
import type { Services } from '../analytics/services.js';
import type { Row } from '../transform.js';

export interface GraphQLContext {
  services: Services;
  /** Key id of the caller ("anonymous" without API keys). */
  client: string;
  loader: DataLoader<ValidQuery, Served, string>;
  /** Sent in the response's `extensions.warnings`. */
  warnings: string[];
  requestId: string;
  /** Whether this response's bytes may be kept for the warm path, and until when. */
  cacheability: Cacheability;
  /** The question each row answered, for `AnalyticsRow.key`; filled only when `key` is selected. */
  rowOwners: WeakMap<object, { query: ValidQuery; totals: boolean }>;
  /** With compareTo: each answered row's row in the earlier period (null: none there). */
  previousOf: WeakMap<object, Row | null>;
}

/** The parent object of AnalyticsResult fields. */
export interface AnalyticsParent {
  query: ValidQuery;
  served: Served;
  latencyMs: number;
  /** With compareTo: the earlier period's answer. */
  previous?: { query: ValidQuery; served: Served };
}

/**
 * One loader per request. Identical fields share a key; fields over the same
 * slice with different metrics are merged into one upstream query over the
 * union of their metrics, and each gets the merged result, of which it reads
 * only its own columns.
 */
export function createContext(services: Services, client: string, requestId: string, bucket: string = client): GraphQLContext {
  const gate = services.budget.gate(bucket);
  const loader = new DataLoader<ValidQuery, Served, string>(
    async (queries) => {
      const out: (Served | Error)[] = new Array(queries.length);
      await Promise.all(
        mergeBySlice(queries, LIMITS.maxMetrics).map(async ({ query, members }) => {
          const served = await services.results.get(query, gate).catch((e: unknown) => e as Error);
          for (const i of members) out[i] = served;
        }),
      );
      return out;
    },
    { cacheKeyFn: (q) => q.key },
  );
  return { services, client, loader, warnings: [], requestId, cacheability: newCacheability(), rowOwners: new WeakMap(), previousOf: new WeakMap() };
}
