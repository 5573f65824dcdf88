/**
 * One HTTP exchange with CXone through ofetch, reduced to what the retry
 * policy needs. ofetch's own retry is off: the policy lives in retry.ts.
 */
import { FetchError, ofetch } from 'ofetch';

export type Exchange =
  | { kind: 'answer'; status: number; headers: Headers; text: string }
  | { kind: 'network'; reason: string };

export async function exchange(
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<Exchange> {
  try {
    const res = await ofetch.raw<string, 'text'>(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      timeout: init.timeoutMs,
      retry: false,
      responseType: 'text',
      ignoreResponseError: true,
    });
    return { kind: 'answer', status: res.status, headers: res.headers, text: res._data ?? '' };
  } catch (err) {
    // Only the reason, never the request: its headers hold credentials.
    const cause = err instanceof FetchError ? (err.cause as { name?: string; code?: string } | undefined) : undefined;
    const reason = cause?.name === 'TimeoutError' || cause?.name === 'AbortError'
      ? `timed out after ${init.timeoutMs} ms`
      : (cause?.code ?? cause?.name ?? (err as Error).name ?? 'network error');
    return { kind: 'network', reason };
  }
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
