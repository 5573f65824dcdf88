/** The committed typed client (examples/typed-client) runs against a gateway and reads Int counts as numbers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelWeek, offeredByChannel } from '../../examples/typed-client/client.js';
import { startStack, WEEK, type Stack } from '../support/stack.js';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(() => s.close());

describe('examples/typed-client', () => {
  it('answers the typed operation; its counts sum to the totals the gateway computes', async () => {
    const result = await channelWeek(s.gw.url, WEEK);
    expect(result.analytics.rows.length).toBe(5 * 7);
    const offered = offeredByChannel(result);
    const { body } = await s.gql(
      `{ analytics(query: { dimensions: [CHANNEL], dateRange: { start: "${WEEK.start}", end: "${WEEK.end}" } }) { rows { channel contactsOffered } } }`,
    );
    for (const r of body.data.analytics.rows) expect(offered.get(r.channel)).toBe(r.contactsOffered);
  });
});
