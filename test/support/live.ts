/** Live subscribers over the two transports, and the simulator's truth in the API's names, for the live tests. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { channelName } from '../../src/channels.js';
import { liveState } from '../../src/simulator/live.js';
import type { Tenant } from '../../src/simulator/tenant.js';

export interface Subscriber {
  messages: any[];
  errors: unknown[];
  /** Resolves with the next message's data (or the error). */
  next(): Promise<any>;
  close(): Promise<void>;
}

function collector(): Omit<Subscriber, 'close'> & { push(m: any): void; fail(e: unknown): void } {
  const messages: any[] = [];
  const errors: unknown[] = [];
  let waiting: ((m: any) => void)[] = [];
  return {
    messages,
    errors,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    push(m) {
      messages.push(m);
      const w = waiting;
      waiting = [];
      for (const f of w) f(m);
    },
    fail(e) {
      errors.push(e);
      const w = waiting;
      waiting = [];
      // A socket closed by the server arrives as a CloseEvent: its code and reason are what matter.
      const closed = e as { code?: number; reason?: string };
      for (const f of w) f(typeof closed?.code === 'number' ? { error: { code: closed.code, reason: closed.reason } } : { error: e });
    },
  };
}

export function wsClient(gatewayUrl: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** One subscription over graphql-ws (its own client unless one is given). */
export function wsSubscribe(gatewayUrl: string, query: string, variables: Record<string, unknown> = {}, client = wsClient(gatewayUrl)): Subscriber {
  const c = collector();
  // A subscription refused by its resolver answers one result with errors, then completes.
  const stop = client.subscribe({ query, variables }, { next: (v) => c.push(v.data ?? { errors: v.errors }), error: (e) => c.fail(e), complete: () => {} });
  return {
    ...c,
    close: async () => {
      stop();
      await client.dispose();
    },
  };
}

/** One subscription over graphql-sse's distinct-connections mode: a POST whose answer is the event stream. */
export function sseSubscribe(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Subscriber & { status: Promise<number> } {
  const c = collector();
  const abort = new AbortController();
  const status = fetch(`${gatewayUrl}/graphql/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  }).then(async (res) => {
    if (res.status !== 200 || !res.body) {
      c.fail(await res.text());
      return res.status;
    }
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(event)?.[1];
            if (/^event: next$/m.test(event) && data) c.push(JSON.parse(data).data);
          }
        }
      } catch {
        // aborted
      }
    })();
    return res.status;
  });
  return { ...c, status, close: async () => abort.abort() };
}

/** The simulator's skills at `asOf`, as Query.live and liveSkills name them. */
export function truthSkills(tenant: Tenant, asOf: number) {
  return liveState(tenant, asOf).skills.map((r: any) => ({
    skillId: String(r.skillId),
    skill: r.skillName,
    channel: channelName(r.mediaTypeName, r.mediaTypeId),
    direction: r.isOutbound ? 'outbound' : 'inbound',
    queueCount: r.queueCount,
    longestWaitSeconds: r.earliestQueueTime === null ? null : (asOf - Date.parse(r.earliestQueueTime)) / 1000,
    contactsActive: r.contactsActive,
    agentsLoggedIn: r.agentsLoggedIn,
    agentsAvailable: r.agentsAvailable,
    agentsWorking: r.agentsWorking,
    agentsAcw: r.agentsACW,
    agentsUnavailable: r.agentsUnavailable,
    serviceLevel: r.serviceLevel,
    serviceLevelGoal: r.serviceLevelGoal,
    inSla: r.inSLA,
    outSla: r.outSLA,
  }));
}

export const SKILL_FIELDS =
  'skillId skill channel direction queueCount longestWaitSeconds contactsActive agentsLoggedIn agentsAvailable agentsWorking agentsAcw agentsUnavailable serviceLevel serviceLevelGoal inSla outSla';

/** The simulator's agents at `asOf`, as Query.live names them. */
export function truthAgents(tenant: Tenant, asOf: number) {
  return liveState(tenant, asOf).agents.map((r: any) => ({
    agentId: String(r.agentId),
    agent: `${r.firstName} ${r.lastName}`,
    team: r.teamName,
    state: r.agentStateName,
    reason: r.outStateDescription,
    acw: r.isACW,
    since: r.startDate,
    secondsInState: (asOf - Date.parse(r.startDate)) / 1000,
    skill: r.skillName,
  }));
}
export const AGENT_FIELDS = 'agentId agent team state reason acw since secondsInState skill';
