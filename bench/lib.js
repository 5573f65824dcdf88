// Benchmark helpers: every case measures its subject and its baseline in the
// same run, alternating, several runs, and reports medians and ratios. An
// absolute number on a shared 2-core machine means little; a ratio from one
// run does.
import { performance } from 'node:perf_hooks';

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Mean time per call of `fn` (async allowed) over `iterations` calls, in ms. */
export async function perCall(fn, iterations) {
  const started = performance.now();
  for (let i = 0; i < iterations; i++) await fn(i);
  return (performance.now() - started) / iterations;
}

/**
 * Runs each subject `runs` times, alternating (A B A B …), and returns the
 * median per subject of what `measure` returned.
 */
export async function alternate(subjects, runs, measure) {
  const samples = Object.fromEntries(Object.keys(subjects).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (const [name, subject] of Object.entries(subjects)) samples[name].push(await measure(subject, name));
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

export function fmt(n, digits = 3) {
  if (n === null || n === undefined) return '—';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(digits)).toString();
}

/** Prints rows as a Markdown table. */
export function table(title, columns, rows) {
  const lines = [`\n### ${title}\n`, `| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map((c) => (typeof c === 'number' ? fmt(c) : String(c))).join(' | ')} |`);
  return lines.join('\n');
}
