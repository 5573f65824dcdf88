/**
 * Upstream traffic shaping, per CXone credential: requests per second and
 * requests in flight, shared by every instance through Redis when there is
 * one. A 429 from CXone pauses every caller for its Retry-After, instead of
 * letting each waiting request retry into it.
 *
 * The rate is a schedule, not a counter: each call reserves the next start
 * time `1000 / rps` ms after the previous reservation (GCRA without burst),
 * so no sliding second ever holds more than `rps` starts.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { RedisConnection } from '../redis.js';

export interface UpstreamLimiter {
  /** Waits for a start slot and a place in flight; call the returned function when done. */
  acquire(): Promise<() => void>;
  /** No call starts before `ms` from now, on any instance. */
  pause(ms: number): Promise<void>;
  /** ms waited in acquire, for metrics. */
  onWait?: (ms: number) => void;
}

export interface LimiterSettings {
  rps: number;
  concurrency: number;
  clock: Clock;
}

/**
 * Starts are spaced 2 % wider than 1000 / rps: a request leaves a few ms late
 * now and then, and the next one must not land in the same CXone second.
 */
const SPACING_MARGIN = 1.02;

export class LocalLimiter implements UpstreamLimiter {
  private nextStart = 0;
  private lastStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  /** The clock's last reading: when it reads less (a step back), the schedule moves back with it. */
  private lastSeen = Number.NEGATIVE_INFINITY;
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];
  private readonly interval: number;
  onWait?: (ms: number) => void;

  constructor(private readonly settings: LimiterSettings) {
    this.interval = (1000 / settings.rps) * SPACING_MARGIN;
  }

  /**
   * Now, by the clock; when the clock was set back (an NTP step), the
   * schedule is moved back as far: it would otherwise hold every call until
   * the clock caught up with it again.
   */
  private now(): number {
    const now = this.settings.clock.now();
    if (now < this.lastSeen) {
      const back = this.lastSeen - now;
      this.nextStart -= back;
      this.lastStart -= back;
      this.pausedUntil -= back;
    }
    this.lastSeen = now;
    return now;
  }

  async acquire(): Promise<() => void> {
    const started = this.now();
    if (this.inFlight >= this.settings.concurrency) await new Promise<void>((r) => this.queue.push(r));
    this.inFlight++;
    for (;;) {
      const now = this.now();
      const at = Math.max(now, this.nextStart, this.pausedUntil);
      this.nextStart = at + this.interval;
      if (at > now) await this.settings.clock.sleep(at - now);
      // A pause that arrived while this call slept moves it behind the pause;
      // timers that fire late together must not start together.
      const woke = this.now();
      if (woke >= this.pausedUntil && woke - this.lastStart >= this.interval) {
        this.lastStart = woke;
        break;
      }
      this.nextStart = Math.max(this.nextStart, this.lastStart + this.interval);
    }
    this.onWait?.(Math.max(0, this.now() - started));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.queue.shift()?.();
    };
  }

  async pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}

// Times come from Redis (TIME), so instances with skewed clocks share one schedule.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextStart = tonumber(redis.call('GET', KEYS[1]) or '0')
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, nextStart, paused)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', 60000)
return {at - now, math.max(0, paused - now)}`;
const PAUSE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], tostring(untilMs), 'PX', tonumber(ARGV[1]) + 1000) end
return 1`;
const PAUSED_FOR = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return math.max(0, tonumber(redis.call('GET', KEYS[1]) or '0') - now)`;
// In flight: a sorted set of holders scored by when their claim lapses (a dead holder frees itself).
const ENTER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0`;

export interface SharedLimiterSettings extends LimiterSettings {
  redis: RedisConnection;
  /** Key prefix: namespace and credential. */
  prefix: string;
  /** Longest a claim in flight lasts without release (a call's timeout plus slack). */
  holdMs: number;
}

/**
 * The limiter in Redis. When Redis does not answer, it falls back to a local
 * limiter: the instance keeps its own budget until Redis is back.
 */
export class SharedLimiter implements UpstreamLimiter {
  private readonly local: LocalLimiter;
  private readonly interval: number;
  onWait?: (ms: number) => void;

  /** In braces, a hash tag: every key of the schedule lives in one slot, so RESERVE runs on a Redis Cluster. */
  private readonly keyPrefix: string;

  constructor(private readonly s: SharedLimiterSettings) {
    this.keyPrefix = `{${s.prefix}}`;
    this.local = new LocalLimiter(s);
    this.interval = (1000 / s.rps) * SPACING_MARGIN;
  }

  async acquire(): Promise<() => void> {
    const started = this.s.clock.now();
    const prefix = this.keyPrefix;
    const { client, bounded } = this.s.redis;
    const member = randomBytes(8).toString('hex');
    // A place in flight.
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const entered = await bounded('limiter enter', () =>
        client.eval(ENTER, { keys: [`${prefix}:inflight`], arguments: [String(this.s.concurrency), String(this.s.holdMs), member] }),
      );
      if (entered === undefined) return this.local.acquire();
      if (entered === 1) break;
      await this.s.clock.sleep(delay);
    }
    const release = () => {
      void bounded('limiter leave', () => client.zRem(`${prefix}:inflight`, member));
    };
    // A start slot, behind any pause.
    for (;;) {
      const reply = (await bounded('limiter reserve', () =>
        client.eval(RESERVE, { keys: [`${prefix}:next`, `${prefix}:paused`], arguments: [String(this.interval)] }),
      )) as [number, number] | undefined;
      if (reply === undefined) break;
      if (reply[0] > 0) await this.s.clock.sleep(reply[0]);
      const pausedFor = (await bounded('limiter pause check', () => client.eval(PAUSED_FOR, { keys: [`${prefix}:paused`] }))) as number | undefined;
      if (!pausedFor) break;
      await this.s.clock.sleep(pausedFor);
    }
    this.onWait?.(this.s.clock.now() - started);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  }

  async pause(ms: number): Promise<void> {
    await this.local.pause(ms);
    const { client, bounded } = this.s.redis;
    await bounded('limiter pause', () => client.eval(PAUSE, { keys: [`${this.keyPrefix}:paused`], arguments: [String(Math.ceil(ms))] }));
  }
}
