/** The business unit's calendar: read wherever its fields are, mapped from Windows names, and retried when it cannot be read. */
import { describe, expect, it } from 'vitest';
import { TenantDefaults } from '../../src/analytics/defaults.js';
import { createLogger } from '../../src/log.js';
import { readCalendar } from '../../src/upstream/business-unit.js';
import { FakeClock } from '../support/fake-clock.js';

describe('readCalendar', () => {
  it.each([
    ['under businessUnits[0]', { businessUnits: [{ timeZone: 'Eastern Standard Time', startDayOfWeek: 'Sunday' }] }, 'America/New_York', 0],
    ['at the top level, any letter case', { TimeZone: 'GMT Standard Time', StartDayOfWeek: 'monday' }, 'Europe/London', 1],
    ['defaultTimeZone when timeZone is absent', { businessUnits: [{ defaultTimeZone: 'W. Europe Standard Time' }] }, 'Europe/Berlin', null],
    ['an IANA name as it is', { timeZone: 'Asia/Kolkata' }, 'Asia/Kolkata', null],
    ['UTC', { timeZone: 'UTC' }, 'UTC', null],
  ])('%s', (_what, body, zone, weekStart) => {
    expect(readCalendar(body)).toEqual({ zone, weekStart, problems: [] });
  });

  it('what cannot be read is said, never guessed', () => {
    expect(readCalendar({ timeZone: 'Mars Standard Time', startDayOfWeek: 'Caturday' })).toEqual({
      zone: null,
      weekStart: null,
      problems: [
        `the business unit's time zone "Mars Standard Time" is not a Windows or IANA zone name this gateway knows`,
        `the business unit's startDayOfWeek "Caturday" is not a day of the week`,
      ],
    });
    expect(readCalendar('not json').problems).toEqual(['the business unit answered no time zone (null)']);
  });
});

describe('TenantDefaults', () => {
  it('a failed read keeps UTC with the reason, is not repeated within a minute, and is tried again after it', async () => {
    const clock = new FakeClock();
    let calls = 0;
    let fail = true;
    const source = {
      calendar: async () => {
        calls++;
        if (fail) throw new Error('CXone answered 503');
        return { zone: 'America/Chicago', weekStart: 0, problems: [] };
      },
    };
    const defaults = new TenantDefaults(undefined, source, clock, createLogger('silent'));
    await defaults.ready();
    expect(defaults.get()).toMatchObject({ zone: 'UTC', weekStart: 1 });
    expect(defaults.get().problems[0]).toContain('the business unit could not be read (CXone answered 503)');
    await clock.advance(59_999);
    await defaults.ready();
    expect(calls).toBe(1);
    fail = false;
    await clock.advance(1);
    await defaults.ready();
    expect(calls).toBe(2);
    expect(defaults.get()).toEqual({ zone: 'America/Chicago', weekStart: 0, problems: [] });
    await defaults.ready();
    expect(calls).toBe(2);
  });

  it('a business unit that does not answer holds a query 5 s at most: the fallback is said meanwhile, and its answer counts when it lands', async () => {
    const clock = new FakeClock();
    let answer: (cal: { zone: string; weekStart: number; problems: string[] }) => void = () => {};
    const source = { calendar: () => new Promise<{ zone: string; weekStart: number; problems: string[] }>((resolve) => (answer = resolve)) };
    const defaults = new TenantDefaults(undefined, source, clock, createLogger('silent'));
    let waited = false;
    const ready = defaults.ready().then(() => (waited = true));
    await clock.advance(4_999);
    expect(waited).toBe(false);
    await clock.advance(1);
    await ready;
    expect(defaults.get().zone).toBe('UTC');
    expect(defaults.get().problems[0]).toContain('the business unit has not answered within 5 s: UTC is the default time zone');
    answer({ zone: 'Europe/Paris', weekStart: 1, problems: [] });
    await defaults.ready();
    expect(defaults.get()).toEqual({ zone: 'Europe/Paris', weekStart: 1, problems: [] });
  });

  it('a configured zone wins; the week start still comes from the business unit', async () => {
    const source = {
      calendar: async () => ({
        zone: null,
        weekStart: 6,
        problems: ['the business unit\'s time zone "X" is not a Windows or IANA zone name this gateway knows'],
      }),
    };
    const defaults = new TenantDefaults('Europe/Paris', source, new FakeClock(), createLogger('silent'));
    await defaults.ready();
    expect(defaults.get()).toEqual({ zone: 'Europe/Paris', weekStart: 6, problems: [] });
  });
});
