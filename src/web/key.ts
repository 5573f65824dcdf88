/**
 * The gateway API key a page sends, kept in this tab's session storage (gone
 * when the tab closes, never in the URL), and whether the gateway asks for
 * one: it says so in the page's `gateway-auth` meta tag.
 */
const STORAGE = 'cxone-gateway-api-key';

export const keyRequired = (): boolean => document.querySelector('meta[name="gateway-auth"]')?.getAttribute('content') === 'key';

export function storedKey(): string | null {
  return sessionStorage.getItem(STORAGE);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(STORAGE, key);
  else sessionStorage.removeItem(STORAGE);
}

/** Request headers that carry the key, when there is one. */
export const keyHeaders = (key: string | null): Record<string, string> => (key ? { 'x-api-key': key } : {});
