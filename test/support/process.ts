/** The built gateway (dist/main.js) as a separate process, as `npm start` runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Simulator } from '../../src/simulator/server.js';
import { sharedRedisEnv } from './redis.js';
import { CLIENT_ID, CLIENT_SECRET, TEST_TUNING } from './stack.js';

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The environment of a gateway process talking to `sim` with the test credentials, caching in the shared Redis. */
export function simulatorEnv(sim: Simulator, namespace: string): Record<string, string> {
  return {
    CXONE_CLIENT_ID: CLIENT_ID,
    CXONE_CLIENT_SECRET: CLIENT_SECRET,
    CXONE_OAUTH_URL: sim.tokenUrl,
    CXONE_ANALYTICS_URL: sim.summaryUrl,
    GATEWAY_ALLOW_ANONYMOUS: '1',
    ...sharedRedisEnv(),
    CACHE_NAMESPACE: namespace,
    AUDIT_LOG_PATH: '/dev/null',
    LOG_LEVEL: 'info',
    ...TEST_TUNING,
  };
}

/** PATH, PORT=0 unless given, then `env`; an empty value removes the variable. */
function childEnv(env: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { PATH: process.env.PATH ?? '', PORT: '0', ...env };
  for (const [k, v] of Object.entries(merged)) if (v === '') delete merged[k];
  return merged;
}

/** Starts dist/main.js with exactly `env` (plus PATH) and waits until it listens. */
export function spawnGateway(env: Record<string, string>, timeoutMs = 15_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['dist/main.js'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const poll = setInterval(() => {
      const m = /Server listening at (http:\/\/[^"\s]+)/.exec(out);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({ url: m[1]!, child, output: () => out, stop });
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${out}`));
    });
  });
}

/** Runs dist/main.js expecting it to refuse to start; resolves its exit code and output. */
export function startRefused(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/main.js'], { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out });
    });
  });
}
