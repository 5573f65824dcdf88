// A Redis cache hit versus an in-memory hit for 1,000 rows: the store alone,
// the stored form (columnar vs row objects), and a whole GraphQL request.
import { randomBytes } from 'node:crypto';
import { memoryStore } from '../../dist/cache/store.js';
import { connectRedis } from '../../dist/redis.js';
import { redisStore } from '../../dist/cache/redis-store.js';
import { decodeResult, encodeResult } from '../../dist/cache/codec.js';
import { createLogger } from '../../dist/log.js';
import { startGateway } from '../../dist/gateway.js';
import { alternate, perCall, table } from '../lib.js';
import { resultOf } from '../fixtures.js';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function run({ runs = 7 } = {}) {
  const result = resultOf(1000);
  const key = `bench-${randomBytes(4).toString('hex')}:analytics:hit`;
  const memory = memoryStore({ maxBytes: 256 * 1024 * 1024 });
  const connection = connectRedis({ url: REDIS_URL }, 2000, createLogger('silent'));
  const redis = redisStore(connection, 5000, { maxBytes: 256 * 1024 * 1024 });
  for (let i = 0; i < 100 && (await redis.health()) !== 'ok'; i++) await new Promise((r) => setTimeout(r, 50));
  await memory.set(key, result, 600_000);
  await redis.set(key, result, 600_000);

  const store = await alternate({ memory, redis }, runs, (s) => perCall(() => s.get(key), 200));

  const columnarText = JSON.stringify(encodeResult(result));
  const objectText = JSON.stringify(result);
  const codec = await alternate(
    {
      columnar: () => decodeResult(JSON.parse(JSON.stringify(encodeResult(result)))),
      objects: () => JSON.parse(JSON.stringify(result)),
    },
    runs,
    (fn) => perCall(fn, 200),
  );
  await memory.close();
  await redis.close();
  await connection.close();

  // Whole requests: the same 1,000-row query, warm, on a memory gateway and a Redis gateway.
  // meta.latencyMs keeps it off the warm path: GraphQL runs over a store hit each time.
  const env = { PORT: '0', AUDIT_LOG_PATH: '/dev/null', LOG_LEVEL: 'silent', NODE_ENV: 'production', SIMULATOR: '1' };
  const gws = {
    memory: await startGateway(env),
    redis: await startGateway({ ...env, REDIS_URL, CACHE_NAMESPACE: `bench-${randomBytes(4).toString('hex')}` }),
  };
  const body = JSON.stringify({
    query: `{ analytics(query: { dimensions: [AGENT, SKILL, CAMPAIGN], dateRange: { start: "2026-01-01T00:00:00Z", end: "2026-01-08T00:00:00Z" }, pageSize: 1000 }) {
      rowCount meta { latencyMs } rows(limit: 1000) { agent skill handleTime talkTime holdTime queueTime wrapTime abandonRate serviceLevel firstContactResolution totalInteractionTime talkRatio holdImpactScore channelEfficiency } } }`,
  });
  const ask = (gw) => fetch(`${gw.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.text());
  const rows = JSON.parse(await ask(gws.memory)).data.analytics.rows.length;
  await ask(gws.redis);
  const request = await alternate(gws, runs, (gw) => perCall(() => ask(gw), 50));
  await gws.memory.close();
  await gws.redis.close();

  const out = {
    rows: result.rows.length,
    storeGetMs: store,
    storeRatio: store.redis / store.memory,
    codecMs: codec,
    bytes: { columnar: columnarText.length, objects: objectText.length },
    request: { rows, ms: request, ratio: request.redis / request.memory },
  };
  const text = [
    table(
      'Cache hit, 1,000 rows: Redis vs in-memory (medians of ' + runs + ' alternating runs)',
      ['what', 'memory ms', 'redis ms', 'redis / memory'],
      [
        ['store get', store.memory, store.redis, out.storeRatio],
        [`GraphQL request (${rows} rows, all fields)`, request.memory, request.redis, out.request.ratio],
      ],
    ),
    table(
      'Stored form for Redis, 1,000 rows: encode + JSON + decode',
      ['form', 'ms per round trip', 'bytes'],
      [
        ['columnar (used)', codec.columnar, columnarText.length],
        ['row objects', codec.objects, objectText.length],
      ],
    ),
  ].join('\n');
  return { name: 'cache-hit', result: out, text };
}
