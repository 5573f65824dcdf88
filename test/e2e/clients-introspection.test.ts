/**
 * API explorers and codegen load the schema with the standard introspection
 * query (15 levels deep): it is a schema read, not a data query, so depth and
 * alias limits do not count it; production still refuses it.
 */
import { readFileSync } from 'node:fs';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema, type IntrospectionOptions } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const SDL = printSchema(buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8')));

const OPTIONS: (keyof IntrospectionOptions)[] = [
  'descriptions',
  'specifiedByUrl',
  'directiveIsRepeatable',
  'schemaDescription',
  'inputValueDeprecation',
  'oneOf',
];

/**
 * Modeled on what Apollo Sandbox and Apollo Studio's explorer send: graphql's
 * full query with deprecated input values, and a type reference chain nine
 * levels deep rather than seven.
 */
const SANDBOX_STYLE = getIntrospectionQuery({
  descriptions: true,
  inputValueDeprecation: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
}).replace(/fragment TypeRef on __Type \{[\s\S]*$/, '').concat(`
    fragment TypeRef on __Type {
      kind name
      ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
    }`);

describe('introspection in development', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());

  async function schemaFrom(query: string) {
    const { status, body } = await s.gql(query);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    return printSchema(buildClientSchema(body.data));
  }

  it('getIntrospectionQuery() with its defaults: the same SDL as schema.graphql', async () => {
    expect(await schemaFrom(getIntrospectionQuery())).toBe(SDL);
  });

  it.each(OPTIONS)('getIntrospectionQuery({ %s: true }) and all options together', async (option) => {
    expect(await schemaFrom(getIntrospectionQuery({ [option]: true }))).toBe(SDL);
    expect(await schemaFrom(getIntrospectionQuery(Object.fromEntries(OPTIONS.map((o) => [o, true]))))).toBe(SDL);
  });

  it('the Sandbox-style query (nine-level type references)', async () => {
    expect(await schemaFrom(SANDBOX_STYLE)).toBe(SDL);
  });
});

describe('introspection is exempt from the depth limit, data queries are not', () => {
  it('with MAX_QUERY_DEPTH=2, a 3-level data query is refused and the 15-level introspection query answered', async () => {
    const t = await startStack({ env: { MAX_QUERY_DEPTH: '2' } });
    try {
      const data = await t.gql('{ catalog { source { name } } }');
      expect(data.body.errors[0].message).toBe('query depth 3 is over the limit; allowed: at most 2 (MAX_QUERY_DEPTH)');
      const schema = await t.gql(getIntrospectionQuery());
      expect(schema.body.errors).toBeUndefined();
      expect(printSchema(buildClientSchema(schema.body.data))).toBe(SDL);
    } finally {
      await t.close();
    }
  });
});

describe('introspection in production', () => {
  it('is refused', async () => {
    const s = await startStack({ env: { NODE_ENV: 'production' } });
    try {
      const { body } = await s.gql(getIntrospectionQuery());
      expect(body.data).toBeUndefined();
      expect(body.errors[0].message).toMatch(/introspection/i);
    } finally {
      await s.close();
    }
  });
});
