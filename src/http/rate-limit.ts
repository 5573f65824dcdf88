/**
 * Per-client rate limiting: a token bucket per API key id (per address for
 * anonymous callers), in Redis when there is one so replicas share it, in
 * process otherwise or while Redis is away.
 */
import type { RedisConnection } from '../cache/redis-connection.js';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until a token is back, when refused. */
  retryAfterSeconds: number;
}

export interface ClientRateLimiter {
  take(client: string): Promise<RateDecision>;
}

export interface BucketSettings {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the burst a client may send at once. */
  burst: number;
}

function decision(tokens: number, perSecond: number): RateDecision & { tokens: number } {
  if (tokens >= 1) return { allowed: true, retryAfterSeconds: 0, tokens: tokens - 1 };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)), tokens };
}

export function localRateLimiter({ perSecond, burst }: BucketSettings): ClientRateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(client) {
      const now = Date.now();
      const b = buckets.get(client) ?? { tokens: burst, at: now };
      const d = decision(Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond), perSecond);
      buckets.set(client, { tokens: d.tokens, at: now });
      if (buckets.size > 10_000) buckets.clear(); // anonymous addresses must not grow it without bound
      return d;
    },
  };
}

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then tokens = tokens - 1; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return {allowed, tostring(tokens)}`;

export function sharedRateLimiter(redis: RedisConnection, prefix: string, settings: BucketSettings): ClientRateLimiter {
  const local = localRateLimiter(settings);
  return {
    async take(client) {
      const reply = (await redis.bounded('rate limit', () =>
        redis.client.eval(TAKE, { keys: [`${prefix}:${client}`], arguments: [String(settings.perSecond), String(settings.burst)] }),
      )) as [number, string] | undefined;
      if (reply === undefined) return local.take(client);
      if (reply[0] === 1) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: decision(Number(reply[1]), settings.perSecond).retryAfterSeconds };
    },
  };
}
