/**
 * Access tokens: cached until shortly before expiry, one refresh at a time
 * however many requests wait for it. How a token is obtained is a grant:
 * client credentials (the summary-query contract) or a CXone access key
 * (access-key.ts).
 */
import { ErrorCode, GatewayError, upstreamError } from '../errors.js';
import { exchange, jsonOf, type UpstreamContext } from './http.js';
import { failedAttempt, reportRetries } from './classify.js';
import { retryUntil, withRetry, type Attempt, type RetryPolicy, type RetryStats } from './retry.js';
import { realClock, type Clock } from '../clock.js';

/** Refresh this long before `expires_in` runs out, so a token never expires mid-pagination. */
const EXPIRY_MARGIN_MS = 60_000;

export interface Granted {
  token: string;
  expiresInMs: number;
  refreshToken?: string;
}

/** Obtains a token; `refreshToken` is the last grant's, when it gave one. */
export type Grant = (stats: RetryStats, refreshToken: string | undefined) => Promise<Granted>;

export interface TokenRequestSettings {
  timeoutMs: number;
  deadlineMs: number;
  retry: RetryPolicy;
  upstream: UpstreamContext;
}

export class TokenProvider {
  private current: { token: string; renewAt: number } | null = null;
  private refreshToken: string | undefined;
  private refreshing: Promise<string> | null = null;

  constructor(
    private readonly grant: Grant,
    private readonly clock: Clock = realClock,
  ) {}

  async get(stats: RetryStats = { retries: 0 }): Promise<string> {
    if (this.current && this.clock.now() < this.current.renewAt) return this.current.token;
    this.refreshing ??= this.renew(stats).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Forget `token` after CXone refused it; a newer token is kept. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = null;
  }

  private async renew(stats: RetryStats): Promise<string> {
    const granted = await this.grant(stats, this.refreshToken);
    this.refreshToken = granted.refreshToken;
    // Short-lived tokens (tests, some sandboxes) keep half their life as margin.
    const margin = Math.min(EXPIRY_MARGIN_MS, granted.expiresInMs / 2);
    this.current = { token: granted.token, renewAt: this.clock.now() + granted.expiresInMs - margin };
    return granted.token;
  }
}

/** The registered app's credentials, and how the token endpoint takes them. */
export interface ClientAuth {
  clientId: string;
  clientSecret: string;
  /** basic: HTTP Basic (client_secret_basic); post: in the form body (client_secret_post). */
  method: 'basic' | 'post';
}

/**
 * One form POST to a token endpoint, the client authenticated as it asks,
 * under the retry policy: 400/401 → UPSTREAM_AUTH_FAILED and 403 →
 * UPSTREAM_FORBIDDEN at once; 429, 5xx and network errors are retried.
 */
export function tokenRequest(url: string, client: ClientAuth, form: Record<string, string>, s: TokenRequestSettings, stats: RetryStats): Promise<Granted> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  const fields = new URLSearchParams(form);
  if (client.method === 'basic') headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`;
  else {
    fields.set('client_id', client.clientId);
    fields.set('client_secret', client.clientSecret);
  }
  const payload = fields.toString();
  return withRetry(
    retryUntil(s),
    stats,
    async () => {
      const res = await exchange(url, { method: 'POST', headers, body: payload, timeoutMs: s.timeoutMs }, 'token', s.upstream);
      if (res.kind === 'network' || res.status !== 200) return failedAttempt(res, 'token');
      const body = jsonOf(res.text) as { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown } | undefined;
      if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number' || body.expires_in <= 0) {
        return {
          ok: false,
          retryable: false,
          error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'CXone token endpoint answered 200 without access_token and a positive expires_in'),
        };
      }
      const refreshToken = typeof body.refresh_token === 'string' ? body.refresh_token : undefined;
      return { ok: true, value: { token: body.access_token, expiresInMs: body.expires_in * 1000, refreshToken } };
    },
    reportRetries(s.upstream, 'token', 'token request'),
  );
}

/**
 * For one call: a 401 drops the refused token and retries at once with a
 * fresh one; a second 401 is final (UPSTREAM_AUTH_FAILED).
 */
export function onRefusedToken(tokens: TokenProvider): (token: string) => Attempt<never> {
  let refreshed = false;
  return (token) => {
    tokens.invalidate(token);
    const error = upstreamError(401, 'data', 'the access token was refused twice');
    if (refreshed) return { ok: false, retryable: false, error };
    refreshed = true;
    return { ok: false, retryable: true, retryAfterMs: 0, error };
  };
}

/** The summary-query contract's grant: OAuth 2.0 client credentials. */
export function clientCredentials(url: string, client: ClientAuth, s: TokenRequestSettings): Grant {
  return (stats) => tokenRequest(url, client, { grant_type: 'client_credentials' }, s, stats);
}
