// `npm run bench [case …]`: runs the cases, prints their tables, writes bench/results/latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';

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
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), runs, results }, null, 2));
process.exit(0);
