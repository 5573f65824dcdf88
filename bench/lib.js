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
 * Runs every subject once per round, `runs` rounds, each round starting one
 * subject further along (A B C, B C A, …) so none always runs first; returns
 * each subject's samples of what `measure` returned, in round order.
 */
export async function rounds(subjects, runs, measure) {
  const names = Object.keys(subjects);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      samples[name].push(await measure(subjects[name], name));
    }
  }
  return samples;
}

/** The median of each subject's samples. */
export function medians(samples) {
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

/**
 * a / b within each round (measured seconds apart), as the median over the
 * rounds and their range. A machine that changes speed between rounds moves
 * both alike, which a ratio of the two medians does not cancel.
 */
export function pairedRatio(samples, a, b) {
  const ratios = samples[a].map((x, i) => x / samples[b][i]);
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** Runs the subjects in rounds (see `rounds`) and returns the median per subject. */
export async function alternate(subjects, runs, measure) {
  return medians(await rounds(subjects, runs, measure));
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
