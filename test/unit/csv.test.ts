/** CSV cells: formulas neutralized (OWASP), numbers kept. The REST export over HTTP is in e2e/security-csv. */
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../src/http/csv.js';

describe('csvLine', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['José Müller', 'José Müller'],
    ['a=b', 'a=b'],
  ])('text %j is written as %j', (value, expected) => {
    expect(csvLine([value])).toBe(`${expected}\r\n`);
  });

  it('numbers stay numbers: -5, -0.25, 0', () => {
    expect(csvLine([-5, -0.25, 0, null])).toBe('-5,-0.25,0,\r\n');
  });
});
