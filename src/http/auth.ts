/**
 * API keys (GATEWAY_API_KEYS): compared in constant time, and known to logs
 * and the audit only by their key id, a short hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const ANONYMOUS = 'anonymous';

export function keyId(key: string): string {
  return `key-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

export class ApiKeys {
  private readonly digests: { digest: Buffer; id: string }[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map((k) => ({ digest: digest(k), id: keyId(k) }));
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /**
   * The key id of the presented key, or null when it is missing or wrong.
   * Every configured key is compared, so timing does not tell which matched.
   */
  identify(headers: Record<string, string | string[] | undefined>): string | null {
    if (!this.enabled) return ANONYMOUS;
    const presented = presentedKey(headers);
    if (presented === null) return null;
    const d = digest(presented);
    let found: string | null = null;
    for (const k of this.digests) if (timingSafeEqual(k.digest, d)) found = k.id;
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1]!;
  }
  const x = headers['x-api-key'];
  return typeof x === 'string' && x.length > 0 ? x : null;
}
