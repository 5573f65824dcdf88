/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AnalyticsQueryInput = {
  /** How long the result stays fresh, 0..86400 seconds (default CACHE_TTL_SECONDS). 0: not cached. */
  cacheTtlSeconds?: number | null | undefined;
  /** An explicit earlier range to compare with instead (the same length as dateRange; buckets pair in order). */
  compareRange?: DateRangeInput | null | undefined;
  /**
   * Compare with an earlier period: each row gets previous, change(field) and
   * changeRatio(field), the result previousTotals. With a time axis a bucket
   * pairs with the bucket shifted by the period in the query's zone (Monday
   * 09:00 with last Monday 09:00); PREVIOUS_PERIOD pairs buckets in order.
   */
  compareTo?: ComparePeriod | null | undefined;
  /** Tenant-defined dimension names (CXONE_EXTRA_DIMENSIONS), read with AnalyticsRow.dimension(name). */
  customDimensions?: Array<string> | null | undefined;
  /** Tenant-defined metric names (CXONE_EXTRA_METRICS), read with AnalyticsRow.metric(name). */
  customMetrics?: Array<string> | null | undefined;
  dateRange: DateRangeInput;
  /** 0..5 dimensions; rows are ordered by them, in this order (after time, with a time axis). DATE means granularity DAY. */
  dimensions: Array<Dimension>;
  /** With a time axis: NONE (default) leaves out buckets a group has no contacts in; NULL and ZERO emit every bucket for every group (ZERO: counts 0, averages and rates null). */
  fill?: Fill | null | undefined;
  filters?: Array<FilterInput> | null | undefined;
  /**
   * Rows per time bucket in timeZone: each row gets time, timeEnd and date.
   * Exact across clock changes: a bucket starts at each local boundary and
   * wherever the clocks change (25 hour buckets on a day clocks go back, 23 on
   * a day they go forward). DATE among the dimensions without one means DAY.
   */
  granularity?: Granularity | null | undefined;
  /** Optional: the gateway adds every metric that the selected row fields need. */
  metrics?: Array<Metric> | null | undefined;
  /** Upstream page size, 1..1000 (default 1000, the upstream's maximum: fewest calls for the same rows). */
  pageSize?: number | null | undefined;
  /**
   * IANA time zone of the buckets and of relative ranges, e.g. America/New_York
   * (default: Catalog.timeZone: CXONE_TIME_ZONE, else UTC).
   */
  timeZone?: string | null | undefined;
  /** First day of a WEEK bucket (default MONDAY). */
  weekStart?: Weekday | null | undefined;
};

export type ComparePeriod =
  | 'DAY_AGO'
  | 'MONTH_AGO'
  /** The range of the same length just before. */
  | 'PREVIOUS_PERIOD'
  | 'WEEK_AGO'
  | 'YEAR_AGO';

/**
 * A half-open range: start inclusive, end exclusive; end after start. Either
 * start and end, or last.
 */
