import { defineConfig } from 'vitest/config';

/**
 * Four suites. `unit`: pure logic, no sockets, Redis or child processes, a
 * fake clock where time matters (`npm run test:unit`, seconds: pure files
 * need no isolation from each other, so they share one set of modules). `e2e`: the
 * simulator, the gateway and Redis over real HTTP, in this process. `process`:
 * the built gateway (dist/) spawned as `npm start` runs it; only this suite
 * compiles first. `browser`: the pages in Debian's Chromium (playwright-core),
 * after a Vite build of dist/web. `npm test` runs all four.
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
