/** The GraphQL-over-HTTP server audits of graphql-http, run against the gateway. */
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

describe('graphql-http server audits', () => {
  it('passes every MUST audit; SHOULD warnings are the ones the README lists', async () => {
    const results = await auditServer({ url: `${s.gw.url}/graphql` });
    const failed = results.filter((r) => r.status !== 'ok');
    const must = failed.filter((r) => r.name.startsWith('MUST'));
    expect(must.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    const should = failed
      .filter((r) => r.name.startsWith('SHOULD'))
      .map((r) => r.id)
      .sort();
    expect(should).toEqual(SHOULD_WARNINGS);
    expect(results.length).toBeGreaterThan(30);
  });
});

/**
 * Listed with their reasons in the README ("GraphQL over HTTP"): Apollo
 * Server answers 400, not 200, to parse, validation and variable-coercion
 * failures under `Accept: application/json`.
 */
const SHOULD_WARNINGS = ['572B', '7B9B', 'FDE2'];
