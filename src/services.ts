/**
 * The long-lived parts of a running gateway, built once from the config and
 * handed to the GraphQL and REST layers.
 */
import { AuditLog } from './audit.js';
import { redisStore } from './cache/redis-store.js';
import { memoryStore, type ResultStore } from './cache/store.js';
import { ResultService } from './cache/results.js';
import { buildCatalog, type Catalog } from './catalog.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { fieldNeeds } from './graphql/selection.js';
import type { ValidationRules } from './query.js';
import { SummaryQuerySource, type Source } from './upstream/summary-query.js';
import { TokenProvider } from './upstream/token.js';

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
  close(): Promise<void>;
}

/** `credentials` must be set: main.ts supplies the simulator's when the config has none. */
export function createServices(config: Config, credentials: { clientId: string; clientSecret: string }, log: Logger): Services {
  const catalog = buildCatalog(config.extraMetrics, config.extraDimensions);
  const u = config.upstream;
  const retry = { maxAttempts: u.maxAttempts, baseMs: u.retryBaseMs, maxMs: u.retryMaxMs, retryAfterMaxMs: u.retryAfterMaxMs };
  const tokens = new TokenProvider({ url: config.oauthUrl, ...credentials, timeoutMs: u.timeoutMs, deadlineMs: u.deadlineMs, retry, log });
  const source = new SummaryQuerySource(tokens, {
    url: config.analyticsUrl,
    auditUsername: config.auditUsername,
    timeoutMs: u.timeoutMs,
    deadlineMs: u.deadlineMs,
    maxPages: u.maxPages,
    retry,
    log,
  });
  const store = config.redisUrl
    ? redisStore({ url: config.redisUrl, timeoutMs: config.cache.redisTimeoutMs, leaseMs: config.cache.leaseMs, log })
    : memoryStore();
  const audit = new AuditLog(config.auditLogPath);
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
    results: new ResultService(
      store,
      source,
      {
        staleWhileRevalidateMs: config.cache.staleWhileRevalidateMs,
        staleIfErrorMs: config.cache.staleIfErrorMs,
        todayTtlSeconds: config.cache.todayTtlSeconds,
        // A waiter gives up no sooner than an owner's own fetch would.
        waitDeadlineMs: u.deadlineMs + config.cache.leaseMs,
      },
      log,
    ),
    audit,
    log,
    close: async () => {
      await store.close();
      await audit.close();
    },
  };
}
