import { execFileSync } from 'node:child_process';
import { buildPages } from './build-pages.js';

/** Tests that spawn the gateway as a process run the built dist/ (and its pages), as `npm start` does. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
  buildPages();
}
