import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AnalyticsParent, GraphQLContext } from '../context.js';
import type { Row } from '../../transform.js';
import type { MetricDef, DimensionDef } from '../../catalog.js';
import type { KpiDef } from '../../kpi.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /**
   * An instant as RFC 3339 text with an offset, e.g. 2026-11-01T00:00:00Z or
   * 2026-11-01T00:00:00-05:00; answered in UTC (...Z), except a row's time and
   * timeEnd, which carry the query's zone offset at that instant. As input, epoch
   * milliseconds are taken too (a whole number, or a string of digits, from
   * March 1973: epoch seconds are refused), as Grafana's GraphQL data sources
   * send $__from and $__to.
   */
  DateTime: { input: Date | string; output: Date | string; }
  /** A calendar day as YYYY-MM-DD, with no time zone of its own. */
  LocalDate: { input: string; output: string; }
};

export type AnalyticsQueryInput = {
  /** How long the result stays fresh, 0..86400 seconds (default CACHE_TTL_SECONDS). 0: not cached. */
  cacheTtlSeconds?: InputMaybe<Scalars['Int']['input']>;
  /** An explicit earlier range to compare with instead (the same length as dateRange; buckets pair in order). */
  compareRange?: InputMaybe<DateRangeInput>;
  /**
   * Compare with an earlier period: each row gets previous, change(field) and
   * changeRatio(field), the result previousTotals. With a time axis a bucket
   * pairs with the bucket shifted by the period in the query's zone (Monday
   * 09:00 with last Monday 09:00); PREVIOUS_PERIOD pairs buckets in order.
   */
  compareTo?: InputMaybe<ComparePeriod>;
  /** Tenant-defined dimension names (CXONE_EXTRA_DIMENSIONS), read with AnalyticsRow.dimension(name). */
  customDimensions?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Tenant-defined metric names (CXONE_EXTRA_METRICS), read with AnalyticsRow.metric(name). */
  customMetrics?: InputMaybe<Array<Scalars['String']['input']>>;
  dateRange: DateRangeInput;
  /** 0..5 dimensions; rows are ordered by them, in this order (after time, with a time axis). DATE means granularity DAY. */
  dimensions: Array<Dimension>;
  /** With a time axis: NONE (default) leaves out buckets a group has no contacts in; NULL and ZERO emit every bucket for every group (ZERO: counts 0, averages and rates null). */
  fill?: InputMaybe<Fill>;
  filters?: InputMaybe<Array<FilterInput>>;
  /**
   * Rows per time bucket in timeZone: each row gets time, timeEnd and date.
   * Exact across clock changes: a bucket starts at each local boundary and
   * wherever the clocks change (25 hour buckets on a day clocks go back, 23 on
   * a day they go forward). DATE among the dimensions without one means DAY.
   */
  granularity?: InputMaybe<Granularity>;
  /** Optional: the gateway adds every metric that the selected row fields need. */
  metrics?: InputMaybe<Array<Metric>>;
  /** Upstream page size, 1..1000 (default 1000, the upstream's maximum: fewest calls for the same rows). */
  pageSize?: InputMaybe<Scalars['Int']['input']>;
  /**
   * IANA time zone of the buckets and of relative ranges, e.g. America/New_York
   * (default: Catalog.timeZone: CXONE_TIME_ZONE, else UTC).
   */
  timeZone?: InputMaybe<Scalars['String']['input']>;
  /** First day of a WEEK bucket (default MONDAY). */
  weekStart?: InputMaybe<Weekday>;
};

export type AnalyticsResult = {
  __typename?: 'AnalyticsResult';
  /** The row fields that hold data for this query. */
  columns: Array<Scalars['String']['output']>;
  /**
   * This result's identity: its cache key (the question, metrics included).
   * Apollo Client normalizes by it by default.
   */
  id: Scalars['ID']['output'];
  meta: ResultMeta;
  /** With compareTo: the earlier period's totals (null without compareTo). */
  previousTotals?: Maybe<AnalyticsRow>;
  /** Rows, or with where the rows that pass it. */
  rowCount: Scalars['Int']['output'];
  /**
   * Rows ordered by time (with a time axis), then by the requested dimensions;
   * with no arguments, all rows. The arguments slice the cached result: none
   * changes the upstream question. Order of work: where, orderBy, top (and
   * others), offset, limit.
   */
  rows: Array<AnalyticsRow>;
  /** Which upstream source answered: summary-query or reporting. */
  source: Scalars['String']['output'];
  /**
   * The whole result as one row, re-aggregated from additive parts: averages
   * weighted by contacts handled or offered, rates recomputed from summed
   * counts, never an average of averages. Dimension fields are null;
   * firstContactResolution is null (its weight is not reported).
   */
  totals: AnalyticsRow;
};


export type AnalyticsResultPreviousTotalsArgs = {
  where?: InputMaybe<Array<RowCondition>>;
};


export type AnalyticsResultRowCountArgs = {
  where?: InputMaybe<Array<RowCondition>>;
};


