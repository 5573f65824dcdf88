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
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 5_000, pool: 'threads', isolate: false } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 30_000, pool: 'forks' } },
      {
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
