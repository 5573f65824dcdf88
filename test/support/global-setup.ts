import { execFileSync } from 'node:child_process';

/** Tests that spawn the gateway as a process run the built dist/, as `npm start` does. */
export default function setup(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
