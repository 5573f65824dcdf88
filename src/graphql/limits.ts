/**
 * Limits checked once the operation is known and before anything runs:
 * depth, aliases, `rows(limit, offset)` arguments and a cost estimate from
 * the catalog (rows a field can return × fields selected per row). A query
 * over a limit is refused with BAD_USER_INPUT and nothing goes upstream.
 */
import { GraphQLError, Kind, valueFromASTUntyped, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../errors.js';
import type { GraphQLContext } from './context.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  rowsMaxPage: number;
}

/** Rough group counts per dimension, for the cost estimate only; `date` counts days. */
const CARDINALITY: Record<string, number> = { channel: 5, skill: 200, queue: 100, agent: 2000, campaign: 50 };
const CUSTOM_DIMENSION_CARDINALITY = 100;
const DAY_MS = 86_400_000;

type Fragments = Record<string, FragmentDefinitionNode>;
type Vars = Record<string, unknown>;

function refuse(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
}

/** Fields of a selection set through fragments, with a guard against fragment cycles. */
function fields(set: SelectionSetNode | undefined, fragments: Fragments, seen = new Set<string>()): FieldNode[] {
  if (!set) return [];
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) out.push(...fields(sel.selectionSet, fragments, seen));
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      out.push(...fields(fragments[sel.name.value]?.selectionSet, fragments, new Set(seen)));
    }
  }
  return out;
}

export function depthOf(set: SelectionSetNode | undefined, fragments: Fragments): number {
  const fs = fields(set, fragments);
  return fs.length === 0 ? 0 : 1 + Math.max(...fs.map((f) => depthOf(f.selectionSet, fragments)));
}

export function aliasesOf(set: SelectionSetNode | undefined, fragments: Fragments): number {
  return fields(set, fragments).reduce((n, f) => n + (f.alias ? 1 : 0) + aliasesOf(f.selectionSet, fragments), 0);
}

function argument(field: FieldNode, name: string, vars: Vars): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, vars) : undefined;
}

function rowsEstimate(query: unknown): number {
  const q = (query ?? {}) as { dimensions?: unknown; customDimensions?: unknown; dateRange?: { start?: unknown; end?: unknown } };
  const dims = [...(Array.isArray(q.dimensions) ? q.dimensions : []), ...(Array.isArray(q.customDimensions) ? q.customDimensions : [])];
  let rows = 1;
  for (const d of dims) {
    const name = String(d).toLowerCase();
    if (name === 'date') {
      const span = Date.parse(String(q.dateRange?.end)) - Date.parse(String(q.dateRange?.start));
      rows *= Number.isFinite(span) && span > 0 ? Math.ceil(span / DAY_MS) : 31;
    } else rows *= CARDINALITY[name] ?? CUSTOM_DIMENSION_CARDINALITY;
  }
  return rows;
}

/** Checks `rows` arguments and returns the estimated cost of one `analytics` field. */
function analyticsCost(field: FieldNode, fragments: Fragments, vars: Vars, limits: QueryLimits): number {
  const estimate = rowsEstimate(argument(field, 'query', vars));
  let cost = 1;
  for (const rows of fields(field.selectionSet, fragments).filter((f) => f.name.value === 'rows')) {
    const limit = argument(rows, 'limit', vars);
    const offset = argument(rows, 'offset', vars);
    if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > limits.rowsMaxPage)) {
      throw refuse(`rows(limit): ${JSON.stringify(limit)} is not allowed; allowed: a whole number from 0 to ${limits.rowsMaxPage} (ROWS_MAX_PAGE)`);
    }
    if (offset !== undefined && offset !== null && (!Number.isInteger(offset) || (offset as number) < 0)) {
      throw refuse(`rows(offset): ${JSON.stringify(offset)} is not allowed; allowed: a whole number ≥ 0`);
    }
    // Without a limit, a field answers at most ROWS_MAX_PAGE rows (more is refused when it runs).
    const rowCount = typeof limit === 'number' ? limit : Math.min(estimate, limits.rowsMaxPage);
    cost += rowCount * Math.max(1, fields(rows.selectionSet, fragments).length);
  }
  return cost;
}

export function checkLimits(op: OperationDefinitionNode, fragments: Fragments, vars: Vars, limits: QueryLimits): void {
  const depth = depthOf(op.selectionSet, fragments);
  if (depth > limits.maxDepth) throw refuse(`query depth ${depth} is over the limit; allowed: at most ${limits.maxDepth} (MAX_QUERY_DEPTH)`);
  const aliases = aliasesOf(op.selectionSet, fragments);
  if (aliases > limits.maxAliases) throw refuse(`${aliases} aliases is over the limit; allowed: at most ${limits.maxAliases} (MAX_ALIASES)`);
  let cost = 0;
  for (const f of fields(op.selectionSet, fragments)) if (f.name.value === 'analytics') cost += analyticsCost(f, fragments, vars, limits);
  if (cost > limits.maxCost) {
    throw refuse(
      `estimated cost ${cost} (rows a field can return × fields per row) is over the limit; allowed: at most ${limits.maxCost} (MAX_QUERY_COST); page with rows(limit, offset), select fewer fields or fewer dimensions`,
    );
  }
}

export function limitsPlugin(limits: QueryLimits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (!operation) return;
          const fragments: Fragments = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          checkLimits(operation, fragments, request.variables ?? {}, limits);
        },
      };
    },
  };
}
