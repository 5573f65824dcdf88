/**
 * Limits checked once the operation is known and before anything runs:
 * depth, aliases, `rows(limit, offset)` arguments and a cost estimate from
 * the catalog (rows a field can return × fields selected per row). A query
 * over a limit is refused with BAD_USER_INPUT and nothing goes upstream.
 */
import { Kind, valueFromASTUntyped, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { estimatedRows } from '../catalog.js';
import { NOMINAL_MS, type Granularity, type RangeUnit } from '../buckets.js';
import { conditionProblem, rowField, type ConditionOp } from '../panels.js';
import { epochMs } from '../query.js';
import { DAY_MS } from '../clock.js';
import { badInput, type GatewayError } from '../errors.js';
import type { GraphQLContext } from './context.js';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  rowsMaxPage: number;
}

type Fragments = Record<string, FragmentDefinitionNode>;
type Vars = Record<string, unknown>;

function refuse(message: string): GatewayError {
  return badInput(message, { refusesRequest: true });
}

/**
 * What the limits need to know of a selection set, with every fragment
 * spread expanded: computed once per fragment and reused wherever it is
 * spread, so a fragment "diamond" (each level spreading the next twice)
 * costs time linear in the document, not in its expansion.
 *
 * The cost of `rows` depends on its `analytics` field's row estimate, so a
 * selection set keeps it as a linear form: `rowsFixed + estimate × rowsFree`.
 */
interface Summary {
  /** Deepest field path, introspection subtrees not counted. */
  depth: number;
  /** Aliases in the expansion, introspection subtrees not counted. */
  aliases: number;
  /** Fields directly in this set (through fragments): the fields of a row. */
  fields: number;
  /** Σ limit × fields per row over `rows(limit)` fields. */
  rowsFixed: number;
  /** Σ fields per row over `rows` fields without a limit. */
  rowsFree: number;
  /** Σ estimated cost of the `analytics` fields in this set. */
  cost: number;
}

const EMPTY: Summary = { depth: 0, aliases: 0, fields: 0, rowsFixed: 0, rowsFree: 0, cost: 0 };
/** Schema reads, not data: API explorers' introspection query is 15 levels deep. */
const INTROSPECTION = new Set(['__schema', '__type']);

function merge(a: Summary, b: Summary): Summary {
  return {
    depth: Math.max(a.depth, b.depth),
    aliases: a.aliases + b.aliases,
    fields: a.fields + b.fields,
    rowsFixed: a.rowsFixed + b.rowsFixed,
    rowsFree: a.rowsFree + b.rowsFree,
    cost: a.cost + b.cost,
  };
}

/** Names of the fragments a fragment spreads, anywhere inside it. */
function spreadsIn(set: SelectionSetNode): string[] {
  const names: string[] = [];
  const stack = [set];
  while (stack.length > 0) {
    for (const sel of stack.pop()!.selections) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) names.push(sel.name.value);
      else if (sel.selectionSet) stack.push(sel.selectionSet);
    }
  }
  return names;
}

/** Fragment names, each after every fragment it spreads (iterative depth-first; a cycle is cut). */
function dependencyOrder(fragments: Fragments): string[] {
  const order: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  for (const root of Object.keys(fragments)) {
    if (state.has(root)) continue;
    const stack: { name: string; deps: string[] }[] = [{ name: root, deps: spreadsIn(fragments[root]!.selectionSet) }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const dep = top.deps.pop();
      if (dep === undefined) {
        stack.pop();
        state.set(top.name, 'done');
        order.push(top.name);
      } else if (!state.has(dep) && fragments[dep]) {
        state.set(dep, 'open');
        stack.push({ name: dep, deps: spreadsIn(fragments[dep].selectionSet) });
      }
    }
  }
  return order;
}

class LimitWalk {
  private readonly fragmentSummaries = new Map<string, Summary>();

  constructor(
    fragments: Fragments,
    private readonly vars: Vars,
    private readonly limits: QueryLimits,
  ) {
    // Every spread a fragment makes is summarized before it (a cycle, which
    // validation refuses anyway, or an unknown fragment counts as empty).
    for (const name of dependencyOrder(fragments)) this.fragmentSummaries.set(name, this.summarize(fragments[name]!.selectionSet));
  }

