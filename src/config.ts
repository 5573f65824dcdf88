/**
 * Configuration: one zod schema over the environment, parsed once at start.
 * A bad value stops the start with one line naming the variable.
 */
import * as z from 'zod';
import { canonicalZone } from './zones.js';

const DEFAULT_OAUTH_URL = 'https://api.us-01.nice-incontact.com/oauth2/token';
const DEFAULT_ANALYTICS_URL = 'https://api.us-01.nice-incontact.com/api/v2/analytics/summary/query';

const int = (min: number, max: number) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int({ error: `must be a whole number from ${min} to ${max}` })
    .min(min, { error: `must be a whole number from ${min} to ${max}` })
    .max(max, { error: `must be a whole number from ${min} to ${max}` });

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

const snakeNames = list.refine((names) => names.every((n) => /^[a-z][a-z0-9_]*$/.test(n)), {
  error: 'must be comma-separated snake_case names (a-z, 0-9, _)',
});

const apiVersion = z.string().regex(/^v\d+\.\d+$/, { error: 'must look like v30.0' });
/** Versions public CXone clients use for each endpoint; CXONE_API_VERSION sets them all, each can be set alone. */
const API_VERSION_DEFAULTS = {
  'skills/summary': 'v30.0',
  'agents/performance': 'v23.0',
  agents: 'v30.0',
  'business-unit': 'v30.0',
  'contacts/completed': 'v30.0',
  'skills/activity': 'v30.0',
  'agents/states': 'v30.0',
  'contacts/active': 'v30.0',
} as const;
const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s === '' ? undefined : s));

