import { defineConfig } from 'vitest/config';

/**
 * Six suites. `unit`: pure logic, no sockets, Redis or child processes, a
 * fake clock where time matters (`npm run test:unit`, seconds: pure files
 * need no isolation from each other, so they share one set of modules). `e2e`: the
 * simulator, the gateway and Redis over real HTTP, in this process. `process`:
 * the built gateway (dist/) spawned as `npm start` runs it, and one round of the
 * bench cases that import its modules; this suite and `cluster` compile first.
 * `browser`: the pages in Debian's Chromium (playwright-core), after a Vite
 * build of dist/web. `cluster`: the tests of what replicas share, again on
 * a real six-node Redis Cluster. `failover`: a master of another such cluster killed under load.
 * `npm test` runs all six.
 */
export default defineConfig({
  // One graphql for the code under test and the packages around it: Node loads graphql's CommonJS
  // build for Apollo, graphql-tools and graphql-ws, and Vite would otherwise give src/ the ESM one
  // (a schema from one is "from another module or realm" to the other).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 5_000, pool: 'threads', isolate: false } },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks', execArgv: ['--expose-gc'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/support/build-pages.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        // The tests of what replicas share (results, single flight, limits, live feeds), again on a
        // real Redis Cluster: test/support/cluster-setup.ts.
        extends: true,
        test: {
          name: 'cluster',
          include: [
            'test/e2e/coalescing.test.ts',
            'test/e2e/traffic.test.ts',
            'test/e2e/access.test.ts',
            'test/e2e/stale.test.ts',
            'test/e2e/live-replicas.test.ts',
            'test/process/shared-cache.test.ts',
          ],
          globalSetup: ['test/support/global-setup.ts', 'test/support/cluster-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          execArgv: ['--expose-gc'],
        },
      },
      {
        // A master killed under load, on a cluster of its own: killing one of the `cluster` project's
        // nodes disturbed the files running beside it there, and left a dead node to the files after.
        extends: true,
        test: {
          name: 'failover',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/support/cluster-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        extends: true,
        test: {
          name: 'process',
          include: ['test/process/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          pool: 'forks',
        },
      },
    ],
  },
});
