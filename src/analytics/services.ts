/**
 * What the layers above the cache are handed: the long-lived parts of a
 * running gateway. Built once, from the config, by ../services.ts (the
 * composition root); declared here so GraphQL and HTTP depend on this
 * layer, not on the root that wires it.
 */
import type { AuditLog } from '../audit.js';
import type { ResultService } from '../cache/results.js';
import type { ResultStore } from '../cache/store.js';
import type { Catalog } from '../catalog.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { ValidationRules } from '../query.js';
import type { ClientRateLimiter } from '../rate-limit.js';
import type { Source } from '../upstream/source.js';
import type { UpstreamBudget } from './budget.js';
import type { TenantDefaults } from './defaults.js';
import type { LiveService } from './live-service.js';
import type { PendingAnswers } from './pending.js';

export interface Services {
  config: Config;
  clock: Clock;
  catalog: Catalog;
  rules: ValidationRules;
  /** The zone and week start of a query that names none. */
  defaults: TenantDefaults;
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
  /** The real-time feeds (Query.live, the live subscriptions). */
  live: LiveService;
  close(): Promise<void>;
}
