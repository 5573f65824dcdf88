/**
 * `npm run bench`'s cases that call the gateway's modules directly (not only
 * over HTTP) run against the built dist/, one round each: the bench is plain
 * JavaScript that no type check sees, and a changed signature broke it before
 * (the Redis connection's target became an object, and `cache-hit` still
 * passed a URL). Only what cannot depend on the machine's speed is asserted:
 * the run ends, every case reports, and the counts the bench prints as
 * targets hold.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const CASES = ['cache-hit', 'limits', 'time', 'upstream', 'contacts'];

describe('npm run bench, one round of the cases that import modules', () => {
  it('runs every case to the end and reports its counts', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-')), 'results.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['bench/run.js', ...CASES], {
      env: { ...process.env, BENCH_RUNS: '1', BENCH_RESULTS: out },
      maxBuffer: 16 * 1024 * 1024,
    });
    const { runs, results } = JSON.parse(readFileSync(out, 'utf8'));
    expect(runs).toBe(1);
    expect(Object.keys(results).sort()).toEqual([...CASES].sort());
    expect(stdout).toContain('### Cache hit, 1,000 rows: Redis vs in-memory');

    expect(results['cache-hit'].rows).toBe(1000);
    expect(results['cache-hit'].bytes.columnar).toBeLessThan(results['cache-hit'].bytes.objects);
    expect(results.upstream.fanout).toEqual({ clients: 200, questions: 20, paginations: 20, calls: 20 });
    expect(results.time['90 days, DAY by channel, America/New_York']).toMatchObject({ rows: 450, coldCalls: 90, cachedCalls: 0 });
    expect(results.time['June as MONTH after its days, UTC']).toEqual({ calls: 0 });
    expect(results.limits['30-level fragment diamond'].aliasesCounted).toBe(2 ** 31);
    expect(results.contacts).toMatchObject({ contacts: 1_023_761, groups: 2420 });
  }, 180_000);
});
