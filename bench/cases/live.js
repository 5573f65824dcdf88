// Live fan-out: one poll's change pushed to 1,000 WebSocket subscribers. The
// simulator runs in this process (core 1, with the subscribers), the gateway
// as its own process (core 0). Measured per poll: from the simulator's
// answer to the last subscriber's receipt, and the bytes of each message;
// and the gateway's CPU time per poll with 1,000 subscribers against none
// (then a query every half interval keeps the poller going).
import { readFileSync } from 'node:fs';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { median, table } from '../lib.js';
import { startGatewayWithSimulator } from '../processes.js';

const SUBSCRIBERS = 1000;
const SECONDS = 12;
const ACCESS = { accessKeyId: 'bench-ak-0001', accessKeySecret: 'bench-ak-secret-0123' };
const QUERY =
  'subscription { liveSkills { asOf stale totals { queueCount longestWaitSeconds agentsAvailable serviceLevel } skills { skill queueCount longestWaitSeconds agentsAvailable serviceLevel } } }';

/** CPU milliseconds (user + system) a process has used, from /proc. */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const skillPolls = (sim) => sim.liveCalls().filter((c) => c.path.endsWith('skills/activity') && c.status === 200);

export async function run() {
  const { sim, gw, stop } = await startGatewayWithSimulator({ ...ACCESS, contactsPerDay: 20_000 }, (s) => ({
    CXONE_ISSUER: s.url,
    CXONE_ACCESS_KEY_ID: ACCESS.accessKeyId,
    CXONE_ACCESS_KEY_SECRET: ACCESS.accessKeySecret,
    LIVE_POLL_SECONDS: '1',
  }));
  const url = `http://127.0.0.1:${gw.port}`;
  const pid = gw.child.pid;
  try {
    // No subscribers: a query every half interval keeps the poller polling.
    let asking = true;
    const ask = (async () => {
      while (asking) {
        await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ live { asOf } }' }),
        });
        await sleep(500);
      }
    })();
    await sleep(2000);
    let polls0 = skillPolls(sim).length;
    let cpu0 = cpuMs(pid);
    await sleep(SECONDS * 1000);
    const idlePolls = skillPolls(sim).length - polls0;
    const idleCpuPerPoll = (cpuMs(pid) - cpu0) / idlePolls;
    asking = false;
    await ask;

    // 1,000 subscribers, each on its own WebSocket.
    const received = []; // { asOf, at, bytes }
    let pendingBytes = 0;
    class Counting extends WebSocket {
      constructor(...args) {
        super(...args);
        this.on('message', (data) => (pendingBytes = data.length));
      }
    }
    const clients = [];
    let firsts = 0;
    await new Promise((resolve) => {
      for (let i = 0; i < SUBSCRIBERS; i++) {
        const client = createClient({ url: `ws://127.0.0.1:${gw.port}/graphql`, webSocketImpl: Counting, retryAttempts: 0 });
        clients.push(client);
        let first = true;
        client.subscribe(
          { query: QUERY },
          {
            next: (v) => {
              received.push({ asOf: v.data.liveSkills.asOf, at: Date.now(), bytes: pendingBytes });
              if (first && ++firsts === SUBSCRIBERS) resolve();
              first = false;
            },
            error: () => {},
            complete: () => {},
          },
        );
      }
    });
    await sleep(2000);
    received.length = 0;
    polls0 = skillPolls(sim).length;
    cpu0 = cpuMs(pid);
    const since = Date.now();
    await sleep(SECONDS * 1000);
    const busyPolls = skillPolls(sim).length - polls0;
    const busyCpuPerPoll = (cpuMs(pid) - cpu0) / busyPolls;
    await sleep(1500);

    // Per poll: from the simulator's answer to the last of the 1,000 receipts.
    const answers = skillPolls(sim).filter((c) => c.doneAt >= since);
    const byAsOf = new Map();
    for (const r of received) {
      const e = byAsOf.get(r.asOf) ?? { n: 0, last: 0 };
      e.n++;
      e.last = Math.max(e.last, r.at);
      byAsOf.set(r.asOf, e);
    }
    const fanOut = [];
    for (const [asOf, e] of byAsOf) {
      if (e.n < SUBSCRIBERS) continue;
      const answer = answers.find((c) => c.doneAt >= Date.parse(asOf));
      if (answer) fanOut.push(e.last - answer.doneAt);
    }
    const bytes = median(received.map((r) => r.bytes));
    await Promise.all(clients.map((c) => c.dispose()));
    const result = {
      subscribers: SUBSCRIBERS,
      pollsMeasured: fanOut.length,
      fanOutMsMedian: median(fanOut),
      fanOutMsMax: Math.max(...fanOut),
      bytesPerMessage: bytes,
      cpuMsPerPollIdle: idleCpuPerPoll,
      cpuMsPerPollWith1000: busyCpuPerPoll,
      cpuRatio: busyCpuPerPoll / idleCpuPerPoll,
    };
    const text = table(
      `Live fan-out: one change to ${SUBSCRIBERS} WebSocket subscribers (LIVE_POLL_SECONDS=1, ${SECONDS} s each; ${fanOut.length} polls with a change)`,
      ['measure', 'value'],
      [
        ['simulator answer → last of 1,000 receipts, median ms', result.fanOutMsMedian],
        ['same, slowest poll, ms', result.fanOutMsMax],
        ['bytes per message (median)', result.bytesPerMessage],
        ['gateway CPU per poll, no subscribers (a query every 0.5 s), ms', result.cpuMsPerPollIdle],
        ['gateway CPU per poll, 1,000 subscribers, ms', result.cpuMsPerPollWith1000],
        ['ratio', result.cpuRatio],
      ],
    );
    return { result, text };
  } finally {
    await stop();
  }
}
