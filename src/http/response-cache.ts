/**
 * The warm path: the bytes of a GraphQL response, kept next to the cached
 * results they were built from and written before GraphQL runs when the same
 * client sends the same operation again. The warm path (warm-path.ts), below
 * Fastify and its hooks, checks the API key on the headers before looking an
 * entry up and takes the client's rate limit before writing one; the client
 * is part of every key, so a caller only reads what was answered to it. An
 * entry lives until the first of its results goes past its TTL, so a
 * refreshed result is never hidden behind old bytes.
 *
 * An entry is found by a hash of the request's bytes and then compared with
 * them in full: V8 hashing the request as a string (a 600-byte body in a
 * key) cost more than the rest of a warm lookup, and a hash that finds the
 * wrong entry only ever finds none.
 *
 * Only truthful answers are kept: none with errors, stale parts or warnings,
 * and none that select `meta.cacheHit` or `meta.latencyMs`, which change per
 * request (`meta.stale` is false in every answer kept).
 */
import { createHash, randomInt } from 'node:crypto';
import { AuditLog, type HitLine } from '../audit.js';
import type { Clock } from '../clock.js';
import { keptBytes } from '../kept-bytes.js';
import type { Cacheability } from '../graphql/cacheability.js';

/** What a kept response answers: who asked, what they accept, and the request as sent (a POST's body, or `GET <url>`). */
export interface RequestKey {
  client: string;
  accept: string | undefined;
  request: Buffer;
}

export interface CachedResponse {
  /** The request's bytes (a copy): compared in full on every lookup. */
  request: Buffer;
  /** Encoded once: writing a string re-encodes it to UTF-8 on every send. */
  body: Buffer;
  etag: string;
  contentType: string;
  validUntil: number;
  /** Audit lines to write on a hit: one per analytics field. */
  hits: HitLine[];
  /** Read since the last eviction pass looked at it (second chance: kept, moved to the back). */
  used: boolean;
}

/** A response larger than this share of the bound is not kept: it would push out many small ones. */
const MAX_ENTRY_SHARE = 8;

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;

  /**
   * `maxBytes`: bytes kept at most (responses, their requests and audit line parts); least recently used go first.
   * `hash`: of a request's bytes (seeded at random per cache unless a test gives one).
   */
  constructor(
    private readonly maxBytes: number,
    private readonly clock: Clock,
    private readonly evicted?: () => void,
    private readonly hash: (bytes: Uint8Array) => number = seededHash(randomInt(2 ** 31)),
  ) {}

  /** Bytes kept: responses, their requests and audit line parts. */
  get size(): number {
    return this.bytes;
  }

  private keyOf(k: RequestKey): string {
    return `${k.client}\n${k.accept ?? ''}\n${this.hash(k.request)}`;
  }

  get(k: RequestKey): CachedResponse | undefined {
    const key = this.keyOf(k);
    const entry = this.entries.get(key);
    if (!entry || !entry.request.equals(k.request)) return undefined;
    if (this.clock.now() >= entry.validUntil) {
      this.delete(key, entry);
      return undefined;
    }
    // Marked, not moved: moving a long key to the back of the Map on every hit cost more than
    // the rest of the lookup; eviction gives a marked entry a second chance instead.
    entry.used = true;
    return entry;
  }

  /**
   * Keeps a truthful response; the entry kept, or undefined when it may not be kept. A request
   * whose hash another kept one shares replaces it.
   */
  set(k: RequestKey, body: string, contentType: string, c: Cacheability): CachedResponse | undefined {
    if (!c.ok || c.validUntil <= this.clock.now() || body.length > this.maxBytes / MAX_ENTRY_SHARE) return undefined;
    const key = this.keyOf(k);
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    const bytes = keptBytes(body);
    const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
    const hits = c.answered.map((a) => AuditLog.hitLine(a.cacheKey, a.rows));
    // A copy: the request may be a view of a larger buffer that should not stay in memory with it.
    const entry = { request: keptBytes(k.request), body: bytes, etag, contentType, validUntil: c.validUntil, hits, used: false };
    this.entries.set(key, entry);
    // The same measure delete() takes back.
    this.bytes += entrySize(entry);
    this.evict(key);
    return this.entries.get(key);
  }

  /** Oldest first, down to the bound; an entry read since it was last passed goes to the back once. */
  private evict(newest: string): void {
    while (this.bytes > this.maxBytes) {
      const [k, e] = this.entries.entries().next().value as [string, CachedResponse];
      if (e.used && k !== newest) {
        e.used = false;
        this.entries.delete(k);
        this.entries.set(k, e);
        continue;
      }
      this.delete(k, e);
      this.evicted?.();
    }
  }

  private delete(key: string, entry: CachedResponse): void {
    this.entries.delete(key);
    this.bytes -= entrySize(entry);
  }
}

/** What an entry holds in buffers: the response, the request, and its audit lines' parts. */
function entrySize(e: CachedResponse): number {
  let size = e.body.length + e.request.length;
  for (const h of e.hits) size += h.head.length + h.tail.length;
  return size;
}

/**
 * A hash of bytes, 53 bits, in which every byte counts: each 4-byte word goes through two
 * lanes of multiply and xor-shift, each step a bijection of the lane, so two requests of one
 * length that differ in one word always differ in the first lane. Not for secrets: `seed`
 * keeps a caller from choosing requests that collide (which would only cost them their own
 * hits, since the bytes are compared).
 */
export function seededHash(seed: number): (bytes: Uint8Array) => number {
  return (b) => {
    let a = seed ^ b.length;
    let c = ~seed;
    const n = b.length;
    const whole = n - (n % 4);
    let i = 0;
    for (; i < whole; i += 4) {
      const w = b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
      a = Math.imul(a ^ w, 0x9e3779b1);
      a ^= a >>> 15;
      c = Math.imul(c + w, 0x85ebca77);
      c ^= c >>> 13;
    }
    for (; i < n; i++) {
      a = Math.imul(a ^ b[i]!, 0x9e3779b1);
      c = Math.imul(c + b[i]!, 0x85ebca77);
    }
    return (a >>> 0) * 2 ** 21 + (c >>> 11);
  };
}
