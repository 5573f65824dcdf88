/**
 * POST/GET /graphql through Apollo. Replaces the integration's handler so a
 * truthful response can be kept, as the string Apollo already serialized,
 * for the warm path (warm-path.ts) to answer the next identical request.
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import type { Services } from '../analytics/services.js';
import { bucketOf } from './admission.js';
import type { ResponseCache } from './response-cache.js';
import { isJson, warmRequest, type Replayable } from './warm-path.js';
import { inSpan, tracingEnabled } from '../tracing.js';

function headerMap(headers: FastifyRequest['headers']): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

/** The operation's name (as the client named it) and a hash of its document: never its variables. */
function operationAttributes(body: unknown, search: string): Record<string, string> {
  const params = new URLSearchParams(search);
  const b = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; operationName?: unknown };
  const document = typeof b.query === 'string' ? b.query : (params.get('query') ?? '');
  const name = typeof b.operationName === 'string' ? b.operationName : params.get('operationName');
  const type = /^\s*(query|mutation|subscription)\b/.exec(document.replace(/#[^\n]*/g, ''))?.[1] ?? 'query';
  return {
    'graphql.operation.name':
      name && /^[A-Za-z_]\w{0,127}$/.test(name) ? name : (/^\s*(?:query|mutation|subscription)\s+([A-Za-z_]\w{0,127})/.exec(document)?.[1] ?? ''),
    'graphql.operation.type': type,
    'graphql.document.sha256': createHash('sha256').update(document).digest('hex'),
  };
}

export function graphqlHandler(apollo: ApolloServer<GraphQLContext>, services: Services, responses: ResponseCache) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const context = createContext(services, req.client, req.id, bucketOf(req.client, req.ip));
    const url = req.url;
    const q = url.indexOf('?');
    const search = q < 0 ? '' : url.slice(q);
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { body: req.body, method: req.method.toUpperCase(), headers: headerMap(req.headers), search },
        context: async () => context,
      });
    const res = tracingEnabled() ? await inSpan('graphql.operation', operationAttributes(req.body, search), execute) : await execute();
    for (const [name, value] of res.headers) void reply.header(name, value);
    void reply.code(res.status ?? 200);
    if (res.body.kind !== 'complete') return reply.send(res.body.asyncIterator);
    // A POST the warm path read (its body is the key) or a CSRF-safe GET (its URL is).
    const body = (req.raw as Replayable).replayBody;
    const request = body && isJson(req.headers['content-type']) ? body : warmRequest(req.method, req.raw.url, req.headers);
    if (request !== undefined && (res.status ?? 200) === 200) {
      const kept = responses.set(
        { client: req.client, accept: req.headers.accept, request },
        res.body.string,
        res.headers.get('content-type') ?? 'application/json',
        context.cacheability,
      );
      if (kept) {
        void reply.header('etag', kept.etag);
        // Answered afresh, and byte for byte what the client holds: no body again.
        if (req.headers['if-none-match'] === kept.etag) return reply.code(304).send();
      }
    }
    return reply.send(res.body.string);
  };
}
