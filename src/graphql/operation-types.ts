/**
 * A validation rule graphql 16 lacks (graphql 17 has it as
 * KnownOperationTypesRule): an operation whose type has no root in the
 * schema (`mutation` or `subscription` here) is a validation error, not
 * something for the executor to fail on.
 */
import { GraphQLError, OperationTypeNode, type ValidationRule } from 'graphql';

export const KnownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    const served = [OperationTypeNode.QUERY, OperationTypeNode.MUTATION, OperationTypeNode.SUBSCRIPTION].filter((t) => context.getSchema().getRootType(t));
    context.reportError(new GraphQLError(`${node.operation} operations are not served by this API; allowed: ${served.join(', ')}`, { nodes: node }));
  },
});

/** Over POST and GET /graphql (Apollo): a subscription is said where it is served, not failed by the executor. */
export const NoSubscriptionsOverHttp: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== OperationTypeNode.SUBSCRIPTION) return;
    context.reportError(
      new GraphQLError(
        'subscription operations are served over WebSocket (graphql-ws protocol, upgrade on /graphql) or Server-Sent Events (graphql-sse protocol, /graphql/stream); allowed over POST and GET /graphql: query',
        { nodes: node },
      ),
    );
  },
});
