/** Redis for tests: the machine's on 6379, or a private redis-server a test can stop and restart. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { createClient, createCluster } from '@keyv/redis';
import { inject } from 'vitest';

export const SHARED_REDIS = 'redis://127.0.0.1:6379';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The `cluster` project's Redis Cluster (test/support/cluster-setup.ts); undefined in the other projects. */
    redisCluster: { nodes: string; ports: number[] } | undefined;
  }
}

/**
 * The shared Redis of this run, as gateway environment: the machine's node,
 * or, in the `cluster` project, the six-node Redis Cluster its global setup
 * started (test/support/cluster-setup.ts), so the same tests run on both.
 */
export function sharedRedisEnv(): Record<string, string> {
  const nodes = inject('redisCluster')?.nodes;
  return nodes ? { REDIS_CLUSTER_NODES: nodes } : { REDIS_URL: SHARED_REDIS };
}

/** Keys matching `pattern` in the shared Redis (on a cluster: on every master). */
export async function sharedRedisKeys(pattern: string): Promise<string[]> {
  const nodes = inject('redisCluster')?.nodes;
  if (!nodes) {
    const redis = createClient({ url: SHARED_REDIS });
    await redis.connect();
    try {
      return await redis.keys(pattern);
    } finally {
      await redis.close();
    }
  }
  const cluster = createCluster({ rootNodes: nodes.split(',').map((url) => ({ url })) });
  await cluster.connect();
  try {
    const each = await Promise.all(cluster.masters.map(async (m) => (await cluster.nodeClient(m)).keys(pattern)));
    return each.flat();
  } finally {
    await cluster.close();
  }
}

/** A namespace no other test run uses, so runs never see each other's keys. */
export function freshNamespace(): string {
  return `test-${randomBytes(6).toString('hex')}`;
}

export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** A redis-server of the test's own on `port`, nothing kept on disk. */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes'],
      {
        stdio: 'ignore',
      },
    );
    for (let i = 0; i < 100; i++) {
      if (await redisAnswers(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${this.port} did not answer`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
}
