/**
 * The audit log: one JSON line per analytics query (api-contract.md). It
 * names the client by key id, never by key, and holds no token or secret.
 */
import { createWriteStream, type WriteStream } from 'node:fs';

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

  constructor(path: string) {
    this.stream = path === '-' ? process.stdout : createWriteStream(path, { flags: 'a' });
  }

  write(entry: AuditEntry): void {
    this.stream.write(`${JSON.stringify({ timestamp: new Date().toISOString(), ...entry })}\n`);
  }

  async close(): Promise<void> {
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve) => (this.stream as WriteStream).end(resolve));
  }
}
