/**
 * One call to NICE's Reporting and Admin APIs (docs/upstream-reporting.md):
 * the tenant's API base, each endpoint at its own version, a bearer token
 * (401 renews it once), the retry policy and traffic shaping; 204 is empty;
 * error text may come in the icStatusDescription header. Shared by the
 * reporting and contacts sources.
 */
import { ErrorCode, GatewayError } from '../errors.js';
import { readCalendar } from './business-unit.js';
import { failedAttempt, reportRetries } from './classify.js';
import { exchange, jsonOf } from './http.js';
import { fieldsOf } from './reporting-rows.js';
import { retryUntil, withRetry, type RetryStats } from './retry.js';
import type { TenantCalendar } from './source.js';
import { onRefusedToken, type TokenProvider, type TokenRequestSettings } from './token.js';

/** The endpoints we call, each at its own API version. */
export type RealtimeEndpoint = 'skills/activity' | 'agents/states' | 'contacts/active';
export type ReportingEndpoint = 'skills/summary' | 'agents/performance' | 'agents' | 'business-unit' | 'contacts/completed' | RealtimeEndpoint;
export type ApiVersions = Readonly<Record<ReportingEndpoint, string>>;

export interface ReportingApiSettings extends TokenRequestSettings {
  apiBase: () => Promise<string>;
  apiVersions: ApiVersions;
}

const LIST_KEYS: Record<'skills/summary' | 'agents/performance' | 'agents', string> = {
  'skills/summary': 'skillSummaries',
  'agents/performance': 'agentPerformance',
  agents: 'agents',
};

/** An instant as the Reporting API takes it: UTC with Z, whole seconds without a fraction. */
export function iso(t: number): string {
  return new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

/** A 304 from a real-time endpoint: nothing changed since updatedSince. */
export const NOT_MODIFIED = Symbol('not modified');

export class ReportingApi {
  constructor(
    private readonly tokens: TokenProvider,
    private readonly s: ReportingApiSettings,
  ) {}

  /** The business unit's time zone and first day of the week. */
  async calendar(): Promise<TenantCalendar> {
    return readCalendar(await this.call('business-unit', 'fields=timeZone,defaultTimeZone,startDayOfWeek', { retries: 0 }, 'body'));
  }

  /** A list endpoint's rows; with `whole`, the list and `totalRecords`; with 'body', the parsed body (null for 204). */
  call(endpoint: 'skills/summary' | 'agents/performance', query: string, stats: RetryStats): Promise<Record<string, unknown>[]>;
  call(endpoint: 'agents', query: string, stats: RetryStats, whole: true): Promise<{ list: Record<string, unknown>[]; total: unknown }>;
  call(endpoint: 'business-unit' | 'contacts/completed', query: string, stats: RetryStats, whole: 'body'): Promise<unknown>;
  /** A real-time endpoint: its body, or NOT_MODIFIED for a 304 (nothing changed since updatedSince). */
  call(endpoint: RealtimeEndpoint, query: string, stats: RetryStats, whole: 'body'): Promise<unknown>;
  async call(endpoint: ReportingEndpoint, query: string, stats: RetryStats, whole: boolean | 'body' = false): Promise<unknown> {
    const base = await this.s.apiBase();
    const url = `${base}/inContactAPI/services/${this.s.apiVersions[endpoint]}/${endpoint}?${query}`;
    const refused = onRefusedToken(this.tokens);
    return withRetry<unknown>(
      retryUntil(this.s),
      stats,
      async () => {
        const token = await this.tokens.get(stats);
        const res = await exchange(
          url,
          { method: 'GET', headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, timeoutMs: this.s.timeoutMs },
          'data',
          this.s.upstream,
        );
        if (res.kind === 'answer' && res.status === 204) return { ok: true, value: whole === 'body' ? null : whole ? { list: [], total: 0 } : [] };
        if (res.kind === 'answer' && res.status === 304) return { ok: true, value: NOT_MODIFIED };
        if (res.kind === 'network' || res.status !== 200) return failedAttempt(res, 'data', () => refused(token));
        const body = jsonOf(res.text);
        if (whole === 'body') return { ok: true, value: body };
        const listKey = LIST_KEYS[endpoint as keyof typeof LIST_KEYS];
        const fields = fieldsOf(body);
        const list = fields.get(listKey.toLowerCase());
        if (!Array.isArray(list) || !list.every((r) => typeof r === 'object' && r !== null)) {
          return {
            ok: false,
            retryable: false,
            error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `CXone ${endpoint} answered 200 without a ${listKey} list`),
          };
        }
        if (!whole) return { ok: true, value: list };
        return { ok: true, value: { list, total: fields.get('totalrecords') } };
      },
      reportRetries(this.s.upstream, 'data', `${endpoint} call`),
    );
  }
}
