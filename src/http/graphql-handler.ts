/**
 * POST/GET /graphql: the warm path first (cached response bytes, with ETag
 * and 304), then Apollo. Replaces the integration's handler so the response
 * string can be kept without a second serialization.
 */
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { round2 } from '../analytics.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import type { Services } from '../services.js';
import { ResponseCache } from './response-cache.js';

function headerMap(headers: FastifyRequest['headers']): HeaderMap {
  const map = new HeaderMap();
  for (const [key, value] of Object.entries(headers)) {
    if (value) map.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return map;
}

export function graphqlHandler(apollo: ApolloServer<GraphQLContext>, services: Services) {
  const responses = new ResponseCache();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    // POST with a JSON body only: a GET must pass Apollo's CSRF check first.
    const key = req.method === 'POST' ? ResponseCache.keyOf(req.client, req.headers.accept, req.method, req.url, req.body) : null;
    const hit = key === null ? undefined : responses.get(key);
    if (hit) {
      const latency = round2(reply.elapsedTime);
      for (const a of hit.answered) {
        services.metrics.cache.inc({ outcome: 'hit' });
        services.audit.write({
          interface: 'graphql',
          cache_key: a.cacheKey,
          cache_hit: true,
          latency_ms: latency,
          row_count: a.rows,
          status: 'success',
          client: req.client,
          upstream_pages: 0,
          retries: 0,
        });
      }
      void reply.header('etag', hit.etag).header('x-response-cache', 'hit');
      if (req.headers['if-none-match'] === hit.etag) return reply.code(304).send();
      return reply.type(hit.contentType).send(hit.body);
    }

    const context = createContext(services, req.client, req.id);
    const url = req.url;
    const q = url.indexOf('?');
    const res = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { body: req.body, method: req.method.toUpperCase(), headers: headerMap(req.headers), search: q < 0 ? '' : url.slice(q) },
      context: async () => context,
    });
    for (const [name, value] of res.headers) void reply.header(name, value);
    void reply.code(res.status ?? 200);
    if (res.body.kind !== 'complete') return reply.send(res.body.asyncIterator);
    if (key !== null && (res.status ?? 200) === 200) {
      responses.set(key, res.body.string, res.headers.get('content-type') ?? 'application/json', context.cacheability);
      const kept = responses.get(key);
      if (kept) void reply.header('etag', kept.etag);
    }
    return reply.send(res.body.string);
  };
}