export type AnalyticsResultRowsArgs = {
  limit?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<Array<RowOrder>>;
  others?: InputMaybe<Scalars['Boolean']['input']>;
  othersLabel?: InputMaybe<Scalars['String']['input']>;
  top?: InputMaybe<Scalars['Int']['input']>;
  where?: InputMaybe<Array<RowCondition>>;
};


export type AnalyticsResultTotalsArgs = {
  where?: InputMaybe<Array<RowCondition>>;
};

/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRow = {
  __typename?: 'AnalyticsRow';
  /** Contacts abandoned before an agent answered: a count. */
  abandonCount?: Maybe<Scalars['Int']['output']>;
  /** Abandoned per offered contact, percent 0..100. */
  abandonRate?: Maybe<Scalars['Float']['output']>;
  /** The agent's name; its id when CXone has no name for it. */
  agent?: Maybe<Scalars['String']['output']>;
  /** The agent's CXone id, where the source reports it (reporting); null otherwise. */
  agentId?: Maybe<Scalars['String']['output']>;
  campaign?: Maybe<Scalars['String']['output']>;
  /** With compareTo: this row's field less previous's; null when either is null. */
  change?: Maybe<Scalars['Float']['output']>;
  /** With compareTo: change(field) / previous's field; null when either is null or previous's is 0. */
  changeRatio?: Maybe<Scalars['Float']['output']>;
  channel?: Maybe<Scalars['String']['output']>;
  /** (service_level / 100) * (1 - abandon_rate / 100), a ratio 0..1. */
  channelEfficiency?: Maybe<Scalars['Float']['output']>;
  /** Contacts handled: a count. */
  contactsHandled?: Maybe<Scalars['Int']['output']>;
  /** Contacts offered: a count. */
  contactsOffered?: Maybe<Scalars['Int']['output']>;
  /** The bucket's local date in the query's time zone. */
  date?: Maybe<Scalars['LocalDate']['output']>;
  /** A tenant-defined dimension named in customDimensions. */
  dimension?: Maybe<Scalars['String']['output']>;
  /** inbound or outbound. Counts and agent times cover both; queue time, abandon rate and service level inbound contacts only. */
  direction?: Maybe<Scalars['String']['output']>;
  /** Contacts counted once per master contact, a transfer's legs once (contacts source; null elsewhere). */
  distinctContacts?: Maybe<Scalars['Int']['output']>;
  /** Resolved on first contact, percent 0..100. */
  firstContactResolution?: Maybe<Scalars['Float']['output']>;
  /** Average handle time per handled contact, seconds. */
  handleTime?: Maybe<Scalars['Float']['output']>;
  /** hold_time / (handle_time + queue_time), a ratio 0..1. */
  holdImpactScore?: Maybe<Scalars['Float']['output']>;
  /** Average hold time per handled contact, seconds. */
  holdTime?: Maybe<Scalars['Float']['output']>;
  /** Inbound contacts offered (the weight of queue time and abandon rate): a count. */
  inboundOffered?: Maybe<Scalars['Int']['output']>;
  /**
   * A stable identity: the question's slice (everything but its metrics) and
   * this row's dimension values. Two panels over the same question with other
   * metrics get the same keys, so a normalizing client cache (Apollo Client
   * with keyFields: ["key"]) merges their fields instead of overwriting rows.
   */
  key: Scalars['ID']['output'];
  /** A tenant-defined metric named in customMetrics. */
  metric?: Maybe<Scalars['Float']['output']>;
  /**
   * The p-th percentile (0..100) of a duration over the group's contacts
   * (handled ones; inbound ones for QUEUE_TIME), interpolating linearly
   * between the nearest ranks: exact over the cached contacts, and on totals
   * over all of them, never a mix of the groups' percentiles. Contacts source;
   * null with a warning elsewhere.
   */
  percentile?: Maybe<Scalars['Float']['output']>;
  /** With compareTo: this group's row in the earlier period (its bucket shifted by the period); null when the group had none there. */
  previous?: Maybe<AnalyticsRow>;
  queue?: Maybe<Scalars['String']['output']>;
  /** Average time in queue per offered contact, seconds. */
  queueTime?: Maybe<Scalars['Float']['output']>;
  /**
   * Answered within the SLA threshold, percent 0..100. With thresholdSeconds
   * (contacts source; null with a warning elsewhere), at that threshold of
   * seconds in queue instead of the source's own.
   */
  serviceLevel?: Maybe<Scalars['Float']['output']>;
  skill?: Maybe<Scalars['String']['output']>;
  /** Inbound contacts answered within, or answered or abandoned after, the service-level threshold (the weight of service level): a count. */
  slaContacts?: Maybe<Scalars['Int']['output']>;
  /** talk_time / handle_time, a ratio 0..1. */
  talkRatio?: Maybe<Scalars['Float']['output']>;
  /** Average talk time per handled contact, seconds. */
  talkTime?: Maybe<Scalars['Float']['output']>;
  /** The handling agent's team (contacts source); null otherwise. */
  team?: Maybe<Scalars['String']['output']>;
  /** The bucket's start, RFC 3339 with the zone's offset at that instant (e.g. 2026-11-01T01:00:00-05:00); null without a time axis. */
  time?: Maybe<Scalars['DateTime']['output']>;
  /** The bucket's end (exclusive), as time. Buckets at the ends of a range that is not snapped hold only what falls inside the range. */
  timeEnd?: Maybe<Scalars['DateTime']['output']>;
  /** handle_time + queue_time, seconds. */
  totalInteractionTime?: Maybe<Scalars['Float']['output']>;
  /** Average after-contact work per handled contact, seconds. */
  wrapTime?: Maybe<Scalars['Float']['output']>;
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowChangeArgs = {
  field: RowField;
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowChangeRatioArgs = {
  field: RowField;
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowDimensionArgs = {
  name: Scalars['String']['input'];
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowMetricArgs = {
  name: Scalars['String']['input'];
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowPercentileArgs = {
  metric: Metric;
  p: Scalars['Float']['input'];
};


/**
 * One group of contacts. Durations are average seconds, rates are percentages
 * 0..100, and KPIs are null when an input is missing or a denominator is zero.
 */
export type AnalyticsRowServiceLevelArgs = {
  thresholdSeconds?: InputMaybe<Scalars['Int']['input']>;
};

export type Catalog = {
  __typename?: 'Catalog';
  dimensions: Array<CatalogDimension>;
  /** Time buckets a query may ask for. */
  granularities: Array<Granularity>;
  kpis: Array<CatalogKpi>;
  limits: CatalogLimits;
  metrics: Array<CatalogMetric>;
  /** The upstream source this gateway asks, and what it can serve. */
  source: CatalogSource;
  /** The time zone of a query that names none (CXONE_TIME_ZONE, else UTC). */
  timeZone: Scalars['String']['output'];
};

export type CatalogDimension = {
  __typename?: 'CatalogDimension';
  custom: Scalars['Boolean']['output'];
  description: Scalars['String']['output'];
  field?: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
};

export type CatalogKpi = {
  __typename?: 'CatalogKpi';
  description: Scalars['String']['output'];
  field: Scalars['String']['output'];
  formula: Scalars['String']['output'];
  name: Scalars['String']['output'];
  needs: Array<Scalars['String']['output']>;
  unit: Scalars['String']['output'];
};

export type CatalogLimits = {
  __typename?: 'CatalogLimits';
  defaultPageSize: Scalars['Int']['output'];
  /** Time buckets one query may have (MAX_BUCKETS). */
  maxBuckets: Scalars['Int']['output'];
  maxCacheTtlSeconds: Scalars['Int']['output'];
  maxDateSpanDays: Scalars['Int']['output'];
  maxDimensions: Scalars['Int']['output'];
  maxMetrics: Scalars['Int']['output'];
  maxPageSize: Scalars['Int']['output'];
  minPageSize: Scalars['Int']['output'];
};

export type CatalogMetric = {
  __typename?: 'CatalogMetric';
  custom: Scalars['Boolean']['output'];
  description: Scalars['String']['output'];
  /** GraphQL row field, or null for a tenant-defined metric (read it with metric(name)). */
  field?: Maybe<Scalars['String']['output']>;
  /** Upstream (snake_case) name. */
  name: Scalars['String']['output'];
  unit: Scalars['String']['output'];
};

export type CatalogSource = {
  __typename?: 'CatalogSource';
  dimensions: Array<Scalars['String']['output']>;
  /** Dimensions a filter may name on this source; any other filter is refused, never ignored. */
  filters: Array<Scalars['String']['output']>;
  metrics: Array<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  /** How dimensions may be combined, what is approximated, what is missing. */
  notes: Array<Scalars['String']['output']>;
};

export type ComparePeriod =
  | 'DAY_AGO'
  | 'MONTH_AGO'
  /** The range of the same length just before. */
  | 'PREVIOUS_PERIOD'
  | 'WEEK_AGO'
  | 'YEAR_AGO';

export type ConditionOp =
  | 'EQ'
  | 'GT'
  | 'GTE'
  | 'IS_NULL'
  | 'LT'
  | 'LTE'
  | 'NE'
  | 'NOT_NULL';

/**
 * A half-open range: start inclusive, end exclusive; end after start. Either
 * start and end, or last.
 */
export type DateRangeInput = {
  end?: InputMaybe<Scalars['DateTime']['input']>;
  /** A range relative to now, in whole units of the query's time zone. */
  last?: InputMaybe<RelativeRangeInput>;
  /**
   * Widen both ends to whole buckets of the granularity: a range that moves
   * with the clock (Grafana's now-7d..now) asks the same cached question
   * while the current bucket lasts.
   */
  snap?: InputMaybe<Scalars['Boolean']['input']>;
  start?: InputMaybe<Scalars['DateTime']['input']>;
};

export type Dimension =
  | 'AGENT'
  | 'CAMPAIGN'
  | 'CHANNEL'
  | 'DATE'
  /** inbound or outbound (a dialer's dials). */
  | 'DIRECTION'
  | 'QUEUE'
  | 'SKILL'
  /** The handling agent's team (contacts source). */
  | 'TEAM';

export type Fill =
  | 'NONE'
  | 'NULL'
  | 'ZERO';

export type FilterInput = {
  dimension: Dimension;
  operator: FilterOperator;
  values: Array<Scalars['String']['input']>;
};

export type FilterOperator =
  | 'IN'
  | 'NOT_IN';

export type Granularity =
  | 'DAY'
  | 'FIFTEEN_MINUTES'
  | 'HOUR'
  | 'MONTH'
  | 'QUARTER'
  | 'THIRTY_MINUTES'
  | 'WEEK'
  | 'YEAR';

/**
 * The contact center now, from CXone's Real-Time Data API: polled once per
 * LIVE_POLL_SECONDS for every client and replica while anyone asks or
 * subscribes.
 */
export type Live = {
  __typename?: 'Live';
  agents: Array<LiveAgent>;
  /** When CXone answered the poll these records come from; null before the first answer. */
  asOf?: Maybe<Scalars['DateTime']['output']>;
  contacts: Array<LiveContact>;
  skills: Array<LiveSkill>;
  /** The records were not confirmed by CXone for two poll intervals, or the last poll failed. */
  stale: Scalars['Boolean']['output'];
  /** Over the filtered skills: counts summed, service level from the summed in and out of SLA, the longest wait the maximum. */
  totals: LiveSkillTotals;
  /** What the gateway could not read or had to approximate. */
  warnings: Array<Scalars['String']['output']>;
};


/**
 * The contact center now, from CXone's Real-Time Data API: polled once per
 * LIVE_POLL_SECONDS for every client and replica while anyone asks or
 * subscribes.
 */
export type LiveAgentsArgs = {
  filter?: InputMaybe<LiveFilter>;
};


/**
 * The contact center now, from CXone's Real-Time Data API: polled once per
 * LIVE_POLL_SECONDS for every client and replica while anyone asks or
 * subscribes.
 */
export type LiveContactsArgs = {
  filter?: InputMaybe<LiveFilter>;
};


/**
 * The contact center now, from CXone's Real-Time Data API: polled once per
 * LIVE_POLL_SECONDS for every client and replica while anyone asks or
 * subscribes.
 */
export type LiveSkillsArgs = {
  filter?: InputMaybe<LiveFilter>;
};


/**
 * The contact center now, from CXone's Real-Time Data API: polled once per
 * LIVE_POLL_SECONDS for every client and replica while anyone asks or
 * subscribes.
 */
export type LiveTotalsArgs = {
  filter?: InputMaybe<LiveFilter>;
};

export type LiveAgent = {
  __typename?: 'LiveAgent';
  /** In after-contact work. */
  acw: Scalars['Boolean']['output'];
  agent?: Maybe<Scalars['String']['output']>;
  agentId: Scalars['ID']['output'];
  channel?: Maybe<Scalars['String']['output']>;
  direction?: Maybe<Scalars['String']['output']>;
  /** Why an Unavailable agent is (Lunch, Training…). */
  reason?: Maybe<Scalars['String']['output']>;
  /** Seconds in the state at asOf. */
  secondsInState?: Maybe<Scalars['Float']['output']>;
  /** When the state began. */
  since?: Maybe<Scalars['DateTime']['output']>;
  skill?: Maybe<Scalars['String']['output']>;
  /** LoggedOut, Available, Unavailable, InboundContact, OutboundContact, InboundConsult, OutboundConsult, Dialer, LoggedIn. */
  state?: Maybe<Scalars['String']['output']>;
  team?: Maybe<Scalars['String']['output']>;
};

export type LiveAgentsUpdate = {
  __typename?: 'LiveAgentsUpdate';
  agents: Array<LiveAgent>;
  asOf?: Maybe<Scalars['DateTime']['output']>;
  stale: Scalars['Boolean']['output'];
  warnings: Array<Scalars['String']['output']>;
};

export type LiveContact = {
  __typename?: 'LiveContact';
  agentId?: Maybe<Scalars['ID']['output']>;
  channel?: Maybe<Scalars['String']['output']>;
  contactId: Scalars['ID']['output'];
  direction: Scalars['String']['output'];
  skill?: Maybe<Scalars['String']['output']>;
  startedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Active, Inbound Queue, Hold… */
  state?: Maybe<Scalars['String']['output']>;
};

/**
 * Which records a live view holds: each list is an IN filter (empty lists are
 * refused); teams filter agents and contacts, not skills.
 */
export type LiveFilter = {
  channels?: InputMaybe<Array<Scalars['String']['input']>>;
  skills?: InputMaybe<Array<Scalars['String']['input']>>;
  teams?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type LiveSkill = {
  __typename?: 'LiveSkill';
  agentsAcw?: Maybe<Scalars['Int']['output']>;
  agentsAvailable?: Maybe<Scalars['Int']['output']>;
  agentsLoggedIn?: Maybe<Scalars['Int']['output']>;
  agentsUnavailable?: Maybe<Scalars['Int']['output']>;
  agentsWorking?: Maybe<Scalars['Int']['output']>;
  channel?: Maybe<Scalars['String']['output']>;
  contactsActive?: Maybe<Scalars['Int']['output']>;
  direction: Scalars['String']['output'];
  inSla?: Maybe<Scalars['Int']['output']>;
  /** How long the contact waiting longest has waited, at asOf; null when nothing waits. */
  longestWaitSeconds?: Maybe<Scalars['Float']['output']>;
  outSla?: Maybe<Scalars['Int']['output']>;
  /** Contacts waiting now. */
  queueCount?: Maybe<Scalars['Int']['output']>;
  /** Service level of the day so far (tenant time), percent. */
  serviceLevel?: Maybe<Scalars['Float']['output']>;
  serviceLevelGoal?: Maybe<Scalars['Float']['output']>;
  skill?: Maybe<Scalars['String']['output']>;
  skillId: Scalars['ID']['output'];
};

export type LiveSkillTotals = {
  __typename?: 'LiveSkillTotals';
  agentsAcw?: Maybe<Scalars['Int']['output']>;
  agentsAvailable?: Maybe<Scalars['Int']['output']>;
  /** Agents are counted once each here: the most any one skill reports (an agent holds several skills). */
  agentsLoggedIn?: Maybe<Scalars['Int']['output']>;
  agentsUnavailable?: Maybe<Scalars['Int']['output']>;
  agentsWorking?: Maybe<Scalars['Int']['output']>;
  contactsActive?: Maybe<Scalars['Int']['output']>;
  inSla?: Maybe<Scalars['Int']['output']>;
  longestWaitSeconds?: Maybe<Scalars['Float']['output']>;
  outSla?: Maybe<Scalars['Int']['output']>;
  queueCount?: Maybe<Scalars['Int']['output']>;
  serviceLevel?: Maybe<Scalars['Float']['output']>;
};

/** A live view pushed to a subscriber: first whole, then whenever what it filters changes (at most once per poll). */
export type LiveSkillsUpdate = {
  __typename?: 'LiveSkillsUpdate';
  asOf?: Maybe<Scalars['DateTime']['output']>;
  skills: Array<LiveSkill>;
  stale: Scalars['Boolean']['output'];
  totals: LiveSkillTotals;
  warnings: Array<Scalars['String']['output']>;
};

export type Metric =
  | 'ABANDON_COUNT'
  | 'ABANDON_RATE'
  | 'CONTACTS_HANDLED'
  | 'CONTACTS_OFFERED'
  /** Contacts counted once per master contact (a transfer's legs once): the contacts source. */
  | 'DISTINCT_CONTACTS'
  | 'FIRST_CONTACT_RESOLUTION'
  | 'HANDLE_TIME'
  | 'HOLD_TIME'
  | 'INBOUND_OFFERED'
  | 'QUEUE_TIME'
  | 'SERVICE_LEVEL'
  | 'SLA_CONTACTS'
  | 'TALK_TIME'
  | 'WRAP_TIME';

export type NullsOrder =
  | 'FIRST'
  | 'LAST';

/**
 * NICE CXone analytics, validated, cached and coalesced. Every query costs CXone
 * at most one pagination per distinct question per cache TTL.
 */
export type Query = {
  __typename?: 'Query';
  /** Aggregated contact-center metrics over dimensions, with KPIs computed from them. */
  analytics: AnalyticsResult;
  /** Metrics, dimensions and KPIs this gateway serves: names, units, descriptions, limits. */
  catalog: Catalog;
  /** The contact center now: queues, agents and contacts from CXone's real-time data. */
  live: Live;
};


/**
 * NICE CXone analytics, validated, cached and coalesced. Every query costs CXone
 * at most one pagination per distinct question per cache TTL.
 */
export type QueryAnalyticsArgs = {
  query: AnalyticsQueryInput;
};

/** The last `amount` units: whole ones, ending where the current unit began; with includeCurrent, the current one counts among them and the range ends where it ends. */
export type RelativeRangeInput = {
  amount: Scalars['Int']['input'];
  includeCurrent?: InputMaybe<Scalars['Boolean']['input']>;
  unit: TimeUnit;
};

export type ResultMeta = {
  __typename?: 'ResultMeta';
  cacheHit: Scalars['Boolean']['output'];
  cacheKey: Scalars['String']['output'];
  fetchedAt: Scalars['DateTime']['output'];
  /** Fetched after its whole range ended and settled (on the contacts source, CONTACTS_SETTLE_HOURS after): these numbers will not change. */
  final: Scalars['Boolean']['output'];
  latencyMs: Scalars['Float']['output'];
  /** The range answered: end exclusive. */
  rangeEnd: Scalars['DateTime']['output'];
  /** The range answered, resolved (a relative range at the time asked) and snapped: start inclusive. */
  rangeStart: Scalars['DateTime']['output'];
  /** Served past its TTL because upstream failed or is being refreshed. */
  stale: Scalars['Boolean']['output'];
  /** The time zone of the query's buckets and relative range. */
  timeZone: Scalars['String']['output'];
  upstreamPages: Scalars['Int']['output'];
};

/** A condition on a metric or KPI of a row: null fails every comparison. */
export type RowCondition = {
  field: RowField;
  op: ConditionOp;
  /** Required by every op but IS_NULL and NOT_NULL. */
  value?: InputMaybe<Scalars['Float']['input']>;
};

/** A row field: a dimension, a metric or a KPI. */
export type RowField =
  | 'ABANDON_COUNT'
  | 'ABANDON_RATE'
  | 'AGENT'
  | 'AGENT_ID'
  | 'CAMPAIGN'
  | 'CHANNEL'
  | 'CHANNEL_EFFICIENCY'
  | 'CONTACTS_HANDLED'
  | 'CONTACTS_OFFERED'
  | 'DATE'
  | 'DIRECTION'
  | 'DISTINCT_CONTACTS'
  | 'FIRST_CONTACT_RESOLUTION'
  | 'HANDLE_TIME'
  | 'HOLD_IMPACT_SCORE'
  | 'HOLD_TIME'
  | 'INBOUND_OFFERED'
  | 'QUEUE'
  | 'QUEUE_TIME'
  | 'SERVICE_LEVEL'
  | 'SKILL'
  | 'SLA_CONTACTS'
  | 'TALK_RATIO'
  | 'TALK_TIME'
  | 'TEAM'
  | 'TIME'
  | 'TOTAL_INTERACTION_TIME'
  | 'WRAP_TIME';

export type RowOrder = {
  direction?: InputMaybe<SortDirection>;
  field: RowField;
  /** Where nulls go, whatever the direction (default LAST). */
  nulls?: InputMaybe<NullsOrder>;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

/**
 * Live views over WebSocket (graphql-ws protocol, upgrade on /graphql) or
 * Server-Sent Events (graphql-sse protocol, /graphql/stream).
 */
export type Subscription = {
  __typename?: 'Subscription';
  liveAgents: LiveAgentsUpdate;
  liveSkills: LiveSkillsUpdate;
};


/**
 * Live views over WebSocket (graphql-ws protocol, upgrade on /graphql) or
 * Server-Sent Events (graphql-sse protocol, /graphql/stream).
 */
export type SubscriptionLiveAgentsArgs = {
  filter?: InputMaybe<LiveFilter>;
};


/**
 * Live views over WebSocket (graphql-ws protocol, upgrade on /graphql) or
 * Server-Sent Events (graphql-sse protocol, /graphql/stream).
 */
export type SubscriptionLiveSkillsArgs = {
  filter?: InputMaybe<LiveFilter>;
};

export type TimeUnit =
  | 'DAY'
  | 'HOUR'
  | 'MINUTE'
  | 'MONTH'
  | 'QUARTER'
  | 'WEEK'
  | 'YEAR';

export type Weekday =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AnalyticsQueryInput: AnalyticsQueryInput;
  AnalyticsResult: ResolverTypeWrapper<AnalyticsParent>;
  AnalyticsRow: ResolverTypeWrapper<Row>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Catalog: ResolverTypeWrapper<Omit<Catalog, 'dimensions' | 'kpis' | 'metrics'> & { dimensions: Array<ResolversTypes['CatalogDimension']>, kpis: Array<ResolversTypes['CatalogKpi']>, metrics: Array<ResolversTypes['CatalogMetric']> }>;
  CatalogDimension: ResolverTypeWrapper<DimensionDef>;
  CatalogKpi: ResolverTypeWrapper<KpiDef>;
  CatalogLimits: ResolverTypeWrapper<CatalogLimits>;
  CatalogMetric: ResolverTypeWrapper<MetricDef>;
  CatalogSource: ResolverTypeWrapper<CatalogSource>;
  ComparePeriod: ComparePeriod;
  ConditionOp: ConditionOp;
  DateRangeInput: DateRangeInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Dimension: Dimension;
  Fill: Fill;
  FilterInput: FilterInput;
  FilterOperator: FilterOperator;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Granularity: Granularity;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Live: ResolverTypeWrapper<Live>;
  LiveAgent: ResolverTypeWrapper<LiveAgent>;
  LiveAgentsUpdate: ResolverTypeWrapper<LiveAgentsUpdate>;
  LiveContact: ResolverTypeWrapper<LiveContact>;
  LiveFilter: LiveFilter;
  LiveSkill: ResolverTypeWrapper<LiveSkill>;
  LiveSkillTotals: ResolverTypeWrapper<LiveSkillTotals>;
  LiveSkillsUpdate: ResolverTypeWrapper<LiveSkillsUpdate>;
  LocalDate: ResolverTypeWrapper<Scalars['LocalDate']['output']>;
  Metric: Metric;
  NullsOrder: NullsOrder;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RelativeRangeInput: RelativeRangeInput;
  ResultMeta: ResolverTypeWrapper<ResultMeta>;
  RowCondition: RowCondition;
  RowField: RowField;
  RowOrder: RowOrder;
  SortDirection: SortDirection;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TimeUnit: TimeUnit;
  Weekday: Weekday;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AnalyticsQueryInput: AnalyticsQueryInput;
  AnalyticsResult: AnalyticsParent;
  AnalyticsRow: Row;
  Boolean: Scalars['Boolean']['output'];
  Catalog: Omit<Catalog, 'dimensions' | 'kpis' | 'metrics'> & { dimensions: Array<ResolversParentTypes['CatalogDimension']>, kpis: Array<ResolversParentTypes['CatalogKpi']>, metrics: Array<ResolversParentTypes['CatalogMetric']> };
  CatalogDimension: DimensionDef;
  CatalogKpi: KpiDef;
  CatalogLimits: CatalogLimits;
  CatalogMetric: MetricDef;
  CatalogSource: CatalogSource;
  DateRangeInput: DateRangeInput;
  DateTime: Scalars['DateTime']['output'];
  FilterInput: FilterInput;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  Live: Live;
  LiveAgent: LiveAgent;
  LiveAgentsUpdate: LiveAgentsUpdate;
  LiveContact: LiveContact;
  LiveFilter: LiveFilter;
  LiveSkill: LiveSkill;
  LiveSkillTotals: LiveSkillTotals;
  LiveSkillsUpdate: LiveSkillsUpdate;
  LocalDate: Scalars['LocalDate']['output'];
  Query: Record<PropertyKey, never>;
  RelativeRangeInput: RelativeRangeInput;
  ResultMeta: ResultMeta;
  RowCondition: RowCondition;
  RowOrder: RowOrder;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
};

export type AnalyticsResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AnalyticsResult'] = ResolversParentTypes['AnalyticsResult']> = {
  columns?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  meta?: Resolver<ResolversTypes['ResultMeta'], ParentType, ContextType>;
  previousTotals?: Resolver<Maybe<ResolversTypes['AnalyticsRow']>, ParentType, ContextType, Partial<AnalyticsResultPreviousTotalsArgs>>;
  rowCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType, Partial<AnalyticsResultRowCountArgs>>;
  rows?: Resolver<Array<ResolversTypes['AnalyticsRow']>, ParentType, ContextType, Partial<AnalyticsResultRowsArgs>>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['AnalyticsRow'], ParentType, ContextType, Partial<AnalyticsResultTotalsArgs>>;
};

export type AnalyticsRowResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AnalyticsRow'] = ResolversParentTypes['AnalyticsRow']> = {
  abandonCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  abandonRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  agentId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  campaign?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  change?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<AnalyticsRowChangeArgs, 'field'>>;
  changeRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<AnalyticsRowChangeRatioArgs, 'field'>>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  channelEfficiency?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  contactsHandled?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  contactsOffered?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  date?: Resolver<Maybe<ResolversTypes['LocalDate']>, ParentType, ContextType>;
  dimension?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<AnalyticsRowDimensionArgs, 'name'>>;
  direction?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  distinctContacts?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  firstContactResolution?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  handleTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  holdImpactScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  holdTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  inboundOffered?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  key?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metric?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<AnalyticsRowMetricArgs, 'name'>>;
  percentile?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, RequireFields<AnalyticsRowPercentileArgs, 'metric' | 'p'>>;
  previous?: Resolver<Maybe<ResolversTypes['AnalyticsRow']>, ParentType, ContextType>;
  queue?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  queueTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  serviceLevel?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType, Partial<AnalyticsRowServiceLevelArgs>>;
  skill?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  slaContacts?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  talkRatio?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  talkTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  team?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  time?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  timeEnd?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  totalInteractionTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  wrapTime?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type CatalogResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Catalog'] = ResolversParentTypes['Catalog']> = {
  dimensions?: Resolver<Array<ResolversTypes['CatalogDimension']>, ParentType, ContextType>;
  granularities?: Resolver<Array<ResolversTypes['Granularity']>, ParentType, ContextType>;
  kpis?: Resolver<Array<ResolversTypes['CatalogKpi']>, ParentType, ContextType>;
  limits?: Resolver<ResolversTypes['CatalogLimits'], ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['CatalogMetric']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['CatalogSource'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CatalogDimensionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogDimension'] = ResolversParentTypes['CatalogDimension']> = {
  custom?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CatalogKpiResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogKpi'] = ResolversParentTypes['CatalogKpi']> = {
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  formula?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  needs?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CatalogLimitsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogLimits'] = ResolversParentTypes['CatalogLimits']> = {
  defaultPageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxBuckets?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxCacheTtlSeconds?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxDateSpanDays?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxDimensions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxMetrics?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  maxPageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  minPageSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CatalogMetricResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogMetric'] = ResolversParentTypes['CatalogMetric']> = {
  custom?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  field?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CatalogSourceResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CatalogSource'] = ResolversParentTypes['CatalogSource']> = {
  dimensions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  filters?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  notes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type LiveResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Live'] = ResolversParentTypes['Live']> = {
  agents?: Resolver<Array<ResolversTypes['LiveAgent']>, ParentType, ContextType, Partial<LiveAgentsArgs>>;
  asOf?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  contacts?: Resolver<Array<ResolversTypes['LiveContact']>, ParentType, ContextType, Partial<LiveContactsArgs>>;
  skills?: Resolver<Array<ResolversTypes['LiveSkill']>, ParentType, ContextType, Partial<LiveSkillsArgs>>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['LiveSkillTotals'], ParentType, ContextType, Partial<LiveTotalsArgs>>;
  warnings?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LiveAgentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveAgent'] = ResolversParentTypes['LiveAgent']> = {
  acw?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  agent?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  agentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  direction?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  secondsInState?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  since?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  skill?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  team?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LiveAgentsUpdateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveAgentsUpdate'] = ResolversParentTypes['LiveAgentsUpdate']> = {
  agents?: Resolver<Array<ResolversTypes['LiveAgent']>, ParentType, ContextType>;
  asOf?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LiveContactResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveContact'] = ResolversParentTypes['LiveContact']> = {
  agentId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  contactId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  skill?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type LiveSkillResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveSkill'] = ResolversParentTypes['LiveSkill']> = {
  agentsAcw?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsAvailable?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsLoggedIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsUnavailable?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsWorking?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  contactsActive?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  inSla?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  longestWaitSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  outSla?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  queueCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  serviceLevel?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  serviceLevelGoal?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  skill?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  skillId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type LiveSkillTotalsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveSkillTotals'] = ResolversParentTypes['LiveSkillTotals']> = {
  agentsAcw?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsAvailable?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsLoggedIn?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsUnavailable?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  agentsWorking?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  contactsActive?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  inSla?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  longestWaitSeconds?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  outSla?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  queueCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  serviceLevel?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type LiveSkillsUpdateResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LiveSkillsUpdate'] = ResolversParentTypes['LiveSkillsUpdate']> = {
  asOf?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  skills?: Resolver<Array<ResolversTypes['LiveSkill']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  totals?: Resolver<ResolversTypes['LiveSkillTotals'], ParentType, ContextType>;
  warnings?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface LocalDateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['LocalDate'], any> {
  name: 'LocalDate';
}

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  analytics?: Resolver<ResolversTypes['AnalyticsResult'], ParentType, ContextType, RequireFields<QueryAnalyticsArgs, 'query'>>;
  catalog?: Resolver<ResolversTypes['Catalog'], ParentType, ContextType>;
  live?: Resolver<ResolversTypes['Live'], ParentType, ContextType>;
};

export type ResultMetaResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['ResultMeta'] = ResolversParentTypes['ResultMeta']> = {
  cacheHit?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  cacheKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  final?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rangeEnd?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rangeStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  upstreamPages?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  liveAgents?: SubscriptionResolver<ResolversTypes['LiveAgentsUpdate'], "liveAgents", ParentType, ContextType, Partial<SubscriptionLiveAgentsArgs>>;
  liveSkills?: SubscriptionResolver<ResolversTypes['LiveSkillsUpdate'], "liveSkills", ParentType, ContextType, Partial<SubscriptionLiveSkillsArgs>>;
};

export type Resolvers<ContextType = GraphQLContext> = {
  AnalyticsResult?: AnalyticsResultResolvers<ContextType>;
  AnalyticsRow?: AnalyticsRowResolvers<ContextType>;
  Catalog?: CatalogResolvers<ContextType>;
  CatalogDimension?: CatalogDimensionResolvers<ContextType>;
  CatalogKpi?: CatalogKpiResolvers<ContextType>;
  CatalogLimits?: CatalogLimitsResolvers<ContextType>;
  CatalogMetric?: CatalogMetricResolvers<ContextType>;
  CatalogSource?: CatalogSourceResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Live?: LiveResolvers<ContextType>;
  LiveAgent?: LiveAgentResolvers<ContextType>;
  LiveAgentsUpdate?: LiveAgentsUpdateResolvers<ContextType>;
  LiveContact?: LiveContactResolvers<ContextType>;
  LiveSkill?: LiveSkillResolvers<ContextType>;
  LiveSkillTotals?: LiveSkillTotalsResolvers<ContextType>;
  LiveSkillsUpdate?: LiveSkillsUpdateResolvers<ContextType>;
  LocalDate?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  ResultMeta?: ResultMetaResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
};

