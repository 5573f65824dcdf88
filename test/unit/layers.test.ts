/**
 * The module layers hold: no file in src/ imports (types included) from a
 * layer above its own, and only the clock reads the time (the simulator,
 * a stand-in for CXone, keeps its own).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** Lowest first. Files directly in src/ are the base every layer may use. */
const LAYERS = ['base', 'upstream', 'cache', 'analytics', 'graphql', 'http', 'root'] as const;
const ROOT = new Set(['main.ts', 'gateway.ts', 'services.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function layerOf(file: string): number | 'simulator' {
  const r = relative(SRC, file);
  if (ROOT.has(r)) return LAYERS.indexOf('root');
  const top = r.includes('/') ? r.slice(0, r.indexOf('/')) : null;
  if (top === 'simulator') return 'simulator';
  const i = LAYERS.indexOf((top ?? 'base') as (typeof LAYERS)[number]);
  if (i < 0) throw new Error(`${r}: in no layer; add its folder to LAYERS`);
  return i;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.{1,2}\/[^']+)'/gms)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

describe('layers', () => {
  it('no import runs up a layer', () => {
    const up: string[] = [];
    for (const file of files(SRC)) {
      const from = layerOf(file);
      for (const target of imports(file)) {
        const to = layerOf(target);
        // The simulator stands apart: it may use the base (the clock, durations), and only the root starts it.
        if (from === 'simulator' || to === 'simulator') {
          if (to === 'simulator' && from !== 'simulator' && from !== LAYERS.indexOf('root')) up.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
          continue;
        }
        if (to > from) up.push(`${relative(SRC, file)} (${LAYERS[from]}) → ${relative(SRC, target)} (${LAYERS[to]})`);
      }
    }
    expect(up).toEqual([]);
  });

  it('the checker sees imports: services.ts reaches every layer below it', () => {
    const reached = new Set(imports(join(SRC, 'services.ts')).map(layerOf));
    expect([...reached].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('only the clock reads Date.now()', () => {
    const readers = files(SRC)
      .filter((f) => layerOf(f) !== 'simulator' && readFileSync(f, 'utf8').includes('Date.now()'))
      .map((f) => relative(SRC, f));
    expect(readers).toEqual(['clock.ts']);
  });
});
