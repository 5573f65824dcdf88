/**
 * The summary-query source (docs/upstream-summary-query.md): pages through one query,
 * in order, until a page has no `next`; retries what is transient; fails
 * loudly on anything that would make the result incomplete.
 */
import { ErrorCode, GatewayError } from '../errors.js';
import { BUILT_IN_METRIC_NAMES, estimatedRows, LIMITS } from '../catalog.js';
import { daysTouched, deriveQuery, upstreamBody, type ValidQuery } from '../query.js';
import { exchange, jsonOf, type UpstreamContext } from './http.js';
import { failedAttempt, reportRetries } from './classify.js';
import { retryUntil, withRetry, type Attempt, type RetryPolicy, type RetryRun, type RetryStats } from './retry.js';
import type { Fetched, RawRow, RowSink, Source } from './source.js';
import { onRefusedToken, type TokenProvider } from './token.js';
import { isUtc } from '../zones.js';
import { contactsOnly, onlyFromContacts } from '../derived-metrics.js';

export interface SummaryQuerySettings {
  url: string;
  auditUsername: string | undefined;
  timeoutMs: number;
  deadlineMs: number;
  maxPages: number;
  /** MAX_UPSTREAM_PAGES_PER_QUERY: checked against page 1's totalRows before the rest is fetched. */
  maxPagesPerQuery: number;
  retry: RetryPolicy;
  upstream: UpstreamContext;
}

interface Page {
  data: RawRow[];
  next: string | null;
  /** metadata.totalRows, when CXone sent it. */
  totalRows: number | null;
}

export class SummaryQuerySource implements Source {
  readonly name = 'summary-query';
  /** The summary query filters upstream, on any dimension. */
  readonly filterable = [...SUMMARY_DIMENSIONS];
  readonly splitsUtcDays = true;

  describe() {
    return {
      name: this.name,
      metrics: [...SUMMARY_METRICS],
      dimensions: [...SUMMARY_DIMENSIONS],
      filters: [...this.filterable],
      notes: [
        'any combination of up to 5 dimensions; tenant-defined names as configured',
        'filters are applied by CXone, on any dimension',
        'agentId is not reported: null',
      ],
    };
  }

  /** CXone filters `date` by UTC day: in any other zone that would be another day than the one asked. */
  refuse(q: ValidQuery): string | null {
    if (q.dimensions.includes('team') || q.filters.some((f) => f.dimension === 'team')) {
      return 'dimensions: team is not reported by the summary-query source; allowed on: the contacts source (CXONE_SOURCE=contacts)';
    }
    if (!q.filters.some((f) => f.dimension === 'date') || isUtc(q.timeZone)) return null;
    return `filters: date filters CXone's UTC days, and this query is in ${q.timeZone}; allowed: a date filter with timeZone UTC, or a dateRange over the local days wanted`;
  }

  estimateCalls(q: ValidQuery): number {
    return metricParts(q).length * Math.max(1, Math.ceil(estimatedRows(q.dimensions, q.dimensions.includes('date') ? daysTouched(q) : 1) / q.pageSize));
  }

  missing(q: ValidQuery): string[] {
    return q.metrics.filter(contactsOnly).map((m) => onlyFromContacts(m, this.name));
  }

  constructor(
    private readonly tokens: TokenProvider,
    private readonly settings: SummaryQuerySettings,
  ) {}

  async ready(): Promise<void> {
    await this.tokens.get();
  }

  /**
   * One pagination; a question with more metrics than one upstream query
   * takes (totals' weights can add two) is asked in parts over the same
   * slice, joined by row.
   */
  async fetch(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    const parts = metricParts(q);
    if (parts.length === 1) return this.paginate(parts[0]!.length === q.metrics.length ? q : deriveQuery(q, { metrics: parts[0]! }), sink);
    const joined = new Map<string, { row: RawRow; parts: number }>();
    let pages = 0;
    let retries = 0;
    for (const metrics of parts) {
      const fetched = await this.paginate(deriveQuery(q, { metrics }), {
        add: (rows) => {
          for (const r of rows) {
            const id = JSON.stringify(q.dimensions.map((d) => r[d] ?? null));
            const seen = joined.get(id);
            if (seen) {
              for (const m of metrics) seen.row[m] = r[m];
              seen.parts++;
            } else joined.set(id, { row: { ...r }, parts: 1 });
          }
        },
      });
      pages += fetched.pages;
      retries += fetched.retries;
    }
    const partial = [...joined.values()].filter((j) => j.parts < parts.length).length;
    sink.add([...joined.values()].map((j) => j.row));
    const warnings =
      partial === 0
        ? []
        : [
            `${partial} row${partial === 1 ? '' : 's'} came back from only some of the ${parts.length} upstream queries this question was split into (the data changed between them): their other metrics are null`,
          ];
    return { pages, retries, warnings };
  }

