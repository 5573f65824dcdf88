/**
 * How the gateway serves its pages: cache headers, compression, the CSP,
 * what DASHBOARD=off and production change, paths outside the build, and
 * the first load's weight as Chromium transfers it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/gateway.js';
import { OFFLINE_LINK } from '../../src/http/landing-page.js';
import { launchBrowser } from '../support/browser.js';
import { settled, startDashboardGateway } from '../support/dashboard.js';
import type { ShiftedClock } from '../support/fake-clock.js';

/** The dashboard's whole first load (HTML, JS, CSS), gzipped, must stay under this. */
const FIRST_LOAD_BUDGET_BYTES = 250 * 1024;

let gw: RunningGateway;
let clock: ShiftedClock;
beforeAll(async () => {
  ({ gw, clock } = await startDashboardGateway());
});
afterAll(async () => {
  await gw?.close();
});

const get = (path: string, headers: Record<string, string> = {}, base = gw.url) => fetch(base + path, { headers });

describe('the pages as served', () => {
  it('/ is revalidated on every load (no-cache, ETag → 304), gzipped, and locked to this origin by its CSP', async () => {
    const res = await get('/', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    const html = await res.text();
    expect(html).toContain('<meta name="gateway-auth" content="none"');
    const again = await get('/', { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('hashed assets are cached for a year as immutable; a name the build did not write is 404, however it is spelled', async () => {
    const html = await (await get('/')).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const path of assets) {
      const res = await get(path, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-encoding')).toBe('gzip');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const path of ['/assets/nothing.js', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/..%5c..%5cpackage.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('"dependencies"');
    }
  });

  it("the dashboard's first load (HTML, JS, CSS) is under 250 KB gzipped, as Chromium transfers it", async () => {
    const browser = await launchBrowser({ now: () => clock.now() });
    try {
      const page = await browser.page();
      await page.goto(gw.url + '/');
      await settled(page);
      const firstLoad = browser.requests.filter((r) => ['document', 'script', 'stylesheet'].includes(r.resourceType()));
      expect(firstLoad.length).toBeGreaterThanOrEqual(3);
      let bytes = 0;
      for (const r of firstLoad) {
        const response = await r.response();
        expect(response!.headers()['content-encoding'], r.url()).toBe('gzip');
        bytes += (await r.sizes()).responseBodySize;
      }
      process.stdout.write(`dashboard first load: ${firstLoad.length} files, ${bytes} bytes gzipped\n`);
      expect(bytes).toBeLessThan(FIRST_LOAD_BUDGET_BYTES);
    } finally {
      await browser.close();
    }
  });

  it("outside production /graphql's landing page is Apollo Sandbox, whose offline fallback links to /graphiql", async () => {
    const res = await get('/graphql', { accept: 'text/html' });
    const html = await res.text();
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain(OFFLINE_LINK);
    expect(html).toMatch(/<div class="fallback">\s*<p>An explorer that works offline/);
  });
});

describe('switches', () => {
  it('DASHBOARD=off: / is not served (and needs a key like any unknown path); GraphiQL stays', async () => {
    const { gw: off } = await startDashboardGateway({ DASHBOARD: 'off' });
    try {
      expect((await get('/', {}, off.url)).status).toBe(404);
      expect((await get('/live', {}, off.url)).status).toBe(404);
      expect((await get('/graphiql', {}, off.url)).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('production keeps the dashboard; GraphiQL and the landing page go with introspection', async () => {
    const { gw: prod } = await startDashboardGateway({ NODE_ENV: 'production', SIMULATOR: '1' });
    try {
      expect((await get('/', {}, prod.url)).status).toBe(200);
      expect((await get('/graphiql', {}, prod.url)).status).toBe(404);
      const landing = await get('/graphql', { accept: 'text/html' }, prod.url);
      expect(await landing.text()).not.toContain('embeddable-sandbox');
    } finally {
      await prod.close();
    }
  });

  it('with API keys the pages need none and say one is needed; data still does', async () => {
    const { gw: keyed } = await startDashboardGateway({ GATEWAY_API_KEYS: 'pages-key-0123456789abcdef' });
    try {
      for (const path of ['/', '/live', '/graphiql']) {
        const res = await get(path, {}, keyed.url);
        expect(res.status, path).toBe(200);
        expect(await res.text()).toContain('<meta name="gateway-auth" content="key"');
      }
      const data = await get('/graphql?query=%7Bcatalog%7BtimeZone%7D%7D', { 'apollo-require-preflight': '1' }, keyed.url);
      expect(data.status).toBe(401);
    } finally {
      await keyed.close();
    }
  });
});