  summarize(set: SelectionSetNode | undefined): Summary {
    if (!set) return EMPTY;
    let out = EMPTY;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) out = merge(out, this.field(sel));
      else if (sel.kind === Kind.INLINE_FRAGMENT) out = merge(out, this.summarize(sel.selectionSet));
      else out = merge(out, this.fragmentSummaries.get(sel.name.value) ?? EMPTY);
    }
    return out;
  }

  private field(f: FieldNode): Summary {
    if (INTROSPECTION.has(f.name.value)) return { ...EMPTY, fields: 1 };
    this.whereArgument(f);
    const inner = this.summarize(f.selectionSet);
    const own: Summary = { ...EMPTY, depth: 1 + inner.depth, aliases: (f.alias ? 1 : 0) + inner.aliases, fields: 1 };
    if (f.name.value === 'rows') {
      const limit = this.rowsArguments(f);
      const perRow = Math.max(1, inner.fields);
      return limit === undefined ? { ...own, rowsFree: perRow } : { ...own, rowsFixed: limit * perRow };
    }
    if (f.name.value === 'analytics') {
      const estimate = Math.min(rowsEstimate(argument(f, 'query', this.vars)), this.limits.rowsMaxPage);
      // Without a limit, a field answers at most ROWS_MAX_PAGE rows (more is refused when it runs).
      return { ...own, cost: 1 + inner.rowsFixed + estimate * inner.rowsFree };
    }
    return { ...own, cost: inner.cost };
  }

  /** Checks `where` wherever it is given (rows, rowCount, totals, previousTotals): metrics and KPIs only, a value for a comparison. */
  private whereArgument(f: FieldNode): void {
    const where = argument(f, 'where', this.vars);
    if (!Array.isArray(where)) return;
    where.forEach((c: { field?: unknown; op?: unknown; value?: unknown }, i) => {
      const problem = conditionProblem(
        { field: rowField(String(c?.field)), op: String(c?.op).toLowerCase() as ConditionOp, value: typeof c?.value === 'number' ? c.value : null },
        `${f.name.value}(where[${i}])`,
      );
      if (problem) throw refuse(problem);
    });
  }

  /** Checks `rows(limit, offset, top)`; the most rows it answers, or undefined for "all rows". */
  private rowsArguments(rows: FieldNode): number | undefined {
    const limit = argument(rows, 'limit', this.vars);
    const offset = argument(rows, 'offset', this.vars);
    const top = argument(rows, 'top', this.vars);
    if (top !== undefined && top !== null && (!Number.isInteger(top) || (top as number) < 1 || (top as number) > this.limits.rowsMaxPage)) {
      throw refuse(`rows(top): ${JSON.stringify(top)} is not allowed; allowed: a whole number from 1 to ${this.limits.rowsMaxPage} (ROWS_MAX_PAGE)`);
    }
    if (limit !== undefined && limit !== null && (!Number.isInteger(limit) || (limit as number) < 0 || (limit as number) > this.limits.rowsMaxPage)) {
      throw refuse(`rows(limit): ${JSON.stringify(limit)} is not allowed; allowed: a whole number from 0 to ${this.limits.rowsMaxPage} (ROWS_MAX_PAGE)`);
    }
    if (offset !== undefined && offset !== null && (!Number.isInteger(offset) || (offset as number) < 0)) {
      throw refuse(`rows(offset): ${JSON.stringify(offset)} is not allowed; allowed: a whole number ≥ 0`);
    }
    // top bounds the rows too (one more for "Other"), per bucket with a time axis: left to the estimate then.
    return typeof limit === 'number' ? limit : undefined;
  }
}

function argument(field: FieldNode, name: string, vars: Vars): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromASTUntyped(arg.value, vars) : undefined;
}

/** An instant as a client sends it: RFC 3339 text or epoch milliseconds. */
function instant(v: unknown): number {
  return epochMs(v) ?? Date.parse(String(v));
}

function rowsEstimate(query: unknown): number {
  const q = (query ?? {}) as {
    dimensions?: unknown;
    customDimensions?: unknown;
    granularity?: unknown;
    dateRange?: { start?: unknown; end?: unknown; last?: { amount?: unknown; unit?: unknown } | null };
  };
  const dims = [...(Array.isArray(q.dimensions) ? q.dimensions : []), ...(Array.isArray(q.customDimensions) ? q.customDimensions : [])].map((d) =>
    String(d).toLowerCase(),
  );
  const last = q.dateRange?.last;
  const span = last
    ? Number(last.amount) * (NOMINAL_MS[String(last.unit).toLowerCase() as RangeUnit] ?? DAY_MS)
    : instant(q.dateRange?.end) - instant(q.dateRange?.start);
  const unit = typeof q.granularity === 'string' ? (q.granularity.toLowerCase() as Granularity) : dims.includes('date') ? 'day' : null;
  const known = Number.isFinite(span) && span > 0;
  const buckets = unit === null ? 1 : known ? Math.ceil(span / (NOMINAL_MS[unit] ?? DAY_MS)) : 31;
  return estimatedRows(dims, buckets);
}

/** A count for a message: an expansion can pass 2^53 or even overflow. */
function shown(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : 'more than 2^53';
}

/** Depth, aliases and cost of an operation, in time linear in the document. */
export function measure(op: OperationDefinitionNode, fragments: Fragments, vars: Vars, limits: QueryLimits): Summary {
  return new LimitWalk(fragments, vars, limits).summarize(op.selectionSet);
}

export function checkLimits(op: OperationDefinitionNode, fragments: Fragments, vars: Vars, limits: QueryLimits): void {
  const { depth, aliases, cost } = measure(op, fragments, vars, limits);
  if (depth > limits.maxDepth) throw refuse(`query depth ${shown(depth)} is over the limit; allowed: at most ${limits.maxDepth} (MAX_QUERY_DEPTH)`);
  if (aliases > limits.maxAliases) throw refuse(`${shown(aliases)} aliases is over the limit; allowed: at most ${limits.maxAliases} (MAX_ALIASES)`);
  if (cost > limits.maxCost) {
    throw refuse(
      `estimated cost ${shown(cost)} (rows a field can return × fields per row) is over the limit; allowed: at most ${limits.maxCost} (MAX_QUERY_COST); page with rows(limit, offset), select fewer fields or fewer dimensions`,
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
