/**
 * The selection → metrics walk: which upstream metrics the selected row
 * fields need, so `rows { channel talkRatio }` fetches exactly talk_time and
 * handle_time.
 */
import { Kind, valueFromASTUntyped, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { camelCase, type Catalog } from '../catalog.js';
import { weightsFor } from '../totals.js';
import { percentileMetric, thresholdMetric } from '../derived-metrics.js';
import { rowField } from '../panels.js';

/** Row field name → the metrics it needs. */
export function fieldNeeds(catalog: Catalog): Map<string, readonly string[]> {
  const needs = new Map<string, readonly string[]>();
  for (const m of catalog.metrics) if (!m.custom) needs.set(camelCase(m.name), [m.name]);
  for (const k of catalog.kpis) needs.set(camelCase(k.name), k.needs);
  return needs;
}

/**
 * Metrics needed by the fields selected under `rows` and `totals` of this
 * `analytics` field, and the counts totals weigh them by (fetched too, outside
 * the per-question metric limit).
 */
export function metricsForSelection(info: GraphQLResolveInfo, needs: ReadonlyMap<string, readonly string[]>): { metrics: string[]; weights: string[] } {
  const weights = new Set<string>();
  const out = new Set<string>();
  for (const node of info.fieldNodes) {
    const rowFields = fieldsNamed(node.selectionSet, 'rows', info);
    // Totals, and an "Other" row, are re-aggregated: they weigh averages by their counts.
    const totals = [
      ...fieldsNamed(node.selectionSet, 'totals', info),
      ...fieldsNamed(node.selectionSet, 'previousTotals', info),
      ...rowFields.filter((f) => f.arguments?.some((a) => a.name.value === 'others')),
    ];
    for (const rows of [...rowFields, ...totals]) {
      for (const f of fieldsNamed(rows.selectionSet, null, info)) {
        const name = f.name.value;
        const arg = (n: string) => argumentOf(f, n, info);
        if (name === 'previous') {
          // The earlier row has the same fields: what it selects is asked of both periods.
          for (const inner of fieldsNamed(f.selectionSet, null, info)) for (const m of needs.get(inner.name.value) ?? []) out.add(m);
          continue;
        }
        if (name === 'change' || name === 'changeRatio') {
          const field = arg('field');
          if (typeof field === 'string') for (const m of needs.get(rowField(field)) ?? []) out.add(m);
          continue;
        }
        if (name === 'metric') {
          const value = arg('name');
          if (typeof value === 'string') out.add(value);
          continue;
        }
        if (name === 'percentile') {
          const metric = arg('metric');
          const p = arg('p');
          // Checked again by the validator, which names what is allowed.
          if (typeof metric === 'string') out.add(percentileMetric(metric.toLowerCase(), typeof p === 'number' ? p : NaN));
          continue;
        }
        if (name === 'serviceLevel') {
          const seconds = arg('thresholdSeconds');
          if (typeof seconds === 'number') {
            out.add(thresholdMetric('service_level', seconds));
            continue;
          }
        }
        for (const m of needs.get(name) ?? []) out.add(m);
      }
    }
    // Totals weigh each average by the count it is "per": fetch the counts too.
    if (totals.length > 0) for (const w of weightsFor([...out])) weights.add(w);
  }
  return { metrics: [...out], weights: [...weights].filter((w) => !out.has(w)) };
}

/** The fields the resolving field selects directly (through fragments). */
export function selectedFields(info: GraphQLResolveInfo): FieldNode[] {
  return info.fieldNodes.flatMap((node) => fieldsNamed(node.selectionSet, null, info));
}

/** Whether the resolving field selects any of `names` directly (through fragments). */
export function selectsAny(info: GraphQLResolveInfo, names: ReadonlySet<string>): boolean {
  return selectedFields(info).some((f) => names.has(f.name.value));
}

/** A selected field's argument, variables filled in; undefined when it is not given. */
export function argumentOf(field: FieldNode, name: string, info: GraphQLResolveInfo): unknown {
  const a = field.arguments?.find((x) => x.name.value === name);
  return a ? valueFromASTUntyped(a.value, info.variableValues) : undefined;
}

/** Fields of a selection set, through inline and named fragments; `name` null: all. */
function fieldsNamed(set: SelectionSetNode | undefined, name: string | null, info: GraphQLResolveInfo): FieldNode[] {
  if (!set) return [];
  const out: FieldNode[] = [];
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (name === null || sel.name.value === name) out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      out.push(...fieldsNamed(sel.selectionSet, name, info));
    } else {
      out.push(...fieldsNamed(info.fragments[sel.name.value]?.selectionSet, name, info));
    }
  }
  return out;
}
