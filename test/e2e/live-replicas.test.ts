/**
 * Live feeds shared by two replicas through Redis (a single node in the e2e
 * project, a six-node Redis Cluster in the cluster project): one poller for
 * both, every subscriber on either ends at the simulator's state, and a dead
 * poller is replaced.
 */
import { describe, expect, it } from 'vitest';
import { sseSubscribe, truthSkills, wsSubscribe, type Subscriber } from '../support/live.js';
import { freshNamespace, sharedRedisEnv } from '../support/redis.js';
import { sleep, startStack, type Stack } from '../support/stack.js';

const INTERVAL_MS = 1000;
const LIVE = { LIVE_POLL_SECONDS: '1' };
/** Enough traffic that something changes between polls. */
const BUSY = { contactsPerDay: 20_000 };

const skillsOf = (s: Stack) => s.sim.liveCalls().filter((c) => c.path.endsWith('skills/activity'));

describe('two replicas sharing Redis', () => {
  it('200 subscribers over WebSocket and SSE cost one poll per endpoint per interval; each ends at the simulator state; a dead poller is replaced', async () => {
    // The tenant lives five times faster than the gateways' clocks: 60 simulated seconds in 12 real ones, polls on real time.
    const t0 = Date.now();
    const simNow = () => Date.parse('2026-11-24T17:00:00Z') + 5 * (Date.now() - t0);
    const env = { ...LIVE, ...sharedRedisEnv(), CACHE_NAMESPACE: freshNamespace() };
    const a = await startStack({ env, simulator: { ...BUSY, now: simNow } });
    const b = await startStack({ env: { ...env, CXONE_OAUTH_URL: a.sim.tokenUrl, CXONE_ANALYTICS_URL: a.sim.summaryUrl, CXONE_ISSUER: a.sim.url } });
    const query = `subscription { liveSkills { asOf stale totals { queueCount inSla outSla } skills { skill queueCount inSla } } }`;
    const subs: Subscriber[] = [];
    try {
      // a subscribes first: it holds the lease.
      for (let i = 0; i < 100; i++) subs.push(wsSubscribe(a.gw.url, query));
      await Promise.all(subs.map((x) => x.next()));
      for (let i = 0; i < 100; i++) subs.push(sseSubscribe(b.gw.url, query));
      await Promise.all(subs.slice(100).map((x) => x.next()));
      const start = skillsOf(a).length;
      const started = Date.now();
      await sleep(12 * INTERVAL_MS);
      const elapsed = Date.now() - started;
      const calls = skillsOf(a).length - start;
      // One replica polls: about one call an interval (two pollers would make twice as many).
      expect(calls).toBeGreaterThanOrEqual(Math.floor(elapsed / INTERVAL_MS) - 2);
      expect(calls).toBeLessThanOrEqual(Math.ceil(elapsed / INTERVAL_MS) + 1);
      // Each subscriber's last message is the simulator at its asOf, the same on both replicas. Taken
      // when all 200 agree: looked at while a poll's messages were still on their way to some of them,
      // the last messages differed by that poll.
      const last = (x: Subscriber) => x.messages.at(-1).liveSkills;
      let lasts: ReturnType<typeof last>[] = [];
      await expect
        .poll(
          () => {
            lasts = subs.map(last);
            return new Set(lasts.map((m) => m.asOf)).size;
          },
          { timeout: 4 * INTERVAL_MS, interval: 20 },
        )
        .toBe(1);
      const truth = truthSkills(a.sim.tenant, Date.parse(lasts[0].asOf));
      for (const m of lasts) expect(m.skills).toEqual(truth.map((k) => ({ skill: k.skill, queueCount: k.queueCount, inSla: k.inSla })));

      // The poller goes away: b takes the lease within two intervals, and its subscribers keep hearing.
      const heard = subs[150]!.messages.length;
      const asOfBefore = Date.parse(last(subs[150]!).asOf);
      const before = skillsOf(a).length;
      await a.gw.close();
      const closedAt = Date.now();
      await expect.poll(() => skillsOf(a).length, { timeout: 5 * INTERVAL_MS }).toBeGreaterThan(before);
      expect(skillsOf(a).at(-1)!.at - closedAt).toBeLessThanOrEqual(3 * INTERVAL_MS);
      // Fresh data from b's polls reaches them. A message marked stale may come first: b says so once
      // it has heard nothing for two intervals, which a handover can take (a's loop releases the
      // lease when it wakes, b leads at its next turn).
      await expect
        .poll(() => subs[150]!.messages.length > heard && !last(subs[150]!).stale && Date.parse(last(subs[150]!).asOf) > asOfBefore, {
          timeout: 5 * INTERVAL_MS,
        })
        .toBe(true);
    } finally {
      await Promise.all(subs.map((x) => x.close().catch(() => {})));
      await b.close();
      await a.sim.stop();
      await a.gw.close().catch(() => {});
    }
  }, 90_000);
});
