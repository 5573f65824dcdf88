/** Upstream dates are read only when they name one calendar day unambiguously. */
import { describe, expect, it } from 'vitest';
import { upstreamDay } from '../../src/transform.js';

describe('upstreamDay', () => {
  it.each([
    ['2031-04-01', '2031-04-01'],
    ['2031-04-01T00:00:00Z', '2031-04-01'],
    ['2031-04-01T00:00:00.000Z', '2031-04-01'],
    ['2031-04-01T00:00:00+00:00', '2031-04-01'],
    ['2031-04-01T00:00', '2031-04-01'],
  ])('reads %j as %j', (raw, day) => expect(upstreamDay(raw)).toBe(day));

  it.each(['2031-04-01T05:00:00Z', '2031-04-01T00:00:00-05:00', '2026-13-45', '2026-02-30', '01/04/2031', 20310401, ''])('refuses %j', (raw) => {
    expect(() => upstreamDay(raw)).toThrow(/is not a calendar day \(YYYY-MM-DD, or midnight UTC\); the result was not kept/);
  });
});
