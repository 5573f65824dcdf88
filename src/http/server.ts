/**
 * HTTP wiring: Fastify with Apollo on /graphql, the REST endpoint, health,
 * readiness and metrics; API keys and per-client rate limits in front of
 * /graphql and /api/*.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { IResolvers } from '@graphql-tools/utils';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { withTimeout } from '../clock.js';
import { ErrorCode } from '../errors.js';
import type { GraphQLContext } from '../graphql/context.js';
import { jitGateway } from '../graphql/jit.js';
import { limitsPlugin } from '../graphql/limits.js';
import { KnownOperationTypes, NoSubscriptionsOverHttp } from '../graphql/operation-types.js';
import { resolvers } from '../graphql/resolvers.js';
import { withSdlScalarDocs } from '../graphql/scalars.js';
import type { Services } from '../analytics/services.js';
import { Admission, refusalBody, type Refusal } from './admission.js';
import { CorsPolicy, isPreflight } from './cors.js';
import { graphqlHandler } from './graphql-handler.js';
import { landingPagePlugin } from './landing-page.js';
import { registerPages } from './pages.js';
import { registerSubscriptions } from './subscriptions.js';
import { nameRequestSpan, traced } from './request-span.js';
import { tracingEnabled } from '../tracing.js';
import { liveResolvers } from '../graphql/live-resolvers.js';
import { ResponseCache } from './response-cache.js';
import { restHandler } from './rest.js';
import { replayedBody, WarmPath, type Replayable } from './warm-path.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Key id of the caller, set by the API-key check. */
    client: string;
  }
}

const typeDefs = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

/** Largest request body: a GraphQL document with variables is a few KB. */
const BODY_LIMIT_BYTES = 256 * 1024;
/** /readyz gives up on a check after this long. */
const READY_TIMEOUT_MS = 3000;
/** Distinct operation names kept as metric labels. */
const MAX_OPERATION_LABELS = 200;
/** Route config of the few routes that serve no data and need no key; every other route, and an unmatched path, does. */
const PUBLIC = { config: { public: true } };

