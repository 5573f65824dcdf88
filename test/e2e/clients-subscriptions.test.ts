/**
 * Live subscriptions from the clients dashboards use: Apollo Client 4 with
 * GraphQLWsLink and urql with subscriptionExchange, both on graphql-ws over
 * the gateway's WebSocket: the first view arrives, then the next change.
 */
import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { Client, subscriptionExchange } from '@urql/core';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ShiftedClock } from '../support/fake-clock.js';
import { startStack, type Stack } from '../support/stack.js';

const SUBSCRIPTION = 'subscription Board { liveSkills(filter: { channels: ["voice"] }) { asOf stale totals { queueCount inSla outSla } } }';
const clock = new ShiftedClock().at('2026-11-24T15:00:00Z');
let s: Stack;
beforeAll(async () => {
  s = await startStack({ clock, env: { LIVE_POLL_SECONDS: '1' }, simulator: { contactsPerDay: 20_000 } });
});
afterAll(() => s.close());

const wsUrl = () => `${s.gw.url.replace('http', 'ws')}/graphql`;

/** The first two distinct views a subscription delivers (the tenant moves on between polls). */
async function twoViews(subscribe: (push: (v: any) => void) => () => void): Promise<any[]> {
  const seen: any[] = [];
  let stop = () => {};
  await new Promise<void>((resolve) => {
    stop = subscribe((v) => {
      seen.push(v);
      clock.shift(20_000);
      if (seen.length === 2) resolve();
    });
  });
  stop();
  return seen;
}

describe('subscription clients', () => {
  it('Apollo Client (GraphQLWsLink)', async () => {
    const ws = createClient({ url: wsUrl(), webSocketImpl: WebSocket });
    const client = new ApolloClient({ link: new GraphQLWsLink(ws), cache: new InMemoryCache() });
    const views = await twoViews((push) => {
      const sub = client.subscribe({ query: gql(SUBSCRIPTION) }).subscribe({ next: (r) => push(r.data) });
      return () => sub.unsubscribe();
    });
    await ws.dispose();
    expect(views.map((v) => v.liveSkills.stale)).toEqual([false, false]);
    expect(Date.parse(views[1].liveSkills.asOf)).toBeGreaterThan(Date.parse(views[0].liveSkills.asOf));
  });

  it('urql (subscriptionExchange over graphql-ws)', async () => {
    const ws = createClient({ url: wsUrl(), webSocketImpl: WebSocket });
    const client = new Client({
      url: `${s.gw.url}/graphql`,
      exchanges: [
        subscriptionExchange({
          forwardSubscription: (request) => ({
            subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
          }),
        }),
      ],
    });
    const views = await twoViews((push) => {
      const sub = client.subscription(SUBSCRIPTION, {}).subscribe((r) => push(r.data));
      return () => sub.unsubscribe();
    });
    await ws.dispose();
    expect(views[0].liveSkills.totals.inSla).toBeGreaterThan(0);
    expect(Date.parse(views[1].liveSkills.asOf)).toBeGreaterThan(Date.parse(views[0].liveSkills.asOf));
  });
});
