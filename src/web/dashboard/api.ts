/**
 * The dashboard's requests. GraphQL goes as GET (Apollo's CSRF prevention
 * lets it through with `apollo-require-preflight`), so each answer has an
 * ETag: a refresh sends `If-None-Match` and an unchanged answer costs a 304
 * with no body, and nothing upstream. CSV comes from the REST endpoint.
 */
import type { TypedDocumentString } from '../__generated__/graphql.js';
import { keyHeaders, storedKey } from '../key.js';

/** The gateway refused the API key (or none was sent): the page asks for one. */
export class KeyRefused extends Error {}

export interface Answer<T> {
  data: T;
  /** extensions.warnings: what the gateway defaulted, approximated or served stale. */
  warnings: string[];
}

/** Answers by URL with their ETags, to revalidate. */
const kept = new Map<string, { etag: string; answer: Answer<unknown> }>();
/** Bounds `kept`: a long session over many views must not grow without end. */
const MAX_KEPT = 200;

const operationName = (text: string) => /\b(?:query|mutation|subscription)\s+(\w+)/.exec(text)?.[1] ?? '';

/** One GraphQL operation; throws KeyRefused on 401, and an Error with the gateway's own words otherwise. */
export async function query<T, V>(doc: TypedDocumentString<T, V>, variables: V): Promise<Answer<T>> {
  const text = doc.toString().replace(/\s+/g, ' ').trim();
  const url = `/graphql?${new URLSearchParams({ operationName: operationName(text), query: text, variables: JSON.stringify(variables) })}`;
  const before = kept.get(url);
  const headers: Record<string, string> = { accept: 'application/json', 'apollo-require-preflight': 'true', ...keyHeaders(storedKey()) };
  if (before) headers['if-none-match'] = before.etag;
  // no-store: the browser's cache stays out of it; the 304 reaches this code as a 304.
  const res = await fetch(url, { headers, cache: 'no-store' });
  if (res.status === 304 && before) return before.answer as Answer<T>;
  if (res.status === 401) throw new KeyRefused(await messageOf(res));
  const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string }[]; extensions?: { warnings?: string[] } } | null;
  if (!body) throw new Error(`the gateway answered ${res.status} ${res.statusText} without a JSON body`);
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') || `the gateway answered ${res.status} with no data`);
  const answer = { data: body.data, warnings: body.extensions?.warnings ?? [] };
  const etag = res.headers.get('etag');
  kept.delete(url);
  if (etag) kept.set(url, { etag, answer });
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
  return answer;
}

/** The REST endpoint's CSV for `body` (the seed's snake_case request). */
export async function csv(body: unknown): Promise<string> {
  const res = await fetch('/api/v1/analytics/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/csv', ...keyHeaders(storedKey()) },
    body: JSON.stringify(body),
  });
  if (res.status === 401) throw new KeyRefused(await messageOf(res));
  if (!res.ok) throw new Error(await messageOf(res));
  return res.text();
}

/** The error message of a refusal body, whichever shape the endpoint uses. */
async function messageOf(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as { message?: string; detail?: string; errors?: { message: string }[] };
    return body.errors?.[0]?.message ?? body.message ?? body.detail ?? text;
  } catch {
    return text || `${res.status} ${res.statusText}`;
  }
}
