/**
 * The one Redis connection of a gateway, shared by the result store, the
 * upstream limiter, the client rate limiter and the live channel: a single
 * node (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES).
 *
 * Footgun avoided: node-redis queues commands while disconnected, so a cache
 * read would wait for Redis to come back and the query would hang. The
 * offline queue is off, every call is bounded by REDIS_TIMEOUT_MS, and a call
 * that fails or times out answers undefined: the caller falls back.
 *
 * Footgun avoided (cluster): node-redis learns a new slot map only from a
 * MOVED or ASK reply. When a master dies no node answers for its slots, so
 * nothing ever says MOVED, and the client would keep calling the dead
 * address after its replica took over. While any node connection fails,
 * the slot map is read again (every half second) until the calls work.
 */
import { createClient, createCluster, type RedisClientType, type RedisClusterType } from '@keyv/redis';
import { ErrorReply } from '@redis/client';
import { withTimeout } from './clock.js';
import type { Logger } from './log.js';

/** The commands the gateway sends: the same on a node and on a cluster (which routes each by its first key). */
export type RedisClient = RedisClientType | RedisClusterType;

export interface RedisClusterState {
  /** CLUSTER INFO's cluster_state as a reachable node says it. */
  state: string;
  /** Masters the client routes to, and how many of them answered a PING now. */
  masters: number;
  mastersAnswering: number;
  slotsAssigned: number;
  slotsFailing: number;
}

export interface RedisConnection {
  readonly client: RedisClient;
  readonly mode: 'node' | 'cluster';
  /** False while the connection (any node of a cluster) is known to fail: callers go to their fallbacks without a call. */
  ready(): boolean;
  /** The call's answer, or undefined when Redis is away, failed or was slow. */
  bounded<T>(what: string, call: () => Promise<T>): Promise<T | undefined>;
  /** Resolves once connected (every master, on a cluster), or after `ms` without: the gateway starts either way. */
  connected(ms: number): Promise<void>;
  /** 'ok', or 'degraded: <reason>'. */
  health(): Promise<string>;
  /** For /readyz: the cluster as this gateway sees it (undefined for a single node). */
  clusterState(): Promise<RedisClusterState | undefined>;
  close(): Promise<void>;
}

/** Reconnect quickly at first, then every 2 s at most, forever: Redis coming back heals by itself. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000);
}

/** How often, at most, a failing cluster's slot map is read again. */
const REDISCOVER_MS = 500;

class Slow extends Error {}

/** Error replies that mean the cluster is reconfiguring, not that the command was wrong. */
const CLUSTER_TROUBLE = /^(CLUSTERDOWN|TRYAGAIN|MASTERDOWN|LOADING|MOVED|ASK)\b/;

