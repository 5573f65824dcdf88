/**
 * A simulator and a gateway wired together over real HTTP on loopback, with
 * the gateway's logs and audit file captured for assertions.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '../../src/clock.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import type { Faults } from '../../src/simulator/faults.js';
import { Simulator } from '../../src/simulator/server.js';

export const CLIENT_ID = 'test-client';
export const CLIENT_SECRET = 'test-secret-5f1c2a9b7e';
/** The CXone access key the simulator accepts in every stack. */
export const ACCESS_KEY = { accessKeyId: 'ak-stack-0001', accessKeySecret: 'ak-stack-secret-7c1e2d' };

/**
 * Fast retries, so the error table runs in seconds, and no traffic shaping:
 * the tests of the limits set their own.
 */
export const TEST_TUNING = {
  UPSTREAM_MAX_ATTEMPTS: '3',
  UPSTREAM_RETRY_BASE_MS: '5',
  UPSTREAM_RETRY_MAX_MS: '20',
  UPSTREAM_TIMEOUT_MS: '1000',
  UPSTREAM_RPS: '10000',
  UPSTREAM_CONCURRENCY: '1000',
  CLIENT_RATE_LIMIT_PER_SECOND: '0',
  CLIENT_UPSTREAM_PAGES_PER_MINUTE: '0',
};

export interface Stack {
  sim: Simulator;
  gw: RunningGateway;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  rest(body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; text: string; type: string | null }>;
  logs(): string;
  audit(): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function startStack(
  opts: {
    env?: Record<string, string>;
    faults?: Partial<Faults>;
    simulator?: Partial<ConstructorParameters<typeof Simulator>[0]>;
    clock?: Clock;
    /** Tracing on, spans to this exporter. */
    spanExporter?: SpanExporter;
  } = {},
): Promise<Stack> {
  // The tenant lives at the gateway's time: a test that moves the clock sees the contacts of that moment, none later.
  const clock = opts.clock;
  const sim = await new Simulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    faults: opts.faults,
    ...ACCESS_KEY,
    ...(clock ? { now: () => clock.now() } : {}),
    ...opts.simulator,
  }).start();
  const dir = mkdtempSync(join(tmpdir(), 'gw-'));
  const auditPath = join(dir, 'audit.log');
  let logText = '';
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logText += String(chunk);
      cb();
    },
  });
  const env: Record<string, string | undefined> = {
    PORT: '0',
    CXONE_CLIENT_ID: CLIENT_ID,
    CXONE_CLIENT_SECRET: CLIENT_SECRET,
    CXONE_OAUTH_URL: sim.tokenUrl,
    CXONE_ANALYTICS_URL: sim.summaryUrl,
    GATEWAY_ALLOW_ANONYMOUS: '1',
    AUDIT_LOG_PATH: auditPath,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    ...TEST_TUNING,
    // The access key signs in to the Reporting and Real-Time Data APIs (every source's live data).
    CXONE_ISSUER: sim.url,
    CXONE_ACCESS_KEY_ID: ACCESS_KEY.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: ACCESS_KEY.accessKeySecret,
    ...opts.env,
  };
  // An empty value removes a variable, so a test can ask for a default the tuning overrides.
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
  const gw = await startGateway(env, { logStream, clock: opts.clock, spanExporter: opts.spanExporter });
  // The business unit's calendar is read at start (reporting): settled before a test counts or scripts upstream calls.
  await gw.services.defaults.ready();
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(gw.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return {
    sim,
    gw,
    async gql(query, variables, headers) {
      const res = await post('/graphql', { query, variables }, headers);
      return { status: res.status, body: (await res.json()) as any };
    },
    async rest(body, headers) {
      const res = await post('/api/v1/analytics/query', body, headers);
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text, type: res.headers.get('content-type') };
    },
    logs: () => logText,
    audit: async () => {
      await gw.services.audit.flush();
      return readFileSync(auditPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    async close() {
      await gw.close();
      await sim.stop();
    },
  };
}

/** A week of November 2026, the range most tests ask about. */
export const WEEK = { start: '2026-11-01T00:00:00Z', end: '2026-11-08T00:00:00Z' };

export const ANALYTICS = /* GraphQL */ `
  query Q($q: AnalyticsQueryInput!) {
    analytics(query: $q) {
      rowCount
      columns
      rows {
        channel
        skill
        queue
        agent
        campaign
        date
        handleTime
        talkTime
        holdTime
        queueTime
        wrapTime
        abandonRate
        serviceLevel
        firstContactResolution
        totalInteractionTime
        talkRatio
        holdImpactScore
        channelEfficiency
      }
      meta {
        cacheKey
        cacheHit
        stale
        fetchedAt
        latencyMs
        upstreamPages
      }
    }
  }
`;

export { sleep } from '../../src/clock.js';
