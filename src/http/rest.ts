/**
 * The seed's REST contract: POST /api/v1/analytics/query, snake_case rows
 * with the four KPI columns, JSON or (Accept: text/csv) CSV.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { runAnalytics, type Answered } from '../analytics/run.js';
import { deriveQuery, rowOrder } from '../query.js';
import { panelRows, pairRows, type PanelArgs } from '../analytics/panel-rows.js';
import { CONDITION_OPS, conditionProblem, ROW_FIELDS, rowField, type RowCondition, type RowSort } from '../panels.js';
import { weightsFor } from '../totals.js';
import type { Row } from '../transform.js';
import { rowsInOrder } from '../cache/store.js';
import { camelCase } from '../catalog.js';
import type { Catalog } from '../catalog.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { KPIS } from '../kpi.js';
import type { Services } from '../analytics/services.js';
import { bucketOf } from './admission.js';
import { csvExport, jsonExport, KeptChunks, type ExportColumn } from './export.js';

const body = z.object({
  metrics: z.array(z.string()),
  dimensions: z.array(z.string()).default([]),
  // RFC 3339 with an offset, or epoch milliseconds (a number or digits).
  start_date: z.union([z.string(), z.number()]).nullish(),
  end_date: z.union([z.string(), z.number()]).nullish(),
  // The GraphQL input's time fields, snake_case; names of enums in any case.
  last: z.object({ amount: z.number(), unit: z.string(), include_current: z.boolean().nullish() }).nullish(),
  snap: z.boolean().nullish(),
  time_zone: z.string().nullish(),
  granularity: z.string().nullish(),
  week_start: z.string().nullish(),
  fill: z.string().nullish(),
  // Panels: the GraphQL rows arguments, snake_case.
  where: z.array(z.object({ field: z.string(), op: z.string(), value: z.number().nullish() })).nullish(),
  order_by: z
    .array(
      z.object({ field: z.string(), direction: z.enum(['asc', 'desc', 'ASC', 'DESC']).nullish(), nulls: z.enum(['first', 'last', 'FIRST', 'LAST']).nullish() }),
    )
    .nullish(),
  top: z.number().nullish(),
  others: z.boolean().nullish(),
  others_label: z.string().nullish(),
  compare_to: z.string().nullish(),
  compare_range: z.object({ start: z.union([z.string(), z.number()]), end: z.union([z.string(), z.number()]) }).nullish(),
  filters: z.array(z.object({ dimension: z.string(), operator: z.string(), values: z.array(z.string()) })).nullish(),
  cache_ttl: z.number().nullish(),
  page_size: z.number().nullish(),
});

/**
 * REST columns, from the request alone (never from what the cache happens to
 * hold): dimensions in the order asked, metrics in the order asked, then the
 * four KPIs, each empty unless every input it needs was asked for. A cached
 * superset's rows carry more, and would otherwise fill a column on one day
 * and not the next.
 */
function restColumns(catalog: Catalog, timed: boolean, dimensions: readonly string[], metrics: readonly string[]): ExportColumn[] {
  const asked = [...new Set(metrics.map((m) => m.trim().toLowerCase()))];
  const unit = (m: string) => catalog.metrics.find((d) => d.name === m)?.unit ?? null;
  const time: ExportColumn[] = timed
    ? [
        { name: 'time', field: 'time', type: 'datetime', unit: null },
        { name: 'time_end', field: 'timeEnd', type: 'datetime', unit: null },
      ]
    : [];
  return [
    ...time,
    ...dimensions.map((d): ExportColumn => ({ name: d, field: camelCase(d), type: d === 'date' ? 'date' : 'string', unit: null })),
    ...asked.map((m): ExportColumn => ({ name: m, field: camelCase(m), type: unit(m) === 'count' ? 'integer' : 'number', unit: unit(m) })),
    ...KPIS.map((k): ExportColumn => ({
      name: k.name,
      field: k.needs.every((n) => asked.includes(n)) ? camelCase(k.name) : null,
      type: 'number',
      unit: k.unit,
    })),
  ];
}

/** What a request named, in its order: the columns follow it. */
interface Asked {
  dimensions: readonly string[];
  metrics: readonly string[];
  /** Whether time and time_end lead the columns. */
  timed: boolean;
}

