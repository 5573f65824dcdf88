/**
 * The long-lived parts of a running gateway, built once from the config and
 * handed to the GraphQL and REST layers.
 */
import { createHash } from 'node:crypto';
import { AuditLog } from './audit.js';
import { connectRedis, type RedisConnection } from './redis.js';
import { redisStore } from './cache/redis-store.js';
import { ResultService } from './cache/results.js';
import { memoryStore, type ResultStore } from './cache/store.js';
import { buildCatalog, type Catalog } from './catalog.js';
import type { Config } from './config.js';
import { fieldNeeds } from './graphql/selection.js';
import { localRateLimiter, sharedRateLimiter, type ClientRateLimiter } from './http/rate-limit.js';
import type { Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { ValidationRules } from './query.js';
import { LocalLimiter, SharedLimiter, type UpstreamLimiter } from './upstream/limiter.js';
import { accessKeyGrant, apiBase } from './upstream/access-key.js';
import { ReportingSource } from './upstream/reporting.js';
import type { Source } from './upstream/source.js';
import { PendingAnswers } from './pending.js';
import { UpstreamBudget } from './upstream-budget.js';
import { SummaryQuerySource } from './upstream/summary-query.js';
import { clientCredentials, TokenProvider } from './upstream/token.js';

export interface Services {
  config: Config;
  catalog: Catalog;
  rules: ValidationRules;
  /** Row field → metrics it needs. */
  needs: ReadonlyMap<string, readonly string[]>;
  store: ResultStore;
  source: Source;
  results: ResultService;
  audit: AuditLog;
  log: Logger;
  metrics: Metrics;
  /** null when CLIENT_RATE_LIMIT_PER_SECOND is 0. */
  rateLimiter: ClientRateLimiter | null;
  /** Upstream cost per question and per client, checked before each fetch. */
  budget: UpstreamBudget;
  /** Answers that outlived REQUEST_TIMEOUT_MS, to be picked up by cache key. */
  pending: PendingAnswers;
  close(): Promise<void>;
}

/** `credentials` must be set: gateway.ts supplies the simulator's when the config has none. */
export function createServices(config: Config, credentials: { clientId: string; clientSecret: string }, log: Logger): Services {
  const catalog = buildCatalog(config.extraMetrics, config.extraDimensions);
  const metrics = createMetrics();
  const redis: RedisConnection | undefined = config.redisUrl ? connectRedis(config.redisUrl, config.cache.redisTimeoutMs, log) : undefined;
  const u = config.upstream;

  // One budget per CXone credential, whoever spends it.
  const credentialId = createHash('sha256').update(credentials.clientId).digest('hex').slice(0, 12);
  const limiter: UpstreamLimiter = redis
    ? new SharedLimiter({ rps: u.rps, concurrency: u.concurrency, redis, prefix: `${config.cacheNamespace}:upstream:${credentialId}`, holdMs: u.timeoutMs + 5000 })
    : new LocalLimiter({ rps: u.rps, concurrency: u.concurrency });
  limiter.onWait = (ms) => metrics.limiterWaitSeconds.observe(ms / 1000);
  const upstream = { limiter, metrics, log, retryAfterMaxMs: u.retryAfterMaxMs };

  const retry = { maxAttempts: u.maxAttempts, baseMs: u.retryBaseMs, maxMs: u.retryMaxMs, retryAfterMaxMs: u.retryAfterMaxMs };
  const requests = { timeoutMs: u.timeoutMs, deadlineMs: u.deadlineMs, retry, upstream };
  const tokens = new TokenProvider(
    config.auth === 'access_key' && config.accessKey
      ? accessKeyGrant({ ...requests, issuer: config.issuer, ...credentials, accessKeyId: config.accessKey.id, accessKeySecret: config.accessKey.secret })
      : clientCredentials(config.oauthUrl, credentials.clientId, credentials.clientSecret, requests),
  );
  const source: Source =
    config.source === 'reporting'
      ? new ReportingSource(tokens, {
          ...requests,
          apiBase: apiBase({ ...requests, issuer: config.issuer, pinned: config.apiBase }, () => tokens.get()),
          apiVersion: config.apiVersion,
          dayConcurrency: config.reportingDayConcurrency,
        })
      : new SummaryQuerySource(tokens, { ...requests, url: config.analyticsUrl, auditUsername: config.auditUsername, maxPages: u.maxPages, maxPagesPerQuery: u.maxPagesPerQuery });
  const evicted = (cache: string) => {
    const counter = metrics.evictions.labels({ cache });
    return () => counter.inc();
  };
  const shares = config.cache.memory;
  const bound = { maxBytes: shares.results, sliceMaxBytes: shares.slices, evicted: evicted('results') };
  const store = redis ? redisStore(redis, config.cache.leaseMs, bound) : memoryStore(bound);
  const rateLimiter = !config.clientRateLimit
    ? null
    : redis
      ? sharedRateLimiter(redis, `${config.cacheNamespace}:ratelimit`, config.clientRateLimit)
      : localRateLimiter(config.clientRateLimit);
  const pageBuckets = u.clientPagesPerMinute === 0
    ? null
    : (() => {
        const settings = { perSecond: u.clientPagesPerMinute / 60, burst: u.clientPagesPerMinute };
        return redis ? sharedRateLimiter(redis, `${config.cacheNamespace}:upstream-budget`, settings) : localRateLimiter(settings);
      })();
  const budget = new UpstreamBudget(source, u.maxPagesPerQuery, pageBuckets, u.clientPagesPerMinute);
  const audit = new AuditLog(config.auditLogPath, log);
  const results = new ResultService(
    store,
    source,
    {
      staleWhileRevalidateMs: config.cache.staleWhileRevalidateMs,
      staleIfErrorMs: config.cache.staleIfErrorMs,
      todayTtlSeconds: config.cache.todayTtlSeconds,
      // A waiter gives up no sooner than an owner's own fetch would.
      waitDeadlineMs: u.deadlineMs + config.cache.leaseMs,
      stitchedMaxBytes: shares.stitched,
      stitchedEvicted: evicted('stitched'),
    },
    log,
  );
  metrics.reportMemory('results', () => store.memoryBytes());
  metrics.reportMemory('stitched', () => results.stitchedBytes);
  return {
    config,
    catalog,
    rules: {
      catalog,
      maxDateSpanDays: config.maxDateSpanDays,
      defaultTtlSeconds: config.cacheTtlSeconds,
      cacheNamespace: config.cacheNamespace,
    },
    needs: fieldNeeds(catalog),
    store,
    source,
    results,
    audit,
    log,
    metrics,
    rateLimiter,
    budget,
    pending: new PendingAnswers(),
    close: async () => {
      await store.close();
      await redis?.close();
      await audit.close();
    },
  };
}
