/**
 * The `reporting` source (docs/upstream-reporting.md): skills/summary
 * for skill, channel, campaign and queue; agents/performance for agent; one
 * call per UTC day when `date` is a dimension, concurrent and bounded. Rows
 * are combined from their additive parts (sums of value × weight, sums of
 * weights, counts) and every average or rate is taken last.
 */
import { badInput, ErrorCode, GatewayError } from '../errors.js';
import { daysTouched, type ValidQuery } from '../query.js';
import { toNumber } from '../kpi.js';
import { Unreadable } from '../transform.js';
import { durationSeconds } from './duration.js';
import { exchange, jsonOf } from './http.js';
import { failedAttempt, reportRetries } from './classify.js';
import { DAY_MS } from '../clock.js';
import { retryUntil, withRetry, type RetryStats } from './retry.js';
import type { Fetched, RawRow, RowSink, Source, SourceDescription } from './source.js';
import { onRefusedToken, type TokenProvider, type TokenRequestSettings } from './token.js';

export interface ReportingSettings extends TokenRequestSettings {
  apiBase: () => Promise<string>;
  apiVersion: string;
  dayConcurrency: number;
}

const SKILL_DIMENSIONS = ['skill', 'channel', 'campaign', 'queue', 'date'];
const AGENT_DIMENSIONS = ['agent', 'date'];
/** Metrics agents/performance has no parts for. */
const NOT_FOR_AGENTS = ['hold_time', 'queue_time', 'abandon_rate', 'service_level', 'abandon_count', 'first_contact_resolution'];

interface Parts {
  offered: number;
  handled: number;
  abandoned: number | null;
  withinSla: number | null;
  outOfSla: number | null;
  handleSum: number | null;
  talkSum: number | null;
  wrapSum: number | null;
  holdSum: number | null;
  queueSum: number | null;
}

/**
 * Reads upstream fields and tallies the ones it could not read, so the
 * answer can say so: a count that is missing or not a number counts as 0
 * (the combined rows need one), a duration as missing (null).
 */
class FieldReader {
  private readonly unread = new Unreadable();

  count(r: Record<string, unknown>, field: string): number {
    const n = toNumber(r[field]);
    if (n !== null) return n;
    this.unread.note(field, r[field]);
    return 0;
  }

  times(r: Record<string, unknown>, field: string, n: number): number | null {
    const s = this.duration(r, field);
    return s === null ? null : s * n;
  }

  duration(r: Record<string, unknown>, field: string): number | null {
    const v = r[field];
    const s = durationSeconds(v);
    if (s === null && v !== null && v !== undefined) this.unread.note(field, v);
    return s;
  }

  warnings(endpoint: string): string[] {
    return this.unread.warnings(`CXone ${endpoint}`, (field) => (COUNT_FIELDS.has(field) ? 'counted as 0' : 'answered as null'));
  }
}

const COUNT_FIELDS = new Set(['contactsHandled', 'contactsOffered', 'abandonCount', 'contactsWithinSLA', 'contactsOutOfSLA', 'totalHandled', 'agentOffered']);
const add = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a + b);

function skillParts(r: Record<string, unknown>, read: FieldReader): Parts {
  const handled = read.count(r, 'contactsHandled');
  const offered = read.count(r, 'contactsOffered');
  return {
    offered,
    handled,
    abandoned: read.count(r, 'abandonCount'),
    withinSla: read.count(r, 'contactsWithinSLA'),
    outOfSla: read.count(r, 'contactsOutOfSLA'),
    handleSum: read.times(r, 'averageHandleTime', handled),
    talkSum: read.times(r, 'averageTalkTime', handled),
    wrapSum: read.times(r, 'averageWrapTime', handled),
    holdSum: read.duration(r, 'holdTime'),
    queueSum: read.times(r, 'averageInqueueTime', offered),
  };
}

function agentParts(r: Record<string, unknown>, read: FieldReader): Parts {
  const handled = read.count(r, 'totalHandled');
  return {
    offered: read.count(r, 'agentOffered'),
    handled,
    abandoned: null,
    withinSla: null,
    outOfSla: null,
    handleSum: read.times(r, 'totalAvgHandleTime', handled),
    talkSum: read.times(r, 'totalAvgTalkTime', handled),
    wrapSum: read.duration(r, 'acwTime'),
    holdSum: null,
    queueSum: null,
  };
}

