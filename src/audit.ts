/**
 * The audit log: one JSON line per analytics query (api-contract.md). It
 * names the client by key id, never by key, and holds no token or secret.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
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
  interface: 'graphql' | 'rest';
}

export class AuditLog {
  private readonly stream: WriteStream | NodeJS.WriteStream;

  /** A file that cannot be written is logged once; queries go on being answered. */
  constructor(path: string, log: Logger) {
    this.stream = path === '-' ? process.stdout : createWriteStream(path, { flags: 'a' });
    this.stream.once('error', (err: Error) => log.error({ path, reason: err.message }, 'audit log cannot be written'));
  }

  write(entry: AuditEntry): void {
    this.stream.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...entry })}\n`);
  }

  async close(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve) => (this.stream as WriteStream).end(resolve));
  }
}
