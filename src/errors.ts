/**
 * The public error codes (docs/public-api.md; the README's "Errors") and the one place where
 * an upstream HTTP status becomes a code.
 */
import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UPSTREAM_AUTH_FAILED: 'UPSTREAM_AUTH_FAILED',
  UPSTREAM_FORBIDDEN: 'UPSTREAM_FORBIDDEN',
  UPSTREAM_REJECTED: 'UPSTREAM_REJECTED',
  UPSTREAM_RATE_LIMITED: 'UPSTREAM_RATE_LIMITED',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  UPSTREAM_BAD_RESPONSE: 'UPSTREAM_BAD_RESPONSE',
  /** Added: the answer has more pages than UPSTREAM_MAX_PAGES allows. */
  RESULT_TOO_LARGE: 'RESULT_TOO_LARGE',
  /** Added: the request took longer than REQUEST_TIMEOUT_MS; the fetch goes on and is cached. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** Added: the client's rate limit; HTTP 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && CODES.has(x);
}

/** HTTP status the REST endpoint answers with, per code. */
const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  UPSTREAM_AUTH_FAILED: 502,
  UPSTREAM_FORBIDDEN: 502,
  UPSTREAM_REJECTED: 502,
  UPSTREAM_RATE_LIMITED: 503,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_BAD_RESPONSE: 502,
  RESULT_TOO_LARGE: 422,
  REQUEST_TIMEOUT: 504,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** An error whose message is safe to show to the client; `nodes` point at the part of a document it is about. */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}, nodes?: GraphQLErrorOptions['nodes']) {
    super(message, { extensions: { code, ...extra }, ...(nodes ? { nodes } : {}) });
    this.name = 'GatewayError';
    this.code = code;
    this.httpStatus = HTTP_STATUS[code];
  }
}

/**
 * The one way to refuse bad input. `refusesRequest`: raised before the
 * operation runs (parsing its limits), so the whole HTTP answer is 400; a
 * field's refusal inside a running operation leaves the status to GraphQL.
 */
export function badInput(message: string, options: { refusesRequest?: boolean; nodes?: GraphQLErrorOptions['nodes'] } = {}): GatewayError {
  return new GatewayError(ErrorCode.BAD_USER_INPUT, message, options.refusesRequest ? { http: { status: 400 } } : {}, options.nodes);
}

/** Which upstream answered: the token endpoint, discovery (OpenID, cxone-configuration), or a data call. */
export type UpstreamPhase = 'token' | 'discovery' | 'data';

const PHASE_NAME: Record<UpstreamPhase, string> = { token: 'CXone token endpoint', discovery: 'CXone discovery', data: 'CXone analytics' };

/** The code for a final (non-retried or retries-exhausted) upstream answer. */
function codeForUpstreamStatus(status: number, phase: UpstreamPhase): ErrorCode {
  if (phase === 'token' && (status === 400 || status === 401)) return ErrorCode.UPSTREAM_AUTH_FAILED;
  if (status === 401) return ErrorCode.UPSTREAM_AUTH_FAILED;
  if (status === 403) return ErrorCode.UPSTREAM_FORBIDDEN;
  if (status === 429) return ErrorCode.UPSTREAM_RATE_LIMITED;
  if (status === 400 || status === 404 || status === 422) return ErrorCode.UPSTREAM_REJECTED;
  return ErrorCode.UPSTREAM_UNAVAILABLE;
}

export function upstreamError(status: number, phase: UpstreamPhase, detail: string): GatewayError {
  const code = codeForUpstreamStatus(status, phase);
  const what = PHASE_NAME[phase];
  const message = status === 0 ? `${what} did not answer: ${detail}` : `${what} answered ${status}: ${detail}`;
  return new GatewayError(code, message, status === 0 ? {} : { upstreamStatus: status });
}
