/**
 * The `contacts` source (docs/upstream-contacts.md): pages CXone's completed
 * contacts one UTC day at a time, keeps each day in columns
 * (contact-columns.ts, in a size-bounded store shared through Redis), and
 * answers every question by aggregating them (contact-aggregate.ts): any
 * dimensions, any filter, any time bucket, at no upstream cost once the day
 * is cached. A day is final CONTACTS_SETTLE_HOURS after it ends; until then
 * it is refreshed with `updatedSince` (merged by contact id, the newest
 * lastUpdateTime winning) at most every CACHE_TODAY_TTL_SECONDS.
 */
import { BUILT_IN_METRIC_NAMES } from '../catalog.js';
import { DAY_MS, MINUTE_MS, type Clock } from '../clock.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { settledPool } from '../pool.js';
import type { ValidQuery } from '../query.js';
import { aggregate, CONTACTS_DIMENSIONS } from './contact-aggregate.js';
import { buildDay, recordsOf, type ContactDay } from './contact-columns.js';
import { CONTACT_FIELDS, ContactReader, type ContactRecord } from './contact-records.js';
import { iso, ReportingApi, type ReportingApiSettings } from './reporting-api.js';
import { fieldsOf } from './reporting-rows.js';
import type { RetryStats } from './retry.js';
import type { Fetched, RowSink, Source, SourceDescription, TenantCalendar } from './source.js';
import type { TokenProvider } from './token.js';

/** CXone's largest page. */
export const CONTACTS_PAGE_SIZE = 10_000;
/** A refresh asks for changes since a little before the last one: clocks and commits are not exact. */
const REFRESH_OVERLAP_MS = 5 * MINUTE_MS;

/** A cached day of contacts and where it stands. */
export interface StoredDay {
  columns: ContactDay;
  /** Epoch ms of the first fetch and of the last refresh. */
  fetchedAt: number;
  refreshedAt: number;
  /** Refreshed after its settle time: never asked again while cached. */
  final: boolean;
}

/** Where days are kept (cache/contact-days.ts), and how one fetch per day is shared across instances. */
export interface ContactDayStore {
  get(day: string): Promise<StoredDay | undefined>;
  /** The day as this process holds it, without asking the shared store. */
  held(day: string): StoredDay | undefined;
  /**
   * Runs `load` for `day` in one place at a time (across instances with
   * Redis), stores what it returns, and answers it; a waiter answers the
   * stored day once `current` says it is new enough.
   */
  once(day: string, load: () => Promise<StoredDay>, current: (d: StoredDay) => boolean): Promise<StoredDay>;
}

export interface ContactsSettings extends ReportingApiSettings {
  days: ContactDayStore;
  clock: Clock;
  settleMs: number;
  /** CACHE_TODAY_TTL_SECONDS in ms: how often a day not yet final is refreshed at most. */
  refreshMs: number;
  slaThresholdSeconds: number;
  /** UPSTREAM_MAX_PAGES: more pages than this for a day fails, before they are fetched. */
  maxPages: number;
  /** Days loaded at once for one question. */
  dayConcurrency: number;
}

const UNREPORTED = ['first_contact_resolution'];

export class ContactsSource implements Source {
  readonly name = 'contacts';
  readonly filterable = [...CONTACTS_DIMENSIONS];
  readonly splitsUtcDays = false;
  readonly settleMs: number;
  private readonly api: ReportingApi;

  constructor(
    tokens: TokenProvider,
    private readonly s: ContactsSettings,
  ) {
    this.api = new ReportingApi(tokens, s);
    this.settleMs = s.settleMs;
  }

  describe(): SourceDescription {
    return {
      name: this.name,
      metrics: BUILT_IN_METRIC_NAMES.filter((m) => !UNREPORTED.includes(m)),
      dimensions: [...CONTACTS_DIMENSIONS, 'date'],
      filters: [...this.filterable],
      notes: [
        'aggregated from completed contacts, paged once per UTC day and cached: any combination of dimensions, filters and time buckets',
        `a day is final ${this.s.settleMs / 3_600_000} h after it ends (CONTACTS_SETTLE_HOURS); until then it is refreshed with updatedSince`,
        'legs are counted (a transfer is two contacts offered); distinct_contacts counts master contacts once',
        'refused contacts are not offered; a short abandon counts in neither side of service level',
        `service level's threshold is SLA_THRESHOLD_SECONDS (${this.s.slaThresholdSeconds} s in queue)`,
        'first_contact_resolution is not reported: null, with a warning',
      ],
    };
  }

  refuse(q: ValidQuery): string | null {
    return q.filters.some((f) => f.dimension === 'date')
      ? 'filters: date is not filtered on by the contacts source; allowed: a dateRange over the days wanted (with a granularity for per-day rows)'
      : null;
  }

  missing(q: ValidQuery): string[] {
    return q.metrics.filter((m) => UNREPORTED.includes(m)).map((m) => `${m} is not reported by the contacts source: null`);
  }

  /** A page per UTC day the range touches that this process does not hold current. */
  estimateCalls(q: ValidQuery): number {
    return this.estimateAll([q]);
  }

  /** Buckets share their days: each day not held current counts once, however many buckets it holds. */
  estimateAll(queries: readonly ValidQuery[]): number {
    const days = new Set(queries.flatMap((q) => daysOf(Date.parse(q.dateRange.start), Date.parse(q.dateRange.end))));
    const now = this.s.clock.now();
    return [...days].filter((d) => {
      const held = this.s.days.held(d);
      return !held || !(held.final || now - held.refreshedAt < this.s.refreshMs);
    }).length;
  }

  async ready(): Promise<void> {
    await this.s.apiBase();
  }

