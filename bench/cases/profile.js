// Where the time goes: a V8 CPU profile (--cpu-prof) of the gateway process
// in each measured path (warm repeated query at 10 and 1,000 rows, cold
// pagination), summarized by package and by function, self time, idle left out.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, pinSelf, startGatewayProcess, startGatewayWithSimulator } from '../processes.js';

const FIELDS =
  'agent skill campaign handleTime talkTime holdTime queueTime wrapTime abandonRate serviceLevel firstContactResolution totalInteractionTime talkRatio holdImpactScore channelEfficiency';
const warmQuery = (limit) =>
  `{ analytics(query: { dimensions: [AGENT, SKILL, CAMPAIGN], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-08T00:00:00Z" }, pageSize: 1000 }) { rows(limit: ${limit}) { ${FIELDS} } } }`;

/** Where a frame's code lives: our dist/, a package, Node itself, or V8's own entries. */
function placeOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/dist/')) return `gateway ${url.slice(url.indexOf('/dist/') + 6)}`;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  return url;
}

/** Self time by place and by function, as shares of the busy (non-idle) samples from `fromUs` into the profile on. */
export function summarize(profile, fromUs = 0) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += deltas[i] ?? 0;
    if (t < fromUs) continue;
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  }
  const places = new Map();
  const functions = new Map();
  let busy = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    if (callFrame.functionName === '(idle)') continue;
    busy += us;
    const place = placeOf(callFrame.url, callFrame.functionName);
    places.set(place, (places.get(place) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} (${place}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''})`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const top = (m, n) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${((100 * us) / busy).toFixed(1)} % ${k}`);
  return { busyMs: busy / 1000, places: top(places, 10), functions: top(functions, 12) };
}

async function profiled(start, drive) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-prof-'));
  const spawned = performance.now();
  const stack = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  let loaded = 0;
  try {
    // Start-up (module loading, the first request's compiles) is not the path measured: its samples are left out.
    await drive(stack, () => (loaded = performance.now()));
  } finally {
    // SIGTERM: the gateway drains and exits, and V8 writes the profile on the way out.
    await stack.stop('SIGTERM');
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  return summarize(JSON.parse(readFileSync(join(dir, file), 'utf8')), (loaded - spawned) * 1000);
}

export async function run({ seconds = Number(process.env.BENCH_SECONDS ?? 5) } = {}) {
  pinSelf(1);
  const out = {};
  for (const limit of [10, 1000]) {
    out[`warm${limit}`] = await profiled(
      async (nodeArgs) => {
        const gw = await startGatewayProcess({}, nodeArgs);
        return { url: `http://127.0.0.1:${gw.port}/graphql`, stop: (s) => gw.stop(s) };
      },
      async ({ url }, measuring) => {
        const body = JSON.stringify({ query: warmQuery(limit) });
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        await load(url, body, { seconds: 1 });
        measuring();
        await load(url, body, { seconds });
      },
    );
  }
  // Cold: 26-page questions one after another, each new, against the simulator in this process.
  out.cold = await profiled(
    async (nodeArgs) => {
      const s = await startGatewayWithSimulator({}, {}, nodeArgs);
      return { url: `http://127.0.0.1:${s.gw.port}/graphql`, stop: async (sig) => (await s.gw.stop(sig), await s.sim.stop()) };
    },
    async ({ url }, measuring) => {
      // As the upstream case asks: one document, the week in a variable.
      const ask = (i) => {
        const start = Date.UTC(2025, 0, 1) + i * 7 * 86_400_000;
        const r = { start: new Date(start).toISOString(), end: new Date(start + 7 * 86_400_000).toISOString() };
        return fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: `query Q($r: DateRangeInput!) { analytics(query: { dimensions: [AGENT, SKILL], dateRange: $r, pageSize: 50 }) { rowCount rows(limit: 1) { talkRatio } meta { upstreamPages } } }`,
            variables: { r },
          }),
        }).then((x) => x.json());
      };
      // A second of questions first: modules some paths import lazily load then, not in the measured part.
      let i = 0;
      for (const warm = Date.now() + 1000; Date.now() < warm; i++) await ask(i);
      measuring();
      for (const until = Date.now() + seconds * 1000; Date.now() < until; i++) await ask(i);
    },
  );
  const lines = ['\n### Where the time goes (CPU profile of the gateway process, self time, idle excluded)\n'];
  for (const [name, p] of Object.entries(out)) {
    lines.push(
      `**${name}** (${Math.round(p.busyMs)} ms busy)`,
      '',
      'by package:',
      ...p.places.map((x) => `- ${x}`),
      '',
      'by function:',
      ...p.functions.map((x) => `- ${x}`),
      '',
    );
  }
  return { name: 'profile', result: out, text: lines.join('\n') };
}