const schema = z.object({
  PORT: int(0, 65_535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CXONE_CLIENT_ID: optionalString,
  CXONE_CLIENT_SECRET: optionalString,
  CXONE_OAUTH_URL: url.default(DEFAULT_OAUTH_URL),
  CXONE_ANALYTICS_URL: url.default(DEFAULT_ANALYTICS_URL),
  CXONE_AUDIT_USERNAME: optionalString,
  CXONE_SOURCE: z.enum(['summary-query', 'reporting', 'contacts'], { error: 'must be summary-query, reporting or contacts' }).default('summary-query'),
  CONTACTS_SETTLE_HOURS: int(0, 720).default(24),
  SLA_THRESHOLD_SECONDS: int(1, 86_400).default(30),
  CXONE_API_VERSION_CONTACTS: apiVersion.optional(),
  CXONE_API_VERSION_REALTIME: apiVersion.optional(),
  LIVE_POLL_SECONDS: int(1, 300).default(5),
  CXONE_AUTH: z.enum(['client_credentials', 'access_key'], { error: 'must be client_credentials or access_key' }).optional(),
  CXONE_ISSUER: url.default('https://cxone.niceincontact.com'),
  CXONE_ACCESS_KEY_ID: optionalString,
  CXONE_ACCESS_KEY_SECRET: optionalString,
  CXONE_API_BASE: url.optional(),
  CXONE_API_VERSION: apiVersion.optional(),
  CXONE_API_VERSION_SKILLS_SUMMARY: apiVersion.optional(),
  CXONE_API_VERSION_AGENTS_PERFORMANCE: apiVersion.optional(),
  CXONE_API_VERSION_AGENTS: apiVersion.optional(),
  CXONE_API_VERSION_BUSINESS_UNIT: apiVersion.optional(),
  CXONE_TOKEN_AUTH: z.enum(['auto', 'basic', 'post'], { error: 'must be auto, basic or post' }).default('auto'),
  CXONE_EXTRA_METRICS: snakeNames,
  CXONE_EXTRA_DIMENSIONS: snakeNames,
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  REDIS_CLUSTER_NODES: list.refine((urls) => urls.every((u) => /^rediss?:\/\/[^/\s]+\/?$/.test(u)), {
    error:
      'must be comma-separated redis:// or rediss:// URLs of Redis Cluster nodes (host and port, no path), e.g. redis://10.0.0.1:6379,redis://10.0.0.2:6379',
  }),
  CACHE_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: 'must be 1..64 characters of A-Z a-z 0-9 _ . -' })
    .default('cxone'),
  CACHE_TTL_SECONDS: int(0, 86_400).default(3600),
  CACHE_TODAY_TTL_SECONDS: int(0, 86_400).default(60),
  CACHE_STALE_WHILE_REVALIDATE_SECONDS: int(0, 604_800).default(300),
  CACHE_STALE_IF_ERROR_SECONDS: int(0, 604_800).default(86_400),
  CACHE_LEASE_MS: int(100, 600_000).default(5000),
  CACHE_MEMORY_MAX_MB: int(1, 1_000_000).default(256),
  REDIS_TIMEOUT_MS: int(10, 60_000).default(500),
  GATEWAY_API_KEYS: list.refine((keys) => keys.every((k) => k.length >= 16), {
    error: 'every key must be at least 16 characters',
  }),
  CORS_ORIGINS: list.refine((origins) => origins.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/i.test(o)), {
    error: 'must be comma-separated origins such as https://dash.example.com (scheme and host, no path), or *',
  }),
  GATEWAY_ALLOW_ANONYMOUS: z.enum(['', '0', '1'], { error: 'must be 1 or unset' }).optional(),
  AUDIT_LOG_PATH: z.string().min(1).default('analytics_audit.log'),
  NODE_ENV: z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }).default('development'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  MAX_DATE_SPAN_DAYS: int(1, 3660).default(366),
  MAX_BUCKETS: int(1, 1_000_000).default(2000),
  CXONE_TIME_ZONE: optionalString.refine((z) => z === undefined || canonicalZone(z) !== null, {
    error: 'must be an IANA time zone name, e.g. America/New_York, Europe/London or UTC',
  }),
  UPSTREAM_TIMEOUT_MS: int(100, 300_000).default(15_000),
  UPSTREAM_MAX_ATTEMPTS: int(1, 20).default(5),
  UPSTREAM_RETRY_BASE_MS: int(1, 60_000).default(250),
  UPSTREAM_RETRY_MAX_MS: int(1, 300_000).default(8_000),
  UPSTREAM_RETRY_AFTER_MAX_SECONDS: int(0, 3600).default(60),
  UPSTREAM_DEADLINE_MS: int(1000, 3_600_000).default(120_000),
  UPSTREAM_MAX_PAGES: int(1, 100_000).default(1000),
  MAX_UPSTREAM_PAGES_PER_QUERY: int(1, 100_000).default(1000),
  CLIENT_UPSTREAM_PAGES_PER_MINUTE: int(0, 1_000_000).default(300),
  UPSTREAM_RPS: int(1, 10_000).default(10),
  UPSTREAM_CONCURRENCY: int(1, 1000).default(4),
  CLIENT_RATE_LIMIT_PER_SECOND: int(0, 100_000).default(20),
  CLIENT_RATE_LIMIT_BURST: int(1, 100_000).default(200),
  MAX_QUERY_DEPTH: int(1, 100).default(8),
  MAX_ALIASES: int(0, 1000).default(10),
  MAX_QUERY_COST: int(1, 1_000_000_000).default(2_000_000),
  MAX_QUERY_TOKENS: int(100, 1_000_000).default(5000),
  ROWS_MAX_PAGE: int(1, 10_000_000).default(10_000),
  REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  SHUTDOWN_TIMEOUT_MS: int(100, 3_600_000).default(25_000),
  HTTP_HEADERS_TIMEOUT_MS: int(100, 600_000).default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(30_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(5_000),
  HTTP_MAX_CONNECTIONS: int(1, 1_000_000).default(1024),
  DASHBOARD: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  SIMULATOR: z.enum(['', '0', '1'], { error: 'must be 1 or unset' }).optional(),
  SIMULATOR_SEED: int(0, 2 ** 31 - 1).default(42),
  SIMULATOR_CONTACTS_PER_DAY: int(1, 1_000_000).default(300),
});

