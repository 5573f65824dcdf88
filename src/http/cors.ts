/**
 * CORS for dashboards served from another origin (CORS_ORIGINS). One policy
 * for both ways in: Fastify's hook (which also answers preflights, before the
 * API-key check and Apollo's CSRF prevention, since a preflight carries no
 * key) and the warm path below it.
 */

/** What browsers may send: keys, JSON, Apollo's CSRF header, revalidation. */
const ALLOWED_HEADERS = 'authorization, x-api-key, content-type, apollo-require-preflight, x-apollo-operation-name, if-none-match';
/** What browser code may read: the validator, the request id, when to retry. */
const EXPOSED_HEADERS = 'etag, x-request-id, retry-after';
/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export class CorsPolicy {
  private readonly any: boolean;
  private readonly origins: ReadonlySet<string>;

  /** `origins`: exact origins (scheme://host[:port]), or `*` alone. */
  constructor(origins: readonly string[]) {
    this.any = origins.includes('*');
    this.origins = new Set(origins.map((o) => o.toLowerCase()));
  }

  /** Headers for an actual request from `origin`, or null when it is not allowed (then none are sent). */
  headers(origin: string | undefined): Record<string, string> | null {
    if (origin === undefined) return null;
    if (this.any) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
    if (!this.origins.has(origin.toLowerCase())) return null;
    return { 'access-control-allow-origin': origin, vary: 'Origin', 'access-control-expose-headers': EXPOSED_HEADERS };
  }

  /** Headers answering a preflight from `origin`, or null when it is not allowed. */
  preflight(origin: string | undefined): Record<string, string> | null {
    const h = this.headers(origin);
    if (!h) return null;
    return {
      ...h,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
    };
  }
}

export function isPreflight(method: string | undefined, headers: Record<string, unknown>): boolean {
  return method === 'OPTIONS' && typeof headers['access-control-request-method'] === 'string';
}
