/** Questions over one slice merge into as few upstream queries as the metric cap allows. */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/catalog.js';
import { mergeBySlice, validateQuery, type ValidQuery } from '../../src/query.js';
import { RULES } from '../support/scripted-source.js';

describe('mergeBySlice', () => {
  const catalog = buildCatalog(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  const rules = { ...RULES, catalog, cacheNamespace: 'ns' };
  const q = (metrics: string[], dims = ['channel']): ValidQuery =>
    validateQuery({ metrics, dimensions: dims, start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z' }, rules);

  it.each([
    ['one slice, small union', [['handle_time'], ['talk_time'], ['handle_time', 'wrap_time']], [[0, 1, 2]]],
    [
      'a union over 10 splits',
      [
        ['handle_time', 'talk_time', 'hold_time', 'queue_time', 'wrap_time', 'abandon_rate'],
        ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'],
      ],
      [[0], [1]],
    ],
    [
      'first-fit decreasing fills the gaps',
      [['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'handle_time'], ['talk_time', 'hold_time', 'queue_time', 'wrap_time'], ['m1']],
      [[0, 2], [1]],
    ],
  ])('%s', (_what, metricSets, expected) => {
    const merged = mergeBySlice(
      metricSets.map((m) => q(m)),
      10,
    );
    expect(merged.map((g) => [...g.members].sort())).toEqual(expected);
    for (const g of merged) {
      expect(g.query.metrics.length).toBeLessThanOrEqual(10);
      for (const i of g.members) for (const m of metricSets[i]!) expect(g.query.metrics).toContain(m);
    }
  });

  it('keeps slices apart', () => {
    const merged = mergeBySlice([q(['handle_time']), q(['talk_time'], ['skill'])], 10);
    expect(merged).toHaveLength(2);
  });
});
