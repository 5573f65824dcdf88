/**
 * The dashboard at / in Debian's Chromium against `npm start`'s gateway (the
 * embedded simulator): what it shows is what the public API answers, its
 * view lives in the URL, a refresh of an unchanged view is all 304s, and no
 * request leaves the machine.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.js';
import { launchBrowser, offOrigin, type Browser } from '../support/browser.js';
import { parseCsv } from '../support/csv.js';
import { gql, operations, settled, startDashboardGateway, tableRows, tiles, TOTALS } from '../support/dashboard.js';
import type { ShiftedClock } from '../support/fake-clock.js';

let gw: RunningGateway;
let clock: ShiftedClock;
let browser: Browser;

beforeAll(async () => {
  // Two quick attempts: the stale test's failing CXone answers within a second.
  ({ gw, clock } = await startDashboardGateway({ UPSTREAM_MAX_ATTEMPTS: '2', UPSTREAM_RETRY_BASE_MS: '5', UPSTREAM_RETRY_MAX_MS: '20' }));
  browser = await launchBrowser({ now: () => clock.now() });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

/** A new tab at `path`, settled. */
async function open(path: string, name: string): Promise<Page> {
  const page = await browser.page();
  await page.goto(gw.url + path);
  await settled(page);
  await browser.screenshot(page, name);
  return page;
}

/** The query input the page's last operation `name` sent. */
const lastSent = (name: string) =>
  operations(browser.requests)
    .filter((o) => o.name === name)
    .at(-1)!.variables;

const RANGE_TODAY = { last: { amount: 1, unit: 'DAY', includeCurrent: true } };