export function restHandler(services: Services) {
  const chunks = new KeptChunks(services.config.cache.memory.exportChunks, () => services.metrics.evictions.inc({ cache: 'export_chunks' }));
  services.metrics.reportMemory('export_chunks', () => chunks.bytes);

  /**
   * The rows of an answer, JSON or CSV; `asked`: the dimensions and metrics
   * in the order the request named them; `rows`: as the panel arguments left
   * them; `previous`: each row's row in the earlier period, when comparing.
   */
  const send = (
    req: FastifyRequest,
    reply: FastifyReply,
    { query, served }: Answered,
    asked: Asked,
    panel: Row[] | null = null,
    previous: Map<Row, Row | null> | null = null,
  ) => {
    let columns = restColumns(services.catalog, query.time !== null && asked.timed, asked.dimensions, asked.metrics);
    let rows = panel ?? rowsInOrder(served.result, rowOrder(query));
    if (previous) ({ columns, rows } = withComparison(columns, rows, previous));
    if (wantsCsv(req.headers.accept)) return reply.type('text/csv; charset=utf-8').send(csvExport(rows, columns));
    return reply.type('application/json; charset=utf-8').send(jsonExport(rows, columns, served.warnings, chunks));
  };
  const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    if (err instanceof GatewayError) {
      const retryAfter = err.extensions.retryAfterSeconds;
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      const cacheKey = err.extensions.cacheKey;
      return reply.code(err.httpStatus).send({ detail: err.message, code: err.code, ...(typeof cacheKey === 'string' ? { cache_key: cacheKey } : {}) });
    }
    req.log.error({ err, reqId: req.id }, 'REST analytics query failed');
    return reply.code(500).send({ detail: 'Internal server error', code: ErrorCode.INTERNAL_SERVER_ERROR });
  };

  return {
    /** POST /api/v1/analytics/query */
    query: async (req: FastifyRequest, reply: FastifyReply) => {
      const parsed = body.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const at = issue.path.join('.') || 'body';
        return reply.code(400).send({ detail: `${at}: ${issue.message}`, code: ErrorCode.BAD_USER_INPUT });
      }
      const b = parsed.data;
      if (!b.last && (b.start_date == null || b.end_date == null)) {
        const field = b.start_date == null ? 'start_date' : 'end_date';
        return reply.code(400).send({
          detail: `${field}: required; give start_date and end_date (RFC 3339 with an offset, or epoch milliseconds), or last: {"amount": 7, "unit": "day"}`,
          code: ErrorCode.BAD_USER_INPUT,
        });
      }
      const panel = panelArgs(b);
      if (typeof panel === 'string') return reply.code(400).send({ detail: panel, code: ErrorCode.BAD_USER_INPUT });
      try {
        const answered = await runAnalytics(
          services,
          {
            metrics: b.metrics,
            dimensions: b.dimensions,
            start: b.start_date,
            end: b.end_date,
            last: b.last && { amount: b.last.amount, unit: b.last.unit.toLowerCase(), includeCurrent: b.last.include_current },
            snap: b.snap,
            timeZone: b.time_zone,
            granularity: b.granularity?.toLowerCase(),
            weekStart: b.week_start?.toLowerCase(),
            fill: b.fill?.toLowerCase(),
            compareTo: b.compare_to?.toLowerCase(),
            compareRange: b.compare_range,
            // An "Other" row is re-aggregated: fetch the counts its averages are per.
            weights: b.others ? weightsFor(b.metrics.map((m) => m.trim().toLowerCase())) : undefined,
            filters: b.filters,
            cacheTtlSeconds: b.cache_ttl,
            pageSize: b.page_size,
          },
          req.client,
          'rest',
          (q) => services.results.get(q, services.budget.gate(bucketOf(req.client, req.ip))),
        );
        // The seed's `date` queries keep the seed's columns; time and time_end come with a granularity.
        const rows = panelRows(answered.query, answered.served.result, panel.args);
        const compare = answered.query.compare;
        let previous: Map<Row, Row | null> | null = null;
        if (compare) {
          const earlier = deriveQuery(answered.query, { dateRange: { start: compare.start, end: compare.end } });
          const then = await services.results.get(earlier, services.budget.gate(bucketOf(req.client, req.ip)));
          previous = pairRows(answered.query, rows, { query: earlier, result: then.result });
        }
        return send(req, reply, answered, { ...b, timed: Boolean(b.granularity) }, rows, previous);
      } catch (err) {
        return fail(req, reply, err);
      }
    },

    /**
     * GET /api/v1/analytics/result/{cacheKey}: an answer that outlived
     * REQUEST_TIMEOUT_MS. 202 while its fetch runs, its rows once it lands
     * (metrics in catalog order: the original request is not known here),
     * its error if it failed; 404 for a key no timed-out request left.
     */
    result: async (req: FastifyRequest<{ Params: { cacheKey: string } }>, reply: FastifyReply) => {
      const { cacheKey } = req.params;
      const p = services.pending.get(cacheKey);
      if (!p) {
        return reply.code(404).send({
          detail: `no answer is pending under ${JSON.stringify(cacheKey)}: only a query that answered REQUEST_TIMEOUT leaves one, for 10 minutes after it lands; ask the query again (a finished fetch is cached)`,
          code: ErrorCode.BAD_USER_INPUT,
        });
      }
      if (p.state === 'running') {
        return reply.code(202).header('retry-after', '1').send({ status: 'running', cache_key: cacheKey });
      }
      if (p.state === 'failed') return fail(req, reply, p.error);
      const q = p.answered.query;
      return send(req, reply, p.answered, { dimensions: q.time ? [...q.dimensions, 'date'] : q.dimensions, metrics: q.metrics, timed: true });
    },
  };
}

