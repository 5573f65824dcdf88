/**
 * A subscription as the WebSocket and SSE transports receive it: parsed
 * under the token budget, validated against the schema, held to the same
 * depth, alias and cost limits as a query, and a subscription (queries go
 * to POST /graphql, where the cache and warm path are). Errors are the
 * GraphQL errors to send back; nothing reaches a feed before they pass.
 */
import {
  GraphQLError,
  Kind,
  OperationTypeNode,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from 'graphql';
import { ErrorCode } from '../errors.js';
import { checkLimits, type QueryLimits } from './limits.js';
import { KnownOperationTypes } from './operation-types.js';

export interface SubscribeRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export type Prepared = { document: DocumentNode; operationName: string | undefined; variableValues: Record<string, unknown> } | { errors: GraphQLError[] };

const refused = (message: string, code: string = ErrorCode.BAD_USER_INPUT) => ({ errors: [new GraphQLError(message, { extensions: { code } })] });

/** `production`: no "did you mean" hints that spell out the schema (as POST /graphql, hideSchemaDetailsFromClientErrors). */
export function prepareSubscription(schema: GraphQLSchema, req: SubscribeRequest, limits: QueryLimits & { maxTokens: number }, production = false): Prepared {
  if (typeof req.query !== 'string' || req.query.length === 0) return refused('query: a GraphQL document is required', 'BAD_REQUEST');
  let document: DocumentNode;
  try {
    document = parse(req.query, { maxTokens: limits.maxTokens });
  } catch (err) {
    const message = (err as Error).message;
    const tokens = /more than (\d+) tokens/.exec(message);
    return refused(
      tokens ? `the document has more than ${tokens[1]} tokens; allowed: at most ${tokens[1]} (MAX_QUERY_TOKENS)` : message,
      'GRAPHQL_PARSE_FAILED',
    );
  }
  const errors = validate(schema, document, [...specifiedRules, KnownOperationTypes]);
  if (errors.length > 0) {
    const said = (m: string) => (production ? m.replace(/ Did you mean .*\?$/, '') : m);
    return { errors: errors.map((e) => new GraphQLError(said(e.message), { nodes: e.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = req.operationName ? operations.find((o) => o.name?.value === req.operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!op)
    return refused(
      req.operationName ? `no operation named ${req.operationName} in the document` : 'the document holds several operations: name one in operationName',
      'BAD_REQUEST',
    );
  if (op.operation !== OperationTypeNode.SUBSCRIPTION) {
    return refused(`${op.operation} operations are answered at POST /graphql; this transport carries subscriptions only`, 'BAD_REQUEST');
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const variableValues = req.variables ?? {};
  try {
    checkLimits(op, fragments, variableValues, limits);
  } catch (err) {
    return refused((err as Error).message);
  }
  return { document, operationName: op.name?.value, variableValues };
}
