// Time buckets: what a dashboard's time series costs CXone and the gateway,
// cold and from cached partitions, with the upstream calls each made. Each
// run starts a fresh gateway (with its embedded simulator) so "cold" is cold;
// the cached figure is the same query asked again (median of 20), off the
// warm path (meta.latencyMs is selected), so partitions are looked up and
// stitched every time.
import { performance } from 'node:perf_hooks';
import { startGateway } from '../../dist/gateway.js';
import { median, table } from '../lib.js';

const ENV = {
  PORT: '0',
  AUDIT_LOG_PATH: '/dev/null',
  LOG_LEVEL: 'silent',
  NODE_ENV: 'production',
  SIMULATOR: '1',
  // Traffic shaping off: this measures calls and the gateway's own work, not the tenant's rate limit.
  UPSTREAM_RPS: '10000',
  UPSTREAM_CONCURRENCY: '8',
  CLIENT_UPSTREAM_PAGES_PER_MINUTE: '0',
  CLIENT_RATE_LIMIT_PER_SECOND: '0',
};

const day = (iso, n) => new Date(Date.parse(iso) + n * 86_400_000).toISOString();
const q = (input) =>
  JSON.stringify({ query: `{ analytics(query: ${input}) { rowCount meta { latencyMs } rows { time channel contactsOffered handleTime } } }` });
const input = ({ granularity, zone, start, end }) =>
  `{ metrics: [CONTACTS_OFFERED, HANDLE_TIME], dimensions: [CHANNEL], granularity: ${granularity}, timeZone: "${zone}", dateRange: { start: "${start}", end: "${end}" } }`;

const CASES = [
  { name: '90 days, DAY by channel, UTC', granularity: 'DAY', zone: 'UTC', start: '2026-06-01T00:00:00Z', days: 90 },
  { name: '90 days, DAY by channel, America/New_York', granularity: 'DAY', zone: 'America/New_York', start: '2026-06-01T04:00:00Z', days: 90 },
  { name: '7 days, HOUR by channel, America/New_York', granularity: 'HOUR', zone: 'America/New_York', start: '2026-06-01T04:00:00Z', days: 7 },
];

async function ask(gw, body) {
  const started = performance.now();
  const res = await fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = await res.json();
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return { ms: performance.now() - started, rows: json.data.analytics.rowCount };
}

/** Upstream calls `fn` makes on `gw`'s simulator. */
async function calls(gw, fn) {
  const before = gw.simulator.summaryCalls().length;
  const out = await fn();
  return { ...out, calls: gw.simulator.summaryCalls().length - before };
}

export async function run({ runs = 7 } = {}) {
  const rows = [];
  const result = {};
  for (const c of CASES) {
    const body = q(input({ ...c, end: day(c.start, c.days) }));
    const cold = [];
    const cached = [];
    let coldCalls = 0;
    let cachedCalls = 0;
    let count = 0;
    for (let r = 0; r < runs; r++) {
      const gw = await startGateway(ENV);
      const first = await calls(gw, () => ask(gw, body));
      cold.push(first.ms);
      coldCalls = first.calls;
      count = first.rows;
      const again = [];
      const warm = await calls(gw, async () => {
        for (let i = 0; i < 20; i++) again.push((await ask(gw, body)).ms);
        return {};
      });
      cachedCalls = warm.calls;
      cached.push(median(again));
      await gw.close();
    }
    const entry = { rows: count, coldMs: median(cold), coldCalls, cachedMs: median(cached), cachedCalls, ratio: median(cached) / median(cold) };
    result[c.name] = entry;
    rows.push([c.name, count, entry.coldMs, coldCalls, entry.cachedMs, cachedCalls, entry.ratio]);
  }

  // A longer range over cached days, and a month from cached days.
  const growth = [];
  for (const zone of ['UTC', 'America/New_York']) {
    const start = zone === 'UTC' ? '2026-06-01T00:00:00Z' : '2026-06-01T04:00:00Z';
    const gw = await startGateway(ENV);
    await ask(gw, q(input({ granularity: 'DAY', zone, start, end: day(start, 30) })));
    const longer = await calls(gw, () => ask(gw, q(input({ granularity: 'DAY', zone, start, end: day(start, 31) }))));
    const month = await calls(gw, () => ask(gw, q(input({ granularity: 'MONTH', zone, start, end: day(start, 30) }))));
    await gw.close();
    result[`extend 30 → 31 days, ${zone}`] = { calls: longer.calls };
    result[`June as MONTH after its days, ${zone}`] = { calls: month.calls };
    growth.push([`30 cached days → 31, DAY by channel, ${zone}`, longer.calls], [`June as one MONTH after its DAYs, ${zone}`, month.calls]);
  }

  const text = [
    table(
      `Time buckets: cold (fresh gateway) vs from cached partitions (medians of ${runs} runs; cached = median of 20 repeats, off the warm path)`,
      ['query', 'rows', 'cold ms', 'cold upstream calls', 'cached ms', 'cached upstream calls', 'cached / cold'],
      rows,
    ),
    table('Ranges over cached partitions: upstream calls', ['query', 'upstream calls'], growth),
  ].join('\n');
  return { result, text };
}
