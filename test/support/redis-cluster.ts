/**
 * A real Redis Cluster for tests: six redis-server processes in cluster mode
 * on free ports (three masters, three replicas), joined by
 * `redis-cli --cluster create`. Nothing is kept on disk past the run.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redisAnswers } from './redis.js';

const run = promisify(execFile);

/** Listens on `port` (0: any) for a moment; the port it got, or null when it is taken. */
function bindable(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(null));
    srv.listen(port, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port;
      srv.close(() => resolve(p));
    });
  });
}

/** A port the OS has free now whose cluster bus port (+10000) is free too. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await bindable(0);
    if (port !== null && port + 10_000 < 65_536 && (await bindable(port + 10_000)) !== null) return port;
  }
}

export async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args]);
  return stdout;
}

export class RedisCluster {
  readonly ports: number[] = [];
  private readonly children = new Map<number, ChildProcess>();
  private dir = '';

  /** A cluster another process started (the project's global setup): looked at, and killed node by node, by port. */
  static attach(ports: number[]): RedisCluster {
    const c = new RedisCluster();
    c.ports.push(...ports);
    return c;
  }

  /** Seed URLs, as REDIS_CLUSTER_NODES takes them. */
  get nodes(): string {
    return this.ports.map((p) => `redis://127.0.0.1:${p}`).join(',');
  }

  async start(): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'gw-cluster-'));
    // However the run ends, no node outlives it.
    process.once('exit', () => this.killAll());
    try {
      for (let i = 0; i < 6; i++) {
        const port = await freePort();
        this.ports.push(port);
        await this.spawnNode(port);
      }
      await run('redis-cli', ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes']);
      await this.waitFor(async () => (await Promise.all(this.ports.map((p) => this.info(p)))).every((i) => i.includes('cluster_state:ok')));
      // Every replica holds its master's data, so it can take over.
      await this.waitFor(async () => {
        const roles = await Promise.all(this.ports.map((p) => cli(p, 'info', 'replication').catch(() => '')));
        const replicas = roles.filter((r) => r.includes('role:slave'));
        return replicas.length === 3 && replicas.every((r) => r.includes('master_link_status:up'));
      });
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private killAll(): void {
    for (const child of this.children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }

  private async spawnNode(port: number): Promise<void> {
    // A directory of its own: a replica writes the RDB it syncs from its master to disk (dump.rdb in --dir).
    const dir = join(this.dir, String(port));
    mkdirSync(dir);
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        join(this.dir, `nodes-${port}.conf`),
        // Quick failure detection, so a killed master's replica takes over in about a second.
        '--cluster-node-timeout',
        '1000',
        // A replica syncs at once (Redis 7 waits 5 s for more replicas by default); one never synced would not take over.
        '--repl-diskless-sync-delay',
        '0',
      ],
      { stdio: 'ignore' },
    );
    this.children.set(port, child);
    await this.waitFor(() => redisAnswers(port));
  }

  private async info(port: number): Promise<string> {
    return cli(port, 'cluster', 'info').catch(() => '');
  }

  async waitFor(ok: () => Promise<boolean>, ms = 20_000): Promise<void> {
    const until = Date.now() + ms;
    // A look that failed (a node slow to answer on a loaded machine) is a "not yet".
    while (!(await ok().catch(() => false))) {
      if (Date.now() > until) throw new Error('the Redis Cluster did not get there in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async living(): Promise<number[]> {
    const up = await Promise.all(this.ports.map((p) => redisAnswers(p)));
    const living = this.ports.filter((_, i) => up[i]);
    if (living.length === 0) throw new Error(`no node of the cluster answered a PING (ports ${this.ports.join(', ')})`);
    return living;
  }

  /** Masters now and the slots each serves, by CLUSTER NODES as a living node sees it. */
  async masters(): Promise<{ port: number; slots: [number, number][] }[]> {
    const text = await cli((await this.living())[0]!, 'cluster', 'nodes');
    return text
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f.length > 2 && f[2]!.includes('master') && !f[2]!.includes('fail'))
      .map((f) => ({
        port: Number(/:(\d+)@/.exec(f[1]!)![1]),
        slots: f.slice(8).map((r) => {
          const [a, b] = r.split('-').map(Number);
          return [a!, b ?? a!] as [number, number];
        }),
      }));
  }

  /** The master serving `key` now. */
  async masterOf(key: string): Promise<number> {
    const slot = Number((await cli((await this.living())[0]!, 'cluster', 'keyslot', key)).trim());
    const m = (await this.masters()).find((x) => x.slots.some(([a, b]) => slot >= a && slot <= b));
    if (!m) throw new Error(`no master serves slot ${slot}`);
    return m.port;
  }

  /** SIGKILL one node, as a crashed machine (by its pid, which it says itself: it may be another process's child). */
  async kill(port: number): Promise<void> {
    const pid = Number(/process_id:(\d+)/.exec(await cli(port, 'info', 'server'))![1]);
    process.kill(pid, 'SIGKILL');
    await this.waitFor(async () => !(await redisAnswers(port)));
    this.killed.add(port);
  }

  private readonly killed = new Set<number>();

  /** Until no killed node is a master and every living node says the cluster is whole (a replica took the dead master's slots). */
  async settled(): Promise<void> {
    await this.waitFor(async () => {
      if ((await this.masters()).some((m) => this.killed.has(m.port))) return false;
      return (await Promise.all((await this.living()).map((p) => this.info(p)))).every((i) => i.includes('cluster_state:ok'));
    });
  }

  async stop(): Promise<void> {
    this.killAll();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
