/**
 * Finding 2: a small document whose fragments spread each other twice per
 * level (a "diamond") must not freeze the server. Depth, aliases and cost are
 * measured once per fragment, and documents over MAX_QUERY_TOKENS are refused
 * by the parser; no such document answers 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diamond } from '../support/diamond.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

describe('fragment diamonds over HTTP', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack();
  });
  afterAll(() => s.close());

  for (const levels of [15, 16, 30]) {
    it(`${levels} levels with an alias at the leaf: refused as over MAX_ALIASES, not 5xx`, async () => {
      const doc = diamond(levels, 'a: catalog { limits { maxMetrics } }');
      expect(doc.length).toBeLessThan(3000);
      const { status, body } = await s.gql(doc);
      expect(status).toBe(400);
      expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(body.errors[0].message).toMatch(/aliases is over the limit; allowed: at most 10 \(MAX_ALIASES\)/);
    });
  }

  it('a diamond of analytics fields is refused on cost, before anything goes upstream', async () => {
    const leaf = `analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel } }`;
    const { status, body } = await s.gql(diamond(20, leaf));
    expect(status).toBe(400);
    expect(body.errors[0].message).toMatch(/^estimated cost \d+ .* is over the limit/);
    expect(s.sim.summaryCalls()).toHaveLength(0);
  });

  it('a diamond still answers the small query other clients send while it is refused', async () => {
    const bombs = Array.from({ length: 5 }, () => s.gql(diamond(30, 'a: catalog { limits { maxMetrics } }')));
    const small = await s.gql('{ catalog { limits { maxMetrics } } }');
    expect(small.body.data.catalog.limits.maxMetrics).toBe(10);
    for (const b of await Promise.all(bombs)) expect(b.status).toBe(400);
  });

  it('a document over MAX_QUERY_TOKENS is refused by the parser with the setting named', async () => {
    const fields = Array.from({ length: 6000 }, () => '__typename').join(' ');
    const { status, body } = await s.gql(`{ ${fields} }`);
    expect(status).toBe(400);
    expect(body.errors[0].message).toBe('the document has more than 5000 tokens; allowed: at most 5000 (MAX_QUERY_TOKENS)');
  });

  it('the largest document under the body limit never answers 5xx', async () => {
    // ~250 KB of one string argument: few tokens, many bytes.
    const big = 'x'.repeat(250 * 1024 - 200);
    const { status } = await s.gql(
      `{ analytics(query: { dimensions: [CHANNEL], customDimensions: ["${big}"], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rowCount } }`,
    );
    expect(status).toBeLessThan(500);
  });
});
