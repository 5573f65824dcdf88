// The naive baseline: Apollo Server 5 with its defaults (cache-control plugin
// on), the same schema, per-field resolvers, serving the same rows from memory.
// Run as a child process: node bench/naive-apollo.js PORT ROWS_JSON_FILE
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const [port, rowsFile] = process.argv.slice(2);
const rows = JSON.parse(readFileSync(rowsFile, 'utf8'));
const typeDefs = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
const fields = [
  'channel',
  'skill',
  'queue',
  'agent',
  'campaign',
  'date',
  'handleTime',
  'talkTime',
  'holdTime',
  'queueTime',
  'wrapTime',
  'abandonRate',
  'serviceLevel',
  'firstContactResolution',
  'totalInteractionTime',
  'talkRatio',
  'holdImpactScore',
  'channelEfficiency',
];
const AnalyticsRow = Object.fromEntries(fields.map((f) => [f, (row) => row[f] ?? null]));
const server = new ApolloServer({
  typeDefs,
  resolvers: {
    Query: {
      analytics: () => ({
        rowCount: rows.length,
        columns: [],
        rows,
        meta: { cacheKey: 'naive', cacheHit: true, stale: false, fetchedAt: new Date().toISOString(), latencyMs: 0, upstreamPages: 0 },
      }),
    },
    AnalyticsResult: { rows: (r) => r.rows, rowCount: (r) => r.rowCount },
    AnalyticsRow,
  },
});
const { url } = await startStandaloneServer(server, { listen: { port: Number(port), host: '127.0.0.1' } });
process.stdout.write(`listening ${url}\n`);
