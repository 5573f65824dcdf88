/**
 * Finding 10: a production gateway without CXone credentials does not serve
 * simulated data as if it were a tenant's unless SIMULATOR=1 says so, and a
 * simulator embedded in production never exposes its fault endpoint.
 */
import { describe, expect, it } from 'vitest';
import { spawnGateway, startRefused } from '../support/process.js';

const BASE = { AUDIT_LOG_PATH: '/dev/null', LOG_LEVEL: 'info' };

function simulatorUrl(output: string): string {
  const m = /"simulator":"(http:\/\/[^"]+)"/.exec(output);
  if (!m) throw new Error(`no simulator line in:\n${output}`);
  return m[1]!;
}

describe('production without credentials', () => {
  it('refuses to start, naming the credentials and SIMULATOR=1', async () => {
    const { code, output } = await startRefused({ ...BASE, NODE_ENV: 'production' });
    expect(code).toBe(78);
    expect(output).toContain('CXONE_CLIENT_ID and CXONE_CLIENT_SECRET: unset in production');
    expect(output).toContain('SIMULATOR=1');
  });

  it('with SIMULATOR=1 serves the simulator, whose fault endpoint answers 404', async () => {
    const gw = await spawnGateway({ ...BASE, NODE_ENV: 'production', SIMULATOR: '1' });
    try {
      const sim = simulatorUrl(gw.output());
      expect((await fetch(`${sim}/__admin/faults`)).status).toBe(404);
      const patch = await fetch(`${sim}/__admin/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ errorRatio: 1 }),
      });
      expect(patch.status).toBe(404);
      // Queries are still answered: the patch did not take.
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query:
            '{ analytics(query: { metrics: [HANDLE_TIME], dimensions: [CHANNEL], dateRange: { start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" } }) { rowCount } }',
        }),
      });
      expect(((await res.json()) as any).data.analytics.rowCount).toBe(5);
    } finally {
      await gw.stop();
    }
  });

  it('in development the embedded simulator keeps its fault endpoint (for local fault drills)', async () => {
    const gw = await spawnGateway({ ...BASE });
    try {
      expect((await fetch(`${simulatorUrl(gw.output())}/__admin/faults`)).status).toBe(200);
    } finally {
      await gw.stop();
    }
  });
});

describe('CORS_ORIGINS=*', () => {
  const KEY = 'dashboard-wall-7c1f0e9a2b';
  it('is refused with API keys (any page could use a browser-held key)', async () => {
    const { code, output } = await startRefused({ GATEWAY_API_KEYS: KEY, CORS_ORIGINS: '*', AUDIT_LOG_PATH: '/dev/null' });
    expect(code).toBe(78);
    expect(output).toContain('CORS_ORIGINS: * lets any web page use a key a browser holds');
  });
});
