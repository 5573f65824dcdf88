// Warm repeated queries (10 and 1,000 rows) against the floor (bare node:http
// writing the gateway's own response bytes) and a naive Apollo baseline; and
// a new selection over cached data (GraphQL executes; the bytes cannot be
// reused) against the same naive baseline.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate, fmt, medians, pairedRatio, rounds, table } from '../lib.js';
import { freePort, HAS_WRK, load, loadWrk, pinSelf, startGatewayProcess, startProcess } from '../processes.js';

const FIELDS =
  'agent skill campaign handleTime talkTime holdTime queueTime wrapTime abandonRate serviceLevel firstContactResolution totalInteractionTime talkRatio holdImpactScore channelEfficiency';
const query = (limit, extra = '') =>
  `{ analytics(query: { dimensions: [AGENT, SKILL, CAMPAIGN], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-08T00:00:00Z" }, pageSize: 1000 }) { rows(limit: ${limit}) { ${FIELDS} } ${extra} } }`;

export async function run({ runs = 5, seconds = Number(process.env.BENCH_SECONDS ?? 3) } = {}) {
  pinSelf(1);
  const dir = mkdtempSync(join(tmpdir(), 'bench-warm-'));
  const gateway = await startGatewayProcess();
  const gwUrl = `http://127.0.0.1:${gateway.port}/graphql`;
  const subjects = [];
  const out = {};
  try {
    const rowsText = {};
    for (const limit of [10, 1000]) {
      const body = JSON.stringify({ query: query(limit) });
      const res = await fetch(gwUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      const json = JSON.parse(text);
      if (json.data.analytics.rows.length !== limit) throw new Error(`expected ${limit} rows, got ${json.data.analytics.rows.length}`);
      writeFileSync(join(dir, `body-${limit}.json`), text);
      rowsText[limit] = JSON.stringify(json.data.analytics.rows);
      writeFileSync(join(dir, `rows-${limit}.json`), rowsText[limit]);
      out[`bytes${limit}`] = Buffer.byteLength(text);
    }
    for (const limit of [10, 1000]) {
      const floorPort = await freePort();
      const naivePort = await freePort();
      const floor = await startProcess(['bench/floor.js', String(floorPort), join(dir, `body-${limit}.json`)]);
      const naive = await startProcess(['bench/naive-apollo.js', String(naivePort), join(dir, `rows-${limit}.json`)]);
      subjects.push(floor, naive);
      const warmBody = JSON.stringify({ query: query(limit) });
      const naiveBody = JSON.stringify({
        query: `{ analytics(query: { dimensions: [AGENT], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-08T00:00:00Z" } }) { rows { ${FIELDS} } } }`,
      });
      const targets = {
        floor: () => load(`http://127.0.0.1:${floorPort}/`, warmBody, { seconds }),
        gateway: () => load(gwUrl, warmBody, { seconds }),
        naive: () => load(`http://127.0.0.1:${naivePort}/`, naiveBody, { seconds }),
      };
      // Warm every subject up first (JIT, caches), unrecorded.
      for (const fn of Object.values(targets)) await fn();
      out[`warm${limit}`] = summarize(await rounds(targets, runs, async (fn) => (await fn()).rps));
      if (HAS_WRK) {
        // The second load generator: wrk, 32 connections, on either core.
        const wrkTargets = {
          floor: () => loadWrk(`http://127.0.0.1:${floorPort}/`, warmBody, { seconds }),
          gateway: () => loadWrk(gwUrl, warmBody, { seconds }),
        };
        for (const fn of Object.values(wrkTargets)) await fn();
        out[`warmWrk${limit}`] = summarize(await rounds(wrkTargets, runs, async (fn) => (await fn()).rps));
      }
      if (limit === 1000) {
        // Selecting meta.latencyMs keeps the bytes out of the warm path: GraphQL runs over the cached result.
        const newSelection = JSON.stringify({ query: query(limit, 'meta { latencyMs }') });
        out.newSelection1000 = await alternate(
          {
            gateway: () => load(gwUrl, newSelection, { seconds }),
            naive: () => load(`http://127.0.0.1:${naivePort}/`, naiveBody, { seconds }),
          },
          runs,
          async (fn) => (await fn()).rps,
        );
      }
      await floor.stop();
      await naive.stop();
    }
  } finally {
    await gateway.stop();
    for (const s of subjects) await s.stop();
  }
  const rows = [];
  for (const limit of [10, 1000]) {
    const w = out[`warm${limit}`];
    rows.push([
      `warm repeated query, ${limit} rows (${Math.round(out[`bytes${limit}`] / 1024)} KB)`,
      w.gateway,
      w.floor,
      w.gateway / w.floor,
      paired(w.paired),
      w.naive,
      w.gateway / w.naive,
    ]);
  }
  for (const limit of [10, 1000]) {
    const w = out[`warmWrk${limit}`];
    if (w) rows.push([`same, ${limit} rows, wrk (32 connections, unpinned)`, w.gateway, w.floor, w.gateway / w.floor, paired(w.paired), '—', '—']);
  }
  const n = out.newSelection1000;
  rows.push(['new selection over cached data, 1,000 rows', n.gateway, '—', '—', '—', n.naive, n.gateway / n.naive]);
  const text = table(
    `HTTP req/s, server on one core, autocannon (10 connections, ${seconds} s) on the other; medians of ${runs} rounds, and the ratio within each round`,
    ['case', 'gateway', 'floor', 'gateway / floor (medians)', 'gateway / floor per round: median (range)', 'naive Apollo', 'gateway / naive'],
    rows,
  );
  return { name: 'warm', result: out, text };
}

/** Medians of every subject, and gateway / floor within each round. */
function summarize(samples) {
  return { ...medians(samples), paired: pairedRatio(samples, 'gateway', 'floor'), samples };
}

function paired({ median, min, max }) {
  return `${fmt(median)} (${fmt(min)}–${fmt(max)})`;
}