/** Every variable the gateway reads (deployment files are checked against this list). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  port: number;
  host: string;
  production: boolean;
  logLevel: string;
  /** null: no credentials, the embedded simulator answers. */
  credentials: { clientId: string; clientSecret: string } | null;
  oauthUrl: string;
  analyticsUrl: string;
  auditUsername: string | undefined;
  source: 'summary-query' | 'reporting' | 'contacts';
  /** CONTACTS_SETTLE_HOURS in ms: a day of contacts is final this long after it ends. */
  contactsSettleMs: number;
  /** SLA_THRESHOLD_SECONDS: service level's threshold on the contacts source. */
  slaThresholdSeconds: number;
  auth: 'client_credentials' | 'access_key';
  issuer: string;
  accessKey: { id: string; secret: string } | null;
  apiBase: string | undefined;
  /** The Reporting API version of each endpoint. */
  apiVersions: Readonly<Record<keyof typeof API_VERSION_DEFAULTS, string>>;
  /** How the client id and secret reach a token endpoint: auto reads the discovery document. */
  tokenAuth: 'auto' | 'basic' | 'post';
  extraMetrics: string[];
  extraDimensions: string[];
  redisUrl: string | undefined;
  /** Seed nodes of a Redis Cluster (REDIS_CLUSTER_NODES); empty without one. */
  redisClusterNodes: string[];
  cacheNamespace: string;
  cacheTtlSeconds: number;
  cache: {
    todayTtlSeconds: number;
    staleWhileRevalidateMs: number;
    staleIfErrorMs: number;
    leaseMs: number;
    redisTimeoutMs: number;
    /** CACHE_MEMORY_MAX_MB in bytes, split among the in-process caches (see `memoryShares`). */
    memory: ReturnType<typeof memoryShares>;
  };
  apiKeys: string[];
  /** Origins allowed to call from a browser; empty: no CORS headers. */
  corsOrigins: string[];
  auditLogPath: string;
  maxDateSpanDays: number;
  /** MAX_BUCKETS: time buckets one query may have. */
  maxBuckets: number;
  /** CXONE_TIME_ZONE, canonical; undefined: the business unit's, else UTC. */
  timeZone: string | undefined;
  upstream: {
    timeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    retryMaxMs: number;
    retryAfterMaxMs: number;
    deadlineMs: number;
    maxPages: number;
    /** Estimated (then, from page 1, known) upstream pages a question may take. */
    maxPagesPerQuery: number;
    /** Upstream pages each client may cause per minute; 0: no budget. */
    clientPagesPerMinute: number;
    rps: number;
    concurrency: number;
  };
  clientRateLimit: { perSecond: number; burst: number } | null;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    /** Lexical tokens a document may have; the parser stops past it, before validation. */
    maxTokens: number;
    rowsMaxPage: number;
    requestTimeoutMs: number;
  };
  shutdownTimeoutMs: number;
  /** Node's HTTP server bounds on slow or idle clients, and the connection cap. */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  simulatorSeed: number;
  simulatorContactsPerDay: number;
  /** The browser pages: the dashboard at / (DASHBOARD), GraphiQL at /graphiql (outside production, as introspection). */
  pages: { dashboard: boolean; graphiql: boolean };
  /** Real-time endpoints are polled this often while anyone watches. */
  livePollMs: number;
}

/**
 * CACHE_MEMORY_MAX_MB split among the in-process caches, so that together
 * they stay under it: results (the in-memory store, or Redis's fallback)
 * 7/16, their slice indexes 1/16, stitched day ranges 4/16, kept export
 * chunks 2/16, warm-path response bytes 2/16.
 */
