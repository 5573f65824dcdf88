/**
 * With GATEWAY_API_KEYS set, the pages load without a key (they hold no
 * data), ask for one, keep it in the tab's session storage, and say so when
 * the gateway refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.js';
import { launchBrowser, offOrigin, type Browser } from '../support/browser.js';
import { settled, startDashboardGateway, tiles } from '../support/dashboard.js';
import type { ShiftedClock } from '../support/fake-clock.js';

const KEY = 'dashboard-key-0123456789abcdef';
let gw: RunningGateway;
let clock: ShiftedClock;
let browser: Browser;

beforeAll(async () => {
  ({ gw, clock } = await startDashboardGateway({ GATEWAY_API_KEYS: KEY }));
  browser = await launchBrowser({ now: () => clock.now() });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('the dashboard behind API keys', () => {
  it('asks for a key, says a wrong one was refused, and shows the data with the right one, sent as X-API-Key', async () => {
    const page = await browser.page();
    await page.goto(gw.url + '/');
    await page.waitForSelector('form.key-prompt');
    // Nothing was asked of /graphql without a key.
    expect(browser.requests.filter((r) => r.url().includes('/graphql'))).toEqual([]);
    await browser.screenshot(page, 'keys-prompt');

    await page.fill('input[name="api-key"]', 'not-the-key-0000000000');
    await page.click('form.key-prompt button[type="submit"]');
    await page.waitForSelector('form.key-prompt .error');
    expect(await page.locator('form.key-prompt .error').textContent()).toMatch(/refused the key: .*API key/i);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await browser.screenshot(page, 'keys-refused');

    await page.fill('input[name="api-key"]', KEY);
    await page.click('form.key-prompt button[type="submit"]');
    await settled(page);
    expect((await tiles(page)).contactsOffered).toBeGreaterThan(0);
    const sent = browser.requests.filter((r) => r.url().includes('/graphql?')).at(-1)!;
    expect(await sent.headerValue('x-api-key')).toBe(KEY);
    // Kept for this tab: a reload asks no more.
    await page.reload();
    await settled(page);
    expect(await page.locator('form.key-prompt').count()).toBe(0);
    expect(offOrigin(browser.requests, gw.url)).toEqual([]);
    await page.close();
  });

  it("GraphiQL offers X-API-Key in its headers editor without a key, and sends the tab's stored key with one", async () => {
    const page = await browser.page();
    await page.goto(gw.url + '/graphiql');
    await page.waitForSelector('.graphiql-container');
    await page.click('.graphiql-editor-tools button:has-text("Headers")');
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(() => text('.graphiql-editor-tool')).toContain('"X-API-Key": ""');
    await browser.screenshot(page, 'keys-graphiql-headers');

    // The key given to the dashboard in this tab is GraphiQL's too.
    await page.goto(gw.url + '/');
    await page.fill('input[name="api-key"]', KEY);
    await page.click('form.key-prompt button[type="submit"]');
    await settled(page);
    await page.goto(gw.url + '/graphiql');
    await page.waitForSelector('.graphiql-container');
    const before = browser.requests.length;
    await page.click('.graphiql-execute-button');
    await expect.poll(() => text('.graphiql-response'), { timeout: 20_000 }).toContain('"rowCount"');
    const posted = browser.requests.slice(before).filter((r) => r.url() === `${gw.url}/graphql` && r.method() === 'POST');
    expect(posted.length).toBeGreaterThan(0);
    expect(await posted.at(-1)!.headerValue('x-api-key')).toBe(KEY);
    await page.close();
  });
});
