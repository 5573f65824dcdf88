/** Fragment "diamonds": small documents whose fragments spread each other twice per level. */
import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { measure } from '../../src/graphql/limits.js';

const LIMITS = { maxDepth: 8, maxAliases: 10, maxCost: 2_000_000, maxTokens: 5000, rowsMaxPage: 10_000 };

/** `levels` levels of fragments on Query, each spreading the next level's two; the leaf selects `leaf`. */
export function diamond(levels: number, leaf = 'catalog { limits { maxMetrics } }'): string {
  const parts = ['query D { ...F0 ...G0 }'];
  for (let i = 0; i < levels; i++) {
    parts.push(`fragment F${i} on Query { ...F${i + 1} ...G${i + 1} }`, `fragment G${i} on Query { ...F${i + 1} ...G${i + 1} }`);
  }
  parts.push(`fragment F${levels} on Query { ${leaf} }`, `fragment G${levels} on Query { ${leaf} }`);
  return parts.join('\n');
}

/** Depth, aliases and cost of `doc`'s operation, as the limits plugin measures them. */
export function measured(doc: string) {
  const d = parse(doc);
  const op = d.definitions.find((x): x is OperationDefinitionNode => x.kind === Kind.OPERATION_DEFINITION)!;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const x of d.definitions) if (x.kind === Kind.FRAGMENT_DEFINITION) fragments[x.name.value] = x;
  return measure(op, fragments, {}, LIMITS);
}
