/** What answers a validated query with complete rows: one interface, one implementation per kind of upstream. */
import type { ValidQuery } from '../query.js';

import type { RawRow } from '../transform.js';

export type { RawRow };

/** Where a source hands its rows as they arrive, so raw pages need not all be held at once. */
export interface RowSink {
  add(rows: readonly RawRow[]): void;
}

/** What it took to fetch one query's rows (handed to the sink; complete only when fetch resolves). */
export interface Fetched {
  pages: number;
  retries: number;
  /** Upstream values the source could not read (answered as null), said to the client. */
  warnings?: string[];
}

export interface SourceDescription {
  name: string;
  metrics: string[];
  dimensions: string[];
  /** Dimensions a filter may name. */
  filters: string[];
  notes: string[];
}

/** What the tenant says about its own time: an IANA zone and the first day of its weeks (0 = Sunday), each null when not said. */
export interface TenantCalendar {
  zone: string | null;
  weekStart: number | null;
  /** What could not be read or mapped, said at start and on answers that use the fallback. */
  problems: string[];
}

export interface Source {
  readonly name: string;
  /**
   * Dimensions this source can filter on, in some query: a filter on any
   * other is refused before anything is sent (refuse() says which
   * combinations it cannot apply). Never ignored.
   */
  readonly filterable: readonly string[];
  /**
   * Whether the `date` dimension splits a range into UTC days in one call
   * (the summary query): runs of whole UTC days are then fetched together.
   * Otherwise every time bucket is a call of its own.
   */
  readonly splitsUtcDays: boolean;
  /**
   * How long after a range ends its numbers may still change (the contacts
   * source's CONTACTS_SETTLE_HOURS): until then its answers keep
   * CACHE_TODAY_TTL_SECONDS and say meta.final false. 0 when absent.
   */
  readonly settleMs?: number;
  describe(): SourceDescription;
  /** Why this source cannot answer `q` (BAD_USER_INPUT), or null. Checked before anything is sent. */
  refuse(q: ValidQuery): string | null;
  /** Requested metrics this source answers as null, each with the reason. */
  missing(q: ValidQuery): string[];
  /**
   * Upstream calls `fetch(q)` would make, estimated before making any: from
   * the catalog's cardinalities and the days for a paged source, exactly for
   * one that calls per day.
   */
  estimateCalls(q: ValidQuery): number;
  /**
   * Upstream calls of several fetches made together (a time query's parts),
   * where they share calls (the contacts source pages a day once for all its
   * buckets). Absent: the sum of estimateCalls.
   */
  estimateAll?(queries: readonly ValidQuery[]): number;
  /** Every row of `q` into `sink`; on failure, what the sink holds is incomplete and must be dropped. */
  fetch(q: ValidQuery, sink: RowSink): Promise<Fetched>;
  /** The tenant's calendar, where the source can read it (the business unit); absent otherwise. */
  calendar?(): Promise<TenantCalendar>;
  /** Whether the source can currently authenticate (for /readyz). */
  ready(): Promise<void>;
}
