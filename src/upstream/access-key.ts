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
import { tokenRequest, type ClientAuth, type Grant, type TokenRequestSettings } from './token.js';

export interface AccessKeySettings extends TokenRequestSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** auto: as the discovery document advertises. */
  tokenAuth: 'auto' | 'basic' | 'post';
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
  let endpoint: { url: string; client: ClientAuth } | undefined;
  return async (stats, refreshToken) => {
    if (!endpoint) {
      const doc = await getJson(`${s.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, s, stats);
      if (typeof doc.token_endpoint !== 'string') {
        throw new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, 'OpenID discovery under CXONE_ISSUER has no token_endpoint');
      }
      const method = s.tokenAuth === 'auto' ? advertisedMethod(doc.token_endpoint_auth_methods_supported) : s.tokenAuth;
      endpoint = { url: doc.token_endpoint, client: { clientId: s.clientId, clientSecret: s.clientSecret, method } };
    }
    if (refreshToken) {
      try {
        return await tokenRequest(endpoint.url, endpoint.client, { grant_type: 'refresh_token', refresh_token: refreshToken }, s, stats);
      } catch (err) {
        if (!(err instanceof GatewayError) || err.code !== ErrorCode.UPSTREAM_AUTH_FAILED) throw err;
        // A refused refresh token: the access key itself still works.
      }
    }
    return tokenRequest(endpoint.url, endpoint.client, { grant_type: 'password', username: s.accessKeyId, password: s.accessKeySecret }, s, stats);
  };
}

/**
 * How the discovery document says the token endpoint takes the client's
 * credentials: Basic when it lists client_secret_basic or says nothing
 * (OpenID's default), the form body when it lists only client_secret_post.
 */
export function advertisedMethod(supported: unknown): 'basic' | 'post' {
  const list = Array.isArray(supported) ? supported : [];
  return list.includes('client_secret_post') && !list.includes('client_secret_basic') ? 'post' : 'basic';
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
      return apiBaseOf(doc);
    })().catch((err: unknown) => {
      base = undefined; // try again next time
      throw err;
    });
    return base;
  };
}

/** The API base a cxone-configuration document names: its api_endpoint, else https://api-{area}.{domain}. */
export function apiBaseOf(doc: Record<string, unknown>): string {
  if (typeof doc.api_endpoint === 'string' && doc.api_endpoint !== '') return doc.api_endpoint.replace(/\/$/, '');
  const { area, domain } = doc;
  if (typeof area === 'string' && /^[a-z0-9-]+$/i.test(area) && typeof domain === 'string' && /^[a-z0-9.-]+$/i.test(domain))
    return `https://api-${area}.${domain}`;
  throw new GatewayError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    'cxone-configuration names no api_endpoint, nor an area and domain to build it from; set CXONE_API_BASE',
  );
}
