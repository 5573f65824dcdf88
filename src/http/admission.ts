/**
 * Who may ask: the API-key check and the per-client rate limit, shared by
 * the Fastify hook and the warm path so both refuse the same way.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Config } from '../config.js';
import { ErrorCode } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { ANONYMOUS, ApiKeys } from './auth.js';
import type { ClientRateLimiter } from '../rate-limit.js';

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers: Record<string, string>;
}

export class Admission {
  private readonly keys: ApiKeys;

  constructor(
    private readonly config: Config,
    private readonly rateLimiter: ClientRateLimiter | null,
    private readonly metrics: Metrics,
  ) {
    this.keys = new ApiKeys(config.apiKeys);
  }

  /** The caller's key id, or null when the key is missing or wrong. */
  identify(headers: IncomingHttpHeaders): string | null {
    return this.keys.identify(headers);
  }

  unauthenticated(): Refusal {
    return {
      status: 401,
      code: ErrorCode.UNAUTHENTICATED,
      message: 'a valid API key is required: send Authorization: Bearer <key> or X-API-Key: <key>',
      headers: { 'www-authenticate': 'Bearer' },
    };
  }

  /** Whether requests meet a rate limit at all (rateLimit() always allows when not). */
  get limited(): boolean {
    return this.rateLimiter !== null;
  }

  /** Takes a token from the client's bucket; a refusal when it is empty. */
  async rateLimit(client: string, address: string | undefined): Promise<Refusal | null> {
    if (!this.rateLimiter) return null;
    const decision = await this.rateLimiter.take(bucketOf(client, address));
    if (decision.allowed) return null;
    this.metrics.clientRateLimited.inc({ client });
    const limit = this.config.clientRateLimit!;
    return {
      status: 429,
      code: ErrorCode.RATE_LIMITED,
      message: `rate limit of ${limit.perSecond}/s (burst ${limit.burst}) reached; retry in ${decision.retryAfterSeconds} s`,
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    };
  }
}

/** Whose bucket a request spends: its key id, or its address when callers are anonymous. */
export function bucketOf(client: string, address: string | undefined): string {
  return client === ANONYMOUS ? `ip:${address ?? 'unknown'}` : client;
}

/** The refusal's body in the shape the endpoint promises: GraphQL errors, or the REST `detail`. */
export function refusalBody(path: string, r: Pick<Refusal, 'code' | 'message'>, requestId: string): string {
  return JSON.stringify(
    path === '/graphql' ? { errors: [{ message: r.message, extensions: { code: r.code, requestId } }] } : { detail: r.message, code: r.code },
  );
}