/** The panel arguments of a REST body, checked; a string says what is wrong. */
function panelArgs(b: z.infer<typeof body>): { args: PanelArgs } | string {
  const field = (name: string, at: string) =>
    ROW_FIELDS.includes(name) ? null : `${at}: ${JSON.stringify(name)} is not a row field; allowed: ${ROW_FIELDS.join(', ')}`;
  const problems: string[] = [];
  const where: RowCondition[] = (b.where ?? []).map((c, i) => {
    const op = c.op.toLowerCase();
    const bad =
      field(c.field, `where[${i}].field`) ??
      (CONDITION_OPS.includes(op as never) ? null : `where[${i}].op: ${JSON.stringify(c.op)} is not an operator; allowed: ${CONDITION_OPS.join(', ')}`);
    const condition = { field: rowField(c.field), op: op as RowCondition['op'], value: c.value ?? null };
    const problem = bad ?? conditionProblem(condition, `where[${i}]`);
    if (problem) problems.push(problem);
    return condition;
  });
  const orderBy: RowSort[] = (b.order_by ?? []).map((o, i) => {
    const bad = field(o.field, `order_by[${i}].field`);
    if (bad) problems.push(bad);
    return { field: rowField(o.field), descending: o.direction?.toLowerCase() === 'desc', nullsFirst: o.nulls?.toLowerCase() === 'first' };
  });
  if (b.top !== undefined && b.top !== null && (!Number.isInteger(b.top) || b.top < 1))
    problems.push(`top: ${b.top} is not allowed; allowed: a whole number ≥ 1`);
  if (problems.length > 0) return problems.join('; ');
  return { args: { where, orderBy, top: b.top, others: b.others, othersLabel: b.others_label } };
}

/** previous_<column> and change_<column> after each metric and KPI column, and the rows that fill them. */
function withComparison(columns: ExportColumn[], rows: Row[], previous: Map<Row, Row | null>): { columns: ExportColumn[]; rows: Row[] } {
  const measured = columns.filter((c) => c.field !== null && (c.type === 'number' || c.type === 'integer'));
  const out: ExportColumn[] = [];
  for (const c of columns) {
    out.push(c);
    if (!measured.includes(c)) continue;
    out.push(
      { ...c, name: `previous_${c.name}`, field: `previous:${c.field}` },
      { ...c, name: `change_${c.name}`, field: `change:${c.field}`, type: 'number' },
    );
  }
  const paired = rows.map((r) => {
    const then = previous.get(r) ?? null;
    const row: Row = { ...r };
    for (const c of measured) {
      const before = then?.[c.field!];
      const now = r[c.field!];
      row[`previous:${c.field}`] = typeof before === 'number' ? before : null;
      row[`change:${c.field}`] = typeof before === 'number' && typeof now === 'number' ? now - before : null;
    }
    return row;
  });
  return { columns: out, rows: paired };
}

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}
