/**
 * GraphiQL at /graphiql, bundled and served by the gateway: it loads its
 * editor, workers and schema docs from the gateway alone, opens with the
 * README's examples, and runs a query.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.js';
import { readmeOperations } from '../../src/web/graphiql/examples.js';
import { launchBrowser, offOrigin, type Browser } from '../support/browser.js';
import { startDashboardGateway } from '../support/dashboard.js';
import type { ShiftedClock } from '../support/fake-clock.js';

let gw: RunningGateway;
let clock: ShiftedClock;
let browser: Browser;

beforeAll(async () => {
  ({ gw, clock } = await startDashboardGateway());
  browser = await launchBrowser({ now: () => clock.now() });
});
afterAll(async () => {
  await browser?.close();
  await gw?.close();
});

describe('GraphiQL at /graphiql', () => {
  it('opens offline with the README examples as tabs, runs one, and shows the schema docs', async () => {
    const examples = readmeOperations(readFileSync('README.md', 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const page = await browser.page();
    await page.goto(`${gw.url}/graphiql`);
    await page.waitForSelector('.graphiql-container');
    // A tab per example, the first one open.
    await expect.poll(() => page.locator('.graphiql-tab').count()).toBe(examples.length);
    const name = /query (\w+)/.exec(examples[0]!.query)![1]!;
    // Monaco draws spaces as no-break spaces.
    const text = async (selector: string) => (await page.locator(selector).innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(() => text('.graphiql-query-editor .view-lines')).toContain(`query ${name}`);

    await page.click('.graphiql-execute-button');
    await expect.poll(() => text('.graphiql-response'), { timeout: 20_000 }).toContain('"rowCount"');
    const response = await text('.graphiql-response');
    expect(response).toContain('"channel"');
    expect(response).not.toContain('"errors"');

    // The docs come from introspection, through the same gateway.
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await expect.poll(() => page.locator('.graphiql-doc-explorer').innerText()).toContain('Query');
    await browser.screenshot(page, 'graphiql');
    expect(offOrigin(browser.requests, gw.url)).toEqual([]);
    await page.close();
  });
});
