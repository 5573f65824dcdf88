/**
 * Per-client rate limiting: a token bucket per API key id (per address for
 * anonymous callers), in Redis when there is one so replicas share it, in
 * process otherwise or while Redis is away.
 */
import type { Clock } from './clock.js';
import type { RedisConnection } from './redis.js';

export interface RateDecision {
  allowed: boolean;
  /** Seconds until a token is back, when refused. */
  retryAfterSeconds: number;
}

export interface ClientRateLimiter {
  /**
   * Takes `cost` tokens from the client's bucket, or none when it holds
   * fewer. `force` takes them anyway (the bucket may go below 0: a debt
   * paid back over time); a negative cost gives tokens back.
   */
  take(client: string, cost?: number, force?: boolean): Promise<RateDecision>;
}

export interface BucketSettings {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the burst a client may send at once. */
  burst: number;
}

function decision(tokens: number, perSecond: number, cost: number, force: boolean): RateDecision & { tokens: number } {
  if (tokens >= cost || force) return { allowed: true, retryAfterSeconds: 0, tokens: tokens - cost };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - tokens) / perSecond)), tokens };
}

export function localRateLimiter({ perSecond, burst }: BucketSettings, clock: Clock): ClientRateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    async take(client, cost = 1, force = false) {
      const now = clock.now();
      const b = buckets.get(client) ?? { tokens: burst, at: now };
      const d = decision(Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond), perSecond, cost, force);
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
local cost = tonumber(ARGV[3])
local force = ARGV[4] == '1'
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate / 1000)
local allowed = 0
if tokens >= cost or force then tokens = tokens - cost; allowed = 1 end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - math.min(tokens, 0)) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}`;

export function sharedRateLimiter(redis: RedisConnection, prefix: string, settings: BucketSettings, clock: Clock): ClientRateLimiter {
  const local = localRateLimiter(settings, clock);
  return {
    async take(client, cost = 1, force = false) {
      const reply = (await redis.bounded('rate limit', () =>
        redis.client.eval(TAKE, {
          keys: [`${prefix}:${client}`],
          arguments: [String(settings.perSecond), String(settings.burst), String(cost), force ? '1' : '0'],
        }),
      )) as [number, string] | undefined;
      if (reply === undefined) return local.take(client, cost, force);
      if (reply[0] === 1) return { allowed: true, retryAfterSeconds: 0 };
      return { allowed: false, retryAfterSeconds: decision(Number(reply[1]), settings.perSecond, cost, false).retryAfterSeconds };
    },
  };
}
