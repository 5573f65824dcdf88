/**
 * Finding 5: CSV formula injection. A text cell starting with =, +, -, @, tab
 * or carriage return is written with a leading ' (OWASP), in every CSV the
 * gateway writes; numbers, negative ones included, stay numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

describe('the REST CSV export', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());

  it('neutralizes a formula in an agent name coming from CXone', async () => {
    s.sim.setFaults({
      script: [
        {
          status: 200,
          body: {
            data: [
              { agent: "=cmd|' /C calc'!A0", handle_time: -5 },
              { agent: '@evil', handle_time: 12.5 },
              { agent: 'Ana', handle_time: 3 },
            ],
          },
        },
      ],
    });
    const res = await s.rest({ metrics: ['handle_time'], dimensions: ['agent'], start_date: WEEK.start, end_date: WEEK.end }, { accept: 'text/csv' });
    expect(res.status).toBe(200);
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe('agent,handle_time,total_interaction_time,talk_ratio,hold_impact_score,channel_efficiency');
    expect(lines).toContain("'=cmd|' /C calc'!A0,-5,,,,");
    expect(lines).toContain("'@evil,12.5,,,,");
    expect(lines).toContain('Ana,3,,,,');
    for (const l of lines.slice(1)) expect(l).not.toMatch(/^"?[=+@\t\r]/);
  });
});
