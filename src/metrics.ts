/**
 * Prometheus metrics (GET /metrics). One registry per gateway, so several
 * gateways in one process (tests, benchmarks) do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  const sources = new Map<string, () => number>();
  const tallies: { pending: number; child: { inc(n: number): void } }[] = [];
  collectDefaultMetrics({ register: registry, prefix: 'gateway_' });
  const m = {
    registry,
    requests: new Counter({
      name: 'gateway_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['route', 'status'] as const,
      registers: [registry],
    }),
    requestSeconds: new Histogram({
      name: 'gateway_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    operationSeconds: new Histogram({
      name: 'gateway_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by operation name',
      labelNames: ['operation', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    cache: new Counter({
      name: 'gateway_cache_results_total',
      help: 'Analytics answers by cache outcome: hit, miss, stale',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    upstreamCalls: new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Calls to CXone by endpoint and status (0: no answer)',
      labelNames: ['endpoint', 'status'] as const,
      registers: [registry],
    }),
    upstreamRetries: new Counter({
      name: 'gateway_upstream_retries_total',
      help: 'Retried CXone calls by endpoint and error code',
      labelNames: ['endpoint', 'code'] as const,
      registers: [registry],
    }),
    limiterWaitSeconds: new Histogram({
      name: 'gateway_upstream_limiter_wait_seconds',
      help: 'Time a CXone call waited for the upstream limiter',
      buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    memoryBytes: memoryGauge(registry, sources),
    /**
     * A counter (child) for a hot path: increments are a plain number, added to the counter when
     * the metrics are read (flush). prom-client's own inc hashes its labels each time, which was a
     * measurable part of a warm request.
     */
    tally(child: { inc(n: number): void }): { inc(): void } {
      const t = { pending: 0, child };
      tallies.push(t);
      return {
        inc() {
          t.pending++;
        },
      };
    },
    /** Adds what the tallies counted; /metrics calls it before reading the registry. */
    flush(): void {
      for (const t of tallies) {
        if (t.pending > 0) t.child.inc(t.pending);
        t.pending = 0;
      }
    },
    /** Names an in-process memo whose estimated bytes `gateway_cache_memory_bytes` reports. */
    reportMemory(cache: string, bytes: () => number): void {
      sources.set(cache, bytes);
    },
    liveDropped: new Counter({
      name: 'gateway_live_dropped_total',
      help: 'Live snapshots a slow subscriber never received: a newer one replaced them (latest wins), by feed',
      labelNames: ['feed'] as const,
      registers: [registry],
    }),
    liveSubscribers: new Gauge({
      name: 'gateway_live_subscribers',
      help: 'Live subscriptions open on this replica, by feed',
      labelNames: ['feed'] as const,
      registers: [registry],
    }),
    evictions: new Counter({
      name: 'gateway_cache_evictions_total',
      help: 'Entries dropped from an in-process memo to stay under its byte bound, by memo',
      labelNames: ['cache'] as const,
      registers: [registry],
    }),
    clientRateLimited: new Counter({
      name: 'gateway_client_rate_limited_total',
      help: 'Requests refused with 429 by the per-client rate limit, by client key id',
      labelNames: ['client'] as const,
      registers: [registry],
    }),
  };
  return m;
}

function memoryGauge(registry: Registry, sources: Map<string, () => number>) {
  return new Gauge({
    name: 'gateway_cache_memory_bytes',
    help: 'Estimated bytes held by each in-process memo (results, stitched ranges, export chunks, responses)',
    labelNames: ['cache'] as const,
    registers: [registry],
    collect() {
      for (const [cache, bytes] of sources) this.set({ cache }, bytes());
    },
  });
}
