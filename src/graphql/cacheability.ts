/**
 * What a GraphQL request learns while it runs, for the HTTP layer to decide
 * whether the response's bytes may be kept for the warm path
 * (http/response-cache.ts), and until when.
 */

/** What a request learns while it runs, to decide whether its bytes may be kept. */
export interface Cacheability {
  ok: boolean;
  validUntil: number;
  answered: { cacheKey: string; rows: number }[];
}

export function newCacheability(): Cacheability {
  return { ok: true, validUntil: Number.POSITIVE_INFINITY, answered: [] };
}
