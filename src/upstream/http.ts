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
    return { kind: 'network', reason: networkReason(err, init.timeoutMs) };
  }
}

/**
 * Why no answer came, from the innermost cause (undici nests the socket
 * error two levels down). Only names and codes: never the request, whose
 * headers hold credentials.
 */
function networkReason(err: unknown, timeoutMs: number): string {
  let e: unknown = err instanceof FetchError ? err.cause : err;
  let code: string | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    const { name, code: c, cause } = e as { name?: string; code?: string; cause?: unknown };
    if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`;
    code = c ?? code;
    e = cause;
  }
  return code ? `connection failed (${code})` : 'connection failed';
}

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
