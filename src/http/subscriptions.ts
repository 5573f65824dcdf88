/**
 * Live subscriptions over the transports GraphQL clients speak: graphql-ws
 * on a WebSocket upgrade of /graphql (Apollo Client, urql) and graphql-sse
 * at /graphql/stream (for proxies that block WebSockets). Both check the API
 * key (a browser's WebSocket cannot send headers: connection params `apiKey`
 * or `authorization` stand in), take a token of the client's rate limit per
 * subscription, hold the operation to the query limits, write an audit
 * line, and say errors as POST /graphql does.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable, type Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { createHandler } from 'graphql-sse/lib/use/http';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Services } from '../analytics/services.js';
import { createContext } from '../graphql/context.js';
import { prepareSubscription, type SubscribeRequest } from '../graphql/subscribe-operation.js';
import { bucketOf, type Admission } from './admission.js';

/** Where graphql-sse listens. */
export const SSE_PATH = '/graphql/stream';

type Format = (e: GraphQLError) => ReturnType<GraphQLError['toJSON']>;

interface Caller {
  client: string;
  address: string | undefined;
}

/** Audit and rate-limit one subscription; the GraphQL errors to answer, or the prepared operation and its context. */
async function admit(
  services: Services,
  admission: Admission,
  schema: GraphQLSchema,
  caller: Caller,
  req: SubscribeRequest,
  transport: 'graphql-ws' | 'graphql-sse',
) {
  const refusal = await admission.rateLimit(caller.client, caller.address);
  if (refusal) return { errors: [new GraphQLError(refusal.message, { extensions: { code: refusal.code } })] };
  const prepared = prepareSubscription(schema, req, services.config.limits, services.config.production);
  const requestId = randomUUID();
  const field = 'document' in prepared ? (/\b(live\w+)/.exec(req.query)?.[1] ?? 'subscription') : 'refused';
  services.audit.write({
    interface: transport,
    cache_key: `live:${field}`,
    cache_hit: true,
    latency_ms: 0,
    row_count: 0,
    status: 'errors' in prepared ? 'error' : 'success',
    client: caller.client,
    upstream_pages: 0,
    retries: 0,
  });
  if ('errors' in prepared) return prepared;
  return { ...prepared, contextValue: createContext(services, caller.client, requestId, bucketOf(caller.client, caller.address)) };
}

/** A WebSocket's key: the upgrade's headers, else the connection params (apiKey, x-api-key or authorization). */
function keyHeaders(req: IncomingMessage, params: Record<string, unknown> | undefined): IncomingMessage['headers'] {
  const headers = { ...req.headers };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const apiKey = str(params?.apiKey) ?? str(params?.['x-api-key']) ?? str(params?.['X-API-Key']);
  const auth = str(params?.authorization) ?? str(params?.Authorization);
  if (apiKey) headers['x-api-key'] = apiKey;
  if (auth) headers.authorization = auth;
  return headers;
}

export function registerSubscriptions(app: FastifyInstance, services: Services, admission: Admission, schema: GraphQLSchema, format: Format): void {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const ws = useServer<Record<string, unknown>, { caller?: Caller }>(
    {
      schema,
      onConnect: (ctx) => {
        const client = admission.identify(keyHeaders(ctx.extra.request, ctx.connectionParams));
        if (client === null) return false;
        ctx.extra.caller = { client, address: ctx.extra.request.socket.remoteAddress };
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const admitted = await admit(services, admission, schema, ctx.extra.caller!, payload as SubscribeRequest, 'graphql-ws');
        if ('errors' in admitted) return admitted.errors;
        return { schema, ...admitted };
      },
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: result.errors.map((e) => format(e as GraphQLError)) } : result),
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => format(e as GraphQLError) as unknown as GraphQLError),
    },
    wss,
  );

  app.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://gateway').pathname);
    } catch {
      path = '';
    }
    if (path !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (socket) => wss.emit('connection', socket, req));
  });

  const sse = createHandler({
    schema,
    onSubscribe: async (req, params) => {
      const raw = req.raw;
      const caller = (raw as IncomingMessage & { caller?: Caller }).caller!;
      const admitted = await admit(services, admission, schema, caller, params as SubscribeRequest, 'graphql-sse');
      if ('errors' in admitted) {
        const body = JSON.stringify({ errors: admitted.errors.map(format) });
        return [body, { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/json; charset=utf-8' } }] as never;
      }
      return { schema, ...admitted } as never;
    },
  });
  const streams = new Set<ServerResponse>();
  app.route({
    url: SSE_PATH,
    method: ['GET', 'POST', 'PUT', 'DELETE'],
    handler: async (request, reply) => {
      // Fastify has read the body already: graphql-sse reads it again from this stream.
      const { method, url, headers } = request.raw;
      const body = request.body === undefined ? [] : [typeof request.body === 'string' ? request.body : JSON.stringify(request.body)];
      const again = Object.assign(Readable.from(body), { method, url, headers, caller: { client: request.client, address: request.ip } });
      reply.hijack();
      streams.add(reply.raw);
      reply.raw.once('close', () => streams.delete(reply.raw));
      await sse(again as unknown as IncomingMessage, reply.raw);
    },
  });

  // Streams never end by themselves: on shutdown they are closed, the WebSockets told the server is going away.
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
    await ws.dispose();
    for (const socket of wss.clients) socket.close(1001, 'server shutting down');
    wss.close();
  });
}
