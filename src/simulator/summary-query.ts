/**
 * The simulated summary query (docs/upstream-summary-query.md): request
 * validation as the contract states it, rows grouped from the synthetic
 * contacts, and opaque cursors bound to their query.
 */
import { createHash } from 'node:crypto';
import { group, metricValue, SIM_DIMENSIONS, SIM_METRICS, type SimFilter } from './aggregate.js';
import type { SimAuth } from './auth.js';
import { tryJson, type SimRequest } from './http.js';
import type { Tenant } from './tenant.js';

export const SUMMARY_PATH = '/api/v2/analytics/summary/query';

export interface SimQuery {
  metrics: string[];
  dimensions: string[];
  dateRange: { start: string; end: string };
  filters: SimFilter[];
}

type Row = Record<string, string | number | null>;

/** Queries whose rows are kept for their cursors; past it the memo starts over. */
const KEPT_QUERIES = 200;

export class SummaryQueryApi {
  private readonly results = new Map<string, Row[]>();

  constructor(
    private readonly tenant: Tenant,
    private readonly auth: SimAuth,
  ) {}

  /** One POST; `body` is the parsed JSON. */
  call(r: SimRequest, body: unknown): void {
    const { answer } = r;
    if (!this.auth.admits(r, 'analytics:read')) return;
    if (!r.window.admit(r.faults.rateLimitRps)) {
      return answer(429, { error: 'rateLimited' }, { 'retry-after': String(r.faults.retryAfterSeconds) });
    }
    if (r.random() < r.faults.errorRatio) return answer(503, { error: 'serviceUnavailable' });

    const parsed = validate(body);
    if (typeof parsed === 'string') return answer(400, { error: 'invalidQuery', message: parsed });
    const { query, pageSize, cursor } = parsed;
    const queryId = createHash('sha256').update(JSON.stringify(query)).digest('hex').slice(0, 16);
    let offset = 0;
    if (cursor !== undefined) {
      const decoded = decodeCursor(cursor);
      if (!decoded || decoded.q !== queryId) return answer(400, { error: 'invalidQuery', message: 'paging.next does not belong to this query' });
      offset = decoded.o;
    }
    const rows = this.rowsFor(queryId, query);
    const page = rows.slice(offset, offset + pageSize);
    let next: string | null = offset + pageSize < rows.length ? encodeCursor(queryId, offset + pageSize) : null;
    if (r.faults.cursorLoop && cursor !== undefined) next = cursor;
    answer(200, {
      data: page,
      paging: next === null ? {} : { next },
      metadata: { totalRows: rows.length, generatedAt: new Date().toISOString() },
    });
  }

  /** All rows of a query, in the simulator's own (hash) order. */
  private rowsFor(queryId: string, q: SimQuery): Row[] {
    let rows = this.results.get(queryId);
    if (rows) return rows;
    const contacts = this.tenant.contacts(Date.parse(q.dateRange.start), Date.parse(q.dateRange.end));
    rows = group(contacts, q.dimensions, q.filters)
      .map((g) => {
        const id = createHash('md5').update(JSON.stringify(g.key)).digest();
        const row: Row = { ...g.key };
        q.metrics.forEach((m, i) => {
          const v = metricValue(g.parts, m);
          const rounded = v === null ? null : Math.round(v * 1000) / 1000;
          // The contract's awkward cases: some values arrive as numeric strings.
          row[m] = rounded !== null && (id[i % id.length]! & 7) === 0 ? String(rounded) : rounded;
        });
        return { row, order: id.readUInt32BE(0) };
      })
      .sort((a, b) => a.order - b.order)
      .map((x) => x.row);
    if (this.results.size > KEPT_QUERIES) this.results.clear();
    this.results.set(queryId, rows);
    return rows;
  }
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The upstream's own request rules; a string is the 400 message. */
function validate(body: unknown): { query: SimQuery; pageSize: number; cursor: string | undefined } | string {
  if (typeof body !== 'object' || body === null) return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  const metrics = b.metrics;
  if (!Array.isArray(metrics) || metrics.length < 1 || metrics.length > 10) return 'metrics must hold 1 to 10 names';
  for (const m of metrics) if (!(SIM_METRICS as readonly unknown[]).includes(m)) return `unknown metric '${String(m)}'`;
  const dimensions = b.dimensions ?? [];
  if (!Array.isArray(dimensions) || dimensions.length > 5) return 'dimensions must hold 0 to 5 names';
  for (const d of dimensions) if (!(SIM_DIMENSIONS as readonly unknown[]).includes(d)) return `unknown dimension '${String(d)}'`;
  const range = b.dateRange as { start?: unknown; end?: unknown } | undefined;
  if (typeof range?.start !== 'string' || typeof range.end !== 'string' || !ISO_WITH_OFFSET.test(range.start) || !ISO_WITH_OFFSET.test(range.end)) {
    return 'dateRange.start and dateRange.end must be ISO 8601 date-times with an offset';
  }
  if (Date.parse(range.end) <= Date.parse(range.start)) return 'dateRange.end must be after dateRange.start';
  const filters = b.filters ?? [];
  if (!Array.isArray(filters)) return 'filters must be a list';
  for (const f of filters as Record<string, unknown>[]) {
    if (!(SIM_DIMENSIONS as readonly unknown[]).includes(f?.dimension)) return `unknown filter dimension '${String(f?.dimension)}'`;
    if (f.operator !== 'in' && f.operator !== 'not_in') return `unknown filter operator '${String(f.operator)}'`;
    if (!Array.isArray(f.values) || !f.values.every((v) => typeof v === 'string')) return 'filter values must be strings';
  }
  const paging = (b.paging ?? {}) as { pageSize?: unknown; next?: unknown };
  const pageSize = paging.pageSize ?? 100;
  if (typeof pageSize !== 'number' || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return 'paging.pageSize must be 1..1000';
  if (paging.next !== undefined && typeof paging.next !== 'string') return 'paging.next must be a string';
  return {
    query: {
      metrics: metrics as string[],
      dimensions: dimensions as string[],
      dateRange: { start: range.start, end: range.end },
      filters: filters as SimFilter[],
    },
    pageSize,
    cursor: paging.next as string | undefined,
  };
}

function encodeCursor(q: string, o: number): string {
  return Buffer.from(JSON.stringify({ q, o })).toString('base64url');
}

function decodeCursor(cursor: string): { q: string; o: number } | null {
  const parsed = tryJson(Buffer.from(cursor, 'base64url').toString()) as { q?: unknown; o?: unknown } | undefined;
  return typeof parsed?.q === 'string' && typeof parsed.o === 'number' ? { q: parsed.q, o: parsed.o } : null;
}
