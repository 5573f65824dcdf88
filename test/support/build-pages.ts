import { execFileSync } from 'node:child_process';

/**
 * The pages as the gateway serves them: built by Vite into dist/web, as
 * `npm run build` does. Once per run: global setups share the main process.
 */
export function buildPages(): void {
  if (process.env.GATEWAY_TEST_PAGES_BUILT) return;
  execFileSync('npx', ['vite', 'build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  process.env.GATEWAY_TEST_PAGES_BUILT = '1';
}

export default buildPages;
