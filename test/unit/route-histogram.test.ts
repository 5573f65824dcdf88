import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { routeHistogram } from '../../src/metrics.js';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const NAME = 'gateway_test_duration_seconds';

describe('routeHistogram', () => {
  it('exposes what prom-client’s own histogram exposes for the same observations', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const h = routeHistogram(ours, NAME, 'latency by route', BOUNDS);
    const reference = new Histogram({ name: NAME, help: 'latency by route', labelNames: ['route'], buckets: BOUNDS, registers: [theirs] });
    const graphql = h.labels({ route: '/graphql' });
    // On a bound, between bounds, past every bound, and on two routes.
    const seen: [string, number][] = [
      ['/graphql', 0.0004],
      ['/graphql', 0.001],
      ['/graphql', 0.05],
      ['/graphql', 7],
      ['/readyz', 0.002],
      ['/readyz', 0.2],
    ];
    for (const [route, seconds] of seen) {
      if (route === '/graphql') graphql.observe(seconds);
      else h.observe({ route }, seconds);
      reference.observe({ route }, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain(`${NAME}_bucket{le="0.001",route="/graphql"} 2`);
    // As JSON too, but for prom-client's exemplar field (null: exemplars are off).
    const expected = (await theirs.getMetricsAsJSON()).map((m) => ({ ...m, values: m.values.map((v) => ({ ...v, exemplar: undefined })) }));
    // toEqual: an undefined field is no field.
    expect(await ours.getMetricsAsJSON()).toEqual(expected);
  });

  it('starts again from nothing when the registry is reset; a child taken before goes on counting', async () => {
    const registry = new Registry();
    const h = routeHistogram(registry, NAME, 'latency by route', BOUNDS);
    const graphql = h.labels({ route: '/graphql' });
    graphql.observe(0.5);
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('route="/graphql"');
    graphql.observe(0.05);
    const text = await registry.metrics();
    expect(text).toContain(`${NAME}_count{route="/graphql"} 1`);
    expect(text).toContain(`${NAME}_sum{route="/graphql"} 0.05`);
  });
});