function combine(a: Parts, b: Parts): Parts {
  return {
    offered: a.offered + b.offered,
    handled: a.handled + b.handled,
    abandoned: add(a.abandoned, b.abandoned),
    withinSla: add(a.withinSla, b.withinSla),
    outOfSla: add(a.outOfSla, b.outOfSla),
    handleSum: add(a.handleSum, b.handleSum),
    talkSum: add(a.talkSum, b.talkSum),
    wrapSum: add(a.wrapSum, b.wrapSum),
    holdSum: add(a.holdSum, b.holdSum),
    queueSum: add(a.queueSum, b.queueSum),
  };
}

/** A metric from summed parts. Averages over nobody are 0, as the summary-query answers them. */
function metric(p: Parts, name: string): number | null {
  const per = (sum: number | null, n: number) => (sum === null ? null : n === 0 ? 0 : sum / n);
  switch (name) {
    case 'handle_time':
      return per(p.handleSum, p.handled);
    case 'talk_time':
      return per(p.talkSum, p.handled);
    case 'wrap_time':
      return per(p.wrapSum, p.handled);
    case 'hold_time':
      return per(p.holdSum, p.handled);
    case 'queue_time':
      return per(p.queueSum, p.offered);
    case 'abandon_rate':
      return per(p.abandoned === null ? null : p.abandoned * 100, p.offered);
    case 'service_level':
      return p.withinSla === null || p.outOfSla === null ? null : per(p.withinSla * 100, p.withinSla + p.outOfSla);
    case 'contacts_offered':
      return p.offered;
    case 'contacts_handled':
      return p.handled;
    case 'abandon_count':
      return p.abandoned;
    default:
      return null; // first_contact_resolution and tenant metrics: not reported
  }
}

function dimension(r: Record<string, unknown>, d: string): string | null {
  const v =
    d === 'skill' || d === 'queue'
      ? r.skillName
      : d === 'channel'
        ? r.mediaTypeName
        : d === 'campaign'
          ? r.campaignName
          : d === 'agent'
            ? (r.agentName ?? r.agentId)
            : undefined;
  return v === undefined || v === null ? null : String(v);
}

export class ReportingSource implements Source {
  readonly name = 'reporting';

  constructor(
    private readonly tokens: TokenProvider,
    private readonly s: ReportingSettings,
  ) {}

  describe(): SourceDescription {
    return {
      name: this.name,
      metrics: [
        'handle_time',
        'talk_time',
        'hold_time',
        'queue_time',
        'wrap_time',
        'abandon_rate',
        'service_level',
        'contacts_offered',
        'contacts_handled',
        'abandon_count',
      ],
      dimensions: [...SKILL_DIMENSIONS, 'agent'],
      notes: [
        `group by any of ${SKILL_DIMENSIONS.join(', ')} (skills/summary), or by agent with or without date (agents/performance)`,
        'queue is the skill: CXone routes by skill',
        'date takes one call per UTC day',
        'first_contact_resolution is not reported: null, with a warning',
        `by agent, ${NOT_FOR_AGENTS.join(', ')} are not reported: null, with a warning`,
      ],
    };
  }

  refuse(q: ValidQuery): string | null {
    const dims = q.dimensions;
    if (dims.includes('agent')) {
      const other = dims.filter((d) => !AGENT_DIMENSIONS.includes(d));
      if (other.length > 0) {
        return `dimensions: agent cannot be combined with ${other.join(', ')} on the reporting source (agents/performance has no such breakdown); allowed: agent with date, or any of ${SKILL_DIMENSIONS.join(', ')} without agent`;
      }
      return null;
    }
    const unknown = dims.filter((d) => !SKILL_DIMENSIONS.includes(d));
    return unknown.length === 0
      ? null
      : `dimensions: ${unknown.join(', ')} not available on the reporting source; allowed: ${SKILL_DIMENSIONS.join(', ')}, or agent with date`;
  }

