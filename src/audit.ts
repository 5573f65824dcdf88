/**
 * The audit log: one JSON line per analytics query (docs/public-api.md). It
 * names the client by key id, never by key, and holds no token or secret.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Clock } from './clock.js';
import { keptBytes } from './kept-bytes.js';
import type { Logger } from './log.js';

export interface AuditEntry {
  cache_key: string | null;
  cache_hit: boolean;
  latency_ms: number;
  row_count: number;
  status: 'success' | 'error';
  client: string;
  upstream_pages: number;
  retries: number;
  error_code?: string;
  stale?: boolean;
  interface: 'graphql' | 'rest' | 'graphql-ws' | 'graphql-sse';
}

/** A cache hit's line around its latency, from AuditLog.hitLine: UTF-8, encoded once. */
export interface HitLine {
  readonly head: Buffer;
  readonly tail: Buffer;
}

/**
 * Lines are gathered and written at most every FLUSH_MS: at thousands of warm
 * queries a second, a file write per line (or per event-loop turn) was the
 * largest cost left on the warm path. They are encoded as they come into
 * CHUNK_BYTES buffers, not joined into one string first (measured alone, the
 * join and its write cost more than building the line). close() writes what is pending.
 */
const FLUSH_MS = 50;
const CHUNK_BYTES = 256 * 1024;
/** Written buffers kept for reuse, at most. */
const SPARE_CHUNKS = 4;
/** Clients whose JSON name is kept encoded, at most (key ids: a handful). */
const CLIENT_NAMES = 64;

const HIT_OPEN = keptBytes('{"timestamp":"');
const HIT_CLOSE = keptBytes(',"upstream_pages":0,"retries":0}\n');

export class AuditLog {
  private readonly stream: WriteStream | NodeJS.WriteStream;
  private scheduled = false;

  /** A file that cannot be written is logged once; queries go on being answered. */
  constructor(
    path: string,
    log: Logger,
    private readonly clock: Clock,
  ) {
    this.stream = path === '-' ? process.stdout : createWriteStream(path, { flags: 'a' });
    this.stream.once('error', (err: Error) => log.error({ path, reason: err.message }, 'audit log cannot be written'));
  }

  write(entry: AuditEntry): void {
    const line = `${JSON.stringify({ timestamp: new Date(this.clock.now()).toISOString(), ...entry })}\n`;
    const size = Buffer.byteLength(line);
    const at = this.reserve(size);
    this.chunk.write(line, at, size);
  }

  /**
   * The parts of a GraphQL cache hit's line that are the same at every hit of one kept answer:
   * made and encoded once, when the answer's bytes are kept (see writeHit).
   */
  static hitLine(cacheKey: string, rows: number): HitLine {
    return {
      head: keptBytes(`","interface":"graphql","cache_key":${JSON.stringify(cacheKey)},"cache_hit":true,"latency_ms":`),
      tail: keptBytes(`,"row_count":${rows},"status":"success","client":`),
    };
  }

  /**
   * The warm path's line: the same text write() makes for a GraphQL cache hit, copied into the
   * write buffer from parts encoded before (once per kept answer, per millisecond, per client)
   * rather than serialized per request (that was 8 % of a warm request's CPU) or joined and
   * encoded per request (half of what was left).
   */
  writeHit(line: HitLine, latencyMs: number, client: string): void {
    const stamp = this.stamp();
    const who = this.clientName(client);
    const latency = String(latencyMs); // a number's text: ASCII, one byte a character
    const size = HIT_OPEN.length + stamp.length + line.head.length + latency.length + line.tail.length + who.length + HIT_CLOSE.length;
    let at = this.reserve(size);
    const chunk = this.chunk;
    chunk.set(HIT_OPEN, at);
    chunk.set(stamp, (at += HIT_OPEN.length));
    chunk.set(line.head, (at += stamp.length));
    at += line.head.length;
    for (let i = 0; i < latency.length; i++) chunk[at++] = latency.charCodeAt(i);
    chunk.set(line.tail, at);
    chunk.set(who, (at += line.tail.length));
    chunk.set(HIT_CLOSE, at + who.length);
  }

  private stampedAt = Number.NaN;
  private stampBytes = Buffer.alloc(0);

  /** The clock's now as ISO text, encoded once per millisecond (thousands of hits share one). */
  private stamp(): Buffer {
    const now = this.clock.now();
    if (now !== this.stampedAt) {
      this.stampedAt = now;
      this.stampBytes = Buffer.from(new Date(now).toISOString(), 'latin1');
    }
    return this.stampBytes;
  }

  private readonly names = new Map<string, Buffer>();

  /** A client's name as a JSON string, encoded once. */
  private clientName(client: string): Buffer {
    let name = this.names.get(client);
    if (!name) {
      if (this.names.size >= CLIENT_NAMES) this.names.clear();
      this.names.set(client, (name = keptBytes(JSON.stringify(client))));
    }
    return name;
  }

  private chunk: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly sealed: Buffer[] = [];
  private readonly spare: Buffer[] = [];

  /**
   * Room for a line of `size` bytes at the end of the current chunk (a new one when it does not
   * fit; one of its own when it is larger than a chunk); where it starts. Schedules a flush.
   */
  private reserve(size: number): number {
    if (this.used + size > this.chunk.length) {
      this.seal();
      if (size > CHUNK_BYTES) {
        this.spare.push(this.chunk);
        this.chunk = Buffer.allocUnsafe(size);
      }
    }
    const at = this.used;
    this.used += size;
    if (!this.scheduled) {
      this.scheduled = true;
      void this.clock.sleep(FLUSH_MS).then(() => this.flush());
    }
    return at;
  }

  private seal(): void {
    if (this.used === 0) return;
    this.sealed.push(this.chunk.subarray(0, this.used));
    this.chunk = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  /** Writes what is pending now; resolves once it is written. */
  flush(): Promise<void> {
    this.scheduled = false;
    this.seal();
    if (this.sealed.length === 0) return Promise.resolve();
    const parts = this.sealed.splice(0);
    return new Promise((resolve) => {
      parts.forEach((p, i) =>
        this.stream.write(
          p,
          i === parts.length - 1
            ? () => {
                this.reuse(parts);
                resolve();
              }
            : undefined,
        ),
      );
    });
  }

  /**
   * Written buffers go back for the next lines: a new 256 KB buffer per flush is memory V8
   * reclaims only in a full collection (it grew by 2 MB a second under a warm load).
   */
  private reuse(parts: Buffer[]): void {
    for (const p of parts) {
      if (this.spare.length >= SPARE_CHUNKS || p.buffer.byteLength !== CHUNK_BYTES) continue;
      this.spare.push(Buffer.from(p.buffer, p.byteOffset, CHUNK_BYTES));
    }
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve) => (this.stream as WriteStream).end(resolve));
  }
}
