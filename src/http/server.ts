/**
 * HTTP wiring: Fastify with Apollo on /graphql, the REST endpoint, health
 * and readiness, and the API-key check in front of /graphql and /api/*.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { resolvers } from '../graphql/resolvers.js';
import type { Services } from '../services.js';
import { ApiKeys } from './auth.js';
import { restHandler } from './rest.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Key id of the caller, set by the API-key check. */
    client: string;
  }
}

const typeDefs = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

/** Largest request body: a GraphQL document with variables is a few KB. */
const BODY_LIMIT_BYTES = 1024 * 1024;
/** /readyz gives up on a check after this long. */
const READY_TIMEOUT_MS = 3000;

export async function buildServer(services: Services): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: services.log as FastifyBaseLogger,
    // Two lines per request at info would drown the audit; debug turns them on.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
  });
  app.decorateRequest('client', '');

  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    fastifyApolloDrainPlugin(app),
    // The schema has no cache hints; the default plugin would wrap every resolver for nothing.
    ApolloServerPluginCacheControlDisabled(),
    warningsPlugin,
  ];
  if (config.production) plugins.push(ApolloServerPluginLandingPageDisabled());
  const apollo = new ApolloServer<GraphQLContext>({
    typeDefs,
    resolvers,
    plugins,
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
    formatError: (formatted) => formatError(formatted, config.production),
  });
  await apollo.start();

  const keys = new ApiKeys(config.apiKeys);
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path !== '/graphql' && !path.startsWith('/api/')) return;
    const client = keys.identify(req.headers);
    if (client !== null) {
      req.client = client;
      return;
    }
    const message = 'a valid API key is required: send Authorization: Bearer <key> or X-API-Key: <key>';
    reply.code(401).header('www-authenticate', 'Bearer');
    return path === '/graphql'
      ? reply.send({ errors: [{ message, extensions: { code: ErrorCode.UNAUTHENTICATED } }] })
      : reply.send({ detail: message, code: ErrorCode.UNAUTHENTICATED });
  });

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async (req) => createContext(services, req.client) }),
  });
  app.post('/api/v1/analytics/query', restHandler(services));
  app.get('/healthz', async () => ({ status: 'ok' }));
  // A degraded cache (Redis away) still answers every query from upstream, so
  // it does not fail readiness: pulling every replica out of the load
  // balancer for a Redis outage would turn a slowdown into an outage.
  app.get('/readyz', async (_req, reply) => {
    const [cache, upstream] = await Promise.all([services.store.health(), check(services.source.ready())]);
    const ready = upstream === 'ok';
    const status = !ready ? 'not ready' : cache === 'ok' ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).send({ status, cache, upstream, store: services.store.kind });
  });
  app.addHook('onClose', async () => {
    await services.close();
  });
  return app;
}

/** Stale answers say so in `extensions.warnings` next to `data`. */
const warningsPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        if (contextValue.warnings.length === 0 || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, warnings: [...new Set(contextValue.warnings)] };
      },
    };
  },
};

async function check(p: Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  } finally {
    clearTimeout(timer);
  }
}

/** Allow-list what leaves the process: message, location, path, code. */
export function formatError(formatted: GraphQLFormattedError, production: boolean): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : ErrorCode.INTERNAL_SERVER_ERROR;
  const internal = code === ErrorCode.INTERNAL_SERVER_ERROR;
  const extensions: Record<string, unknown> = { code };
  if (typeof ext.upstreamStatus === 'number') extensions.upstreamStatus = ext.upstreamStatus;
  if (!production && ext.stacktrace) extensions.stacktrace = ext.stacktrace;
  return {
    message: production && internal ? 'Internal server error' : formatted.message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