export type DateRangeInput = {
  end?: string | null | undefined;
  /** A range relative to now, in whole units of the query's time zone. */
  last?: RelativeRangeInput | null | undefined;
  /**
   * Widen both ends to whole buckets of the granularity: a range that moves
   * with the clock (Grafana's now-7d..now) asks the same cached question
   * while the current bucket lasts.
   */
  snap?: boolean | null | undefined;
  start?: string | null | undefined;
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
  values: Array<string>;
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

/** The last `amount` units: whole ones, ending where the current unit began; with includeCurrent, the current one counts among them and the range ends where it ends. */
export type RelativeRangeInput = {
  amount: number;
  includeCurrent?: boolean | null | undefined;
  unit: TimeUnit;
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
  direction?: SortDirection | null | undefined;
  field: RowField;
  /** Where nulls go, whatever the direction (default LAST). */
  nulls?: NullsOrder | null | undefined;
};

export type SortDirection =
  | 'ASC'
  | 'DESC';

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

export type DashboardCatalogQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardCatalogQuery = { catalog: { timeZone: string, source: { name: string, filters: Array<string> } } };

export type DashboardTotalsQueryVariables = Exact<{
  query: AnalyticsQueryInput;
}>;


export type DashboardTotalsQuery = { analytics: { totals: { contactsOffered: number | null, contactsHandled: number | null, abandonRate: number | null, serviceLevel: number | null, handleTime: number | null }, previousTotals: { contactsOffered: number | null, contactsHandled: number | null, abandonRate: number | null, serviceLevel: number | null, handleTime: number | null } | null, meta: { stale: boolean, final: boolean, timeZone: string, rangeStart: string, rangeEnd: string, fetchedAt: string } } };

export type TileFieldsFragment = { contactsOffered: number | null, contactsHandled: number | null, abandonRate: number | null, serviceLevel: number | null, handleTime: number | null };

export type DashboardSeriesQueryVariables = Exact<{
  query: AnalyticsQueryInput;
}>;


export type DashboardSeriesQuery = { analytics: { rows: Array<{ time: string | null, channel: string | null, contactsOffered: number | null }>, meta: { stale: boolean, final: boolean, fetchedAt: string } } };

export type DashboardTopQueryVariables = Exact<{
  query: AnalyticsQueryInput;
  orderBy?: Array<RowOrder> | RowOrder | null | undefined;
  top: number;
}>;


export type DashboardTopQuery = { analytics: { rows: Array<{ agent: string | null, skill: string | null, contactsOffered: number | null, contactsHandled: number | null, handleTime: number | null, abandonRate: number | null, serviceLevel: number | null }>, meta: { stale: boolean, final: boolean } } };

export type DashboardOptionsQueryVariables = Exact<{
  channels: AnalyticsQueryInput;
  skills: AnalyticsQueryInput;
}>;


export type DashboardOptionsQuery = { channels: { rows: Array<{ channel: string | null }> }, skills: { rows: Array<{ skill: string | null }> } };

export type WallboardSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type WallboardSubscription = { liveSkills: { asOf: string | null, stale: boolean, warnings: Array<string>, totals: { queueCount: number | null, longestWaitSeconds: number | null, agentsAvailable: number | null, agentsWorking: number | null, agentsAcw: number | null, serviceLevel: number | null }, skills: Array<{ skillId: string, skill: string | null, channel: string | null, queueCount: number | null, longestWaitSeconds: number | null, agentsAvailable: number | null, serviceLevel: number | null, serviceLevelGoal: number | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const TileFieldsFragmentDoc = new TypedDocumentString(`
    fragment TileFields on AnalyticsRow {
  contactsOffered
  contactsHandled
  abandonRate
  serviceLevel
  handleTime
}
    `, {"fragmentName":"TileFields"}) as unknown as TypedDocumentString<TileFieldsFragment, unknown>;
export const DashboardCatalogDocument = new TypedDocumentString(`
    query DashboardCatalog {
  catalog {
    timeZone
    source {
      name
      filters
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardCatalogQuery, DashboardCatalogQueryVariables>;
export const DashboardTotalsDocument = new TypedDocumentString(`
    query DashboardTotals($query: AnalyticsQueryInput!) {
  analytics(query: $query) {
    totals {
      ...TileFields
    }
    previousTotals {
      ...TileFields
    }
    meta {
      stale
      final
      timeZone
      rangeStart
      rangeEnd
      fetchedAt
    }
  }
}
    fragment TileFields on AnalyticsRow {
  contactsOffered
  contactsHandled
  abandonRate
  serviceLevel
  handleTime
}`) as unknown as TypedDocumentString<DashboardTotalsQuery, DashboardTotalsQueryVariables>;
export const DashboardSeriesDocument = new TypedDocumentString(`
    query DashboardSeries($query: AnalyticsQueryInput!) {
  analytics(query: $query) {
    rows {
      time
      channel
      contactsOffered
    }
    meta {
      stale
      final
      fetchedAt
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardSeriesQuery, DashboardSeriesQueryVariables>;
export const DashboardTopDocument = new TypedDocumentString(`
    query DashboardTop($query: AnalyticsQueryInput!, $orderBy: [RowOrder!], $top: Int!) {
  analytics(query: $query) {
    rows(orderBy: $orderBy, top: $top, others: true) {
      agent
      skill
      contactsOffered
      contactsHandled
      handleTime
      abandonRate
      serviceLevel
    }
    meta {
      stale
      final
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardTopQuery, DashboardTopQueryVariables>;
export const DashboardOptionsDocument = new TypedDocumentString(`
    query DashboardOptions($channels: AnalyticsQueryInput!, $skills: AnalyticsQueryInput!) {
  channels: analytics(query: $channels) {
    rows {
      channel
    }
  }
  skills: analytics(query: $skills) {
    rows {
      skill
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardOptionsQuery, DashboardOptionsQueryVariables>;
export const WallboardDocument = new TypedDocumentString(`
    subscription Wallboard {
  liveSkills {
    asOf
    stale
    warnings
    totals {
      queueCount
      longestWaitSeconds
      agentsAvailable
      agentsWorking
      agentsAcw
      serviceLevel
    }
    skills {
      skillId
      skill
      channel
      queueCount
      longestWaitSeconds
      agentsAvailable
      serviceLevel
      serviceLevelGoal
    }
  }
}
    `) as unknown as TypedDocumentString<WallboardSubscription, WallboardSubscriptionVariables>;