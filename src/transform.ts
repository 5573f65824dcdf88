/**
 * Upstream rows → gateway rows: dimensions as strings, metrics coerced, KPIs
 * computed once per result (not per request), and ordering by dimensions.
 * Row keys are the GraphQL field names, so default resolvers read them.
 */
import { camelCase } from './catalog.js';
import { channelName } from './channels.js';
import { ErrorCode, GatewayError } from './errors.js';
import { kpisCoveredBy, toNumber, type Value } from './kpi.js';

export type Row = Record<string, string | number | null>;
/** A row as an upstream source hands it over: names as in the catalog, values as sent. */
export type RawRow = Record<string, unknown>;

/** Rows, and what could not be read in them (each value answered as null). */
export interface Readout {
  rows: Row[];
  warnings: string[];
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Midnight UTC, or midnight with no offset: the same day whichever way it is read. */
const MIDNIGHT_UTC = /^(\d{4}-\d{2}-\d{2})T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?$/i;

/**
 * An upstream `date` as YYYY-MM-DD. A day, or a timestamp at midnight UTC,
 * is read; anything else (another time, another offset, not a calendar day)
 * is ambiguous or wrong, and fails the whole answer rather than dropping or
 * misplacing its rows.
 */
export function upstreamDay(raw: unknown): string {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const day = DAY.test(text) ? text : MIDNIGHT_UTC.exec(text)?.[1];
  const m = day === undefined ? null : DAY.exec(day);
  if (m && day !== undefined) {
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(t).toISOString().slice(0, 10) === day) return day;
  }
  throw new GatewayError(
    ErrorCode.UPSTREAM_BAD_RESPONSE,
    `CXone answered date ${JSON.stringify(raw)}, which is not a calendar day (YYYY-MM-DD, or midnight UTC); the result was not kept`,
  );
}

/** Upstream values that could not be read, per field: how many, and the first one as an example. */
export class Unreadable {
  private readonly byField = new Map<string, { count: number; example: unknown }>();

  note(field: string, value: unknown): void {
    const u = this.byField.get(field);
    if (u) u.count++;
    else this.byField.set(field, { count: 1, example: value });
  }

  /** One warning per field: `N <field> value(s) from <where> could not be read (for example …); <outcome>`. */
  warnings(where: string, outcome: (field: string) => string): string[] {
    return [...this.byField].map(
      ([field, u]) =>
        `${u.count} ${field} value${u.count === 1 ? '' : 's'} from ${where} could not be read (for example ${JSON.stringify(u.example ?? null)}); ${outcome(field)}`,
    );
  }
}

/**
 * Upstream rows read into gateway rows as they arrive, a page at a time, so
 * a source never needs every raw page in memory at once.
 */
export class RowReader {
  private readonly rows: Row[] = [];
  private readonly unreadable = new Unreadable();
  private readonly dims: (readonly [string, string])[];
  private readonly mets: (readonly [string, string])[];
  private readonly kpiFields;
  /** By agent, the agent's id travels with its name (`agent_id` in the raw row). */
  private readonly agentIds: boolean;

  constructor(dimensions: readonly string[], metrics: readonly string[]) {
    this.dims = dimensions.map((d) => [d, camelCase(d)] as const);
    this.agentIds = dimensions.includes('agent');
    this.mets = metrics.map((m) => [m, camelCase(m)] as const);
    this.kpiFields = kpisCoveredBy(metrics).map((k) => [k, camelCase(k.name)] as const);
  }

  add(raw: readonly RawRow[]): void {
    for (const r of raw) {
      const row: Row = {};
      const values: Record<string, Value> = {};
      for (const [d, field] of this.dims) {
        const v = r[d];
        row[field] = v === null || v === undefined ? null : d === 'date' ? upstreamDay(v) : d === 'channel' ? channelName(v) : String(v);
      }
      // Only a source that reports agent ids sends agent_id (on every row); rows of the others stay as they were.
      if (this.agentIds && 'agent_id' in r) row.agentId = r.agent_id === null || r.agent_id === undefined ? null : String(r.agent_id);
      for (const [m, field] of this.mets) {
        const sent = r[m];
        const v = toNumber(sent);
        if (v === null && sent !== null && sent !== undefined) this.unreadable.note(m, sent);
        values[m] = v;
        row[field] = v;
      }
      for (const [k, field] of this.kpiFields) row[field] = k.compute(values);
      this.rows.push(row);
    }
  }

  readout(): Readout {
    return { rows: this.rows, warnings: this.unreadable.warnings('CXone', () => 'answered as null') };
  }
}

export function toRows(raw: readonly RawRow[], dimensions: readonly string[], metrics: readonly string[]): Readout {
  const reader = new RowReader(dimensions, metrics);
  reader.add(raw);
  return reader.readout();
}

/** The GraphQL field names that hold data for these dimensions and metrics (with a time axis: its fields first). */
export function columnsFor(dimensions: readonly string[], metrics: readonly string[], timed = false): string[] {
  return [...(timed ? ['time', 'time_end', 'date'] : []), ...dimensions, ...metrics, ...kpisCoveredBy(metrics).map((k) => k.name)].map(camelCase);
}

/**
 * A copy of `rows` ordered by `dimensions`, ascending, nulls last. Plain
 * code-unit comparison: dates (YYYY-MM-DD) sort as dates, and the order does
 * not depend on the server's locale. `time` (RFC 3339 with offsets, which
 * do not sort as text across a clock change) sorts by instant.
 */
export function orderRows(rows: readonly Row[], dimensions: readonly string[]): Row[] {
  const fields = dimensions.map(camelCase);
  const instants = new Map<string, number>();
  const instant = (text: string) => {
    let t = instants.get(text);
    if (t === undefined) instants.set(text, (t = Date.parse(text)));
    return t;
  };
  return [...rows].sort((a, b) => {
    for (const f of fields) {
      let x = a[f] as string | number | null;
      let y = b[f] as string | number | null;
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      if (f === 'time') {
        x = instant(x as string);
        y = instant(y as string);
        if (x === y) continue;
      }
      return x < y ? -1 : 1;
    }
    return 0;
  });
}
