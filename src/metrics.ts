/**
 * Prometheus metrics (GET /metrics). One registry per gateway, so several
 * gateways in one process (tests, benchmarks) do not share counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

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
    requestSeconds: routeHistogram(registry, 'gateway_http_request_duration_seconds', 'HTTP request latency by route', LATENCY_BUCKETS),
    operationSeconds: new Histogram({
      name: 'gateway_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by operation name',
      labelNames: ['operation', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
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

/** One route's observations: a count per bucket (the last past every bound) and their sum. */
interface RouteSeries {
  counts: Float64Array;
  sum: number;
}

/**
 * A histogram by route, kept by the gateway and read by the registry as any
 * other: prom-client's own observe validates and hashes its labels on every
 * call, a measurable share of a warm request. The exposition is prom-client's
 * (buckets cumulative, `+Inf`, `_sum`, `_count`; a unit test compares the two).
 */
export function routeHistogram(registry: Registry, name: string, help: string, bounds: readonly number[]) {
  const series = new Map<string, RouteSeries>();
  const seriesOf = (route: string) => {
    let s = series.get(route);
    if (!s) series.set(route, (s = { counts: new Float64Array(bounds.length + 1), sum: 0 }));
    return s;
  };
  const add = (s: RouteSeries, seconds: number) => {
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    s.counts[i]!++;
    s.sum += seconds;
  };
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    /** The series of one route, for a hot path: no lookup per observation. */
    labels({ route }: { route: string }) {
      const s = seriesOf(route);
      return { observe: (seconds: number) => add(s, seconds) };
    },
    observe({ route }: { route: string }, seconds: number) {
      add(seriesOf(route), seconds);
    },
    get() {
      const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
      for (const [route, s] of series) {
        // A series with nothing observed (since a reset) is not shown, as prom-client shows none.
        if (s.counts.every((n) => n === 0)) continue;
        let total = 0;
        bounds.forEach((le, i) => values.push({ labels: { le, route }, value: (total += s.counts[i]!), metricName: `${name}_bucket` }));
        total += s.counts[bounds.length]!;
        values.push({ labels: { le: '+Inf', route }, value: total, metricName: `${name}_bucket` });
        values.push({ labels: { route }, value: s.sum, metricName: `${name}_sum` });
        values.push({ labels: { route }, value: total, metricName: `${name}_count` });
      }
      return Promise.resolve({ name, help, type: 'histogram', values, aggregator: 'sum' });
    },
    /** Zeroes every series in place: a child from labels() keeps counting after a reset. */
    reset() {
      for (const s of series.values()) {
        s.counts.fill(0);
        s.sum = 0;
      }
    },
  };
  // The registry reads a metric through name, help, type, aggregator, get() and reset() only.
  registry.registerMetric(metric as unknown as Metric);
  return metric;
}
