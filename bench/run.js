// `npm run bench [case …]`: runs the cases, prints their tables, writes bench/results/latest.json
// (or BENCH_RESULTS). BENCH_RUNS sets the rounds per case (7).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const CASES = ['warm', 'large', 'upstream', 'cache-hit', 'limits', 'memory', 'time', 'contacts', 'live', 'profile'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? CASES.filter((c) => wanted.includes(c)) : CASES;
const runs = Number(process.env.BENCH_RUNS ?? 7);

const results = {};
console.log(`# npm run bench — ${new Date().toISOString()} — ${os.cpus().length} cores, node ${process.version}, ${runs} runs per case`);
for (const name of selected) {
  const mod = await import(`./cases/${name}.js`);
  const { result, text } = await mod.run({ runs });
  results[name] = result;
  console.log(text);
}
const out = process.env.BENCH_RESULTS ?? fileURLToPath(new URL('./results/latest.json', import.meta.url));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), runs, results }, null, 2));
process.exit(0);
