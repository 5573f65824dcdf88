/**
 * Exports of the REST endpoint, JSON or CSV, streamed in chunks of rows with
 * a turn of the event loop between chunks: a 100,000-row export does not
 * hold up the small queries of every other dashboard while it is written.
 */
import { Readable } from 'node:stream';
import type { Row } from '../transform.js';
import { csvLine } from './csv.js';

/** Rows per chunk: ~1 ms of work, small enough to keep other requests' latency low. */
const CHUNK_ROWS = 1000;

/** [output name, row field] pairs. */
export type Columns = readonly (readonly [string, string])[];

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function* chunks(rows: readonly Row[], render: (part: readonly Row[], first: boolean) => string): AsyncGenerator<string> {
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    yield render(rows.slice(i, i + CHUNK_ROWS), i === 0);
    if (i + CHUNK_ROWS < rows.length) await yieldToLoop();
  }
}

/** `{"status":"success","row_count":N,"columns":[…],"data":[…]}` (and `warnings` when there are any). */
export function jsonExport(rows: readonly Row[], columns: Columns, warnings: readonly string[]): Readable {
  const head = JSON.stringify({
    status: 'success',
    row_count: rows.length,
    columns: columns.map(([name]) => name),
    ...(warnings.length > 0 ? { warnings } : {}),
  });
  async function* body() {
    yield `${head.slice(0, -1)},"data":[`;
    yield* chunks(rows, (part, first) => {
      const objects = part.map((row) => {
        const out: Record<string, unknown> = {};
        for (const [name, field] of columns) out[name] = row[field] ?? null;
        return out;
      });
      const text = JSON.stringify(objects).slice(1, -1);
      return first || text === '' ? text : `,${text}`;
    });
    yield ']}';
  }
  return Readable.from(body());
}

/** RFC 4180 CSV: a header line, then a line per row. */
export function csvExport(rows: readonly Row[], columns: Columns): Readable {
  async function* body() {
    yield csvLine(columns.map(([name]) => name));
    yield* chunks(rows, (part) => {
      let text = '';
      for (const row of part) text += csvLine(columns.map(([, field]) => row[field]));
      return text;
    });
  }
  return Readable.from(body());
}
