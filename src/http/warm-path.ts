/**
 * The warm path below Fastify: a repeated POST /graphql whose response bytes
 * are cached is answered straight from the node:http server, after the same
 * API-key check and rate limit, with the same audit lines and metrics.
 * Everything else (and every miss) goes on to Fastify, with the body it
 * already read replayed through a preParsing hook.
 */
import { nameRequestSpan } from './request-span.js';
import { tracingEnabled } from '../tracing.js';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Services } from '../analytics/services.js';
import { refusalBody, type Admission, type Refusal } from './admission.js';
import type { CorsPolicy } from './cors.js';
import type { CachedResponse, ResponseCache } from './response-cache.js';

/** Larger bodies are not GraphQL documents worth caching; Fastify reads (and limits) them. */
const MAX_WARM_BODY_BYTES = 64 * 1024;

export interface Replayable extends IncomingMessage {
  replayBody?: Buffer;
}

type Next = (req: IncomingMessage, res: ServerResponse) => void;

export class WarmPath {
  // Label children resolved once: prom-client hashes label values on every call otherwise.
  private readonly seconds;
  private readonly hits;
  private readonly byStatus = new Map<number, { inc(): void }>();
  /** Decided at start (telemetry.ts): off, a warm request does not look for a span. */
  private readonly traced = tracingEnabled();

  constructor(
    readonly responses: ResponseCache,
    private readonly admission: Admission,
    private readonly services: Services,
    private readonly cors: CorsPolicy | null = null,
  ) {
    this.seconds = services.metrics.requestSeconds.labels({ route: '/graphql' });
    this.hits = services.metrics.tally(services.metrics.cache.labels({ outcome: 'hit' }));
  }

  handle(req: Replayable, res: ServerResponse, next: Next): void {
    if (req.method === 'GET') return this.handleGet(req, res, next);
    const length = Number(req.headers['content-length']);
    // JSON only: a text/plain or form POST must meet Apollo's CSRF check, never cached bytes.
    if (req.method !== 'POST' || req.url !== '/graphql' || !isJson(req.headers['content-type']) || !(length > 0 && length <= MAX_WARM_BODY_BYTES)) {
      return next(req, res);
    }
    // The key is checked on the headers: a caller without one is refused by
    // Fastify's hook before any body is read, however slowly it is sent.
    const client = this.admission.identify(req.headers);
    if (client === null) return next(req, res);
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      req.replayBody = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      this.serve(req, res, client, req.replayBody, started, next);
    });
  }

  /** A GET that Apollo's CSRF prevention lets through: the URL is the request, no body to read. */
  private handleGet(req: IncomingMessage, res: ServerResponse, next: Next): void {
    const request = warmRequest(req.method, req.url, req.headers);
    const client = request === undefined ? null : this.admission.identify(req.headers);
    if (request === undefined || client === null) return next(req, res);
    this.serve(req, res, client, request, performance.now(), next);
  }

  /**
   * Answers from the cached bytes, or hands the request on when there are none for this caller
   * and request. Synchronous unless a rate limiter must be asked (a promise per request cost a
   * measurable share of a warm one).
   */
  private serve(req: IncomingMessage, res: ServerResponse, client: string, request: Buffer, started: number, next: Next): void {
    const hit = this.responses.get({ client, accept: req.headers.accept, request });
    if (!hit) return next(req, res);
    if (!this.admission.limited) return this.answer(req, res, next, client, hit, started, null);
    this.admission.rateLimit(client, req.socket.remoteAddress).then(
      (refusal) => this.answer(req, res, next, client, hit, started, refusal),
      () => next(req, res),
    );
  }

  /** Writes the hit, or the refusal; one that throws before anything was sent leaves the request to Fastify, as a miss. */
  private answer(req: IncomingMessage, res: ServerResponse, next: Next, client: string, hit: CachedResponse, started: number, refusal: Refusal | null): void {
    try {
      if (refusal) this.refuse(req, res, refusal, started);
      else this.write(req, res, client, hit, started);
    } catch {
      if (res.headersSent) res.destroy();
      else next(req, res);
    }
  }

  private refuse(req: IncomingMessage, res: ServerResponse, refusal: Refusal, started: number): void {
    const requestId = randomUUID();
    const text = refusalBody('/graphql', refusal, requestId);
    res.writeHead(refusal.status, {
      ...this.cors?.headers(req.headers.origin),
      ...refusal.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-request-id': requestId,
    });
    res.end(text);
    this.count(refusal.status, started);
  }

  private write(req: IncomingMessage, res: ServerResponse, client: string, hit: CachedResponse, started: number): void {
    const latency = Math.round((performance.now() - started) * 100) / 100;
    for (const line of hit.hits) {
      this.hits.inc();
      this.services.audit.writeHit(line, latency, client);
    }
    if (this.traced) nameRequestSpan(req, '/graphql', { 'gateway.warm_path': true });
    // Names and values in one list: Node takes it as it is, with no object to walk.
    const headers: (string | number)[] = ['etag', hit.etag, 'x-response-cache', 'hit', 'x-request-id', randomUUID()];
    const cors = this.cors?.headers(req.headers.origin);
    if (cors) for (const name in cors) headers.push(name, cors[name]!);
    if (req.headers['if-none-match'] === hit.etag) {
      res.writeHead(304, headers).end();
      return this.count(304, started);
    }
    headers.push('content-type', hit.contentType, 'content-length', hit.body.length);
    res.writeHead(200, headers);
    res.end(hit.body);
    this.count(200, started);
  }

  /** The request's count and its latency, taken once the response is written. */
  private count(status: number, started: number): void {
    let counter = this.byStatus.get(status);
    if (!counter) this.byStatus.set(status, (counter = this.services.metrics.tally(this.services.metrics.requests.labels({ route: '/graphql', status }))));
    counter.inc();
    this.seconds.observe((performance.now() - started) / 1000);
  }
}

export function isJson(contentType: string | undefined): boolean {
  return contentType === 'application/json' || (contentType !== undefined && /^application\/json\s*(;|$)/i.test(contentType));
}

/**
 * What identifies a GET /graphql whose answer may be kept and served again:
 * its URL, when it is one Apollo's CSRF prevention lets through (a JSON
 * content type, or a header a browser cannot send without a preflight);
 * undefined for any other request.
 */
export function warmRequest(method: string | undefined, url: string | undefined, headers: IncomingMessage['headers']): Buffer | undefined {
  if (method !== 'GET' || url === undefined || !url.startsWith('/graphql?')) return undefined;
  const safe = isJson(headers['content-type']) || headers['apollo-require-preflight'] !== undefined || headers['x-apollo-operation-name'] !== undefined;
  return safe ? Buffer.from(`GET ${url}`) : undefined;
}

/** For Fastify's preParsing hook: the body the warm path already read, as a stream again. */
export function replayedBody(req: Replayable): Readable | undefined {
  const body = req.replayBody;
  if (!body) return undefined;
  const stream = Readable.from([body]) as Readable & { receivedEncodedLength?: number };
  stream.receivedEncodedLength = body.length;
  return stream;
}
