// 100,000 rows end to end (the REST JSON export of a cached result) against
// JSON.stringify of the same rows, with the gateway's peak RSS; and the p99 of
// small queries while such exports stream.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { alternate, median, table } from '../lib.js';
import { load, pinSelf, startGatewayWithSimulator } from '../processes.js';

const EXPORT = {
  metrics: ['handle_time', 'talk_time', 'abandon_rate', 'service_level'],
  dimensions: ['agent', 'skill', 'campaign', 'date'],
  start_date: '2026-09-01T00:00:00Z',
  end_date: '2026-10-16T00:00:00Z',
  page_size: 1000,
};
const SMALL = JSON.stringify({
  query:
    '{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-08T00:00:00Z" } }) { rows { channel talkRatio } } }',
});

function rssNow(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

async function timed(fn) {
  const t = performance.now();
  const out = await fn();
  return { ms: performance.now() - t, out };
}

export async function run({ runs = 5, seconds = Number(process.env.BENCH_SECONDS ?? 3) } = {}) {
  pinSelf(1);
  // The simulator runs here, not inside the gateway: the gateway's RSS is its own.
  const { gw, stop } = await startGatewayWithSimulator({ contactsPerDay: 5000 });
  const idleRss = rssNow(gw.child.pid);
  const base = `http://127.0.0.1:${gw.port}`;
  // A raw client that only counts bytes: the client's own decoding is not the gateway's time.
  const exportOnce = (keep = false, body = EXPORT) =>
    new Promise((resolve, reject) => {
      const req = request(`${base}/api/v1/analytics/query`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks = [];
        let bytes = 0;
        res.on('data', (c) => (keep ? chunks.push(c) : (bytes += c.length)));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(keep ? Buffer.concat(chunks).toString() : bytes) : reject(new Error(`export answered ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(JSON.stringify(body));
    });
  try {
    const cold = await timed(() => exportOnce(true));
    const parsed = JSON.parse(cold.out);
    const rows = parsed.data;
    const e2e = await alternate(
      {
        gateway: async () => (await timed(() => exportOnce())).ms,
        stringify: async () => (await timed(async () => JSON.stringify(rows))).ms,
      },
      runs,
      (fn) => fn(),
    );
    // A column set never exported before: the cached result is serialized anew (no kept chunks).
    const subsets = [
      [0, 1, 2],
      [0, 1, 3],
      [0, 2, 3],
      [1, 2, 3],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 2],
      [1, 3],
      [2, 3],
    ];
    let s = 0;
    const firstSerialization = await alternate(
      {
        gateway: async () => {
          const metrics = subsets[s++ % subsets.length].map((i) => EXPORT.metrics[i]);
          return (await timed(() => exportOnce(false, { ...EXPORT, metrics }))).ms;
        },
        stringify: async () => (await timed(async () => JSON.stringify(rows))).ms,
      },
      Math.min(runs, subsets.length),
      (fn) => fn(),
    );
    const rss = peakRss(gw.child.pid);

    // p99 of 10-row queries alone, and while exports stream back to back.
    await load(`${base}/graphql`, SMALL, { seconds: 1, connections: 4 });
    const quiet = [];
    const busy = [];
    for (let r = 0; r < runs; r++) {
      quiet.push((await load(`${base}/graphql`, SMALL, { seconds, connections: 4 })).p99);
      let exporting = true;
      let exports = 0;
      const loop = (async () => {
        while (exporting) {
          await exportOnce();
          exports++;
        }
      })();
      const during = await autocannon({
        url: `${base}/graphql`,
        method: 'POST',
        body: SMALL,
        headers: { 'content-type': 'application/json' },
        connections: 4,
        duration: seconds,
      });
      exporting = false;
      await loop;
      if (exports === 0) throw new Error('no export ran during the small queries');
      busy.push(during.latency.p99);
    }
    const out = {
      rows: rows.length,
      bytes: Buffer.byteLength(cold.out),
      coldMs: cold.ms,
      endToEndMs: e2e,
      ratio: e2e.gateway / e2e.stringify,
      firstSerializationMs: firstSerialization,
      firstSerializationRatio: firstSerialization.gateway / firstSerialization.stringify,
      peakRssMb: rss,
      idleRssMb: idleRss,
      peakRssToJson: rss / (Buffer.byteLength(cold.out) / 1048576),
      smallP99Ms: { quiet: median(quiet), duringExports: median(busy) },
    };
    const text = [
      table(
        `100,000-row export (${rows.length} rows, ${Math.round(out.bytes / 1048576)} MB JSON), medians of ${runs} alternating runs`,
        ['what', 'ms', 'ratio to JSON.stringify'],
        [
          ['REST JSON export of a cached result, repeated (kept chunks), request → last byte', e2e.gateway, out.ratio],
          ['REST JSON export of a cached result, columns never exported before (serialized anew)', firstSerialization.gateway, out.firstSerializationRatio],
          ['JSON.stringify of the same rows (baseline)', e2e.stringify, 1],
          ['first export, cold (upstream pages of 1,000 rows)', cold.ms, '—'],
        ],
      ),
      `\nGateway peak RSS: ${rss?.toFixed(0)} MB (${out.peakRssToJson.toFixed(1)}× the result's JSON; ${idleRss?.toFixed(0)} MB idle before the first query)`,
      table(
        '10-row query latency p99 (4 connections)',
        ['while', 'p99 ms'],
        [
          ['nothing else runs', out.smallP99Ms.quiet],
          ['100,000-row exports stream back to back', out.smallP99Ms.duringExports],
        ],
      ),
    ].join('\n');
    return { name: 'large', result: out, text };
  } finally {
    await stop();
  }
}
