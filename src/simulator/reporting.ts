/**
 * The simulated CXone Reporting API (docs/upstream-reporting.md):
 * `skills/summary` and `agents/performance`, built from the same synthetic
 * contacts as the summary-query answers. Authentication is in auth.ts.
 */
import { isoDuration } from '../upstream/duration.js';
import { group, type Parts } from './aggregate.js';
import { BUSINESS_UNIT, type SimAuth } from './auth.js';
import type { SimRequest } from './http.js';
import type { Tenant } from './tenant.js';

export const REPORTING_PATH = /^\/inContactAPI\/services\/v\d+\.0\/(skills\/summary|agents\/performance)$/;

const UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** One Reporting API call: `endpoint` is the path's last part (skills/summary or agents/performance). */
export function reportingCall(r: SimRequest, endpoint: string, auth: SimAuth): void {
  const { req, answer } = r;
  if (!auth.admits(r)) return;
  if (!/json|\*\/\*/.test(req.headers.accept ?? ''))
    return answer(406, { error: 'notAcceptable', message: 'no way to render the data without Accept: application/json' });
  if (!r.window.admit(r.faults.rateLimitRps)) return answer(429, { error: 'rateLimited' });
  if (r.random() < r.faults.errorRatio) return answer(503, { error: 'serviceUnavailable' });
  const start = r.url.searchParams.get('startDate') ?? '';
  const end = r.url.searchParams.get('endDate') ?? '';
  if (!UTC.test(start) || !UTC.test(end) || Date.parse(end) <= Date.parse(start)) {
    return answer(400, undefined, { icStatusDescription: 'startDate and endDate must be UTC date-times with Z, endDate after startDate' });
  }
  const rows =
    endpoint === 'skills/summary'
      ? skillSummaries(r.tenant, Date.parse(start), Date.parse(end))
      : agentPerformance(r.tenant, Date.parse(start), Date.parse(end));
  if (rows.length === 0) return answer(204, undefined);
  answer(200, endpoint === 'skills/summary' ? { skillSummaries: rows } : { agentPerformance: rows });
}

const MEDIA_TYPE_IDS: Record<string, number> = { voice: 4, chat: 3, email: 1, sms: 9, social: 8 };

function seconds(parts: Parts, sum: number, per: number) {
  return isoDuration(per === 0 ? 0 : sum / per);
}

/** One row per skill and campaign in [start, end); empty when nothing happened. */
export function skillSummaries(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  return group(tenant.contacts(start, end), ['skill', 'channel', 'campaign']).map((g, i) => {
    const p = g.parts;
    return {
      businessUnitId: BUSINESS_UNIT,
      skillId: 1200 + i,
      skillName: g.key.skill,
      mediaTypeId: MEDIA_TYPE_IDS[g.key.channel ?? ''] ?? 0,
      mediaTypeName: g.key.channel,
      isOutbound: false,
      campaignName: g.key.campaign,
      contactsOffered: p.offered,
      contactsHandled: p.handled,
      abandonCount: p.abandoned,
      abandonRate: p.offered === 0 ? 0 : Math.round((p.abandoned * 10_000) / p.offered) / 100,
      averageHandleTime: seconds(p, p.handleSum, p.handled),
      averageTalkTime: seconds(p, p.talkSum, p.handled),
      averageWrapTime: seconds(p, p.wrapSum, p.handled),
      averageInqueueTime: seconds(p, p.queueSum, p.offered),
      holdTime: isoDuration(p.holdSum),
      contactsWithinSLA: p.withinSla,
      // Every offered contact is within or out of SLA; an abandoned one is out.
      contactsOutOfSLA: p.offered - p.withinSla,
      serviceLevel: p.offered === 0 ? 0 : Math.round((p.withinSla * 100) / p.offered),
      totalContactTime: isoDuration(p.handleSum),
    };
  });
}

export function agentPerformance(tenant: Tenant, start: number, end: number): Record<string, unknown>[] {
  return group(
    tenant.contacts(start, end).filter((c) => c.agent !== null),
    ['agent'],
  ).map((g) => {
    const p = g.parts;
    return {
      agentId: 81000 + Number(String(g.key.agent).slice(-3)),
      // Not in NICE's contract (it has agentId only): lets the simulator's two sources name agents alike.
      agentName: g.key.agent,
      teamId: 12,
      agentOffered: p.offered,
      totalHandled: p.handled,
      totalAvgHandleTime: seconds(p, p.handleSum, p.handled),
      totalAvgTalkTime: seconds(p, p.talkSum, p.handled),
      acwTime: isoDuration(p.wrapSum),
      refused: 0,
    };
  });
}
