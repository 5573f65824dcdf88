/**
 * The wallboard at /live in Chromium: the numbers the gateway pushes over a
 * WebSocket to this origin, equal to the simulator's state at the snapshot's
 * instant, and a stale marker when CXone stops answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.js';
import { launchBrowser, offOrigin, type Browser } from '../support/browser.js';
import { startDashboardGateway } from '../support/dashboard.js';
import type { ShiftedClock } from '../support/fake-clock.js';
import { truthSkills } from '../support/live.js';

let gw: RunningGateway;
let clock: ShiftedClock;
let browser: Browser;

beforeAll(async () => {
  ({ gw, clock } = await startDashboardGateway({ LIVE_POLL_SECONDS: '1', SIMULATOR_CONTACTS_PER_DAY: '20000', UPSTREAM_MAX_ATTEMPTS: '1' }));
  browser = await launchBrowser({ now: () => clock.now() });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('the wallboard', () => {
  it('shows the tenant now, pushed over a WebSocket to the gateway alone; stale when CXone stops answering', async () => {
    const page = await browser.page();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${gw.url}/live`);
    await page.waitForFunction(() => (globalThis as any).document.querySelector('main[data-as-of]')?.getAttribute('data-as-of'));
    // Read in one go from one render: a newer snapshot may land at any moment.
    const shown = await page.evaluate(() => {
      const d = (globalThis as any).document;
      return { asOf: d.querySelector('main').getAttribute('data-as-of'), queue: Number(d.querySelector('[data-tile="queue"] .value').textContent) };
    });
    const truth = truthSkills(gw.simulator!.tenant, Date.parse(shown.asOf));
    expect(shown.queue).toBe(truth.reduce((n, k) => n + k.queueCount, 0));
    expect(shown.queue).toBeGreaterThan(0);
    expect(sockets).toEqual([`${gw.url.replace('http', 'ws')}/graphql`]);
    expect(offOrigin(browser.requests, gw.url)).toEqual([]);
    await browser.screenshot(page, 'wallboard');

    gw.simulator!.setFaults({ errorRatio: 1 });
    try {
      await page.waitForSelector('[data-badge="stale"]', { timeout: 15_000 });
      await browser.screenshot(page, 'wallboard-stale');
    } finally {
      gw.simulator!.reset();
    }
    await page.close();
  });
});
