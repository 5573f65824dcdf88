/**
 * The business unit's calendar as CXone's Admin API answers it
 * (docs/upstream-reporting.md, "Business unit"): a Windows time zone name,
 * mapped to IANA with CLDR's Windows-zone table (an IANA name is taken as
 * it is), and the first day of the week. Fields are read wherever they
 * appear (top level or in businessUnits[0]), in any letter case.
 */
import { findIana } from 'windows-iana';
import { WEEKDAYS } from '../buckets.js';
import { canonicalZone } from '../zones.js';
import { fieldsOf } from './reporting-rows.js';
import type { TenantCalendar } from './source.js';

/** A Windows zone name (or an IANA one) as an IANA name the runtime knows; null when neither table knows it. */
export function ianaZone(name: string): string | null {
  const mapped = findIana(name)?.[0];
  if (mapped && canonicalZone(mapped)) return canonicalZone(mapped) === 'UTC' ? 'UTC' : mapped;
  return name.includes('/') && canonicalZone(name) ? name : null;
}

export function readCalendar(body: unknown): TenantCalendar {
  const top = fieldsOf(body);
  const units = top.get('businessunits');
  const unit = fieldsOf(Array.isArray(units) ? units[0] : null);
  const field = (name: string) => unit.get(name) ?? top.get(name);
  const problems: string[] = [];

  let zone: string | null = null;
  const name = field('timezone') ?? field('defaulttimezone');
  if (typeof name === 'string' && name.trim() !== '') {
    zone = ianaZone(name.trim());
    if (zone === null) problems.push(`the business unit's time zone ${JSON.stringify(name)} is not a Windows or IANA zone name this gateway knows`);
  } else problems.push(`the business unit answered no time zone (${JSON.stringify(name ?? null)})`);

  let weekStart: number | null = null;
  const day = field('startdayofweek');
  if (typeof day === 'string' && (WEEKDAYS as readonly string[]).includes(day.trim().toLowerCase()))
    weekStart = WEEKDAYS.indexOf(day.trim().toLowerCase() as never);
  else if (day !== undefined && day !== null) problems.push(`the business unit's startDayOfWeek ${JSON.stringify(day)} is not a day of the week`);
  return { zone, weekStart, problems };
}
