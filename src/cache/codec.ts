/**
 * The stored form of a result in a shared store: columnar JSON. Row objects
 * repeat every field name per row; columns name them once, so the text is
 * smaller and JSON.parse makes far fewer objects (bench/cache-codec measures
 * both forms).
 */
import type { Row } from '../transform.js';
import type { StoredResult } from './store.js';

export interface Columnar {
  v: 1;
  m: string[];
  d: string[];
  f: string;
  p: number;
  u: number;
  c: string[];
  r: (string | number | null)[][];
  /** Warnings, when there are any. */
  w?: string[];
  /** 1 when final. */
  z?: 1;
}

export function encodeResult(result: StoredResult): Columnar {
  const first = result.rows[0];
  const columns = first ? Object.keys(first) : [];
  const rows = result.rows.map((row) => columns.map((c) => row[c] ?? null));
  return {
    v: 1,
    m: result.metrics,
    d: result.dimensions,
    f: result.fetchedAt,
    p: result.upstreamPages,
    u: result.freshUntil,
    c: columns,
    r: rows,
    ...(result.warnings.length > 0 ? { w: result.warnings } : {}),
    ...(result.final ? { z: 1 as const } : {}),
  };
}

/** undefined for a value that is not a result of this version (an older deployment's, say). */
export function decodeResult(parsed: Columnar): StoredResult | undefined {
  if (parsed?.v !== 1 || !Array.isArray(parsed.r) || !Array.isArray(parsed.c)) return undefined;
  const columns = parsed.c;
  const n = columns.length;
  const rows: Row[] = new Array(parsed.r.length);
  for (let i = 0; i < parsed.r.length; i++) {
    const values = parsed.r[i]!;
    const row: Row = {};
    for (let j = 0; j < n; j++) row[columns[j]!] = values[j] ?? null;
    rows[i] = row;
  }
  return {
    rows,
    metrics: parsed.m,
    dimensions: parsed.d,
    fetchedAt: parsed.f,
    upstreamPages: parsed.p,
    freshUntil: parsed.u,
    warnings: Array.isArray(parsed.w) ? parsed.w : [],
    final: parsed.z === 1,
  };
}
