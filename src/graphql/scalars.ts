/**
 * graphql-scalars' DateTime and LocalDate, with a refusal that also says
 * what is allowed.
 */
import { GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

const ALLOWED = 'allowed: an RFC 3339 date-time with an offset, e.g. 2026-11-01T00:00:00Z or 2026-11-01T00:00:00+01:00';

function explained<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw new TypeError(`${(err as Error).message.replace(/\.$/, '')}; ${ALLOWED}`);
  }
}

export const DateTime = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  parseValue: (value: unknown) => explained(() => DateTimeResolver.parseValue(value) as Date),
  parseLiteral: (ast: ValueNode, variables?: Record<string, unknown> | null) =>
    explained(() => DateTimeResolver.parseLiteral(ast, variables) as Date),
});

export const LocalDate = LocalDateResolver;
