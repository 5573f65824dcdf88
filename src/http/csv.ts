/**
 * RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote or
 * line break. A text cell that a spreadsheet would read as a formula (it
 * starts with =, +, -, @, tab or carriage return) gets a leading ', as OWASP
 * recommends against CSV injection; numbers are written as numbers.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(field).join(',')}\r\n`;
}