export async function buildServer(services: Services): Promise<FastifyInstance> {
  const { config, metrics } = services;
  const admission = new Admission(config, services.rateLimiter, metrics);
  const responses = new ResponseCache(config.cache.memory.responses, services.clock, () => metrics.evictions.inc({ cache: 'responses' }));
  metrics.reportMemory('responses', () => responses.size);
  const cors = config.corsOrigins.length > 0 ? new CorsPolicy(config.corsOrigins) : null;
  const warm = new WarmPath(responses, admission, services, cors);
  const app = Fastify({
    serverFactory: (handler) => {
      // Fastify applies none of its own timeouts to a server from a factory: set Node's here.
      const h = config.http;
      const server = createServer(
        {
          headersTimeout: h.headersTimeoutMs,
          requestTimeout: h.requestTimeoutMs,
          keepAliveTimeout: h.keepAliveTimeoutMs,
          // How often Node looks for connections past those timeouts (30 s by default).
          connectionsCheckingInterval: Math.min(1000, h.headersTimeoutMs),
        },
        // Tracing is decided at start (telemetry.ts): off, requests skip the span code entirely.
        tracingEnabled() ? (req, res) => traced(req, res, () => warm.handle(req, res, handler)) : (req, res) => warm.handle(req, res, handler),
      );
      server.maxConnections = h.maxConnections;
      return server;
    },
    bodyLimit: BODY_LIMIT_BYTES,
    loggerInstance: services.log as FastifyBaseLogger,
    // Two lines per request at info would drown the audit; debug turns them on.
    logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
    genReqId: () => randomUUID(),
    // A pino child per request (with redaction over its bindings) cost more
    // than the warm path itself; request-scoped lines name the id explicitly.
    childLoggerFactory: (logger) => logger,
  });
  app.decorateRequest('client', '');

  const plugins: ApolloServerPlugin<GraphQLContext>[] = [
    // The schema has no cache hints; the default plugin would wrap every resolver for nothing.
    ApolloServerPluginCacheControlDisabled(),
    limitsPlugin(config.limits),
    responsePlugin(services),
  ];
  plugins.push(config.production ? ApolloServerPluginLandingPageDisabled() : landingPagePlugin(config.pages.graphiql));
  const schema = withSdlScalarDocs(makeExecutableSchema({ typeDefs, resolvers: [resolvers as IResolvers, liveResolvers as IResolvers] }), typeDefs);
  const apollo = new ApolloServer<GraphQLContext>({
    gateway: jitGateway(schema),
    plugins,
    // Shutdown is the gateway's (gateway.ts): Apollo's own SIGTERM handler and
    // the Fastify drain plugin cut every connection after a fixed 10 s.
    stopOnTerminationSignals: false,
    validationRules: [KnownOperationTypes, NoSubscriptionsOverHttp],
    // Apollo's own warnings and errors as JSON lines in the same log.
    logger: services.log,
    // A document over the token budget is refused by the parser, before validation.
    parseOptions: { maxTokens: config.limits.maxTokens },
    introspection: !config.production,
    includeStacktraceInErrorResponses: !config.production,
    // No "did you mean" hints that spell out the schema to a production client.
    hideSchemaDetailsFromClientErrors: config.production,
    formatError: (formatted, error) => formatError(formatted, config.production, error),
  });
  await apollo.start();

  // The shape of a refusal follows the route the router matched, never the raw target.
  const refuse = (reply: FastifyReply, r: Refusal) =>
    reply
      .code(r.status)
      .headers(r.headers)
      .type('application/json; charset=utf-8')
      .send(refusalBody(reply.request.routeOptions.url ?? '', r, reply.request.id));
  // The request's span (tracing on) takes the route's name as soon as the router has one.
  if (tracingEnabled()) {
    app.addHook('onRequest', (req, _reply, done) => {
      nameRequestSpan(req.raw, req.routeOptions.url ?? 'unmatched');
      done();
    });
  }
  // CORS first: a preflight carries no key and must not meet the key check or Apollo's CSRF prevention.
  if (cors) {
    app.addHook('onRequest', async (req, reply) => {
      if (isPreflight(req.method, req.headers)) {
        const h = cors.preflight(req.headers.origin);
        return h
          ? reply
              .code(204)
              .headers({ ...h, 'x-request-id': req.id })
              .send()
          : undefined;
      }
      const h = cors.headers(req.headers.origin);
      if (h) void reply.headers(h);
    });
  }
  // Keys and rate limits run after routing, on the route the request reached
  // (however its path was spelled: encoded, absolute form, dot segments), and
  // deny by default: only routes marked PUBLIC skip them. Headers only: a body
  // is not read for a caller that will be refused.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
    if ((req.routeOptions.config as { public?: boolean } | undefined)?.public) return;
    const client = admission.identify(req.headers);
    if (client === null) return refuse(reply.header('connection', 'close'), admission.unauthenticated());
    req.client = client;
    const refusal = await admission.rateLimit(client, req.ip);
    if (refusal) return refuse(reply, refusal);
  });
  // A body the warm path already read reaches the parser again.
  app.addHook('preParsing', async (req, _reply, payload) => replayedBody(req.raw as Replayable) ?? payload);
  // Fastify's own refusals (unparsable or oversized body, prototype keys) in
  // the shape each endpoint promises; anything else is a generic 500.
  app.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
    const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err, reqId: req.id }, 'request failed');
    const message = status === 500 ? 'Internal server error' : `request refused: ${err.message}`;
    const code = status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_USER_INPUT;
    return refuse(reply, { status, code, message, headers: {} });
  });
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ route, status: reply.statusCode });
    metrics.requestSeconds.observe({ route }, reply.elapsedTime / 1000);
  });

  app.route({
    url: '/graphql',
    method: ['GET', 'POST', 'OPTIONS'],
    handler: graphqlHandler(apollo, services, warm.responses),
  });
  const rest = restHandler(services);
  app.post('/api/v1/analytics/query', rest.query);
  app.get('/api/v1/analytics/result/:cacheKey', rest.result);
  registerPages(app, { ...config.pages, keyRequired: config.apiKeys.length > 0 });
  registerSubscriptions(app, services, admission, schema, (e) => formatError(e.toJSON(), config.production, e));
  app.get('/healthz', PUBLIC, async () => ({ status: 'ok' }));
  // A degraded cache (Redis away) still answers every query from upstream, so
  // it does not fail readiness: pulling every replica out of the load
  // balancer for a Redis outage would turn a slowdown into an outage.
  app.get('/readyz', PUBLIC, async (_req, reply) => {
    const [cache, upstream, cluster] = await Promise.all([services.store.health(), check(services.source.ready()), services.store.cluster?.()]);
    const ready = upstream === 'ok';
    const status = !ready ? 'not ready' : cache === 'ok' ? 'ready' : 'degraded';
    return reply.code(ready ? 200 : 503).send({ status, cache, upstream, store: services.store.kind, ...(cluster && { cluster }) });
  });
  app.get('/metrics', PUBLIC, async (_req, reply) => {
    metrics.flush();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.addHook('onClose', async () => {
    await apollo.stop();
    await services.close();
  });
  return app;
}

/**
 * Per operation: latency by operation name, the request id on every error,
 * and stale answers' warnings in `extensions.warnings` next to `data`.
 */
function responsePlugin(services: Services): ApolloServerPlugin<GraphQLContext> {
  // Operation names come from clients: a bounded set of label values, the rest "other".
  const names = new Set<string>();
  const label = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_LABELS || !/^[A-Za-z_]\w{0,63}$/.test(name)) return 'other';
    names.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        // One line per failed request: the codes and messages, never variables.
        async didEncounterErrors({ errors, contextValue, operationName }) {
          const codes = errors.map((e) => errorCode(e));
          const line = {
            reqId: contextValue.requestId,
            operation: label(operationName),
            errors: errors.map((e, i) => ({ code: codes[i], message: e.message })),
          };
          const internal = codes.indexOf(ErrorCode.INTERNAL_SERVER_ERROR);
          if (internal >= 0) services.log.error({ ...line, err: errors[internal]!.originalError ?? errors[internal] }, 'graphql request failed');
          else services.log.info(line, 'graphql request refused');
        },
        async willSendResponse({ contextValue, response, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          services.metrics.operationSeconds.observe(
            { operation: label(operationName), outcome: result.errors ? 'error' : 'ok' },
            (performance.now() - started) / 1000,
          );
          if (result.errors) {
            contextValue.cacheability.ok = false;
            result.errors = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
          }
          if (contextValue.warnings.length > 0) {
            result.extensions = { ...result.extensions, warnings: [...new Set(contextValue.warnings)] };
          }
        },
      };
    },
  };
}

