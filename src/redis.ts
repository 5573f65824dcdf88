/**
 * The one Redis connection of a gateway, shared by the result store, the
 * upstream limiter and the client rate limiter.
 *
 * Footgun avoided: node-redis queues commands while disconnected, so a cache
 * read would wait for Redis to come back and the query would hang. The
 * offline queue is off, every call is bounded by REDIS_TIMEOUT_MS, and a call
 * that fails or times out answers undefined: the caller falls back.
 */
import { createClient, type RedisClientType } from '@keyv/redis';
import { withTimeout } from './clock.js';
import type { Logger } from './log.js';

export interface RedisConnection {
  readonly client: RedisClientType;
  /** The call's answer, or undefined when Redis is away, failed or was slow. */
  bounded<T>(what: string, call: () => Promise<T>): Promise<T | undefined>;
  /** 'ok', or 'degraded: <reason>'. */
  health(): Promise<string>;
  close(): Promise<void>;
}

/** Reconnect quickly at first, then every 2 s at most, forever: Redis coming back heals by itself. */
function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** retries, 2000);
}

class Slow extends Error {}

export function connectRedis(url: string, timeoutMs: number, log: Logger): RedisConnection {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: Math.max(1000, timeoutMs), reconnectStrategy: reconnectDelay },
  }) as RedisClientType;
  let problem: string | null = 'connecting';
  client.on('ready', () => {
    if (problem !== null) log.info('redis ready');
    problem = null;
  });
  client.on('error', (err: Error) => {
    if (problem === null) log.warn({ reason: err.message }, 'redis unavailable: cache, leases and limits fall back to this process until it is back');
    problem = err.message || err.name;
  });
  client.connect().catch(() => {});

  async function bounded<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    if (!client.isReady) return undefined;
    try {
      return await withTimeout(call(), timeoutMs, () => new Slow(`${what} took over ${timeoutMs} ms`));
    } catch (err) {
      const reason = (err as Error).message;
      if (problem === null) log.warn({ reason }, 'redis call failed: falling back for this call');
      if (err instanceof Slow) problem = reason;
      return undefined;
    }
  }

  return {
    client,
    bounded,
    async health() {
      if (!client.isReady) return `degraded: redis ${problem ?? 'not connected'}`;
      const pong = await bounded('ping', () => client.ping());
      if (pong === 'PONG') problem = null;
      return pong === 'PONG' ? 'ok' : `degraded: redis ${problem ?? 'did not answer'}`;
    },
    async close() {
      // close() waits for pending commands, which never end on a dead socket: bound it.
      if (client.isOpen) await bounded('close', () => client.close());
      if (client.isOpen) client.destroy();
    },
  };
}
