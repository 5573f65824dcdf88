// 10,000 distinct cold questions (agent × skill for 10,000 different weeks,
// 8 at a time) against a gateway with the default CACHE_MEMORY_MAX_MB: its
// peak RSS and its RSS at the end, against its RSS idle, with what /metrics
// says the memos hold and how many results were evicted.
import { readFileSync } from 'node:fs';
import { table } from '../lib.js';
import { pinSelf, startGatewayWithSimulator } from '../processes.js';

const DAY = 86_400_000;

function status(pid) {
  const t = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: Number(/VmRSS:\s+(\d+)/.exec(t)[1]) / 1024, peak: Number(/VmHWM:\s+(\d+)/.exec(t)[1]) / 1024 };
}

function metric(text, name, cache) {
  const m = new RegExp(`${name}\\{cache="${cache}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

/** V8's old space for the second run: the bound an operator sets with NODE_OPTIONS. */
const OLD_SPACE_MB = 384;

export async function run(options = {}) {
  const runs = [];
  for (const nodeOptions of [undefined, `--max-old-space-size=${OLD_SPACE_MB}`]) runs.push(await once(nodeOptions, options));
  const text = runs.map((r) => r.text).join('\n');
  return { name: 'memory', result: Object.fromEntries(runs.map((r) => [r.label, r.result])), text };
}

async function once(nodeOptions, { queries = Number(process.env.BENCH_MEMORY_QUERIES ?? 10_000), concurrency = 8 } = {}) {
  pinSelf(1);
  const { gw, stop } = await startGatewayWithSimulator({}, nodeOptions ? { NODE_OPTIONS: nodeOptions } : {});
  const label = nodeOptions ?? 'V8 defaults';
  const base = `http://127.0.0.1:${gw.port}`;
  try {
    const idle = status(gw.child.pid);
    let next = 0;
    let rows = 0;
    const worker = async () => {
      while (next < queries) {
        const i = next++;
        const start = Date.UTC(1990, 0, 1) + i * DAY;
        const res = await fetch(`${base}/api/v1/analytics/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            metrics: ['handle_time', 'talk_time'],
            dimensions: ['agent', 'skill'],
            start_date: new Date(start).toISOString(),
            end_date: new Date(start + 7 * DAY).toISOString(),
            page_size: 1000,
          }),
        });
        if (res.status !== 200) throw new Error(`query ${i} answered ${res.status}: ${await res.text()}`);
        rows += (await res.json()).row_count;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const end = status(gw.child.pid);
    const text = await (await fetch(`${base}/metrics`)).text();
    const result = {
      queries,
      meanRows: rows / queries,
      idleRssMb: idle.rss,
      peakRssMb: end.peak,
      endRssMb: end.rss,
      resultsBytes: metric(text, 'gateway_cache_memory_bytes', 'results'),
      evictions: metric(text, 'gateway_cache_evictions_total', 'results'),
    };
    const out = table(
      `${queries.toLocaleString('en-US')} distinct cold questions (${Math.round(result.meanRows)} rows each), default CACHE_MEMORY_MAX_MB (256), ${label}`,
      ['what', 'MB'],
      [
        ['gateway RSS idle, before the first query', idle.rss],
        ['gateway peak RSS', end.peak],
        ['gateway RSS after the last query', end.rss],
        ['results held (gateway_cache_memory_bytes, estimated)', result.resultsBytes / 1048576],
        [`results evicted (gateway_cache_evictions_total)`, `${result.evictions} results`],
      ],
    );
    return { label, result, text: out };
  } finally {
    await stop();
  }
}
