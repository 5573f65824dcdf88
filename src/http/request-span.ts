/**
 * The server span of every HTTP request (tracing on only): opened where the
 * node:http server hands the request over, so the warm path's answers are
 * traced as well as Fastify's, parented to the caller's `traceparent`, and
 * named by the route once one is known (a path as sent could be anything).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { context, SpanStatusCode, startRequestSpan } from '../tracing.js';

const spans = new WeakMap<IncomingMessage, Span>();

/** Runs `next` inside the request's span, which ends when the response does. */
export function traced(req: IncomingMessage, res: ServerResponse, next: () => void): void {
  const started = startRequestSpan(req.method ?? 'GET', req.headers);
  if (!started) return next();
  const { span, ctx } = started;
  spans.set(req, span);
  // Body chunks and the response's events run in the request's context, not the socket's.
  context.bind(ctx, req);
  context.bind(ctx, res);
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (!res.writableFinished) span.setAttribute('http.response.cut', true);
    span.end();
  });
  context.with(ctx, next);
}

/** Names the request's span by the route it reached (`/graphql`, `/api/v1/analytics/query`, …). */
export function nameRequestSpan(req: IncomingMessage, route: string, attributes: Record<string, string | boolean> = {}): void {
  const span = spans.get(req);
  if (!span) return;
  span.updateName(`${req.method ?? 'GET'} ${route}`);
  span.setAttributes({ 'http.route': route, ...attributes });
}