  missing(q: ValidQuery): string[] {
    const gone = q.dimensions.includes('agent') ? NOT_FOR_AGENTS : ['first_contact_resolution'];
    return q.metrics
      .filter((m) => gone.includes(m))
      .map((m) => `${m} is not reported by the reporting source${q.dimensions.includes('agent') ? ' by agent' : ''}: null`);
  }

  async ready(): Promise<void> {
    await this.s.apiBase();
  }

  /** One call per UTC day the range touches with `date`, one call without. */
  estimateCalls(q: ValidQuery): number {
    return q.dimensions.includes('date') ? daysTouched(q) : 1;
  }

  async fetch(q: ValidQuery, sink: RowSink): Promise<Fetched> {
    const refusal = this.refuse(q);
    if (refusal) throw badInput(refusal);
    const stats: RetryStats = { retries: 0 };
    const start = Date.parse(q.dateRange.start);
    const end = Date.parse(q.dateRange.end);
    // One call per UTC day with `date`, clipped to the range; one call for the whole range without.
    const spans: { from: number; to: number; date: string | null }[] = [];
    if (q.dimensions.includes('date')) {
      for (let d = Math.floor(start / DAY_MS) * DAY_MS; d < end; d += DAY_MS) {
        spans.push({ from: Math.max(d, start), to: Math.min(d + DAY_MS, end), date: new Date(d).toISOString().slice(0, 10) });
      }
    } else spans.push({ from: start, to: end, date: null });

    const byAgent = q.dimensions.includes('agent');
    const endpoint = byAgent ? 'agents/performance' : 'skills/summary';
    const results = await pool(spans, this.s.dayConcurrency, (span) => this.call(endpoint, span.from, span.to, stats));
    const read = new FieldReader();
    const groups = new Map<string, { key: Record<string, string | null>; parts: Parts }>();
    results.forEach((rows, i) => {
      for (const r of rows) {
        const key: Record<string, string | null> = {};
        for (const d of q.dimensions) key[d] = d === 'date' ? spans[i]!.date : dimension(r, d);
        const id = JSON.stringify(q.dimensions.map((d) => key[d]));
        const parts = byAgent ? agentParts(r, read) : skillParts(r, read);
        const g = groups.get(id);
        if (g) g.parts = combine(g.parts, parts);
        else groups.set(id, { key, parts });
      }
    });
    const rows: RawRow[] = [...groups.values()].map(({ key, parts }) => {
      const row: RawRow = { ...key };
      for (const m of q.metrics) row[m] = metric(parts, m);
      return row;
    });
    sink.add(rows);
    return { pages: spans.length, retries: stats.retries, warnings: read.warnings(endpoint) };
  }

  /** One Reporting API call: 204 is empty; 401 refreshes the token once; error text may come in icStatusDescription. */
  private async call(endpoint: string, from: number, to: number, stats: RetryStats): Promise<Record<string, unknown>[]> {
    const base = await this.s.apiBase();
    const iso = (t: number) => new Date(t).toISOString().replace(/\.000Z$/, 'Z');
    const url = `${base}/inContactAPI/services/${this.s.apiVersion}/${endpoint}?startDate=${iso(from)}&endDate=${iso(to)}`;
    const listKey = endpoint === 'skills/summary' ? 'skillSummaries' : 'agentPerformance';
    const refused = onRefusedToken(this.tokens);
    return withRetry(
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
        if (res.kind === 'answer' && res.status === 204) return { ok: true, value: [] };
        if (res.kind === 'network' || res.status !== 200) return failedAttempt(res, 'data', () => refused(token));
        const list = (jsonOf(res.text) as Record<string, unknown> | undefined)?.[listKey];
        if (!Array.isArray(list) || !list.every((r) => typeof r === 'object' && r !== null)) {
          return {
            ok: false,
            retryable: false,
            error: new GatewayError(ErrorCode.UPSTREAM_BAD_RESPONSE, `CXone ${endpoint} answered 200 without a ${listKey} list`),
          };
        }
        return { ok: true, value: list as Record<string, unknown>[] };
      },
      reportRetries(this.s.upstream, 'data', `${endpoint} call`),
    );
  }
}

/** Runs `fn` over `items` with at most `limit` at once; results in the items' order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
