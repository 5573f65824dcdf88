/**
 * The module layers hold: no file in src/ imports (types included) from a
 * layer above its own, and only the clock reads the time. Two programs stand
 * apart and keep their own time: the simulator (a stand-in for CXone) and
 * the browser pages in src/web (which run in the browser and reach the
 * gateway over HTTP only, using only the base); only the root starts the
 * simulator, and nothing imports the pages.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** Lowest first. Files directly in src/ are the base every layer may use. */
const LAYERS = ['base', 'upstream', 'cache', 'analytics', 'graphql', 'http', 'root'] as const;
const ROOT = new Set(['main.ts', 'gateway.ts', 'services.ts', 'telemetry.ts']);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(p) ? [p] : [];
  });
}

/** The programs that stand apart from the gateway's layers. */
type Apart = 'simulator' | 'web';

function layerOf(file: string): number | Apart {
  const r = relative(SRC, file);
  if (ROOT.has(r)) return LAYERS.indexOf('root');
  const top = r.includes('/') ? r.slice(0, r.indexOf('/')) : null;
  if (top === 'simulator' || top === 'web') return top;
  const i = LAYERS.indexOf((top ?? 'base') as (typeof LAYERS)[number]);
  if (i < 0) throw new Error(`${r}: in no layer; add its folder to LAYERS`);
  return i;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Modules of src/ (the pages also read the README, at build time).
  return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.{1,2}\/[^']+)'/gms)]
    .map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')))
    .filter((p) => p.startsWith(SRC + '/'));
}

describe('layers', () => {
  it('no import runs up a layer', () => {
    const up: string[] = [];
    for (const file of files(SRC)) {
      const from = layerOf(file);
      for (const target of imports(file)) {
        const to = layerOf(target);
        // The simulator and the pages stand apart. Only the root starts the simulator, which may use the
        // gateway's pure code (the clock, CXone's formats); the pages may use only the base (zones), and nothing uses them.
        if (typeof from === 'string' || typeof to === 'string') {
          const allowed =
            to === from ||
            (from === 'simulator' && typeof to === 'number') ||
            (from === 'web' && to === 0) ||
            (to === 'simulator' && from === LAYERS.indexOf('root'));
          if (!allowed) up.push(`${relative(SRC, file)} → ${relative(SRC, target)}`);
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
      .filter((f) => typeof layerOf(f) === 'number' && readFileSync(f, 'utf8').includes('Date.now()'))
      .map((f) => relative(SRC, f));
    expect(readers).toEqual(['clock.ts']);
  });
});
