/**
 * A compiled executor: graphql-jit turns each operation into one function,
 * several times faster than graphql-js on large row lists (about 0.4 µs a
 * field value under `execute`). It runs under Apollo Server 5 through the
 * gateway hook: Apollo still parses, validates and runs every plugin, and
 * calls this executor instead of `execute`.
 */
import type { GatewayInterface, GatewayExecutor } from '@apollo/server-gateway-interface';
import type { ExecutionResult, GraphQLSchema } from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { badInput, ErrorCode, GatewayError } from '../errors.js';

/** Compiled operations kept; past this the table starts over (a deployment has few distinct operations). */
const MAX_COMPILED = 1000;

export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled = new Map<string, CompiledQuery | ExecutionResult>();
  const executor: GatewayExecutor = async (rc) => {
    const key = `${rc.queryHash}\n${rc.operationName ?? ''}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileQuery(schema, rc.document, rc.operationName ?? undefined);
      if (compiled.size >= MAX_COMPILED) compiled.clear();
      compiled.set(key, c);
    }
    // graphql-jit's own errors may lack `extensions`, which Apollo's error normalization then trips on.
    if (!isCompiledQuery(c)) return { errors: (c.errors ?? []).map((e) => new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, e.message, {}, e.nodes)) };
    // Variables are checked here, as graphql-js would, so a bad one is BAD_USER_INPUT, not an internal error.
    const coerced = getVariableValues(schema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {}, { maxErrors: 50 });
    if (coerced.errors) {
      return { errors: coerced.errors.map((e) => badInput(e.message, { nodes: e.nodes })) };
    }
    return c.query(undefined, rc.context, rc.request.variables ?? {}) as Promise<ExecutionResult>;
  };
  return {
    load: async () => ({ schema, executor }),
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    stop: async () => {},
  };
}
