/**
 * The one upstream classifier, driven by a table: every status, a network
 * error, and each way CXone says what went wrong, for each phase.
 */
import { describe, expect, it } from 'vitest';
import { upstreamError, type UpstreamPhase } from '../../src/errors.js';
import { failedAttempt } from '../../src/upstream/classify.js';
import type { Exchange } from '../../src/upstream/http.js';

/** When the answers arrived: an HTTP-date Retry-After is measured from here, not from the wall clock. */
const RECEIVED_AT = Date.parse('2026-11-29T12:00:00Z');

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}): Exchange => ({
  kind: 'answer',
  status,
  headers: new Headers(headers),
  text: typeof body === 'string' ? body : JSON.stringify(body),
  receivedAt: RECEIVED_AT,
});

type Row = [phase: UpstreamPhase, res: Exchange, code: string, retryable: boolean, message: string];

const TABLE: Row[] = [
  ['token', { kind: 'network', reason: 'connection reset' }, 'UPSTREAM_UNAVAILABLE', true, 'CXone token endpoint did not answer: connection reset'],
  [
    'discovery',
    { kind: 'network', reason: 'timed out after 1000 ms' },
    'UPSTREAM_UNAVAILABLE',
    true,
    'CXone discovery did not answer: timed out after 1000 ms',
  ],
  ['data', { kind: 'network', reason: 'connection refused' }, 'UPSTREAM_UNAVAILABLE', true, 'CXone analytics did not answer: connection refused'],
  [
    'token',
    answer(400, { error: 'invalid_client', error_description: 'client secret abc123 is wrong' }),
    'UPSTREAM_AUTH_FAILED',
    false,
    'CXone token endpoint answered 400: invalid_client',
  ],
  ['token', answer(401, { error: 'invalid_grant' }), 'UPSTREAM_AUTH_FAILED', false, 'CXone token endpoint answered 401: invalid_grant'],
  ['token', answer(403, {}), 'UPSTREAM_FORBIDDEN', false, 'CXone token endpoint answered 403: no error code'],
  ['token', answer(503, {}), 'UPSTREAM_UNAVAILABLE', true, 'CXone token endpoint answered 503: no error code'],
  [
    'data',
    answer(400, { error: 'invalidQuery', message: 'unknown metric' }),
    'UPSTREAM_REJECTED',
    false,
    'CXone analytics answered 400: invalidQuery: unknown metric',
  ],
  ['data', answer(401, { error: 'invalid_token' }), 'UPSTREAM_AUTH_FAILED', false, 'CXone analytics answered 401: invalid_token'],
  ['data', answer(403, { error: 'insufficient_scope' }), 'UPSTREAM_FORBIDDEN', false, 'CXone analytics answered 403: insufficient_scope'],
  ['data', answer(404, 'not json'), 'UPSTREAM_REJECTED', false, 'CXone analytics answered 404: no message'],
  ['data', answer(422, {}, { icStatusDescription: 'Invalid startDate' }), 'UPSTREAM_REJECTED', false, 'CXone analytics answered 422: Invalid startDate'],
  ['data', answer(429, {}), 'UPSTREAM_RATE_LIMITED', true, 'CXone analytics answered 429: no message'],
  ['data', answer(500, { message: 'boom' }), 'UPSTREAM_UNAVAILABLE', true, 'CXone analytics answered 500: boom'],
  ['data', answer(502, {}), 'UPSTREAM_UNAVAILABLE', true, 'CXone analytics answered 502: no message'],
  ['data', answer(503, {}, { icStatusDescription: 'Service busy' }), 'UPSTREAM_UNAVAILABLE', true, 'CXone analytics answered 503: Service busy'],
  ['data', answer(504, {}), 'UPSTREAM_UNAVAILABLE', true, 'CXone analytics answered 504: no message'],
  ['discovery', answer(404, { error: 'tenantNotFound' }), 'UPSTREAM_REJECTED', false, 'CXone discovery answered 404: tenantNotFound'],
  ['discovery', answer(500, {}), 'UPSTREAM_UNAVAILABLE', true, 'CXone discovery answered 500: no message'],
];

describe('failedAttempt', () => {
  it.each(TABLE)('%s %j → %s, retryable %s', (phase, res, code, retryable, message) => {
    const a = failedAttempt(res, phase);
    expect(a.ok).toBe(false);
    if (a.ok) return;
    expect([a.error.code, a.retryable, a.error.message]).toEqual([code, retryable, message]);
    if (res.kind === 'answer') expect(a.error.extensions.upstreamStatus).toBe(res.status);
  });

  it("a token endpoint's error description never reaches the message (it could echo what was sent)", () => {
    const a = failedAttempt(answer(400, { error: 'invalid_client', error_description: 'client secret abc123 is wrong' }), 'token');
    expect(a.ok || a.error.message).not.toContain('abc123');
  });

  it("a 401 on a data call is the caller's to answer (a token renewal)", () => {
    const renewal = { ok: false as const, retryable: true, retryAfterMs: 0, error: upstreamError(401, 'data', 'renewing the token') };
    expect(failedAttempt(answer(401), 'data', () => renewal)).toBe(renewal);
  });

  it.each([
    ['2', 2000],
    ['0', 0],
  ])('Retry-After: %s → waits %d ms', (value, ms) => {
    const a = failedAttempt(answer(429, {}, { 'retry-after': value }), 'data');
    expect(a.ok ? null : a.retryAfterMs).toBe(ms);
  });

  it('Retry-After as an HTTP date, and none at all', () => {
    const at = new Date(RECEIVED_AT + 5000).toUTCString();
    const dated = failedAttempt(answer(503, {}, { 'retry-after': at }), 'data');
    expect(dated.ok ? null : dated.retryAfterMs).toBe(5000);
    const past = failedAttempt(answer(503, {}, { 'retry-after': new Date(RECEIVED_AT - 5000).toUTCString() }), 'data');
    expect(past.ok ? null : past.retryAfterMs).toBe(0);
    const garbage = failedAttempt(answer(503, {}, { 'retry-after': 'soon' }), 'data');
    expect(garbage.ok ? null : garbage.retryAfterMs).toBeUndefined();
    const none = failedAttempt(answer(503), 'data');
    expect(none.ok ? null : none.retryAfterMs).toBeUndefined();
  });
});
