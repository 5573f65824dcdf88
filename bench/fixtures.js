// Shared inputs: results of realistic shape built from the simulator's tenant.
import { toRows, orderRows } from '../dist/transform.js';
import { Simulator } from '../dist/simulator/server.js';
import { group, metricValue, SIM_METRICS } from '../dist/simulator/aggregate.js';

const DAY = 86_400_000;

/** `n` transformed rows (agent × skill × date), every metric and KPI, as the gateway caches them. */
export function resultOf(n) {
  const sim = new Simulator({ clientId: 'x', clientSecret: 'y' });
  const dims = ['agent', 'date', 'skill'];
  const raw = [];
  for (let d = 0; raw.length < n; d++) {
    const start = Date.UTC(2026, 0, 1) + d * DAY;
    for (const g of group(sim.tenant.contacts(start, start + DAY), dims)) {
      const row = { ...g.key };
      for (const m of SIM_METRICS) row[m] = metricValue(g.parts, m);
      raw.push(row);
      if (raw.length === n) break;
    }
  }
  const metrics = [...SIM_METRICS].sort();
  return {
    rows: orderRows(toRows(raw, dims, metrics).rows, dims),
    metrics,
    dimensions: dims,
    fetchedAt: new Date().toISOString(),
    upstreamPages: Math.ceil(n / 1000),
    freshUntil: Date.now() + 3_600_000,
    warnings: [],
  };
}
