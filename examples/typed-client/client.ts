/**
 * A typed client of the gateway: the operation's result and variables types
 * come from GraphQL Code Generator (see codegen.ts) with the scalars mapped
 * as the README says (DateTime and LocalDate are strings on the wire). CI
 * type-checks this file, so it cannot drift from schema.graphql.
 */
import { print } from 'graphql';
import { ChannelWeekDocument, type ChannelWeekQuery, type ChannelWeekQueryVariables } from './__generated__/operations.js';

export async function channelWeek(url: string, variables: ChannelWeekQueryVariables, apiKey?: string): Promise<ChannelWeekQuery> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) },
    body: JSON.stringify({ query: print(ChannelWeekDocument), variables }),
  });
  const body = (await res.json()) as { data?: ChannelWeekQuery; errors?: { message: string }[] };
  if (!body.data) throw new Error(body.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`);
  return body.data;
}

/** Contacts offered per channel over the week: counts are Int, so this sums numbers, not strings. */
export function offeredByChannel(result: ChannelWeekQuery): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of result.analytics.rows) {
    const day: string | null | undefined = row.date; // LocalDate → string
    if (row.channel && day) out.set(row.channel, (out.get(row.channel) ?? 0) + (row.contactsOffered ?? 0));
  }
  return out;
}
