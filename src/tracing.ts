/**
 * Spans, through the OpenTelemetry API only: without a registered provider
 * (telemetry.ts registers one when OTEL_* asks for it) every call here is a
 * no-op, and the request paths skip even that.
 *
 * What a span may carry: names, codes, counts, durations, hashes, paths
 * without query strings. Never a variable's value, a header, a token, a key
 * or a URL's query (the Reporting API's carries the question's dates).
 */
import { context, createContextKey, propagation, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

const TRACER = 'cxone-graphql-gateway';

let enabled = false;

/** Set by telemetry.ts when it registers a provider (and cleared when it shuts it down). */
export function setTracingEnabled(on: boolean): void {
  enabled = on;
}

export function tracingEnabled(): boolean {
  return enabled;
}

const tracer = () => trace.getTracer(TRACER);

/**
 * `fn` inside a new active span, ended when it settles. A thrown error marks
 * the span failed with the error's name and code only: messages may quote
 * what CXone said.
 */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  if (!enabled) return fn(trace.wrapSpanContext(INVALID));
  return tracer().startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      span.setStatus({ code: SpanStatusCode.ERROR, message: typeof code === 'string' ? code : (err as Error).name });
      throw err;
    } finally {
      span.end();
    }
  });
}

const INVALID = { traceId: '00000000000000000000000000000000', spanId: '0000000000000000', traceFlags: 0 };

/** Adds attributes to the span this code runs in, if any. */
export function annotate(attributes: Attributes): void {
  if (enabled) trace.getActiveSpan()?.setAttributes(attributes);
}

/** The server span of an incoming request: parented to the caller's `traceparent`, if it sent one. */
export function startRequestSpan(method: string, headers: Record<string, string | string[] | undefined>): { span: Span; ctx: Context } | undefined {
  if (!enabled) return undefined;
  const parent = propagation.extract(context.active(), headers);
  const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

export { context };

/** The context's `traceparent` (and `tracestate`) into outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  if (enabled) propagation.inject(context.active(), headers);
}

/** Which attempt of a retried call runs now, and how long it waited before (set by withRetry, read by the exchange). */
const ATTEMPT = createContextKey('cxone-gateway.attempt');

export function withAttempt<T>(attempt: { n: number; waitedMs: number }, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  return context.with(context.active().setValue(ATTEMPT, attempt), fn);
}

export function currentAttempt(): { n: number; waitedMs: number } | undefined {
  return enabled ? (context.active().getValue(ATTEMPT) as { n: number; waitedMs: number } | undefined) : undefined;
}

export { SpanKind, SpanStatusCode };
