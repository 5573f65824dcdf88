/**
 * No secret, token or API key reaches a log: the gateway runs as its own
 * process at LOG_LEVEL=trace through faults of every kind, and its whole
 * output and audit file are searched for every credential it handled.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { spawnGateway, type GatewayProcess } from '../support/process.js';
import { CLIENT_ID, CLIENT_SECRET, sleep, TEST_TUNING } from '../support/stack.js';

const API_KEY = 'dashboard-key-7d41c0e2b9a8f356';
let sim: Simulator;
let gw: GatewayProcess;
let auditPath: string;

beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  auditPath = join(mkdtempSync(join(tmpdir(), 'gw-')), 'audit.log');
  gw = await spawnGateway({
    CXONE_CLIENT_ID: CLIENT_ID,
    CXONE_CLIENT_SECRET: CLIENT_SECRET,
    CXONE_OAUTH_URL: sim.tokenUrl,
    CXONE_ANALYTICS_URL: sim.summaryUrl,
    GATEWAY_API_KEYS: API_KEY,
    AUDIT_LOG_PATH: auditPath,
    LOG_LEVEL: 'trace',
    ...TEST_TUNING,
  });
});
afterAll(async () => {
  await gw?.stop();
  await sim?.stop();
});

async function ask(day: number, headers: Record<string, string> = { authorization: `Bearer ${API_KEY}` }) {
  const start = new Date(Date.UTC(2026, 5, day)).toISOString();
  const end = new Date(Date.UTC(2026, 5, day + 1)).toISOString();
  const res = await fetch(`${gw.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${start}", end: "${end}" } }) { rows { talkRatio } } }` }),
  });
  return (await res.json()) as { errors?: { extensions: { code: string } }[] };
}

describe('credentials never reach a log', () => {
  it('stay out of the output and audit through token refreshes, retries and failures', async () => {
    expect((await ask(1)).errors).toBeUndefined();
    sim.revokeTokens(); // 401 → new token
    expect((await ask(2)).errors).toBeUndefined();
    sim.setFaults({ script: [{ status: 429, retryAfter: '0' }, { drop: true }] });
    expect((await ask(3)).errors).toBeUndefined();
    sim.revokeTokens();
    sim.setFaults({ tokenScript: [{ status: 500 }, { status: 401, body: { error: 'invalid_client' } }] });
    expect((await ask(4)).errors?.[0]?.extensions.code).toBe('UPSTREAM_AUTH_FAILED');
    sim.setFaults({ script: [{ status: 400, body: { error: 'invalidQuery', message: 'nope' } }] });
    expect((await ask(5)).errors?.[0]?.extensions.code).toBe('UPSTREAM_REJECTED');
    expect((await ask(6, { 'x-api-key': 'wrong-key-0123456789abcdef' })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await ask(7, { 'x-api-key': API_KEY })).errors).toBeUndefined();
    // The child batches audit lines: wait until all six have reached the file.
    for (let i = 0; i < 200 && readFileSync(auditPath, 'utf8').split('\n').filter(Boolean).length < 6; i++) await sleep(10);

    const tokens = sim.requests.map((r) => /^Bearer (.+)$/.exec(r.authorization ?? '')?.[1]).filter((t): t is string => t !== undefined);
    expect(new Set(tokens).size).toBeGreaterThanOrEqual(2);
    const secrets = [CLIENT_SECRET, Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64'), API_KEY, ...new Set(tokens)];
    const output = gw.output();
    const audit = readFileSync(auditPath, 'utf8');
    // The logs did see the faults: the search is over real material.
    expect(output).toContain('retrying');
    expect(audit.split('\n').filter(Boolean).length).toBe(6); // the refused key ran no query
    for (const secret of secrets) {
      expect(output).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    expect(audit).toMatch(/"client":"key-[0-9a-f]{12}"/);
  });
});
