/**
 * Real GraphQL clients against the gateway over HTTP: Apollo Client 4 with
 * InMemoryCache and the README's type policy (two panels over the same
 * question with different row fields share rows: 2 requests, not a refetch
 * loop), and urql with the README's settings (its GET default meets Apollo's
 * CSRF prevention).
 */
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { cacheExchange, Client, fetchExchange } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, WEEK, type Stack } from '../support/stack.js';

const ARGS = `query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }`;
const PANEL_A = gql`query PanelA { analytics(${ARGS}) { id rows { key channel handleTime } } }`;
const PANEL_B = gql`query PanelB { analytics(${ARGS}) { id rows { key channel talkTime } } }`;

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

/** The real fetch, counted: how many requests reach the gateway. */
function countingFetch() {
  const calls: string[] = [];
  const f: typeof fetch = (input, init) => {
    calls.push(String(init?.method ?? 'GET'));
    return fetch(input, init);
  };
  return { f, calls };
}

async function twoPanels(typePolicies: ConstructorParameters<typeof InMemoryCache>[0]) {
  const { f, calls } = countingFetch();
  const client = new ApolloClient({ link: new HttpLink({ uri: `${s.gw.url}/graphql`, fetch: f }), cache: new InMemoryCache(typePolicies) });
  const seen = { a: [] as any[], b: [] as any[] };
  const subs = [client.watchQuery({ query: PANEL_A }).subscribe((r) => seen.a.push(r)), client.watchQuery({ query: PANEL_B }).subscribe((r) => seen.b.push(r))];
  // Until both panels have complete data and no request is in flight for a while.
  for (let quiet = 0, last = -1; quiet < 10;) {
    await new Promise((r) => setTimeout(r, 50));
    const complete = seen.a.some((r) => r.data?.analytics) && seen.b.some((r) => r.data?.analytics);
    quiet = complete && calls.length === last ? quiet + 1 : 0;
    last = calls.length;
    if (calls.length > 20) break;
  }
  for (const sub of subs) sub.unsubscribe();
  client.stop();
  return { calls, seen };
}

describe('Apollo Client 4, InMemoryCache', () => {
  it('with the README type policy: two panels over one question make 2 requests, each sees its own fields', async () => {
    const { calls, seen } = await twoPanels({ typePolicies: { AnalyticsRow: { keyFields: ['key'] } } });
    expect(calls).toHaveLength(2);
    const a = seen.a.at(-1).data.analytics.rows;
    const b = seen.b.at(-1).data.analytics.rows;
    expect(a).toHaveLength(5);
    expect(a.every((r: any) => typeof r.handleTime === 'number')).toBe(true);
    expect(b.every((r: any) => typeof r.talkTime === 'number')).toBe(true);
    expect(a.map((r: any) => r.key)).toEqual(b.map((r: any) => r.key));
  });
});

describe('urql', () => {
  const QUERY = `query Q { analytics(${ARGS}) { rows { channel talkRatio } } }`;

  it("with its defaults (GET, no content type) Apollo's CSRF prevention refuses it: why the README says what to set", async () => {
    const client = new Client({ url: `${s.gw.url}/graphql`, exchanges: [cacheExchange, fetchExchange] });
    const r = await client.query(QUERY, {}).toPromise();
    expect(r.error?.message ?? '').toMatch(/CSRF|preflight|400/i);
  });

  it('with preferGetMethod: false it runs the query', async () => {
    const client = new Client({ url: `${s.gw.url}/graphql`, exchanges: [cacheExchange, fetchExchange], preferGetMethod: false });
    const r = await client.query(QUERY, {}).toPromise();
    expect(r.error).toBeUndefined();
    expect(r.data.analytics.rows).toHaveLength(5);
  });

  it('keeping GET with the apollo-require-preflight header runs it too', async () => {
    const client = new Client({
      url: `${s.gw.url}/graphql`,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { 'apollo-require-preflight': 'true' } },
    });
    const r = await client.query(QUERY, {}).toPromise();
    expect(r.error).toBeUndefined();
    expect(r.data.analytics.rows).toHaveLength(5);
  });
});
