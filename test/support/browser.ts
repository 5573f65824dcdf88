/**
 * Debian's Chromium (/usr/bin/chromium), headless, driven by playwright-core:
 * a fresh profile per launch, no background traffic of Chromium's own, and
 * a record of every request the pages make, to prove none leaves the machine.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Where screenshots go (git-ignored), one per test, for looking at a failure. */
export const RESULTS_DIR = 'test-results';

export interface Browser {
  context: BrowserContext;
  /** Every request any page of the context made, in order. */
  requests: Request[];
  page(): Promise<Page>;
  /** Saves the page as test-results/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** `now`: the pages' clock (Date.now in the page), fixed at that instant when each page opens: the gateway's, in tests that move it. */
export async function launchBrowser(opts: { now?: () => number } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    timezoneId: 'UTC',
    locale: 'en-US',
  });
  const requests: Request[] = [];
  context.on('request', (r) => requests.push(r));
  mkdirSync(RESULTS_DIR, { recursive: true });
  return {
    context,
    requests,
    page: async () => {
      const page = await context.newPage();
      if (opts.now) await page.clock.setFixedTime(opts.now());
      // A page error is a failure to look at, never silence.
      page.on('pageerror', (err) => process.stderr.write(`page error: ${err.message}\n`));
      return page;
    },
    screenshot: async (page, name) => {
      await page.screenshot({ path: join(RESULTS_DIR, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The requests whose URL is not on `origin` (data: and blob: URLs are the page's own). */
export function offOrigin(requests: readonly Request[], origin: string): string[] {
  return requests.map((r) => r.url()).filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