describe('the dashboard', () => {
  it('loads from the gateway alone; each tile is the GraphQL totals of the range, the chart a series per channel and a point per hour', async () => {
    const before = browser.requests.length;
    const page = await open('/', 'dashboard-today');
    expect(offOrigin(browser.requests.slice(before), gw.url)).toEqual([]);

    // Today in the gateway's zone (New York) so far, to the end of the current hour, compared with the same hours yesterday.
    const sent = lastSent('DashboardTotals').query;
    expect(sent).toMatchObject({ timeZone: 'America/New_York', dimensions: [], granularity: 'HOUR', compareTo: 'DAY_AGO' });
    expect(sent.dateRange).toMatchObject({ start: '2026-11-24T00:00:00-05:00', snap: true });
    expect([await page.locator('.range').getAttribute('data-range-start'), await page.locator('.range').getAttribute('data-range-end')]).toEqual([
      '2026-11-24T05:00:00.000Z',
      '2026-11-24T20:00:00.000Z',
    ]);
    // The same question (hour parts: the summary query rounds averages, so a whole-range question differs in the 4th digit).
    const ask = (dateRange: unknown) => gql(gw.url, TOTALS, { query: { dateRange, timeZone: 'America/New_York', dimensions: [], granularity: 'HOUR' } });
    const today = (await ask({ start: '2026-11-24T05:00:00Z', end: '2026-11-24T20:00:00Z' })).analytics.totals;
    expect(await tiles(page)).toEqual(today);
    expect(today.contactsOffered).toBeGreaterThan(0);
    const sameHoursYesterday = (await ask({ start: '2026-11-23T05:00:00Z', end: '2026-11-23T20:00:00Z' })).analytics.totals;
    expect(await tiles(page, 'previous')).toEqual(sameHoursYesterday);
    expect(await page.locator('.tile .change').first().textContent()).toMatch(/^[+−±][\d.]+% vs the same hours yesterday$/);

    // One series per channel that had contacts today, one point per local hour of the day.
    const series = await gql(
      gw.url,
      `query S($q: AnalyticsQueryInput!) { analytics(query: $q) { rows { time channel contactsOffered } meta { rangeStart rangeEnd } } }`,
      { q: { dateRange: RANGE_TODAY, timeZone: 'America/New_York', dimensions: ['CHANNEL'], granularity: 'HOUR', fill: 'ZERO' } },
    );
    const channels = new Set(series.analytics.rows.map((r: any) => r.channel));
    const hours = (Date.parse(series.analytics.meta.rangeEnd) - Date.parse(series.analytics.meta.rangeStart)) / 3_600_000;
    expect(hours).toBe(24);
    const chart = page.locator('figure.chart');
    expect(Number(await chart.getAttribute('data-series'))).toBe(channels.size);
    expect(Number(await chart.getAttribute('data-points'))).toBe(hours);
    expect(await page.locator('figure.chart canvas').count()).toBe(1);
    // The chart's numbers, as its data table shows them: the first hour starts at local midnight.
    const firstHour = await page.locator('table.chart-data tbody th').first().getAttribute('data-time');
    expect(new Date(Number(firstHour) * 1000).toISOString()).toBe('2026-11-24T05:00:00.000Z');
    // Today has not ended: the numbers will change, and the page says so.
    await expect(page.locator('[data-badge="partial"]').count()).resolves.toBe(1);
    await page.close();
  });

  it('a range and a filter change the URL, the questions and the numbers; a reload keeps the view', async () => {
    const page = await open('/', 'dashboard-before-change');
    await page.click('button[data-range="yesterday"]');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('range')).toBe('yesterday');
    const yesterday = { last: { amount: 1, unit: 'DAY' } };
    expect(lastSent('DashboardTotals').query.dateRange).toEqual(yesterday);
    const { analytics: y } = await gql(gw.url, TOTALS, { query: { dateRange: yesterday, timeZone: 'America/New_York', dimensions: [] } });
    expect(await tiles(page)).toEqual(y.totals);
    // Yesterday is over: no partial-day marker.
    expect(await page.locator('[data-badge="partial"]').count()).toBe(0);

    await page.click('[data-filter="channel"] summary');
    await page.check('[data-filter="channel"] input[value="voice"]');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('channel')).toBe('voice');
    const filters = [{ dimension: 'CHANNEL', operator: 'IN', values: ['voice'] }];
    expect(lastSent('DashboardTotals').query.filters).toEqual(filters);
    const { analytics: v } = await gql(gw.url, TOTALS, { query: { dateRange: yesterday, timeZone: 'America/New_York', dimensions: [], filters } });
    const shown = await tiles(page);
    expect(shown).toEqual(v.totals);
    expect(shown.contactsOffered).toBeLessThan(y.totals.contactsOffered);
    expect(await page.locator('figure.chart').getAttribute('data-series')).toBe('1');
    await browser.screenshot(page, 'dashboard-yesterday-voice');

    await page.reload();
    await settled(page);
    expect(new URL(page.url()).search).toBe('?range=yesterday&channel=voice');
    expect(await tiles(page)).toEqual(v.totals);
    expect(await page.locator('[data-filter="channel"] input[value="voice"]').isChecked()).toBe(true);
    expect(await page.locator('button[data-range="yesterday"]').getAttribute('aria-pressed')).toBe('true');

    // Custom days: from the first day's local midnight to the midnight after the last (1 November: clocks go back), in day buckets.
    await page.click('button[data-range="custom"]');
    await page.fill('input[name="from"]', '2026-11-01');
    await page.fill('input[name="to"]', '2026-11-03');
    await settled(page);
    expect(new URL(page.url()).search).toBe('?range=custom&from=2026-11-01&to=2026-11-03&channel=voice');
    const custom = { start: '2026-11-01T00:00:00-04:00', end: '2026-11-04T00:00:00-05:00' };
    expect(lastSent('DashboardTotals').query).toMatchObject({ dateRange: custom, compareTo: 'PREVIOUS_PERIOD' });
    expect(lastSent('DashboardSeries').query).toMatchObject({ dateRange: custom, granularity: 'DAY' });
    const { analytics: c } = await gql(gw.url, TOTALS, { query: { dateRange: custom, timeZone: 'America/New_York', dimensions: [], filters } });
    expect(await tiles(page)).toEqual(c.totals);
    expect(await page.locator('figure.chart').getAttribute('data-points')).toBe('3');
    await page.close();
  });

  it('the top-N table sorts by a header, keeps everyone else in "Other", and its CSV download has the same rows', async () => {
    const page = await open('/?range=7d', 'dashboard-top-before');
    await page.click('button[data-sort="CONTACTS_OFFERED"]');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('CONTACTS_OFFERED');
    expect(lastSent('DashboardTop')).toMatchObject({ orderBy: [{ field: 'CONTACTS_OFFERED', direction: 'DESC' }], top: 10 });
    const rows = await tableRows(page);
    expect(rows).toHaveLength(11);
    expect(rows.at(-1)![0]).toBe('Other');
    const offered = rows.slice(0, 10).map((r) => r[1] as number);
    expect(offered).toEqual([...offered].sort((a, b) => b - a));
    expect(rows.at(-1)![1]).toBeGreaterThan(0);

    // Again: ascending.
    await page.click('button[data-sort="CONTACTS_OFFERED"]');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('dir')).toBe('ASC');
    const ascending = (await tableRows(page)).slice(0, 10).map((r) => r[1] as number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
    expect(download.suggestedFilename()).toBe('top-agents-7d.csv');
    const [header, ...csvRows] = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(header!.slice(0, 6)).toEqual(['agent', 'contacts_offered', 'contacts_handled', 'handle_time', 'abandon_rate', 'service_level']);
    const table = await tableRows(page);
    expect(csvRows.map((r) => [r[0], ...r.slice(1, 6).map((c) => (c === '' ? null : Number(c)))])).toEqual(table);
    await browser.screenshot(page, 'dashboard-top-sorted');
    await page.close();
  });

  it('refreshes on its timer with If-None-Match: an unchanged view transfers only 304s for data', async () => {
    const page = await open('/?refresh=1', 'dashboard-refresh');
    const statuses: number[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/graphql?')) statuses.push(r.status());
    });
    // Two rounds of the timer: every operation of the view, each a 304.
    await expect.poll(() => statuses.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
    expect(statuses).toEqual(statuses.map(() => 304));
    await page.close();
  });

  it('errors are said in words in the panel, and a stale answer is marked stale', async () => {
    const page = await open('/?range=yesterday', 'dashboard-before-errors');
    await page.fill('input[name="tz"]', 'Mars/Olympus_Mons');
    await page.press('input[name="tz"]', 'Enter');
    await settled(page);
    const error = await page.locator('[data-panel="totals"] .error').textContent();
    expect(error).toContain('Mars/Olympus_Mons');
    expect(error).toMatch(/IANA|time zone/);
    await browser.screenshot(page, 'dashboard-error');

    // CXone fails and the answers outlive their TTL: the page shows the last numbers, marked stale.
    await page.fill('input[name="tz"]', '');
    await page.press('input[name="tz"]', 'Enter');
    await settled(page);
    const fresh = await tiles(page);
    gw.simulator!.setFaults({ errorRatio: 1 });
    clock.shift(2 * 3_600_000);
    try {
      await page.click('button[data-action="refresh"]');
      await page.waitForSelector('[data-badge="stale"]');
      expect(await tiles(page)).toEqual(fresh);
      await browser.screenshot(page, 'dashboard-stale');
    } finally {
      gw.simulator!.reset();
    }
    await page.close();
  });
});
