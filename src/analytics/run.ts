/**
 * One analytics query, the same for GraphQL and REST: validate, load, and
 * write its audit line whatever the outcome.
 */
import { performance } from 'node:perf_hooks';
import { withTimeout } from '../clock.js';
import type { Served } from '../cache/results.js';
import { badInput, ErrorCode, GatewayError } from '../errors.js';
import { validateQuery, type QueryInput, type ValidQuery } from '../query.js';
import type { Source } from '../upstream/source.js';
import type { Services } from './services.js';

export interface Answered {
  query: ValidQuery;
  served: Served;
  latencyMs: number;
}

export async function runAnalytics(
  services: Services,
  input: QueryInput,
  client: string,
  via: 'graphql' | 'rest',
  load: (q: ValidQuery) => Promise<Served> = (q) => services.results.get(q),
): Promise<Answered> {
  const started = performance.now();
  let query: ValidQuery | undefined;
  try {
    await services.defaults.ready();
    query = validateQuery(input, services.rules);
    const refusal = unfilterable(services.source, query) ?? services.source.refuse(query);
    if (refusal) throw badInput(refusal);
    const q = query;
    const missing = [...services.source.missing(q), ...defaulted(services, input, q)];
    const loading = load(q).then((loaded) => (missing.length === 0 ? loaded : { ...loaded, warnings: [...loaded.warnings, ...missing] }));
    const ms = services.config.limits.requestTimeoutMs;
    const served = await withTimeout(loading, ms, () => {
      // The fetch goes on: keep it where GET /api/v1/analytics/result/{cacheKey} finds it.
      services.pending.track(
        q.key,
        loading.then((s) => ({ query: q, served: s, latencyMs: performance.now() - started })),
      );
      const retryAfterSeconds = Math.max(1, Math.ceil(services.source.estimateCalls(q) / services.config.upstream.rps));
      return new GatewayError(
        ErrorCode.REQUEST_TIMEOUT,
        `no answer within ${ms} ms (REQUEST_TIMEOUT_MS); the fetch continues: GET /api/v1/analytics/result/${q.key} answers 202 while it runs and the result when it lands (try in about ${retryAfterSeconds} s)`,
        { cacheKey: q.key, retryAfterSeconds },
      );
    });
    const latencyMs = performance.now() - started;
    services.metrics.cache.inc({ outcome: served.stale ? 'stale' : served.cacheHit ? 'hit' : 'miss' });
    services.audit.write({
      interface: via,
      cache_key: query.key,
      cache_hit: served.cacheHit,
      stale: served.stale,
      latency_ms: round2(latencyMs),
      row_count: served.result.rows.length,
      status: 'success',
      client,
      upstream_pages: served.pagesFetched,
      retries: served.retries,
    });
    return { query, served, latencyMs };
  } catch (err) {
    services.audit.write({
      interface: via,
      cache_key: query?.key ?? null,
      cache_hit: false,
      latency_ms: round2(performance.now() - started),
      row_count: 0,
      status: 'error',
      error_code: err instanceof GatewayError ? err.code : ErrorCode.INTERNAL_SERVER_ERROR,
      client,
      upstream_pages: 0,
      retries: 0,
    });
    throw err;
  }
}

/** Why the default zone or week start is a fallback, on an answer that takes it. */
function defaulted(services: Services, input: QueryInput, q: ValidQuery): string[] {
  const takesDefault = (q.time !== null || (input.last !== undefined && input.last !== null)) && (input.timeZone === undefined || input.timeZone === null);
  return takesDefault ? services.defaults.get().problems : [];
}

/** A filter the source cannot apply, said before anything is sent: never ignored. */
function unfilterable(source: Source, q: ValidQuery): string | null {
  const wrong = [...new Set(q.filters.map((f) => f.dimension).filter((d) => !source.filterable.includes(d)))];
  if (wrong.length === 0) return null;
  return `filters: ${wrong.join(', ')} cannot be filtered on by the ${source.name} source; allowed: ${source.filterable.join(', ')}`;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
