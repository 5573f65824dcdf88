/**
 * `npm start` as a user runs it: no credentials, no Redis, default port; the
 * README's example query answers rows and KPIs from the embedded simulator.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnGateway, startRefused, type GatewayProcess } from '../support/process.js';

let gw: GatewayProcess;
beforeAll(async () => {
  gw = await spawnGateway({ PORT: '', AUDIT_LOG_PATH: join(mkdtempSync(join(tmpdir(), 'gw-')), 'audit.log') });
});
afterAll(async () => {
  await gw?.stop();
});

function readmeExample(): string {
  const readme = readFileSync('README.md', 'utf8');
  const m = /<!-- example-query[^>]*-->\s*```graphql\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no example-query block');
  return m[1]!;
}

describe('npm start on a fresh clone', () => {
  it('serves on port 4000 against the embedded simulator', async () => {
    expect(gw.url).toBe('http://127.0.0.1:4000');
    expect(gw.output()).toContain('serving the embedded CXone simulator');
    const health = await fetch(`${gw.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${gw.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', cache: 'ok', upstream: 'ok', store: 'memory' });
  });

  it("answers the README's example query with rows and KPIs, then from cache", async () => {
    const ask = async () => {
      const res = await fetch(`${gw.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: readmeExample() }),
      });
      return (await res.json()) as any;
    };
    const first = await ask();
    expect(first.errors).toBeUndefined();
    const a = first.data.analytics;
    expect(a.rowCount).toBe(5);
    expect(a.rows.map((r: any) => r.channel)).toEqual(['chat', 'email', 'sms', 'social', 'voice']);
    for (const r of a.rows) {
      expect(r.talkRatio).toBeGreaterThan(0);
      expect(r.talkRatio).toBeLessThan(1);
      expect(r.channelEfficiency).toBeGreaterThan(0);
    }
    expect(a.meta).toEqual({ cacheHit: false, upstreamPages: 1 });
    expect((await ask()).data.analytics.meta.cacheHit).toBe(true);
  });

  it('serves the Sandbox landing page to a browser outside production, linking to the offline GraphiQL', async () => {
    const res = await fetch(`${gw.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Apollo');
    expect(html).toContain('<a href="/graphiql">');
  });

  it('serves the dashboard at / and GraphiQL at /graphiql, with the scripts they load', async () => {
    for (const path of ['/', '/graphiql']) {
      const res = await fetch(gw.url + path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script, path).toBeDefined();
      expect((await fetch(gw.url + script)).status).toBe(200);
    }
  });

  it('an audit file that cannot be written is logged, and queries are still answered', async () => {
    const other = await spawnGateway({ AUDIT_LOG_PATH: '/nonexistent-dir/audit.log' });
    try {
      const res = await fetch(`${other.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: readmeExample() }),
      });
      expect(((await res.json()) as any).data.analytics.rowCount).toBe(5);
      expect(other.output()).toContain('audit log cannot be written');
    } finally {
      expect(await other.stop('SIGTERM')).toBe(0);
    }
  });

  it('exits 0 on SIGTERM', async () => {
    const other = await spawnGateway({ AUDIT_LOG_PATH: '-' });
    expect(await other.stop('SIGTERM')).toBe(0);
  });
});

describe('a bad setting stops the start', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT (got "eighty"): must be a whole number from 0 to 65535'],
    [{ CACHE_TTL_SECONDS: '-5' }, 'CACHE_TTL_SECONDS (got "-5"): must be a whole number from 0 to 86400'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL (got "localhost:6379"): must be a redis:// or rediss:// URL'],
    [{ REDIS_URL: 'http://:hunter2-pass@cache:6379' }, 'REDIS_URL (got "http://***@cache:6379"): must be a redis:// or rediss:// URL'],
    [{ REDIS_CLUSTER_NODES: 'redis://a:6379,10.0.0.2:6379' }, 'REDIS_CLUSTER_NODES (got "redis://a:6379,10.0.0.2:6379"): must be comma-separated redis://'],
    [{ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'redis://b:6379' }, 'REDIS_URL and REDIS_CLUSTER_NODES: set one'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL (got "loud"): must be one of fatal, error, warn, info, debug, trace, silent'],
    [{ DASHBOARD: 'maybe' }, 'DASHBOARD (got "maybe"): must be on or off'],
    [{ CXONE_CLIENT_ID: 'only-the-id' }, 'CXONE_CLIENT_ID and CXONE_CLIENT_SECRET: set both'],
    [{ CXONE_CLIENT_ID: 'id', CXONE_CLIENT_SECRET: 'shh-very-secret' }, 'GATEWAY_API_KEYS: unset while real CXone credentials are set'],
    [{ GATEWAY_API_KEYS: 'short' }, 'GATEWAY_API_KEYS: every key must be at least 16 characters'],
    [{ CXONE_EXTRA_METRICS: 'Bad Name' }, 'CXONE_EXTRA_METRICS (got "Bad Name"): must be comma-separated snake_case names'],
  ])('%j', async (env, line) => {
    const { code, output } = await startRefused(env);
    expect(code).toBe(78);
    const lines = output.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`configuration error: ${line}`)).toBe(true);
    expect(output).not.toContain('shh-very-secret');
    expect(output).not.toContain('short');
    expect(output).not.toContain('hunter2');
  });
});