  calendar(): Promise<TenantCalendar> {
    return this.api.calendar();
  }

  async fetch(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    const start = Date.parse(q.dateRange.start);
    const end = Date.parse(q.dateRange.end);
    const stats: RetryStats = { retries: 0 };
    const counted = { pages: 0 };
    const loaded = await settledPool(daysOf(start, end), this.s.dayConcurrency, (day) => this.day(day, stats, counted));
    const failed = loaded.find((o) => o.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const days = loaded.map((o) => (o as PromiseFulfilledResult<StoredDay>).value);
    sink.add(
      aggregate(
        days.map((d) => d.columns),
        { start, end, dimensions: q.dimensions, filters: q.filters, metrics: q.metrics, slaThresholdSeconds: this.s.slaThresholdSeconds },
      ),
    );
    return { pages: counted.pages, retries: stats.retries, warnings: [...new Set(days.flatMap((d) => d.columns.warnings))] };
  }

  /** A day's contacts: cached, refreshed while not final, or paged whole. */
  private async day(day: string, stats: RetryStats, counted: { pages: number }): Promise<StoredDay> {
    const found = await this.s.days.get(day);
    const asked = this.s.clock.now();
    const current = (d: StoredDay) => d.final || asked - d.refreshedAt < this.s.refreshMs;
    if (found && current(found)) return found;
    return this.s.days.once(
      day,
      async () => {
        const now = this.s.clock.now();
        const dayStart = Date.parse(`${day}T00:00:00Z`);
        const before = found ?? (await this.s.days.get(day));
        if (before && current(before)) return before; // another instance loaded it meanwhile
        const since = before ? before.refreshedAt - REFRESH_OVERLAP_MS : null;
        const reader = new ContactReader();
        const fresh = await this.page(dayStart, dayStart + DAY_MS, since, reader, stats, counted);
        const records: ContactRecord[] = before ? [...recordsOf(before.columns), ...fresh] : fresh;
        const warnings = [...new Set([...(before?.columns.warnings ?? []), ...reader.warnings()])];
        return {
          columns: buildDay(day, records, warnings),
          fetchedAt: before?.fetchedAt ?? now,
          refreshedAt: now,
          final: now >= dayStart + DAY_MS + this.s.settleMs,
        };
      },
      current,
    );
  }

  /** Every contact of [from, to) (changed since `since`, when given), page by page. */
  private async page(from: number, to: number, since: number | null, reader: ContactReader, stats: RetryStats, counted: { pages: number }) {
    const out: ContactRecord[] = [];
    const base = `startDate=${iso(from)}&endDate=${iso(to)}&top=${CONTACTS_PAGE_SIZE}&fields=${CONTACT_FIELDS.join(',')}${since === null ? '' : `&updatedSince=${iso(Math.floor(since / 1000) * 1000)}`}`;
    let query = `${base}&skip=0`;
    let skip = 0;
    const seen = new Set<string>();
    for (let pages = 1; ; pages++) {
      if (pages > this.s.maxPages) {
        throw new GatewayError(
          ErrorCode.RESULT_TOO_LARGE,
          `CXone contacts/completed has more than ${this.s.maxPages} pages for ${iso(from)} (UPSTREAM_MAX_PAGES); nothing was kept`,
        );
      }
      seen.add(query);
      const body = await this.api.call('contacts/completed', query, stats, 'body');
      counted.pages++;
      if (body === null) break; // 204: no (more) contacts
      const fields = fieldsOf(body);
      const list = fields.get('contacts') ?? fields.get('completedcontacts');
      if (!Array.isArray(list) || !list.every((c) => typeof c === 'object' && c !== null && !Array.isArray(c))) {
        throw new GatewayError(
          ErrorCode.UPSTREAM_BAD_RESPONSE,
          'CXone contacts/completed answered 200 without a contacts (or completedContacts) list of objects; nothing was kept',
        );
      }
      const total = Number(fields.get('totalrecords'));
      if (pages === 1 && Number.isFinite(total) && Math.ceil(total / CONTACTS_PAGE_SIZE) > this.s.maxPages) {
        throw new GatewayError(
          ErrorCode.RESULT_TOO_LARGE,
          `CXone reports ${total} contacts on ${iso(from).slice(0, 10)}: ${Math.ceil(total / CONTACTS_PAGE_SIZE)} pages of ${CONTACTS_PAGE_SIZE}, over the limit; allowed: at most ${this.s.maxPages} (UPSTREAM_MAX_PAGES)`,
        );
      }
      for (const c of list as Record<string, unknown>[]) out.push(reader.read(c));
      const next = nextQuery((fields.get('_links') as { next?: unknown } | undefined)?.next);
      if (next !== null) {
        if (seen.has(next)) {
          throw new GatewayError(
            ErrorCode.UPSTREAM_BAD_RESPONSE,
            `CXone contacts/completed linked a page it had already answered (a loop) after page ${pages}; nothing was kept`,
          );
        }
        query = next;
        continue;
      }
      skip += list.length;
      if (list.length < CONTACTS_PAGE_SIZE || (Number.isFinite(total) && skip >= total)) break;
      query = `${base}&skip=${skip}`;
    }
    return out;
  }
}

/** The query string of a `_links.next` URL; null when there is none. */
function nextQuery(link: unknown): string | null {
  if (typeof link !== 'string' || link === '') return null;
  try {
    return new URL(link).search.slice(1);
  } catch {
    return null;
  }
}

/** The UTC days [start, end) touches, YYYY-MM-DD. */
function daysOf(start: number, end: number): string[] {
  const out: string[] = [];
  for (let d = Math.floor(start / DAY_MS) * DAY_MS; d < end; d += DAY_MS) out.push(new Date(d).toISOString().slice(0, 10));
  return out;
}
