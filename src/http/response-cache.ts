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
 * Only truthful answers are kept: none with errors, stale parts or warnings,
 * and none that select `meta.cacheHit` or `meta.latencyMs`, which change per
 * request (`meta.stale` is false in every answer kept).
 */
import { createHash } from 'node:crypto';
import { AuditLog, type HitLine } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Cacheability } from '../graphql/cacheability.js';

export interface CachedResponse {
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

  /** `maxBytes`: UTF-8 bytes of responses kept at most; least recently used go first. */
  constructor(
    private readonly maxBytes: number,
    private readonly clock: Clock,
    private readonly evicted?: () => void,
  ) {}

  /** UTF-8 bytes of the responses kept. */
  get size(): number {
    return this.bytes;
  }

  /** The key of a POST: who asks, what it accepts, and the body as sent (operation and variables). */
  static keyOf(client: string, accept: string | undefined, body: string): string {
    return `${client}\n${accept ?? ''}\n${body}`;
  }

  get(key: string): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.clock.now() >= entry.validUntil) {
      this.delete(key, entry);
      return undefined;
    }
    // Marked, not moved: moving a long key to the back of the Map on every hit cost more than
    // the rest of the lookup; eviction gives a marked entry a second chance instead.
    entry.used = true;
    return entry;
  }

  /** Keeps a truthful response; the entry kept, or undefined when it may not be kept. */
  set(key: string, body: string, contentType: string, c: Cacheability): CachedResponse | undefined {
    if (!c.ok || c.validUntil <= this.clock.now() || body.length > this.maxBytes / MAX_ENTRY_SHARE) return undefined;
    const old = this.entries.get(key);
    if (old) this.delete(key, old);
    const bytes = Buffer.from(body);
    const etag = `"${createHash('sha1').update(bytes).digest('base64url')}"`;
    const hits = c.answered.map((a) => AuditLog.hitLine(a.cacheKey, a.rows));
    const entry = { body: bytes, etag, contentType, validUntil: c.validUntil, hits, used: false };
    this.entries.set(key, entry);
    // Bytes as stored (UTF-8), the same measure delete() takes back.
    this.bytes += bytes.length;
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
    this.bytes -= entry.body.length;
  }
}
