/**
 * OAuth 2.0 client-credentials tokens: cached until shortly before expiry,
 * one refresh at a time however many requests wait for it.
 */
import { ErrorCode, GatewayError, upstreamError } from '../errors.js';
import { exchange, jsonOf, type UpstreamContext } from './http.js';
import { RETRYABLE_STATUSES, parseRetryAfter, withRetry, type RetryPolicy, type RetryStats } from './retry.js';

/** Refresh this long before `expires_in` runs out, so a token never expires mid-pagination. */
const EXPIRY_MARGIN_MS = 60_000;

export interface TokenSettings {
  url: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  deadlineMs: number;
  retry: RetryPolicy;
  upstream: UpstreamContext;
}

export class TokenProvider {
  private current: { token: string; renewAt: number } | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(private readonly settings: TokenSettings) {}

  async get(stats: RetryStats = { retries: 0 }): Promise<string> {
    if (this.current && Date.now() < this.current.renewAt) return this.current.token;
    this.refreshing ??= this.fetchToken(stats).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Forget `token` after CXone refused it; a newer token is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async fetchToken(stats: RetryStats): Promise<string> {
    const { url, clientId, clientSecret, timeoutMs, deadlineMs, retry, upstream } = this.settings;
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const token = await withRetry(retry, Date.now() + deadlineMs, stats, async () => {
      const res = await exchange(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
        timeoutMs,
      }, 'token', upstream);
      if (res.kind === 'network') {
        return { ok: false, retryable: true, error: upstreamError(0, 'token', res.reason) };
      }
      const body = jsonOf(res.text) as { access_token?: unknown; expires_in?: unknown; error?: unknown } | undefined;
      if (res.status === 200) {
        if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number' || body.expires_in <= 0) {
          return {
            ok: false,
            retryable: false,
            error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'CXone token endpoint answered 200 without access_token and a positive expires_in'),
          };
        }
        return { ok: true, value: { token: body.access_token, expiresInMs: body.expires_in * 1000 } };
      }
      const detail = typeof body?.error === 'string' ? body.error : 'no error code';
      return {
        ok: false,
        retryable: RETRYABLE_STATUSES.has(res.status),
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
        error: upstreamError(res.status, 'token', detail),
      };
    }, ({ attempt, waitMs, error }) => {
      upstream.metrics.upstreamRetries.inc({ endpoint: 'token', code: error.code });
      upstream.log.warn({ attempt, waitMs, code: error.code }, `token request failed, retrying: ${error.message}`);
    });
    // Short-lived tokens (tests, some sandboxes) keep half their life as margin.
    const margin = Math.min(EXPIRY_MARGIN_MS, token.expiresInMs / 2);
    this.current = { token: token.token, renewAt: Date.now() + token.expiresInMs - margin };
    return token.token;
  }
}
