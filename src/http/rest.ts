/**
 * The seed's REST contract: POST /api/v1/analytics/query, snake_case rows
 * with the four KPI columns, JSON or (Accept: text/csv) CSV.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { runAnalytics } from '../analytics.js';
import { rowsInOrder } from '../cache/results.js';
import { camelCase } from '../catalog.js';
import { memoryShares } from '../config.js';
import { GatewayError } from '../errors.js';
import { KPIS } from '../kpi.js';
import type { Services } from '../services.js';
import { bucketOf } from './admission.js';
import { csvExport, jsonExport, KeptChunks } from './export.js';

const body = z.object({
  metrics: z.array(z.string()),
  dimensions: z.array(z.string()).default([]),
  start_date: z.string(),
  end_date: z.string(),
  filters: z
    .array(z.object({ dimension: z.string(), operator: z.string(), values: z.array(z.string()) }))
    .nullish(),
  cache_ttl: z.number().nullish(),
  page_size: z.number().nullish(),
});

/** REST columns: dimensions, metrics, then the four KPIs (null where their inputs are absent). */
export function restColumns(dimensions: readonly string[], metrics: readonly string[]): string[] {
  return [...dimensions, ...metrics, ...KPIS.map((k) => k.name)];
}

export function restHandler(services: Services) {
  const chunks = new KeptChunks(memoryShares(services.config.cache.memoryMaxBytes).exportChunks, () => services.metrics.evictions.inc({ cache: 'export_chunks' }));
  services.metrics.reportMemory('export_chunks', () => chunks.bytes);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const at = issue.path.join('.') || 'body';
      return reply.code(400).send({ detail: `${at}: ${issue.message}` });
    }
    const b = parsed.data;
    try {
      const { query, served } = await runAnalytics(
        services,
        {
          metrics: b.metrics,
          dimensions: b.dimensions,
          start: b.start_date,
          end: b.end_date,
          filters: b.filters,
          cacheTtlSeconds: b.cache_ttl,
          pageSize: b.page_size,
        },
        req.client,
        'rest',
        (q) => services.results.get(q, services.budget.gate(bucketOf(req.client, req.ip))),
      );
      const columns = restColumns(query.dimensions, query.metrics).map((c) => [c, camelCase(c)] as const);
      const rows = rowsInOrder(served.result, query.dimensions);
      if (wantsCsv(req.headers.accept)) return reply.type('text/csv; charset=utf-8').send(csvExport(rows, columns));
      return reply.type('application/json; charset=utf-8').send(jsonExport(rows, columns, served.warnings, chunks));
    } catch (err) {
      if (err instanceof GatewayError) {
        const retryAfter = err.extensions.retryAfterSeconds;
        if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
        return reply.code(err.httpStatus).send({ detail: err.message, code: err.code });
      }
      req.log.error({ err, reqId: req.id }, 'REST analytics query failed');
      return reply.code(500).send({ detail: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' });
    }
  };
}

function wantsCsv(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept);
}