export function connectRedis(target: { url: string } | { clusterNodes: string[] }, timeoutMs: number, log: Logger): RedisConnection {
  const socket = { connectTimeout: Math.max(1000, timeoutMs), reconnectStrategy: reconnectDelay };
  const cluster =
    'clusterNodes' in target
      ? (createCluster({ rootNodes: target.clusterNodes.map((url) => ({ url })), defaults: { disableOfflineQueue: true, socket } }) as RedisClusterType)
      : undefined;
  const client: RedisClient =
    cluster ?? (createClient({ url: 'url' in target ? target.url : undefined, disableOfflineQueue: true, socket }) as RedisClientType);

  let problem: string | null = 'connecting';
  let waiters: (() => void)[] = [];
  const healed = () => {
    if (problem !== null) log.info(cluster ? 'redis cluster ready' : 'redis ready');
    problem = null;
    for (const w of waiters) w();
    waiters = [];
  };
  const failed = (err: Error) => {
    if (problem === null) log.warn({ reason: err.message }, 'redis unavailable: cache, leases and limits fall back to this process until it is back');
    problem = err.message || err.name;
  };
  client.on('error', failed);

  let closed = false;
  let recheckTimer: NodeJS.Timeout | undefined;
  /** Whole when every master the client routes to answers; healed then, else read the slot map again later. */
  const check = async () => {
    if (!cluster) return;
    if (cluster.masters.length > 0 && (await mastersAnswering()) === cluster.masters.length) healed();
    else recheck();
  };
  /** Read the cluster's slot map again in REDISCOVER_MS, then check; again until whole. */
  const recheck = () => {
    if (!cluster || closed || recheckTimer) return;
    recheckTimer = setTimeout(async () => {
      try {
        const any = cluster.masters.find((m) => m.client)?.client ?? (await cluster.nodeClient(cluster.getRandomNode()));
        await cluster._slots.rediscover(any as RedisClientType);
      } catch {
        // No node answered: try again.
      }
      recheckTimer = undefined;
      await check();
    }, REDISCOVER_MS);
    recheckTimer.unref();
  };

  if (cluster) {
    cluster.on('node-error', (err: Error) => {
      failed(err);
      recheck();
    });
    // A node that came back (or a new master) may be all that was missing.
    cluster.on('node-ready', recheck);
    cluster.connect().then(check, (err: Error) => {
      // No seed node answered: keep trying, as a single node's client does.
      failed(err);
      const retry = (retries: number) =>
        setTimeout(() => {
          if (!closed) cluster.connect().then(check, () => retry(retries + 1));
        }, reconnectDelay(retries)).unref();
      retry(0);
    });
  } else {
    (client as RedisClientType).on('ready', healed);
    (client as RedisClientType).connect().catch(() => {});
  }

  /** Masters that answer PING now, each through its own connection. */
  async function mastersAnswering(): Promise<number> {
    if (!cluster) return 0;
    const answers = await Promise.all(
      cluster.masters.map(async (m) => {
        if (!m.client?.isReady) return false;
        return (await withTimeout(m.client.ping(), timeoutMs, () => new Slow('ping')).catch(() => '')) === 'PONG';
      }),
    );
    return answers.filter(Boolean).length;
  }

  const ready = () => (cluster ? cluster.isOpen && problem === null : (client as RedisClientType).isReady);

  async function bounded<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    if (!ready()) return undefined;
    try {
      return await withTimeout(call(), timeoutMs, () => new Slow(`${what} took over ${timeoutMs} ms`));
    } catch (err) {
      const reason = (err as Error).message;
      if (problem === null) log.warn({ reason, call: what }, 'redis call failed: falling back for this call');
      // A node that is slow, or on a cluster one that did not answer or says the cluster is down,
      // degrades the whole connection until it is checked again; an error reply such as a script's
      // says nothing about the nodes.
      if (err instanceof Slow || (cluster && !(err instanceof ErrorReply && !CLUSTER_TROUBLE.test(reason)))) problem = reason;
      recheck();
      return undefined;
    }
  }

  /** One look at a time: /readyz asks health() and clusterState() together, and both are this. */
  let looking: Promise<RedisClusterState | undefined> | undefined;
  function clusterState(): Promise<RedisClusterState | undefined> {
    looking ??= lookAtCluster().finally(() => (looking = undefined));
    return looking;
  }

  async function lookAtCluster(): Promise<RedisClusterState | undefined> {
    if (!cluster) return undefined;
    const answering = cluster.isOpen ? await mastersAnswering() : 0;
    let info = '';
    for (const m of cluster.isOpen ? cluster.masters : []) {
      if (!m.client?.isReady) continue;
      info = await withTimeout(m.client.clusterInfo(), timeoutMs, () => new Slow('cluster info')).catch(() => '');
      if (info) break;
    }
    const field = (name: string) => new RegExp(`^${name}:(\\S+)`, 'm').exec(info)?.[1];
    return {
      state: field('cluster_state') ?? 'unknown',
      masters: cluster.isOpen ? cluster.masters.length : 0,
      mastersAnswering: answering,
      slotsAssigned: Number(field('cluster_slots_assigned') ?? 0),
      slotsFailing: Number(field('cluster_slots_pfail') ?? 0) + Number(field('cluster_slots_fail') ?? 0),
    };
  }

  return {
    client,
    mode: cluster ? 'cluster' : 'node',
    ready,
    bounded,
    connected(ms) {
      if (ready()) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, ms).unref();
      });
    },
    async health() {
      if (cluster) {
        const s = await clusterState();
        if (s && s.state === 'ok' && s.masters > 0 && s.mastersAnswering === s.masters) {
          healed();
          return 'ok';
        }
        return `degraded: redis cluster ${s?.state === 'ok' ? `${s.mastersAnswering} of ${s.masters} masters answer` : `state ${s?.state ?? 'unknown'}`}${problem ? ` (${problem})` : ''}`;
      }
      const node = client as RedisClientType;
      if (!node.isReady) return `degraded: redis ${problem ?? 'not connected'}`;
      const pong = await bounded('ping', () => node.ping());
      if (pong === 'PONG') problem = null;
      return pong === 'PONG' ? 'ok' : `degraded: redis ${problem ?? 'did not answer'}`;
    },
    clusterState,
    async close() {
      closed = true;
      clearTimeout(recheckTimer);
      // close() waits for pending commands, which never end on a dead socket: bound it.
      if (client.isOpen) await withTimeout(client.close(), timeoutMs, () => new Slow('close')).catch(() => {});
      if (client.isOpen) client.destroy();
    },
  };
}