/** CACHE_MEMORY_MAX_MB split between the in-process caches; the contacts source's days take 4/16 from the results'. */
function memoryShares(maxBytes: number, contacts: boolean) {
  const sixteenth = Math.floor(maxBytes / 16);
  return {
    results: (contacts ? 3 : 7) * sixteenth,
    contactDays: contacts ? 4 * sixteenth : 0,
    slices: sixteenth,
    stitched: 4 * sixteenth,
    exportChunks: 2 * sixteenth,
    responses: 2 * sixteenth,
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    const value = env[variable];
    // A secret's value is never echoed.
    // A Redis URL's password is masked.
    const safe = /^REDIS_/.test(variable) ? value?.replace(/\/\/[^@/\s]*@/g, '//***@') : value;
    const shown = /SECRET|KEYS/.test(variable) || safe === undefined ? '' : ` (got ${JSON.stringify(safe)})`;
    throw new ConfigError(`${variable}${shown}: ${issue.message}`);
  }
  const e = parsed.data;
  if (Boolean(e.CXONE_CLIENT_ID) !== Boolean(e.CXONE_CLIENT_SECRET)) {
    throw new ConfigError('CXONE_CLIENT_ID and CXONE_CLIENT_SECRET: set both to use a CXone tenant, or neither to use the embedded simulator');
  }
  const credentials = e.CXONE_CLIENT_ID && e.CXONE_CLIENT_SECRET ? { clientId: e.CXONE_CLIENT_ID, clientSecret: e.CXONE_CLIENT_SECRET } : null;
  if (credentials && e.GATEWAY_API_KEYS.length === 0 && e.GATEWAY_ALLOW_ANONYMOUS !== '1') {
    throw new ConfigError(
      'GATEWAY_API_KEYS: unset while real CXone credentials are set, so anyone reaching the port could read tenant data; set GATEWAY_API_KEYS or GATEWAY_ALLOW_ANONYMOUS=1',
    );
  }
  if (e.CORS_ORIGINS.includes('*') && e.GATEWAY_API_KEYS.length > 0) {
    throw new ConfigError("CORS_ORIGINS: * lets any web page use a key a browser holds; with GATEWAY_API_KEYS set, list the dashboards' origins instead");
  }
  if (e.HTTP_HEADERS_TIMEOUT_MS > e.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_MS (got ${e.HTTP_HEADERS_TIMEOUT_MS}): must not be longer than HTTP_REQUEST_TIMEOUT_MS (${e.HTTP_REQUEST_TIMEOUT_MS}); the whole request includes its headers`,
    );
  }
  if (!credentials && e.NODE_ENV === 'production' && e.SIMULATOR !== '1') {
    throw new ConfigError(
      "CXONE_CLIENT_ID and CXONE_CLIENT_SECRET: unset in production, which would serve simulated data as if it were the tenant's; set the credentials, or SIMULATOR=1 to serve the embedded simulator on purpose",
    );
  }
  if (e.REDIS_URL && e.REDIS_CLUSTER_NODES.length > 0) {
    throw new ConfigError('REDIS_URL and REDIS_CLUSTER_NODES: set one: REDIS_URL for a single Redis, REDIS_CLUSTER_NODES for a Redis Cluster');
  }
  const viaReportingApi = e.CXONE_SOURCE === 'reporting' || e.CXONE_SOURCE === 'contacts';
  const auth = e.CXONE_AUTH ?? (viaReportingApi ? 'access_key' : 'client_credentials');
  const accessKey = e.CXONE_ACCESS_KEY_ID && e.CXONE_ACCESS_KEY_SECRET ? { id: e.CXONE_ACCESS_KEY_ID, secret: e.CXONE_ACCESS_KEY_SECRET } : null;
  if (credentials && auth === 'access_key' && !accessKey) {
    throw new ConfigError(
      "CXONE_ACCESS_KEY_ID and CXONE_ACCESS_KEY_SECRET: required with CXONE_AUTH=access_key (a CXone access key, with the app's CXONE_CLIENT_ID and CXONE_CLIENT_SECRET)",
    );
  }
  if (viaReportingApi && auth !== 'access_key') {
    throw new ConfigError(`CXONE_AUTH: the ${e.CXONE_SOURCE} source needs access_key (the Reporting API takes no client-credentials token)`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    production: e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    credentials,
    oauthUrl: e.CXONE_OAUTH_URL,
    analyticsUrl: e.CXONE_ANALYTICS_URL,
    auditUsername: e.CXONE_AUDIT_USERNAME,
    source: e.CXONE_SOURCE,
    contactsSettleMs: e.CONTACTS_SETTLE_HOURS * 3_600_000,
    slaThresholdSeconds: e.SLA_THRESHOLD_SECONDS,
    auth,
    issuer: e.CXONE_ISSUER,
    accessKey,
    apiBase: e.CXONE_API_BASE,
    apiVersions: {
      'skills/summary': e.CXONE_API_VERSION_SKILLS_SUMMARY ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['skills/summary'],
      'agents/performance': e.CXONE_API_VERSION_AGENTS_PERFORMANCE ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['agents/performance'],
      agents: e.CXONE_API_VERSION_AGENTS ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS.agents,
      'business-unit': e.CXONE_API_VERSION_BUSINESS_UNIT ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['business-unit'],
      'contacts/completed': e.CXONE_API_VERSION_CONTACTS ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['contacts/completed'],
      'skills/activity': e.CXONE_API_VERSION_REALTIME ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['skills/activity'],
      'agents/states': e.CXONE_API_VERSION_REALTIME ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['agents/states'],
      'contacts/active': e.CXONE_API_VERSION_REALTIME ?? e.CXONE_API_VERSION ?? API_VERSION_DEFAULTS['contacts/active'],
    },
    tokenAuth: e.CXONE_TOKEN_AUTH,
    extraMetrics: e.CXONE_EXTRA_METRICS,
    extraDimensions: e.CXONE_EXTRA_DIMENSIONS,
    redisUrl: e.REDIS_URL,
    redisClusterNodes: e.REDIS_CLUSTER_NODES,
    cacheNamespace: e.CACHE_NAMESPACE,
    cacheTtlSeconds: e.CACHE_TTL_SECONDS,
    cache: {
      todayTtlSeconds: e.CACHE_TODAY_TTL_SECONDS,
      staleWhileRevalidateMs: e.CACHE_STALE_WHILE_REVALIDATE_SECONDS * 1000,
      staleIfErrorMs: e.CACHE_STALE_IF_ERROR_SECONDS * 1000,
      leaseMs: e.CACHE_LEASE_MS,
      redisTimeoutMs: e.REDIS_TIMEOUT_MS,
      memory: memoryShares(e.CACHE_MEMORY_MAX_MB * 1024 * 1024, e.CXONE_SOURCE === 'contacts'),
    },
    apiKeys: e.GATEWAY_API_KEYS,
    corsOrigins: e.CORS_ORIGINS,
    auditLogPath: e.AUDIT_LOG_PATH,
    maxDateSpanDays: e.MAX_DATE_SPAN_DAYS,
    maxBuckets: e.MAX_BUCKETS,
    timeZone: e.CXONE_TIME_ZONE === undefined ? undefined : canonicalZone(e.CXONE_TIME_ZONE)!,
    upstream: {
      timeoutMs: e.UPSTREAM_TIMEOUT_MS,
      maxAttempts: e.UPSTREAM_MAX_ATTEMPTS,
      retryBaseMs: e.UPSTREAM_RETRY_BASE_MS,
      retryMaxMs: e.UPSTREAM_RETRY_MAX_MS,
      retryAfterMaxMs: e.UPSTREAM_RETRY_AFTER_MAX_SECONDS * 1000,
      deadlineMs: e.UPSTREAM_DEADLINE_MS,
      maxPages: e.UPSTREAM_MAX_PAGES,
      maxPagesPerQuery: e.MAX_UPSTREAM_PAGES_PER_QUERY,
      clientPagesPerMinute: e.CLIENT_UPSTREAM_PAGES_PER_MINUTE,
      rps: e.UPSTREAM_RPS,
      concurrency: e.UPSTREAM_CONCURRENCY,
    },
    clientRateLimit: e.CLIENT_RATE_LIMIT_PER_SECOND > 0 ? { perSecond: e.CLIENT_RATE_LIMIT_PER_SECOND, burst: e.CLIENT_RATE_LIMIT_BURST } : null,
    limits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxAliases: e.MAX_ALIASES,
      maxCost: e.MAX_QUERY_COST,
      maxTokens: e.MAX_QUERY_TOKENS,
      rowsMaxPage: e.ROWS_MAX_PAGE,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
    },
    simulatorSeed: e.SIMULATOR_SEED,
    simulatorContactsPerDay: e.SIMULATOR_CONTACTS_PER_DAY,
    pages: { dashboard: e.DASHBOARD === 'on', graphiql: e.NODE_ENV !== 'production' },
    livePollMs: e.LIVE_POLL_SECONDS * 1000,
  };
}