  private async paginate(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    const run = retryUntil(this.settings);
    const stats: RetryStats = { retries: 0 };
    const seen = new Set<string>();
    let next: string | null = null;
    let pages = 0;
    do {
      if (pages >= this.settings.maxPages) {
        throw new GatewayError(
          ErrorCode.RESULT_TOO_LARGE,
          `the answer has more than ${this.settings.maxPages} pages of ${q.pageSize} rows (UPSTREAM_MAX_PAGES); narrow the date range, filters or dimensions, or raise pageSize`,
        );
      }
      const page = await this.page(q, next, run, stats);
      pages++;
      // Page 1 says how many rows there are: refuse now rather than after hundreds of calls.
      if (pages === 1 && page.totalRows !== null && page.next !== null) {
        const needed = Math.ceil(page.totalRows / q.pageSize);
        if (needed > this.settings.maxPagesPerQuery) {
          throw new GatewayError(
            ErrorCode.RESULT_TOO_LARGE,
            `CXone reports ${page.totalRows} rows: ${needed} upstream pages of ${q.pageSize}, over the limit; allowed: at most ${this.settings.maxPagesPerQuery} (MAX_UPSTREAM_PAGES_PER_QUERY); narrow the date range, filters or dimensions, or raise pageSize`,
          );
        }
      }
      sink.add(page.data);
      next = page.next;
      if (next !== null) {
        if (seen.has(next)) {
          throw new GatewayError(
            ErrorCode.UPSTREAM_BAD_RESPONSE,
            `CXone returned paging.next it had already returned (a cursor loop) on page ${pages}; the result is incomplete and was not kept`,
          );
        }
        seen.add(next);
      }
    } while (next !== null);
    return { pages, retries: stats.retries };
  }

  /** One page, with the retry policy and one token refresh on 401. */
  private page(q: ValidQuery, next: string | null, run: RetryRun, stats: RetryStats): Promise<Page> {
    const body = JSON.stringify(upstreamBody(q, next));
    const refused = onRefusedToken(this.tokens);
    return withRetry(
      run,
      stats,
      async (): Promise<Attempt<Page>> => {
        const token = await this.tokens.get(stats);
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        };
        if (this.settings.auditUsername) headers['nice-username'] = this.settings.auditUsername;
        const res = await exchange(this.settings.url, { method: 'POST', headers, body, timeoutMs: this.settings.timeoutMs }, 'data', this.settings.upstream);
        if (res.kind === 'network' || res.status !== 200) return failedAttempt(res, 'data', () => refused(token));
        const page = parsePage(jsonOf(res.text));
        if (typeof page === 'string') {
          return { ok: false, retryable: false, error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `CXone analytics answered 200 with ${page}`) };
        }
        return { ok: true, value: page };
      },
      reportRetries(this.settings.upstream, 'data', 'analytics page'),
    );
  }
}

const SUMMARY_DIMENSIONS = ['channel', 'skill', 'queue', 'agent', 'campaign', 'direction', 'date'];

/** The summary query answers every metric of the catalog. */
const SUMMARY_METRICS = BUILT_IN_METRIC_NAMES;

/** The contract's page shape, checked without copying rows; a string says what is wrong. */
function parsePage(json: unknown): Page | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'a body that is not a JSON object';
  const { data, paging, metadata } = json as { data?: unknown; paging?: unknown; metadata?: unknown };
  if (!Array.isArray(data)) return 'no data array';
  for (let i = 0; i < data.length; i++) {
    const row: unknown = data[i];
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return `data[${i}] that is not an object`;
  }
  let next: string | null = null;
  if (paging !== undefined && paging !== null) {
    if (typeof paging !== 'object') return 'paging that is not an object';
    const n = (paging as { next?: unknown }).next;
    if (typeof n === 'string' && n.length > 0) next = n;
    else if (n !== undefined && n !== null && n !== '') return 'paging.next that is not a string';
  }
  const total = (metadata as { totalRows?: unknown } | null | undefined)?.totalRows;
  return { data: data as RawRow[], next, totalRows: typeof total === 'number' && Number.isInteger(total) && total >= 0 ? total : null };
}

/**
 * The question's metrics in parts of at most one upstream query's worth;
 * those only contacts give are not asked (a question of nothing but them
 * asks contacts_offered, for its groups).
 */
function metricParts(q: ValidQuery): string[][] {
  const asked = q.metrics.filter((m) => !contactsOnly(m));
  if (asked.length === 0) asked.push('contacts_offered');
  const parts: string[][] = [];
  for (let i = 0; i < asked.length; i += LIMITS.maxMetrics) parts.push(asked.slice(i, i + LIMITS.maxMetrics));
  return parts;
}
