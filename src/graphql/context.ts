/**
 * What every resolver sees: the gateway's services, this request's client
 * and its DataLoader, which shares one fetch among identical analytics fields
 * of one operation.
 */
import DataLoader from 'dataloader';
import type { Served } from '../cache/results.js';
import type { ValidQuery } from '../query.js';
import type { Services } from '../services.js';

export interface GraphQLContext {
  services: Services;
  /** Key id of the caller ("anonymous" without API keys). */
  client: string;
  loader: DataLoader<ValidQuery, Served, string>;
}

/** The parent object of AnalyticsResult fields. */
export interface AnalyticsParent {
  query: ValidQuery;
  served: Served;
  latencyMs: number;
}

export function createContext(services: Services, client: string): GraphQLContext {
  const loader = new DataLoader<ValidQuery, Served, string>(
    (queries) => Promise.all(queries.map((q) => services.results.get(q).catch((e: unknown) => e as Error))),
    { cacheKeyFn: (q) => q.key },
  );
  return { services, client, loader };
}
