/** Limits are measured once per fragment: a diamond's expansion is counted, never walked. */
import { describe, expect, it } from 'vitest';
import { diamond, measured } from '../support/diamond.js';

const WEEK = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };

describe('measuring a fragment diamond (no server)', () => {
  it('15 levels: the expansion is counted, not walked', () => {
    const m = measured(diamond(15, 'a: catalog { limits { maxMetrics } }'));
    expect(m.depth).toBe(3);
    expect(m.aliases).toBe(2 ** 16);
  });

  it('30 levels finishes, and 60 levels counts past 2^53 without walking it', () => {
    expect(measured(diamond(30, 'a: catalog { limits { maxMetrics } }')).aliases).toBe(2 ** 31);
    expect(measured(diamond(60, 'a: catalog { limits { maxMetrics } }')).aliases).toBeGreaterThan(2 ** 53);
  });

  it('cost through a diamond multiplies as the expansion would', () => {
    const leaf = `analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel talkRatio } }`;
    // 1 for the field + 5 channels × 2 fields, per copy; 2^(levels+1) copies.
    expect(measured(diamond(10, leaf)).cost).toBe(2 ** 11 * (1 + 5 * 2));
  });
});
