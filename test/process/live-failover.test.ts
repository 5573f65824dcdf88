/**
 * The replica that polls CXone's real-time data is killed (SIGKILL: no
 * goodbye, its lease left to expire): another replica takes the lease within
 * two intervals and its subscribers keep hearing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../src/simulator/server.js';
import { sseSubscribe, wsSubscribe, type Subscriber } from '../support/live.js';
import { simulatorEnv, spawnGateway, type GatewayProcess } from '../support/process.js';
import { freshNamespace } from '../support/redis.js';
import { ACCESS_KEY, CLIENT_ID, CLIENT_SECRET } from '../support/stack.js';

const INTERVAL_MS = 1000;
let sim: Simulator;
beforeAll(async () => {
  sim = await new Simulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...ACCESS_KEY, contactsPerDay: 20_000 }).start();
});
afterAll(() => sim.stop());

const polls = () => sim.liveCalls().filter((c) => c.path.endsWith('skills/activity'));
const QUERY = 'subscription { liveSkills { asOf stale totals { queueCount } } }';

describe('live failover', () => {
  it('SIGKILL of the polling replica: the other polls within two intervals and its subscribers keep hearing', async () => {
    const env = {
      ...simulatorEnv(sim, freshNamespace()),
      CXONE_ISSUER: sim.url,
      CXONE_ACCESS_KEY_ID: ACCESS_KEY.accessKeyId,
      CXONE_ACCESS_KEY_SECRET: ACCESS_KEY.accessKeySecret,
      LIVE_POLL_SECONDS: '1',
    };
    let a: GatewayProcess | undefined;
    let b: GatewayProcess | undefined;
    const subs: Subscriber[] = [];
    try {
      a = await spawnGateway(env);
      // a watches first: it takes the lease.
      for (let i = 0; i < 5; i++) subs.push(wsSubscribe(a.url, QUERY));
      await Promise.all(subs.map((x) => x.next()));
      b = await spawnGateway(env);
      const onB = [wsSubscribe(b.url, QUERY), sseSubscribe(b.url, QUERY)];
      await Promise.all(onB.map((x) => x.next()));
      subs.push(...onB);
      await new Promise((r) => setTimeout(r, 2 * INTERVAL_MS));

      await a.stop('SIGKILL');
      const killedAt = Date.now();
      await expect.poll(() => polls().filter((c) => c.at > killedAt).length, { timeout: 6 * INTERVAL_MS }).toBeGreaterThan(0);
      const firstAfter = polls().find((c) => c.at > killedAt)!;
      // The lease lives two intervals; the survivor tries once an interval.
      expect(firstAfter.at - killedAt).toBeLessThanOrEqual(3 * INTERVAL_MS + 500);
      for (const x of onB) {
        await expect.poll(() => Date.parse(x.messages.at(-1).liveSkills.asOf), { timeout: 6 * INTERVAL_MS }).toBeGreaterThan(killedAt);
        expect(x.messages.at(-1).liveSkills.stale).toBe(false);
      }
    } finally {
      await Promise.all(subs.map((x) => x.close().catch(() => {})));
      await a?.stop('SIGKILL');
      await b?.stop();
    }
  }, 60_000);
});
