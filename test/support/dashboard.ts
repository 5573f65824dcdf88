/** The embedded-simulator gateway the browser tests open, and how they read the dashboard. */
import { Writable } from 'node:stream';
import type { Page, Request } from 'playwright-core';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import { ShiftedClock } from './fake-clock.js';

/**
 * `npm start`'s gateway (no credentials: the embedded simulator answers), at
 * a fixed Tuesday afternoon in New York, its default zone. Today's parts
 * stay cached for an hour, so numbers read twice are the same numbers.
 */
export async function startDashboardGateway(env: Record<string, string> = {}): Promise<{ gw: RunningGateway; clock: ShiftedClock; logs: () => string }> {
  const clock = new ShiftedClock().at('2026-11-24T19:30:00Z');
  let text = '';
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  const gw = await startGateway(
    { PORT: '0', CXONE_TIME_ZONE: 'America/New_York', CACHE_TODAY_TTL_SECONDS: '3600', AUDIT_LOG_PATH: '/dev/null', LOG_LEVEL: 'warn', ...env },
    { clock, logStream },
  );
  return { gw, clock, logs: () => text };
}

/** Waits until every panel has answered (or said why not). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    // Runs in the page (the CSP allows no string evaluation), whose DOM this file's types do not have.
    const d = (globalThis as any).document;
    return (
      d.querySelectorAll('[aria-busy="true"]').length === 0 &&
      d.querySelectorAll('[data-panel]').length === 3 &&
      (d.querySelector('.tile[data-tile="contactsOffered"]') !== null || d.querySelector('.error') !== null)
    );
  });
}

/** The tiles' raw values by field (or the values they are compared with). */
export async function tiles(page: Page, which: 'value' | 'previous' = 'value'): Promise<Record<string, number | null>> {
  return page.$$eval(
    '.tile',
    (els, attr) => Object.fromEntries(els.map((e) => [e.getAttribute('data-tile')!, e.getAttribute(attr) === '' ? null : Number(e.getAttribute(attr))])),
    `data-${which}`,
  );
}

/** The top-N table: the group's name, then each metric cell's raw value. */
export async function tableRows(page: Page): Promise<(string | number | null)[][]> {
  return page.$$eval('table.top tbody tr', (rows) =>
    rows.map((r) => [
      r.querySelector('th')!.textContent!,
      ...[...r.querySelectorAll('td')].map((td) => (td.getAttribute('data-value') === '' ? null : Number(td.getAttribute('data-value')))),
    ]),
  );
}

/** The GraphQL operations a page sent, by operation name, with their variables, in order. */
export function operations(requests: readonly Request[]): { name: string; variables: any; url: string }[] {
  return requests
    .filter((r) => r.url().includes('/graphql?'))
    .map((r) => {
      const p = new URL(r.url()).searchParams;
      return { name: p.get('operationName') ?? '', variables: JSON.parse(p.get('variables') ?? '{}'), url: r.url() };
    });
}

/** Posts a GraphQL query to the gateway. */
export async function gql(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as any;
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

export const TOTALS = /* GraphQL */ `
  query T($query: AnalyticsQueryInput!) {
    analytics(query: $query) {
      totals {
        contactsOffered
        contactsHandled
        abandonRate
        serviceLevel
        handleTime
      }
    }
  }
`;
