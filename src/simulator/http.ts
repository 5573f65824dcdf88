/** What every simulated API shares: reading a request, answering it, and the record tests read. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults, RateWindow } from './faults.js';
import type { Tenant } from './tenant.js';

export interface RecordedRequest {
  at: number;
  method: string;
  path: string;
  /** The query string, for GET calls. */
  search: string;
  status: number;
  /** When the answer was sent (0 until then). */
  doneAt: number;
  authorization: string | undefined;
  niceUsername: string | undefined;
  userAgent: string | undefined;
  /** W3C trace context the gateway sent (tracing on). */
  traceparent: string | undefined;
  /** Parsed JSON body, or form fields for the token endpoint. */
  body: unknown;
}

/** Sends the answer, after the configured latency; records its status and when it left. */
export type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void;

/** One request to a simulated API, with what it may read of the simulator. */
export interface SimRequest {
  req: IncomingMessage;
  url: URL;
  raw: string;
  record: RecordedRequest;
  answer: Answer;
  tenant: Tenant;
  faults: Faults;
  window: RateWindow;
  random: () => number;
  /** The simulator's own address, for links in discovery documents. */
  base: string;
}

export function parseBasic(header: string | undefined): { id: string; secret: string } | null {
  const m = /^Basic (.+)$/.exec(header ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString();
  const i = decoded.indexOf(':');
  return i < 0 ? null : { id: decoded.slice(0, i), secret: decoded.slice(i + 1) };
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function tryJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
}
