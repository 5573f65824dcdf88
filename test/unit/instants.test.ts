/** Instants as clients send them: RFC 3339 with an offset, or epoch milliseconds (Grafana's $__from/$__to). */
import { Kind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTime } from '../../src/graphql/scalars.js';
import { epochMs, validateQuery } from '../../src/query.js';
import { RULES } from '../support/scripted-source.js';

const NOV_1 = Date.parse('2026-11-01T00:00:00Z');

describe('epochMs', () => {
  it.each([
    [NOV_1, NOV_1],
    [String(NOV_1), NOV_1],
    [` ${NOV_1} `, NOV_1],
    [0, null],
    [1793491200, null], // epoch seconds: refused, not read as January 1970
    [2026, null], // a year
    ['1793491200', null],
    [NOV_1 + 0.5, null],
    [-1, null],
    [Date.UTC(10000, 0, 1), null],
    ['1793491200000.0', null],
    ['2026-11-01T00:00:00Z', null],
    [null, null],
  ])('%j → %j', (value, ms) => expect(epochMs(value)).toBe(ms));
});

describe('the DateTime scalar', () => {
  it('takes epoch milliseconds as a variable (number or digits) and as a literal (Int or digits)', () => {
    expect((DateTime.parseValue(NOV_1) as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect((DateTime.parseValue(String(NOV_1)) as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect((DateTime.parseLiteral({ kind: Kind.INT, value: String(NOV_1) }, {}) as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect((DateTime.parseLiteral({ kind: Kind.STRING, value: String(NOV_1) }, {}) as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect((DateTime.parseValue('2026-11-01T01:00:00+01:00') as Date).toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('refuses anything else, saying both forms it takes', () => {
    for (const bad of [1.5, -1, 1793491200, 'yesterday', true]) {
      expect(() => DateTime.parseValue(bad)).toThrow(
        /allowed: an RFC 3339 date-time with an offset, .* or epoch milliseconds \(a whole number, e\.g\. 1793491200000; epoch seconds are refused\)$/,
      );
    }
  });
});

describe('a range in epoch milliseconds', () => {
  it('is the same question, and the same cache key, as the range in RFC 3339', () => {
    const base = { metrics: ['handle_time'], dimensions: ['channel'] };
    const iso = validateQuery({ ...base, start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' }, RULES);
    const ms = validateQuery({ ...base, start: NOV_1, end: String(Date.parse('2026-11-08T00:00:00Z')) }, RULES);
    expect(ms.key).toBe(iso.key);
    expect(ms.dateRange).toEqual(iso.dateRange);
  });

  it('a number that is no instant is refused, naming the value and both forms', () => {
    expect(() => validateQuery({ metrics: ['handle_time'], dimensions: [], start: -5, end: NOV_1 }, RULES)).toThrow(
      'dateRange.start: -5 is not an ISO 8601 date-time with an offset, nor epoch milliseconds; allowed: e.g. 2026-11-01T00:00:00+00:00, 2026-11-01T00:00:00Z or 1793491200000 (milliseconds: epoch seconds are refused)',
    );
  });
});
