import { describe, expect, it } from 'vitest';
import { KPIS, toNumber, kpisCoveredBy } from '../../src/kpi.js';
import { toRows } from '../../src/transform.js';

const kpi = (name: string) => KPIS.find((k) => k.name === name)!;

describe('numeric coercion', () => {
  it.each([
    [312.4, 312.4],
    ['251.0', 251],
    [' 7 ', 7],
    ['1e3', 1000],
    ['-2.5', -2.5],
    [0, 0],
    ['0', 0],
    [null, null],
    [undefined, null],
    ['', null],
    ['   ', null],
    ['n/a', null],
    ['12abc', null],
    [true, null],
    [false, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    ['Infinity', null],
    [{}, null],
    [[1], null],
  ])('%j → %j', (raw, expected) => {
    expect(toNumber(raw)).toBe(expected);
  });
});

describe('KPI formulas', () => {
  it.each([
    // name, inputs, expected
    ['total_interaction_time', { handle_time: 300, queue_time: 40 }, 340],
    ['total_interaction_time', { handle_time: 0, queue_time: 0 }, 0],
    ['total_interaction_time', { handle_time: null, queue_time: 40 }, null],
    ['total_interaction_time', { handle_time: 300, queue_time: null }, null],
    ['total_interaction_time', { handle_time: 300 }, null],
    ['talk_ratio', { talk_time: 240, handle_time: 300 }, 0.8],
    ['talk_ratio', { talk_time: 0, handle_time: 300 }, 0],
    ['talk_ratio', { talk_time: 0, handle_time: 0 }, null],
    ['talk_ratio', { talk_time: 240, handle_time: 0 }, null],
    ['talk_ratio', { talk_time: null, handle_time: 300 }, null],
    ['talk_ratio', { talk_time: 240, handle_time: null }, null],
    ['hold_impact_score', { hold_time: 34, handle_time: 300, queue_time: 40 }, 0.1],
    ['hold_impact_score', { hold_time: 0, handle_time: 300, queue_time: 40 }, 0],
    ['hold_impact_score', { hold_time: 10, handle_time: 0, queue_time: 0 }, null],
    ['hold_impact_score', { hold_time: null, handle_time: 300, queue_time: 40 }, null],
    ['hold_impact_score', { hold_time: 10, handle_time: null, queue_time: 40 }, null],
    ['hold_impact_score', { hold_time: 10, handle_time: 300, queue_time: null }, null],
    ['channel_efficiency', { service_level: 80, abandon_rate: 10 }, 0.72],
    ['channel_efficiency', { service_level: 0, abandon_rate: 0 }, 0],
    ['channel_efficiency', { service_level: 100, abandon_rate: 100 }, 0],
    ['channel_efficiency', { service_level: null, abandon_rate: 10 }, null],
    ['channel_efficiency', { service_level: 80, abandon_rate: null }, null],
  ] as const)('%s(%j) = %j', (name, inputs, expected) => {
    const value = kpi(name).compute(inputs);
    if (expected === null) expect(value).toBeNull();
    else expect(value).toBeCloseTo(expected, 12);
  });

  it('covers a KPI only when every input is fetched', () => {
    expect(kpisCoveredBy(['talk_time', 'handle_time']).map((k) => k.name)).toEqual(['talk_ratio']);
    expect(kpisCoveredBy(['hold_time', 'handle_time']).map((k) => k.name)).toEqual([]);
  });
});

describe('row transform', () => {
  it('coerces upstream values, computes KPIs from the coerced ones, and says what it could not read', () => {
    const { rows, warnings } = toRows(
      [
        { channel: 'voice', handle_time: '300', talk_time: 240 },
        { channel: 'chat', handle_time: 0, talk_time: 0 },
        { channel: null, handle_time: 'oops', talk_time: 5 },
      ],
      ['channel'],
      ['handle_time', 'talk_time'],
    );
    expect(rows).toEqual([
      { channel: 'voice', handleTime: 300, talkTime: 240, talkRatio: 0.8 },
      { channel: 'chat', handleTime: 0, talkTime: 0, talkRatio: null },
      { channel: null, handleTime: null, talkTime: 5, talkRatio: null },
    ]);
    expect(warnings).toEqual(['1 handle_time value from CXone could not be read (for example "oops"); answered as null']);
  });
});
