/**
 * The seed's REST contract: POST /api/v1/analytics/query, snake_case rows
 * with the four KPI columns, JSON or (Accept: text/csv) CSV.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { runAnalytics, type Answered } from '../analytics/run.js';
import { rowOrder } from '../query.js';
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

  /** The rows of an answer, JSON or CSV; `asked`: the dimensions and metrics in the order the request named them. */
  const send = (req: FastifyRequest, reply: FastifyReply, { query, served }: Answered, asked: Asked) => {
    const columns = restColumns(services.catalog, query.time !== null && asked.timed, asked.dimensions, asked.metrics);
    const rows = rowsInOrder(served.result, rowOrder(query));
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
            filters: b.filters,
            cacheTtlSeconds: b.cache_ttl,
            pageSize: b.page_size,
          },
          req.client,
          'rest',
          (q) => services.results.get(q, services.budget.gate(bucketOf(req.client, req.ip))),
        );
        // The seed's `date` queries keep the seed's columns; time and time_end come with a granularity.
        return send(req, reply, answered, { ...b, timed: Boolean(b.granularity) });
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

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}
