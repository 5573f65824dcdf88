/**
 * Real CXone authentication (docs/upstream-reporting.md, "Authentication"): the token
 * endpoint found by OpenID discovery under the issuer, a password grant made
 * with an access key, refresh with the refresh token first (the password
 * grant when that is refused), and the tenant's API base found through
 * `cxone-configuration` with the token's `tenantId` claim, unless pinned.
 */
import { ErrorCode, GatewayError } from '../errors.js';
import { failedAttempt, reportRetries } from './classify.js';
import { exchange, jsonOf } from './http.js';
import { retryUntil, withRetry, type RetryStats } from './retry.js';
import { tokenRequest, type Grant, type TokenRequestSettings } from './token.js';

export interface AccessKeySettings extends TokenRequestSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** GET a JSON document under the retry policy. */
async function getJson(url: string, s: TokenRequestSettings, stats: RetryStats, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return withRetry(
    retryUntil(s),
    stats,
    async () => {
      const res = await exchange(url, { method: 'GET', headers: { accept: 'application/json', ...headers }, timeoutMs: s.timeoutMs }, 'discovery', s.upstream);
      if (res.kind === 'network' || res.status !== 200) return failedAttempt(res, 'discovery');
      const body = jsonOf(res.text);
      if (typeof body === 'object' && body !== null) return { ok: true, value: body as Record<string, unknown> };
      return {
        ok: false,
        retryable: false,
        error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `${new URL(url).pathname} answered 200 without a JSON object`),
      };
    },
    reportRetries(s.upstream, 'discovery', `${new URL(url).pathname} request`),
  );
}

export function accessKeyGrant(s: AccessKeySettings): Grant {
  let tokenEndpoint: string | undefined;
  return async (stats, refreshToken) => {
    if (!tokenEndpoint) {
      const doc = await getJson(`${s.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, s, stats);
      if (typeof doc.token_endpoint !== 'string') {
        throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'OpenID discovery under CXONE_ISSUER has no token_endpoint');
      }
      tokenEndpoint = doc.token_endpoint;
    }
    if (refreshToken) {
      try {
        return await tokenRequest(
          tokenEndpoint,
          s.clientId,
          s.clientSecret,
          new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
          s,
          stats,
        );
      } catch (err) {
        if (!(err instanceof GatewayError) || err.code !== ErrorCode.UPSTREAM_AUTH_FAILED) throw err;
        // A refused refresh token: the access key itself still works.
      }
    }
    const form = new URLSearchParams({ grant_type: 'password', username: s.accessKeyId, password: s.accessKeySecret }).toString();
    return tokenRequest(tokenEndpoint, s.clientId, s.clientSecret, form, s, stats);
  };
}

/** The `tenantId` claim of a CXone access token (a JWT); its signature is CXone's business, not ours. */
function tenantIdOf(token: string): string {
  const payload = token.split('.')[1];
  let claims: { tenantId?: unknown } | undefined;
  try {
    claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { tenantId?: unknown };
  } catch {
    claims = undefined;
  }
  if (typeof claims?.tenantId !== 'string') {
    throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'the CXone access token carries no tenantId claim; set CXONE_API_BASE to skip discovery');
  }
  return claims.tenantId;
}

/** The tenant's API base: pinned, or discovered once through cxone-configuration. */
export function apiBase(s: TokenRequestSettings & { issuer: string; pinned: string | undefined }, token: () => Promise<string>): () => Promise<string> {
  let base: Promise<string> | undefined = s.pinned ? Promise.resolve(s.pinned.replace(/\/$/, '')) : undefined;
  return () => {
    base ??= (async () => {
      const tenantId = tenantIdOf(await token());
      const doc = await getJson(`${s.issuer.replace(/\/$/, '')}/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenantId)}`, s, { retries: 0 });
      if (typeof doc.api_endpoint !== 'string') throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'cxone-configuration has no api_endpoint');
      return doc.api_endpoint.replace(/\/$/, '');
    })().catch((err: unknown) => {
      base = undefined; // try again next time
      throw err;
    });
    return base;
  };
}
