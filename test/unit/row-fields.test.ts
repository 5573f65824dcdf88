/** GraphQL's RowField and the REST panels' field names are one list: neither may drift from the catalog. */
import { readFileSync } from 'node:fs';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ROW_FIELDS } from '../../src/panels.js';

describe('RowField', () => {
  it('names every row field the REST panels take, and no other', () => {
    const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
    const values = (schema.getType('RowField') as GraphQLEnumType).getValues().map((v) => v.name.toLowerCase());
    expect([...values].sort()).toEqual([...ROW_FIELDS].sort());
  });
});