async function check(p: Promise<void>): Promise<string> {
  try {
    await withTimeout(p, READY_TIMEOUT_MS, () => new Error(`no answer within ${READY_TIMEOUT_MS} ms`));
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * An error's public code. Apollo raises an automatic persisted query whose
 * hash does not match its text without one: that is the client's bad request.
 */
function errorCode(error: Pick<GraphQLError, 'message' | 'extensions'>): string {
  const code = error.extensions?.code;
  if (typeof code === 'string') return code;
  return error.message === 'provided sha does not match query' ? ApolloServerErrorCode.BAD_REQUEST : ErrorCode.INTERNAL_SERVER_ERROR;
}

/** graphql's parser message for a document over maxTokens, said with the setting that allows it. */
function tokenBudget(message: string): string | undefined {
  const m = /Document contains more th(?:an|at) (\d+) tokens/.exec(message);
  return m ? `the document has more than ${m[1]} tokens; allowed: at most ${m[1]} (MAX_QUERY_TOKENS)` : undefined;
}

/** Allow-list what leaves the process: message, location, path, code. */
export function formatError(formatted: GraphQLFormattedError, production: boolean, error?: unknown): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  // By shape, not instanceof: graphql may be loaded twice (its CommonJS and ESM builds).
  const original = error as Partial<GraphQLError> | undefined;
  const code =
    original && typeof original.message === 'string'
      ? errorCode({ message: original.message, extensions: original.extensions ?? {} })
      : typeof ext.code === 'string'
        ? ext.code
        : ErrorCode.INTERNAL_SERVER_ERROR;
  const internal = code === ErrorCode.INTERNAL_SERVER_ERROR;
  const extensions: Record<string, unknown> = { code };
  if (typeof ext.upstreamStatus === 'number') extensions.upstreamStatus = ext.upstreamStatus;
  if (typeof ext.retryAfterSeconds === 'number') extensions.retryAfterSeconds = ext.retryAfterSeconds;
  if (typeof ext.cacheKey === 'string') extensions.cacheKey = ext.cacheKey;
  if (!production && ext.stacktrace) extensions.stacktrace = ext.stacktrace;
  return {
    message: production && internal ? 'Internal server error' : (tokenBudget(formatted.message) ?? formatted.message),
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions,
  };
}
