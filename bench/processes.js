// Servers under test run as child processes pinned to core 0; the load
// generator (this process) pins itself to core 1, so they do not share a core.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

const HAS_TASKSET = spawnSync('taskset', ['-V']).status === 0;

export function pinSelf(core = 1) {
  if (HAS_TASKSET) spawnSync('taskset', ['-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const HAS_WRK = spawnSync('wrk', ['-v']).error === undefined;

/**
 * Requests per second of POSTing `body` with wrk (Debian's package), 32
 * connections, not pinned: it may run on either core, as a load generator in
 * front of a real deployment would. The second opinion beside autocannon.
 */
export async function loadWrk(url, body, { seconds = 3, connections = 32 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-wrk-'));
  const script = join(dir, 'post.lua');
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  writeFileSync(script, `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [==[${text}]==]\n`);
  // taskset -c 0,1: undo the bench process's own pinning, which a child inherits.
  const argv = ['-t2', `-c${connections}`, `-d${seconds}s`, '-s', script, url];
  const { stdout } = await promisify(execFile)(HAS_TASKSET ? 'taskset' : 'wrk', HAS_TASKSET ? ['-c', '0,1', 'wrk', ...argv] : argv);
  if (/Non-2xx|Socket errors/.test(stdout)) throw new Error(`${url}: wrk saw errors\n${stdout}`);
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)[1]) };
}

/** Starts `node args…` on core 0 and waits for a line matching `ready`. `nodeArgs`: before the script (e.g. --cpu-prof). */
export function startProcess(args, env = {}, ready = /listening|Server listening/, nodeArgs = []) {
  const cmd = HAS_TASKSET ? 'taskset' : process.execPath;
  const argv = HAS_TASKSET ? ['-c', '0', process.execPath, ...nodeArgs, ...args] : [...nodeArgs, ...args];
  const child = spawn(cmd, argv, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start: ${args.join(' ')}\n${out}`)), 20_000);
    const poll = setInterval(() => {
      if (ready.test(out)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve({
          child,
          output: () => out,
          stop: (signal = 'SIGKILL') =>
            new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : (child.on('exit', r), child.kill(signal)))),
        });
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${args.join(' ')}\n${out}`));
    });
  });
}

/** Requests per second and latency percentiles of POSTing `body` for `seconds`. */
export async function load(url, body, { seconds = 3, connections = 10, headers = {} } = {}) {
  const result = await autocannon({
    url,
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
    connections,
    duration: seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/**
 * The built gateway as it runs in production, on a free port: no per-client
 * rate limit and an upstream budget the simulator does not mind, so the
 * bench measures the gateway, not its limiters. Resolves { port, stop, child }.
 */
export async function startGatewayProcess(env = {}, nodeArgs = []) {
  const port = await freePort();
  const gw = await startProcess(
    ['dist/main.js'],
    {
      PORT: String(port),
      NODE_ENV: 'production',
      // The embedded simulator in production is refused unless asked for by name.
      SIMULATOR: '1',
      LOG_LEVEL: 'info',
      AUDIT_LOG_PATH: '/dev/null',
      CLIENT_RATE_LIMIT_PER_SECOND: '0',
      CLIENT_UPSTREAM_PAGES_PER_MINUTE: '0',
      UPSTREAM_RPS: '10000',
      UPSTREAM_CONCURRENCY: '100',
      ...env,
    },
    undefined,
    nodeArgs,
  );
  return { ...gw, port };
}

const SIM_ID = 'bench-client';
const SIM_SECRET = 'bench-secret-0123456789';

/**
 * A simulator in this process and a gateway process that asks it with
 * credentials: the gateway's memory and CPU are then its own, not the
 * simulator's. Resolves { sim, gw, stop }.
 */
/** `env` may be a function of the started simulator (for its URL). */
export async function startGatewayWithSimulator(simOptions = {}, env = {}, nodeArgs = []) {
  const { Simulator } = await import('../dist/simulator/server.js');
  const sim = await new Simulator({ clientId: SIM_ID, clientSecret: SIM_SECRET, ...simOptions }).start();
  if (typeof env === 'function') env = env(sim);
  const gw = await startGatewayProcess(
    {
      CXONE_CLIENT_ID: SIM_ID,
      CXONE_CLIENT_SECRET: SIM_SECRET,
      CXONE_OAUTH_URL: sim.tokenUrl,
      CXONE_ANALYTICS_URL: sim.summaryUrl,
      GATEWAY_ALLOW_ANONYMOUS: '1',
      ...env,
    },
    nodeArgs,
  );
  return { sim, gw, stop: async () => (await gw.stop(), await sim.stop()) };
}
