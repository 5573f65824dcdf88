// The query limits on hostile documents: a 30-level fragment diamond (2^31
// leaves when expanded) and the largest document MAX_QUERY_TOKENS allows (a
// diamond as deep as the budget fits), measured per document against
// graphql's own parse of the same text.
import { Kind, Lexer, parse, Source } from 'graphql';
import { measure } from '../../dist/graphql/limits.js';
import { alternate, table } from '../lib.js';

const LIMITS = { maxDepth: 8, maxAliases: 10, maxCost: 2_000_000, maxTokens: 5000, rowsMaxPage: 10_000 };

function diamond(levels) {
  const parts = ['query D { ...F0 ...G0 }'];
  for (let i = 0; i < levels; i++) parts.push(`fragment F${i} on Query { ...F${i + 1} ...G${i + 1} }`, `fragment G${i} on Query { ...F${i + 1} ...G${i + 1} }`);
  parts.push(`fragment F${levels} on Query { a: catalog { limits { maxMetrics } } }`, `fragment G${levels} on Query { a: catalog { limits { maxMetrics } } }`);
  return parts.join('\n');
}

function tokens(text) {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== '<EOF>') n++;
  return n;
}

/** The deepest diamond under the token budget. */
function largestDiamond(maxTokens) {
  let levels = 1;
  while (tokens(diamond(levels + 1)) <= maxTokens) levels++;
  return diamond(levels);
}

function check(doc) {
  const op = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const fragments = {};
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return measure(op, fragments, {}, LIMITS);
}

export async function run({ runs = 7 } = {}) {
  const cases = [
    ['30-level fragment diamond', diamond(30)],
    [`largest allowed document (${LIMITS.maxTokens} tokens)`, largestDiamond(LIMITS.maxTokens)],
  ];
  const rows = [];
  const result = {};
  for (const [name, text] of cases) {
    const doc = parse(text);
    const repeat = 200;
    const m = await alternate(
      {
        check: async () => {
          const t = performance.now();
          for (let i = 0; i < repeat; i++) check(doc);
          return (performance.now() - t) / repeat;
        },
        parse: async () => {
          const t = performance.now();
          for (let i = 0; i < repeat; i++) parse(text);
          return (performance.now() - t) / repeat;
        },
      },
      runs,
      (fn) => fn(),
    );
    const measured = check(doc);
    result[name] = { bytes: text.length, tokens: tokens(text), checkMs: m.check, parseMs: m.parse, ratio: m.check / m.parse, aliasesCounted: measured.aliases };
    rows.push([name, `${text.length} B, ${tokens(text)} tokens`, m.check, m.parse, m.check / m.parse]);
  }
  const text = table(
    `Limit check per document (depth, aliases, cost), medians of ${runs} alternating runs of 200`,
    ['document', 'size', 'check ms', 'parse ms', 'check / parse'],
    rows,
  );
  return { name: 'limits', result, text };
}
