/**
 * The one place where an upstream answer that is not the caller's success
 * becomes a decision: a network error is retried; a 401 is the caller's to
 * answer (a data call renews its token once); 429, 5xx and the like are
 * retried after Retry-After when given; anything else is final. The error
 * names the phase that failed (token endpoint, discovery, data) and carries
 * CXone's own words when it gave any. Every source and grant uses it, with
 * one retry log line and one retry metric per phase.
 */
import { upstreamError, type UpstreamPhase } from '../errors.js';
import { jsonOf, type Exchange, type UpstreamContext } from './http.js';
import { RETRYABLE_STATUSES, parseRetryAfter, type Attempt, type OnRetry } from './retry.js';

/** What a failed answer says about itself, without echoing what was sent. */
function upstreamDetail(res: Extract<Exchange, { kind: 'answer' }>, phase: UpstreamPhase): string {
  const body = jsonOf(res.text) as { error?: unknown; message?: unknown } | undefined;
  // A token endpoint's description could echo the credentials: only its error code.
  if (phase === 'token') return typeof body?.error === 'string' ? body.error : 'no error code';
  const header = res.headers.get('icstatusdescription');
  if (header) return header;
  const parts = [body?.error, body?.message].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return parts.length > 0 ? parts.join(': ') : 'no message';
}

/**
 * The attempt's failure for an answer the caller does not read as success.
 * `unauthorized` answers a 401 (a data call's token refresh); without it a
 * 401 is final.
 */
export function failedAttempt(res: Exchange, phase: UpstreamPhase, unauthorized?: () => Attempt<never>): Attempt<never> {
  if (res.kind === 'network') return { ok: false, retryable: true, error: upstreamError(0, phase, res.reason) };
  if (res.status === 401 && unauthorized) return unauthorized();
  return {
    ok: false,
    retryable: RETRYABLE_STATUSES.has(res.status),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), res.receivedAt),
    error: upstreamError(res.status, phase, upstreamDetail(res, phase)),
  };
}

/** The retry log line and metric of a phase, the same for every caller. */
export function reportRetries(ctx: UpstreamContext, phase: UpstreamPhase, what: string): OnRetry {
  return ({ attempt, waitMs, error }) => {
    ctx.metrics.upstreamRetries.inc({ endpoint: phase, code: error.code });
    ctx.log.warn({ attempt, waitMs, code: error.code, phase }, `${what} failed, retrying: ${error.message}`);
  };
}
