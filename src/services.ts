/**
 * The long-lived parts of a running gateway, built once from the config and
 * handed to the GraphQL and REST layers.
 */
import { createHash } from 'node:crypto';
import { AuditLog } from './audit.js';
import { connectRedis, type RedisConnection } from './redis.js';
import { redisStore } from './cache/redis-store.js';
import { ResultService } from './cache/results.js';
import { memoryStore } from './cache/store.js';
import type { Services } from './analytics/services.js';
import { buildCatalog } from './catalog.js';
import { DAY_MS, realClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { fieldNeeds } from './graphql/selection.js';
import { localRateLimiter, sharedRateLimiter } from './rate-limit.js';
import type { Logger } from './log.js';
import { createMetrics } from './metrics.js';
import { LocalLimiter, SharedLimiter, type UpstreamLimiter } from './upstream/limiter.js';
import { accessKeyGrant, apiBase } from './upstream/access-key.js';
import { ReportingSource } from './upstream/reporting.js';
import type { Source } from './upstream/source.js';
import { PendingAnswers } from './analytics/pending.js';
import { UpstreamBudget } from './analytics/budget.js';
import { TenantDefaults } from './analytics/defaults.js';
import { ContactDays } from './cache/contact-days.js';
import { ContactsSource } from './upstream/contacts.js';
import { SummaryQuerySource } from './upstream/summary-query.js';
import { clientCredentials, TokenProvider } from './upstream/token.js';
import { randomUUID } from 'node:crypto';
import { localChannel, redisChannel } from './cache/live-channel.js';
import { LiveFeed } from './analytics/live-feed.js';
import type { LiveService } from './analytics/live-service.js';
import { ReportingApi } from './upstream/reporting-api.js';
import { pollRealtime, type LiveRecord } from './upstream/realtime.js';

/** `credentials` must be set: gateway.ts supplies the simulator's when the config has none. */
export function createServices(config: Config, credentials: { clientId: string; clientSecret: string }, log: Logger, clock: Clock = realClock): Services {
  const catalog = buildCatalog(config.extraMetrics, config.extraDimensions);
  const metrics = createMetrics();
  const redisTarget = config.redisClusterNodes.length > 0 ? { clusterNodes: config.redisClusterNodes } : config.redisUrl ? { url: config.redisUrl } : undefined;
  const redis: RedisConnection | undefined = redisTarget && connectRedis(redisTarget, config.cache.redisTimeoutMs, log);
  const u = config.upstream;

  // One budget per CXone credential, whoever spends it.
  const credentialId = createHash('sha256').update(credentials.clientId).digest('hex').slice(0, 12);
  const limiter: UpstreamLimiter = redis
    ? new SharedLimiter({
        rps: u.rps,
        concurrency: u.concurrency,
        clock,
        redis,
        prefix: `${config.cacheNamespace}:upstream:${credentialId}`,
        holdMs: u.timeoutMs + 5000,
      })
    : new LocalLimiter({ rps: u.rps, concurrency: u.concurrency, clock });
  limiter.onWait = (ms) => metrics.limiterWaitSeconds.observe(ms / 1000);
  const upstream = { limiter, clock, metrics, log, retryAfterMaxMs: u.retryAfterMaxMs };

  const retry = { maxAttempts: u.maxAttempts, baseMs: u.retryBaseMs, maxMs: u.retryMaxMs, retryAfterMaxMs: u.retryAfterMaxMs };
  const requests = { timeoutMs: u.timeoutMs, deadlineMs: u.deadlineMs, retry, upstream };
  const accessKeyGrantOf = (key: { id: string; secret: string }) =>
    accessKeyGrant({ ...requests, issuer: config.issuer, ...credentials, accessKeyId: key.id, accessKeySecret: key.secret, tokenAuth: config.tokenAuth });
  const tokens = new TokenProvider(
    config.auth === 'access_key' && config.accessKey
      ? accessKeyGrantOf(config.accessKey)
      : clientCredentials(config.oauthUrl, { ...credentials, method: config.tokenAuth === 'post' ? 'post' : 'basic' }, requests),
    clock,
  );
  // The Reporting and Real-Time Data APIs sign in with the access key: the source's tokens when it uses it, else a provider of their own.
  const accessKeyTokens = !config.accessKey ? null : config.auth === 'access_key' ? tokens : new TokenProvider(accessKeyGrantOf(config.accessKey), clock);
  const evicted = (cache: string) => {
    const counter = metrics.evictions.labels({ cache });
    return () => counter.inc();
  };
  const shares = config.cache.memory;
  const bound = { maxBytes: shares.results, sliceMaxBytes: shares.slices, evicted: evicted('results') };
  const store = redis ? redisStore(redis, config.cache.leaseMs, bound, clock) : memoryStore(bound, clock);
  // A waiter gives up no sooner than an owner's own fetch would.
  const waitDeadlineMs = u.deadlineMs + config.cache.leaseMs;
  const reportingApi = () => ({
    ...requests,
    apiBase: apiBase({ ...requests, issuer: config.issuer, pinned: config.apiBase }, () => tokens.get()),
    apiVersions: config.apiVersions,
  });
  let contactDays: ContactDays | undefined;
  const source: Source =
    config.source === 'reporting'
      ? new ReportingSource(tokens, { ...reportingApi(), agentNames: redis && { redis, key: `${config.cacheNamespace}:agents:${credentialId}` } })
      : config.source === 'contacts'
        ? new ContactsSource(tokens, {
            ...reportingApi(),
            days: (contactDays = new ContactDays({
              prefix: `${config.cacheNamespace}:contacts:${credentialId}`,
              redis,
              coordinator: store.coordinator,
              clock,
              maxBytes: shares.contactDays,
              waitDeadlineMs,
              keepFinalMs: 31 * DAY_MS,
              keepOpenMs: config.contactsSettleMs + 2 * DAY_MS,
              evicted: evicted('contact_days'),
            })),
            clock,
            settleMs: config.contactsSettleMs,
            refreshMs: config.cache.todayTtlSeconds * 1000,
            slaThresholdSeconds: config.slaThresholdSeconds,
            maxPages: u.maxPages,
            dayConcurrency: u.concurrency,
          })
        : new SummaryQuerySource(tokens, {
            ...requests,
            url: config.analyticsUrl,
            auditUsername: config.auditUsername,
            maxPages: u.maxPages,
            maxPagesPerQuery: u.maxPagesPerQuery,
          });
  if (contactDays) metrics.reportMemory('contact_days', () => contactDays.bytes);
  const rateLimiter = !config.clientRateLimit
    ? null
    : redis
      ? sharedRateLimiter(redis, `${config.cacheNamespace}:ratelimit`, config.clientRateLimit, clock)
      : localRateLimiter(config.clientRateLimit, clock);
  const pageBuckets =
    u.clientPagesPerMinute === 0
      ? null
      : (() => {
          const settings = { perSecond: u.clientPagesPerMinute / 60, burst: u.clientPagesPerMinute };
          return redis ? sharedRateLimiter(redis, `${config.cacheNamespace}:upstream-budget`, settings, clock) : localRateLimiter(settings, clock);
        })();
  const budget = new UpstreamBudget(source, u.maxPagesPerQuery, pageBuckets, u.clientPagesPerMinute);
  const audit = new AuditLog(config.auditLogPath, log, clock);
  const results = new ResultService(
    store,
    source,
    {
      staleWhileRevalidateMs: config.cache.staleWhileRevalidateMs,
      staleIfErrorMs: config.cache.staleIfErrorMs,
      todayTtlSeconds: config.cache.todayTtlSeconds,
      // The limiter bounds calls in flight to the same number: more parts at once would only queue there.
      partConcurrency: u.concurrency,
      waitDeadlineMs,
      stitchedMaxBytes: shares.stitched,
      stitchedEvicted: evicted('stitched'),
    },
    log,
    clock,
  );
  const defaults = new TenantDefaults(config.timeZone, source, clock, log);
  const live = liveService(config, accessKeyTokens, requests, redis, credentialId, clock, log);
  metrics.reportMemory('results', () => store.memoryBytes());
  metrics.reportMemory('stitched', () => results.stitchedBytes);
  return {
    config,
    clock,
    catalog,
    rules: {
      catalog,
      maxDateSpanDays: config.maxDateSpanDays,
      defaultTtlSeconds: config.cacheTtlSeconds,
      cacheNamespace: config.cacheNamespace,
      maxBuckets: config.maxBuckets,
      defaults: () => defaults.get(),
      now: () => clock.now(),
    },
    defaults,
    needs: fieldNeeds(catalog),
    store,
    source,
    results,
    audit,
    log,
    metrics,
    rateLimiter,
    budget,
    pending: new PendingAnswers(() => clock.now()),
    live,
    close: async () => {
      if ('feeds' in live) await live.feeds.close();
      await store.close();
      await redis?.close();
      await audit.close();
    },
  };
}

/**
 * The real-time feeds, on the access key's tokens; without an access key
 * there is no live data, and Query.live says which settings it needs.
 */
function liveService(
  config: Config,
  liveTokens: TokenProvider | null,
  requests: Parameters<typeof clientCredentials>[2],
  redis: RedisConnection | undefined,
  credentialId: string,
  clock: Clock,
  log: Logger,
): LiveService {
  if (!liveTokens) {
    return {
      unavailable:
        "live data needs CXone's Real-Time Data API, which signs in with an access key: set CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET (and CXONE_ISSUER where it differs)",
    };
  }
  // The API base is found with the access key's token (its tenantId claim).
  const api = new ReportingApi(liveTokens, {
    ...requests,
    apiBase: apiBase({ ...requests, issuer: config.issuer, pinned: config.apiBase }, () => liveTokens.get()),
    apiVersions: config.apiVersions,
  });
  const intervalMs = config.livePollMs;
  const channel = redis ? redisChannel(redis, `${config.cacheNamespace}:live:${credentialId}`, 10 * intervalMs + 60_000) : localChannel();
  const replica = randomUUID();
  const feed = <R extends LiveRecord>(name: string, endpoint: 'skills/activity' | 'agents/states' | 'contacts/active') =>
    new LiveFeed<R>({
      name,
      poll: (since) => pollRealtime(api, endpoint, since, { retries: 0 }) as never,
      idOf: (r) => r.id,
      channel,
      clock,
      intervalMs,
      log,
      replica,
    });
  const feeds = {
    skills: feed('skills', 'skills/activity'),
    agents: feed('agents', 'agents/states'),
    contacts: feed('contacts', 'contacts/active'),
    intervalMs,
    close: async () => {
      await Promise.all([feeds.skills.close(), feeds.agents.close(), feeds.contacts.close()]);
      await channel.close();
    },
  };
  return { feeds: feeds as never };
}
