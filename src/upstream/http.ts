/**
 * One HTTP exchange with CXone through ofetch, reduced to what the retry
 * policy needs. ofetch's own retry is off: the policy lives in retry.ts.
 */
import { FetchError, ofetch } from 'ofetch';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { USER_AGENT } from '../version.js';
import type { Metrics } from '../metrics.js';
import type { UpstreamLimiter } from './limiter.js';
import { parseRetryAfter } from './retry.js';
import { currentAttempt, injectTraceHeaders, inSpan, SpanKind, SpanStatusCode, tracingEnabled } from '../tracing.js';

/** What every upstream call shares: the traffic limiter, the clock, metrics and the logger. */
export interface UpstreamContext {
  clock: Clock;
  limiter: UpstreamLimiter;
  /** Cap on any Retry-After wait (UPSTREAM_RETRY_AFTER_MAX_SECONDS). */
  retryAfterMaxMs: number;
  metrics: Metrics;
  log: Logger;
}

export type Endpoint = 'token' | 'data' | 'discovery';

export interface Init {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/** A 429 without Retry-After still pauses everyone this long: the tenant is over its budget now. */
const DEFAULT_429_PAUSE_MS = 1000;

export type Exchange =
  /** `receivedAt`: epoch ms on the gateway's clock, what an HTTP-date Retry-After is measured from. */
  { kind: 'answer'; status: number; headers: Headers; text: string; receivedAt: number } | { kind: 'network'; reason: string };

/**
 * One call through the limiter; a 429 pauses every caller, on every instance,
 * for its Retry-After. Traced (tracing on): a client span per attempt, with
 * the attempt number, the waits before it, the status, and `traceparent`
 * sent to CXone; the URL's path only (its query holds the question's dates).
 */
export async function exchange(url: string, init: Init, endpoint: Endpoint, ctx: UpstreamContext): Promise<Exchange> {
  if (!tracingEnabled()) return limited(url, init, endpoint, ctx);
  const attempt = currentAttempt();
  const { hostname, pathname } = new URL(url);
  const attributes = {
    'http.request.method': init.method,
    'server.address': hostname,
    'url.path': pathname,
    'cxone.endpoint': endpoint,
    'cxone.attempt': attempt?.n ?? 1,
    'cxone.retry_wait_ms': attempt?.waitedMs ?? 0,
  };
  return inSpan(
    `CXone ${init.method} ${endpoint}`,
    attributes,
    async (span) => {
      const headers = { ...init.headers };
      injectTraceHeaders(headers);
      const res = await limited(url, { ...init, headers }, endpoint, ctx, (ms) => span.setAttribute('cxone.limiter_wait_ms', Math.round(ms)));
      if (res.kind === 'answer') span.setAttribute('http.response.status_code', res.status);
      else span.setAttribute('error.type', res.reason);
      if (res.kind === 'network' || res.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
      return res;
    },
    SpanKind.CLIENT,
  );
}

async function limited(url: string, init: Init, endpoint: Endpoint, ctx: UpstreamContext, waited?: (ms: number) => void): Promise<Exchange> {
  const asked = performance.now();
  const release = await ctx.limiter.acquire();
  waited?.(performance.now() - asked);
  try {
    const res = await send(url, init, ctx.clock);
    ctx.metrics.upstreamCalls.inc({ endpoint, status: res.kind === 'answer' ? res.status : 0 });
    if (res.kind === 'answer' && res.status === 429) {
      const pauseMs = Math.min(parseRetryAfter(res.headers.get('retry-after'), res.receivedAt) ?? DEFAULT_429_PAUSE_MS, ctx.retryAfterMaxMs);
      ctx.log.warn({ endpoint, pauseMs }, `CXone answered 429: no upstream call starts for ${pauseMs} ms, on any instance`);
      await ctx.limiter.pause(pauseMs);
    }
    return res;
  } finally {
    release();
  }
}

async function send(url: string, init: Init, clock: Clock): Promise<Exchange> {
  try {
    const res = await ofetch.raw<string, 'text'>(url, {
      method: init.method,
      // Every upstream call names the gateway, so a tenant's logs can tell its traffic apart.
      headers: { 'user-agent': USER_AGENT, ...init.headers },
      body: init.body,
      timeout: init.timeoutMs,
      retry: false,
      responseType: 'text',
      ignoreResponseError: true,
    });
    return { kind: 'answer', status: res.status, headers: res.headers, text: res._data ?? '', receivedAt: clock.now() };
  } catch (err) {
    return { kind: 'network', reason: networkReason(err, init.timeoutMs) };
  }
}

/**
 * Why no answer came, from the innermost cause (undici nests the socket
 * error two levels down). Only names and codes: never the request, whose
 * headers hold credentials.
 */
function networkReason(err: unknown, timeoutMs: number): string {
  let e: unknown = err instanceof FetchError ? err.cause : err;
  let code: string | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    const { name, code: c, cause } = e as { name?: string; code?: string; cause?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    code = c ?? code;
    e = cause;
  }
  return code ? `connection failed (${code})` : 'connection failed';
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
