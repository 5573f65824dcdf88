// The contacts source: aggregating one million cached contacts into a
// 5-dimension answer, against a plain loop over the same typed arrays in the
// same run; the cached form's bytes per contact (as stored in Redis); and the
// gateway's peak RSS while it pages and caches 30 days of 30,000 contacts.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { aggregate } from '../../dist/upstream/contact-aggregate.js';
import { buildDay, encodeDay } from '../../dist/upstream/contact-columns.js';
import { ContactReader } from '../../dist/upstream/contact-records.js';
import { contactRecord } from '../../dist/simulator/contacts.js';
import { Tenant } from '../../dist/simulator/tenant.js';
import { alternate, perCall, table } from '../lib.js';
import { pinSelf, startGatewayWithSimulator } from '../processes.js';

const DAY_MS = 86_400_000;
const DIMS = ['channel', 'skill', 'campaign', 'team', 'agent'];
const METRICS = ['contacts_offered', 'contacts_handled', 'abandon_count', 'handle_time', 'queue_time', 'service_level'];

/** Days of the simulator's tenant, read and columned as the source does, until `total` contacts. */
function cachedDays(total, perDay) {
  const tenant = new Tenant(7, perDay);
  const reader = new ContactReader();
  const days = [];
  let n = 0;
  for (let d = Date.parse('2026-06-01T00:00:00Z') / DAY_MS; n < total; d++) {
    const records = tenant.day(d).map((c) => reader.read(contactRecord(c, 'current')));
    days.push(buildDay(new Date(d * DAY_MS).toISOString().slice(0, 10), records, []));
    n += records.length;
  }
  return { days, n };
}

/**
 * The baseline: the same grouping and sums written for this one question
 * alone (fixed dimensions, no filters, no unreadable values, no options).
 */
function plainLoop(days, threshold) {
  const globals = DIMS.map(() => new Map());
  const radix = [];
  const tables = days.map((d) =>
    DIMS.map((dim, k) =>
      d.dicts[dim].map((v, i) => {
        const key = dim === 'agent' ? (d.agentIds[i] ?? v) : v;
        let g = globals[k].get(key);
        if (g === undefined) globals[k].set(key, (g = globals[k].size));
        return g;
      }),
    ),
  );
  for (const g of globals) radix.push(Math.max(1, g.size));
  const groups = new Map();
  days.forEach((d, di) => {
    const t = tables[di];
    const codes = DIMS.map((dim) => d.codes[dim]);
    for (let i = 0; i < d.n; i++) {
      let key = 0;
      for (let k = 0; k < 5; k++) key = key * radix[k] + t[k][codes[k][i]];
      let p = groups.get(key);
      if (!p) groups.set(key, (p = new Float64Array(8)));
      const f = d.flags[i];
      const q = d.queue[i];
      const talk = d.talk[i];
      p[0]++;
      if (f & 2) p[1]++;
      if (!(f & 1)) {
        p[2]++;
        p[3] += q;
        if (q > threshold) p[5]++;
        else if (!(f & 2)) p[4]++;
      }
      if (!(f & 2) && talk > 0) {
        p[6]++;
        p[7] += talk + d.hold[i] + d.wrap[i];
      }
    }
  });
  return [...groups.values()].map((p) => [p[0], p[6], p[1], p[7] / 1000 / p[6], p[3] / 1000 / p[2], (p[4] * 100) / (p[4] + p[5])]);
}

function peakRss(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

export async function run({ runs = 7 } = {}) {
  const { days, n } = cachedDays(1_000_000, 30_000);
  const start = days[0].dayStart;
  const end = days.at(-1).dayStart + DAY_MS;
  const q = { start, end, dimensions: DIMS, filters: [], metrics: METRICS, slaThresholdSeconds: 30 };
  const rows = aggregate(days, q).length;
  const plainRows = plainLoop(days, 30_000).length;
  if (rows !== plainRows) throw new Error(`the gateway found ${rows} groups, the plain loop ${plainRows}`);
  const ms = await alternate({ gateway: () => aggregate(days, q), plain: () => plainLoop(days, 30_000) }, runs, (fn) => perCall(fn, 3));
  // As stored in Redis: a 17-byte header (fetch times, final) and the encoded columns.
  const bytes = days.reduce((b, d) => b + 17 + encodeDay(d).length, 0);

  // Paging and caching 30 days of 30,000 contacts in a gateway process of its own (the simulator runs here).
  pinSelf(1);
  const key = { accessKeyId: 'bench-ak', accessKeySecret: 'bench-ak-secret-0123456789' };
  const { gw, stop } = await startGatewayWithSimulator({ contactsPerDay: 30_000, ...key }, (sim) => ({
    CXONE_SOURCE: 'contacts',
    CXONE_ISSUER: sim.url,
    CXONE_ACCESS_KEY_ID: key.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: key.accessKeySecret,
    UPSTREAM_RPS: '1000',
    UPSTREAM_TIMEOUT_MS: '60000',
    REQUEST_TIMEOUT_MS: '600000',
    CLIENT_UPSTREAM_PAGES_PER_MINUTE: '0',
  }));
  let paging;
  try {
    const idle = peakRss(gw.child.pid);
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${gw.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          '{ analytics(query: { metrics: [CONTACTS_OFFERED, HANDLE_TIME], dimensions: [CHANNEL, SKILL], dateRange: { start: "2026-09-01T00:00:00Z", end: "2026-10-01T00:00:00Z" } }) { rowCount } }',
      }),
    });
    const body = await res.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    paging = { ms: performance.now() - t, idleMb: idle, peakMb: peakRss(gw.child.pid) };
  } finally {
    await stop();
  }

  const result = { contacts: n, days: days.length, groups: rows, ms, ratio: ms.gateway / ms.plain, bytesPerContact: bytes / n, paging };
  const text = [
    table(
      `Contacts source: ${n.toLocaleString('en-US')} cached contacts (${days.length} days) into a 5-dimension answer (${rows.toLocaleString('en-US')} groups, ${METRICS.length} metrics); medians of ${runs} alternating runs`,
      ['what', 'ms', 'ratio to the plain loop'],
      [
        ['contacts source aggregation (contact-aggregate.ts)', ms.gateway, result.ratio],
        ['plain loop over the same typed arrays (baseline)', ms.plain, 1],
      ],
    ),
    table('Cached form, as stored in Redis', ['what', 'bytes per contact'], [['encoded columns + header', result.bytesPerContact]]),
    table(
      'Paging and caching 30 days of 30,000 contacts (90 pages of 10,000), one gateway process',
      ['what', 'value'],
      [
        ['time to answer, cold', `${Math.round(paging.ms)} ms`],
        ['gateway RSS idle / peak', `${Math.round(paging.idleMb)} / ${Math.round(paging.peakMb)} MB`],
      ],
    ),
  ].join('\n');
  return { result, text };
}
