/**
 * The simulator's identity side: the client-credentials token endpoint of
 * the summary-query design, and the real CXone flow (OpenID discovery, the
 * password grant with an access key giving a JWT with `tenantId`, refresh
 * tokens, `cxone-configuration`). Every data API checks its bearer here.
 */
import { randomBytes } from 'node:crypto';
import { parseBasic, safeEqual, type SimRequest } from './http.js';

export const TENANT_ID = '11ee0000-cafe-4bad-9e11-000000000042';
export const BUSINESS_UNIT = 4600001;

export const AUTH_PATHS = {
  token: '/oauth2/token',
  discovery: '/.well-known/openid-configuration',
  cxoneConfiguration: '/.well-known/cxone-configuration',
  accessToken: '/auth/token',
} as const;

export interface Credentials {
  clientId: string;
  clientSecret: string;
  /** The access key the password grant accepts (the Reporting API side). */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** How token endpoints accept the client's credentials, as discovery advertises it (default: both). */
  tokenAuthMethods?: TokenAuthMethod[];
}

export type TokenAuthMethod = 'client_secret_basic' | 'client_secret_post';

interface IssuedToken {
  expiresAt: number;
  scope: string;
}

function jwt(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.sim`;
}

export class SimAuth {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Set<string>();

  constructor(private readonly credentials: Credentials) {}

  /** Answers the request when it is for an identity endpoint; false when it is not. */
  handle(r: SimRequest): boolean {
    const { url, req, answer } = r;
    const path = url.pathname;
    if (path === AUTH_PATHS.discovery && req.method === 'GET') {
      answer(200, {
        issuer: r.base,
        token_endpoint: r.base + AUTH_PATHS.accessToken,
        jwks_uri: `${r.base}/.well-known/jwks`,
        token_endpoint_auth_methods_supported: this.methods,
      });
      return true;
    }
    if (path === AUTH_PATHS.cxoneConfiguration && req.method === 'GET') {
      if (url.searchParams.get('tenantId') !== TENANT_ID) answer(404, { error: 'tenantNotFound' });
      else answer(200, { api_endpoint: r.base, area: 'sim', domain: '127.0.0.1' });
      return true;
    }
    return false;
  }

  /** A token endpoint's form, when `path` is one: the grant it asks for is then `grant(r, form)`. */
  isTokenEndpoint(path: string, method: string | undefined): boolean {
    return method === 'POST' && (path === AUTH_PATHS.token || path === AUTH_PATHS.accessToken);
  }

  private get methods(): TokenAuthMethod[] {
    return this.credentials.tokenAuthMethods ?? ['client_secret_basic', 'client_secret_post'];
  }

  /** The client as it authenticated, by a method this endpoint accepts; null when it did not. */
  private client(r: SimRequest, form: Record<string, string>): { id: string; secret: string } | null {
    const basic = parseBasic(r.req.headers.authorization);
    if (basic) return this.methods.includes('client_secret_basic') ? basic : null;
    if (form.client_id === undefined || form.client_secret === undefined) return null;
    return this.methods.includes('client_secret_post') ? { id: form.client_id, secret: form.client_secret } : null;
  }

  grant(r: SimRequest, form: Record<string, string>): void {
    const basic = this.client(r, form);
    if (!basic || !safeEqual(basic.id, this.credentials.clientId) || !safeEqual(basic.secret, this.credentials.clientSecret)) {
      return r.answer(
        401,
        r.url.pathname === AUTH_PATHS.token ? { error: 'invalid_client' } : { error: 'invalid_client', error_description: 'unknown client' },
      );
    }
    const lifetime = r.faults.tokenLifetimeSeconds;
    if (r.url.pathname === AUTH_PATHS.token) {
      if (form.grant_type !== 'client_credentials') return r.answer(400, { error: 'unsupported_grant_type' });
      const token = randomBytes(24).toString('base64url');
      const scope = r.faults.missingScope ? 'openid' : 'analytics:read';
      this.tokens.set(token, { expiresAt: Date.now() + lifetime * 1000, scope });
      return r.answer(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, scope });
    }
    const byPassword =
      form.grant_type === 'password' &&
      safeEqual(form.username ?? '', this.credentials.accessKeyId ?? '') &&
      safeEqual(form.password ?? '', this.credentials.accessKeySecret ?? '');
    const byRefresh = form.grant_type === 'refresh_token' && this.refreshTokens.delete(form.refresh_token ?? '');
    if (!byPassword && !byRefresh) return r.answer(400, { error: 'invalid_grant', error_description: 'access key or refresh token refused' });
    const token = jwt({
      tenantId: TENANT_ID,
      icBUId: BUSINESS_UNIT,
      icClusterId: 'SIM1',
      exp: Math.floor(Date.now() / 1000) + lifetime,
      jti: randomBytes(8).toString('hex'),
    });
    const refresh = randomBytes(18).toString('base64url');
    this.refreshTokens.add(refresh);
    this.tokens.set(token, { expiresAt: Date.now() + lifetime * 1000, scope: 'RealTimeApi AdminApi ReportingApi' });
    r.answer(200, { access_token: token, token_type: 'Bearer', expires_in: lifetime, refresh_token: refresh, id_token: jwt({ sub: 'user' }) });
  }

  /**
   * The one bearer check of every data API: true when the request's token is
   * live and carries `scope` (when one is asked); otherwise it has answered
   * 401 or 403.
   */
  admits(r: SimRequest, scope?: string): boolean {
    const bearer = /^Bearer (.+)$/.exec(r.req.headers.authorization ?? '')?.[1];
    const issued = bearer ? this.tokens.get(bearer) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) {
      r.answer(401, { error: 'invalid_token' });
      return false;
    }
    if (scope !== undefined && !issued.scope.split(' ').includes(scope)) {
      r.answer(403, { error: 'insufficient_scope' });
      return false;
    }
    return true;
  }

  /** Invalidate every issued token: the next data call answers 401. `refresh`: refresh tokens too. */
  revoke(opts: { refresh?: boolean } = {}): void {
    this.tokens.clear();
    if (opts.refresh) this.refreshTokens.clear();
  }
}
