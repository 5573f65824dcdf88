/**
 * graphql-scalars' DateTime and LocalDate, with a refusal that also says
 * what is allowed, and schema.graphql's descriptions (an explorer's or
 * codegen's schema then prints the same SDL as the file).
 */
import { GraphQLScalarType, Kind, parse, type GraphQLSchema, type ValueNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
import { epochMs } from '../query.js';

const ALLOWED =
  'allowed: an RFC 3339 date-time with an offset, e.g. 2026-11-01T00:00:00Z or 2026-11-01T00:00:00+01:00, or epoch milliseconds (a whole number, e.g. 1793491200000; epoch seconds are refused)';

function explained<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new TypeError(`${(err as Error).message.replace(/\.$/, '')}; ${ALLOWED}`);
  }
}

/** Epoch milliseconds from a literal: an Int (or a whole Float) or a string of digits; null for anything else. */
function literalEpochMs(ast: ValueNode): number | null {
  if (ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return epochMs(Number(ast.value));
  return ast.kind === Kind.STRING ? epochMs(ast.value) : null;
}

/** RFC 3339 as the gateway writes it: seconds, and Z or an offset. */
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Input: RFC 3339 with an offset, or epoch milliseconds (as Grafana's
 * GraphQL data sources send `$__from`/`$__to`), as a number or digits.
 * Output: a bucket's time keeps the offset it was written with (the
 * query's zone at that instant); anything else is answered in UTC.
 */
export const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  serialize: (value: unknown) => (typeof value === 'string' && ZONED.test(value) ? value : DateTimeResolver.serialize(value)),
  parseValue: (value: unknown) => {
    const ms = epochMs(value);
    return ms !== null ? new Date(ms) : explained(() => DateTimeResolver.parseValue(value) as Date);
  },
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) => {
    const ms = literalEpochMs(ast);
    return ms !== null ? new Date(ms) : explained(() => DateTimeResolver.parseLiteral(ast, variables) as Date);
  },
});

export const LocalDate = LocalDateResolver;

/**
 * graphql-tools copies a scalar resolver's description and specifiedByURL
 * over the SDL's: put schema.graphql's back, so the schema a client
 * introspects prints as the file does.
 */
export function withSdlScalarDocs(schema: GraphQLSchema, typeDefs: string): GraphQLSchema {
  for (const def of parse(typeDefs).definitions) {
    if (def.kind !== Kind.SCALAR_TYPE_DEFINITION) continue;
    // By shape, not isScalarType (an instanceof): graphql may be loaded twice (its CommonJS and ESM builds).
    const type = schema.getType(def.name.value) as GraphQLScalarType | undefined;
    if (type?.astNode?.kind !== Kind.SCALAR_TYPE_DEFINITION) continue;
    type.description = def.description?.value;
    const specifiedBy = def.directives?.find((d) => d.name.value === 'specifiedBy')?.arguments?.find((a) => a.name.value === 'url')?.value;
    type.specifiedByURL = specifiedBy?.kind === Kind.STRING ? specifiedBy.value : undefined;
  }
  return schema;
}
