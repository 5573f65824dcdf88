// Cold queries against the simulator: the gateway's own time per upstream
// page (gateway time minus the same pagination done directly), and many
// concurrent clients over a few distinct cold questions (upstream
// paginations per distinct question).
import { performance } from 'node:perf_hooks';
import { Simulator } from '../../dist/simulator/server.js';
import { alternate, table } from '../lib.js';
import { pinSelf, startGatewayProcess } from '../processes.js';

const ID = 'bench-client';
const SECRET = 'bench-secret-0123456789';
const DAY = 86_400_000;
const LATENCY_MS = 20;
const PAGE_SIZE = 50;

function range(i) {
  const start = Date.UTC(2025, 0, 1) + i * 7 * DAY;
  return { start: new Date(start).toISOString(), end: new Date(start + 7 * DAY).toISOString() };
}

function token(sim) {
  const basic = Buffer.from(`${ID}:${SECRET}`).toString('base64');
  return fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  }).then((r) => r.json());
}

/** The same pagination the gateway does, straight from this process, with a token already in hand (as the gateway has). */
async function direct(sim, token, dateRange) {
  let next;
  let pages = 0;
  do {
    const page = await fetch(sim.summaryUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metrics: ['handle_time', 'talk_time'],
        dimensions: ['agent', 'skill'],
        dateRange,
        filters: [],
        paging: next ? { pageSize: PAGE_SIZE, next } : { pageSize: PAGE_SIZE },
      }),
    }).then((r) => r.json());
    next = page.paging?.next;
    pages++;
  } while (next);
  return pages;
}

export async function run({ runs = 5 } = {}) {
  pinSelf(1);
  const sim = await new Simulator({ clientId: ID, clientSecret: SECRET, faults: { latencyMs: LATENCY_MS } }).start();
  const gw = await startGatewayProcess({
    CXONE_CLIENT_ID: ID,
    CXONE_CLIENT_SECRET: SECRET,
    CXONE_OAUTH_URL: sim.tokenUrl,
    CXONE_ANALYTICS_URL: sim.summaryUrl,
    GATEWAY_ALLOW_ANONYMOUS: '1',
  });
  const ask = (dateRange, dims = '[AGENT, SKILL]') =>
    fetch(`http://127.0.0.1:${gw.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query Q($r: DateRangeInput!) { analytics(query: { dimensions: ${dims}, dateRange: $r, pageSize: ${PAGE_SIZE} }) { rowCount rows(limit: 1) { talkRatio } meta { upstreamPages } } }`,
        variables: { r: dateRange },
      }),
    }).then((r) => r.json());
  try {
    await ask(range(0)); // token and JIT warm-up
    const tok = await token(sim);
    let n = 1;
    let pages = 0;
    const cold = await alternate(
      {
        gateway: async () => {
          const t = performance.now();
          const res = await ask(range(n++));
          pages = res.data.analytics.meta.upstreamPages;
          return performance.now() - t;
        },
        direct: async () => {
          const t = performance.now();
          await direct(sim, tok, range(n++));
          return performance.now() - t;
        },
      },
      runs,
      (fn) => fn(),
    );
    const perPage = (cold.gateway - cold.direct) / pages;

    // 200 concurrent clients over 20 distinct cold questions.
    sim.reset();
    sim.setFaults({ latencyMs: LATENCY_MS });
    const questions = Array.from({ length: 20 }, (_, i) => range(100 + i));
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => ask(questions[i % 20], '[CHANNEL, SKILL]')));
    if (answers.some((a) => a.errors)) throw new Error('a fan-out query failed');
    const calls = sim.summaryCalls();
    const paginations = calls.filter((c) => c.body?.paging?.next === undefined).length;
    const out = {
      latencyMs: LATENCY_MS,
      pages,
      coldMs: cold,
      overheadPerPageMs: perPage,
      fanout: { clients: 200, questions: 20, paginations, calls: calls.length },
    };
    const text = [
      table(
        `Cold ${pages}-page query, simulator adding ${LATENCY_MS} ms per call; medians of ${runs} alternating runs`,
        ['what', 'ms'],
        [
          ['through the gateway (GraphQL, cold)', cold.gateway],
          ['the same pagination, directly (baseline)', cold.direct],
          ['gateway overhead per upstream page', perPage],
        ],
      ),
      table(
        '200 concurrent clients over 20 distinct cold questions',
        ['upstream paginations', 'upstream calls', 'paginations per distinct question'],
        [[paginations, calls.length, paginations / 20]],
      ),
    ].join('\n');
    return { name: 'upstream', result: out, text };
  } finally {
    await gw.stop();
    await sim.stop();
  }
}
